"""The e-mail preference form shown on the inbox page."""

from django import forms
from django.utils.translation import gettext_lazy as _

__all__ = ["EmailPreferenceForm"]


class EmailPreferenceForm(forms.Form):
    """Whether the signed-in user receives notifications by e-mail as well as in the inbox."""

    email_notifications = forms.BooleanField(
        label=_("Also send my notifications by e-mail"),
        required=False,
        help_text=_("Notifications always appear in this inbox; e-mail is an extra copy."),
    )
