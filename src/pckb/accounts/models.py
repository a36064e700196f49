"""Users of PCKB: Django's user plus a clearance and notification preferences."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from pckb.core.choices import Classification
from pckb.core.text import CleanedFieldsMixin

__all__ = ["User"]


class User(CleanedFieldsMixin, AbstractUser):
    """A person who signs in. What they may see comes from memberships and clearance."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    title = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    clearance = models.PositiveSmallIntegerField(
        _("clearance"), choices=Classification.choices, default=Classification.UNCLASSIFIED
    )
    email_notifications = models.BooleanField(_("receive e-mail notifications"), default=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.get_username()
