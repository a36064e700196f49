from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["OrganizationKind", "OrganizationLevel", "CommitteeRole"]


class OrganizationKind(models.TextChoices):
    COMMITTEE = "committee", _("Steering committee")
    AGENCY = "agency", _("Member agency")
    UNIT = "unit", _("Unit")


class OrganizationLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    MINISTRY = "ministry", _("Ministry or sector")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (before 1 July 2025)")
    COMMUNE = "commune", _("Commune")


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    STANDING_VICE_CHAIR = "standing_vice_chair", _("Standing vice-chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


KIND_BADGES = {"committee": "primary", "agency": "info", "unit": "secondary"}
