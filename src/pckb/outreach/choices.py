"""Choices of trainings, the legal library and dissemination, with the badge colour of each status."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "TrainingKind",
    "TRAINING_KINDS",
    "CONFERENCE_KINDS",
    "LegalDocumentType",
    "LegalStatus",
    "DisseminationForm",
    "LEGAL_STATUS_BADGES",
    "MAX_HEADCOUNT",
    "MAX_AUDIENCE",
]


class TrainingKind(models.TextChoices):
    TRAINING = "training", pgettext_lazy("training event", "Training")
    INTERIM_REVIEW = "interim_review", _("Interim review conference")
    ANNUAL_REVIEW = "annual_review", _("Annual review conference")
    OUTREACH_CAMPAIGN = "outreach_campaign", _("Outreach campaign")


# The periodic report counts these two groups apart (outreach.indicators).
TRAINING_KINDS = (TrainingKind.TRAINING, TrainingKind.OUTREACH_CAMPAIGN)
CONFERENCE_KINDS = (TrainingKind.INTERIM_REVIEW, TrainingKind.ANNUAL_REVIEW)


class LegalDocumentType(models.TextChoices):
    LAW = "law", _("Law")
    DECREE = "decree", _("Decree")
    RESOLUTION = "resolution", _("Resolution")
    DIRECTIVE = "directive", _("Directive")
    DECISION = "decision", pgettext_lazy("legal document type", "Decision")
    PLAN = "plan", pgettext_lazy("legal document type", "Plan")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    COORDINATION_REGULATION = "coordination_regulation", _("Coordination regulation")


class LegalStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class DisseminationForm(models.TextChoices):
    CONFERENCE = "conference", pgettext_lazy("dissemination form", "Conference")
    IN_WRITING = "in_writing", _("In writing")
    ONLINE = "online", _("Online")


LEGAL_STATUS_BADGES = {"in_force": "success", "amended": "warning", "repealed": "secondary"}

# Counts, not lists of people: one organisation sends at most this many to one event, and one
# dissemination reaches at most this audience (a province-wide broadcast is still below it).
MAX_HEADCOUNT = 10_000
MAX_AUDIENCE = 1_000_000
