from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AdminLevel"]


class AdminLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
