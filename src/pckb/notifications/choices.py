"""How a notification reaches its recipient, beside the inbox. The kinds are in `kinds` (a registry)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Delivery"]


class Delivery(models.TextChoices):
    """A user's choice per kind of notification; the inbox always has every notification."""

    INBOX = "inbox", _("In the application only")
    EMAIL = "email", _("E-mail at once")
    DIGEST = "digest", _("Daily e-mail digest")
