"""The e-mail switch shown on the inbox page and the per-kind delivery choices of the settings page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Delivery
from .kinds import all_kinds

__all__ = ["EmailPreferenceForm", "NotificationSettingsForm"]


class EmailPreferenceForm(forms.Form):
    """Whether the signed-in user receives notifications by e-mail as well as in the inbox."""

    email_notifications = forms.BooleanField(
        label=_("Also send my notifications by e-mail"),
        required=False,
        help_text=_("Notifications always appear in this inbox; e-mail is an extra copy."),
    )


class NotificationSettingsForm(forms.Form):
    """One choice per registered kind: in the application only, e-mail at once, or the daily digest."""

    def __init__(self, *args: Any, preferences: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in all_kinds():
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=preferences.get(kind.value, Delivery.EMAIL),
                help_text=kind.recipients,
            )
