"""Choices of commendations: forms, recipients, proposal states, with badge colours."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["AwardForm", "RecipientKind", "CommendationStatus", "COMMENDATION_STATUS_BADGES"]


class AwardForm(models.TextChoices):
    PM_CERTIFICATE = "pm_certificate", _("Certificate of merit of the Prime Minister")
    MINISTER_CERTIFICATE = "minister_certificate", _("Certificate of merit of a minister")
    PROVINCE_CERTIFICATE = "province_certificate", _("Certificate of merit of the provincial chair")
    COMMENDATION_LETTER = "commendation_letter", _("Commendation letter")
    OTHER = "other", pgettext_lazy("commendation form", "Other")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective (an organization)")
    INDIVIDUAL = "individual", _("Individual (a named official)")


class CommendationStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("commendation", "Proposed")
    APPROVED = "approved", pgettext_lazy("commendation", "Approved")
    REJECTED = "rejected", pgettext_lazy("commendation", "Rejected")


COMMENDATION_STATUS_BADGES = {"proposed": "warning", "approved": "success", "rejected": "secondary"}
