"""Report templates (versioned, with indicators), reporting rounds sent down the tree, submissions."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.models import OrgScopedModel
from pckb.core.scoping import ScopedQuerySet

from .choices import (
    EDITABLE_STATUSES,
    Aggregation,
    PeriodType,
    RoundStatus,
    SubmissionStatus,
    TemplateKind,
    TemplateStatus,
)

__all__ = [
    "ReportTemplate",
    "Indicator",
    "ReportingRound",
    "ReportSubmission",
    "SubmissionValue",
    "default_period",
]

PERIOD_ENDS_BEFORE_START = _("The period cannot end before it starts.")


def default_deadline_days() -> int:
    """Days from the cut-off to the due date of a new template (setting PCKB_REPORT_DEADLINE_DAYS)."""
    return int(getattr(settings, "PCKB_REPORT_DEADLINE_DAYS", 4))


def default_period(
    period_type: str, year: int, part: int = 1, cutoff_day: int = 14
) -> tuple[datetime.date, datetime.date]:
    """The data cut-off window of Decree 09/2019 art. 12: from the 15th of the month before the period
    to the 14th of its last month (6 months of 2026: 15/12/2025–14/6/2026; the year: 15/12/2025–14/12/2026).

    `part` is the half (1, 2) or the quarter (1–4); an ad-hoc period is the calendar year.
    """
    months = {PeriodType.SIX_MONTH: 6, PeriodType.QUARTERLY: 3, PeriodType.ANNUAL: 12}.get(period_type)
    if months is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    last_month = months * part
    first_month = last_month - months  # the month before the period (0 = December of the year before)
    if first_month == 0:
        start = datetime.date(year - 1, 12, cutoff_day + 1)
    else:
        start = datetime.date(year, first_month, cutoff_day + 1)
    return start, datetime.date(year, last_month, cutoff_day)


class ReportTemplateQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: str = "view") -> ReportTemplateQuerySet:
        """Drafts to their committee's scope; a published template (and its past versions) to everyone,
        since any committee may open a round with it."""
        own = super().visible_to(user, action)
        if action != "view":
            return own
        return own | self.exclude(status=TemplateStatus.DRAFT).within_clearance(user)


class ReportTemplate(OrgScopedModel):
    """What a report contains: ordered sections with guidance, and the indicators (figures) it asks for.

    `organization` is the committee that maintains it. Versions of one template share `family`; a
    published version never changes (a change is a new draft version, which supersedes it when published).
    """

    family = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(pgettext_lazy("template", "version"), default=1, editable=False)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=TemplateKind.choices, default=TemplateKind.PERIODIC)
    period_type = models.CharField(
        _("period type"), max_length=16, choices=PeriodType.choices, default=PeriodType.SIX_MONTH
    )
    cutoff_day = models.PositiveSmallIntegerField(
        _("cut-off day"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(27)],
        help_text=_("The period ends on this day of its last month and starts the day after it, a period earlier."),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("days to report"),
        default=default_deadline_days,
        validators=[MaxValueValidator(60)],
        help_text=_("The due date is this many days after the period ends."),
    )
    sections = models.JSONField(_("sections"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    objects = ReportTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="reporttemplate_unique_version"),
        ]

    def __str__(self) -> str:
        return _("{title} (version {version})").format(title=self.title, version=self.version)

    def get_absolute_url(self) -> str:
        return reverse("reports:template_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == TemplateStatus.DRAFT

    def period_for(self, year: int, part: int = 1) -> tuple[datetime.date, datetime.date, datetime.date]:
        """(start, end, due date) of the template's period `part` of `year`."""
        start, end = default_period(self.period_type, year, part, self.cutoff_day)
        return start, end, end + datetime.timedelta(days=self.deadline_days)


class Indicator(models.Model):
    """One figure a report asks for; `source` names a count of core.indicators that fills it."""

    template = models.ForeignKey(
        ReportTemplate, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("report template")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    source = models.CharField(_("automatic source"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["template", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="indicator_unique_code")]

    def __str__(self) -> str:
        return self.label


class ReportingRound(OrgScopedModel):
    """A call for reports: a template version and a period, sent by a committee (the owner) to the
    organisations below it (`recipients`), each of which gets a prefilled draft submission."""

    template = models.ForeignKey(
        ReportTemplate, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("report template")
    )
    period_label = models.CharField(_("period"), max_length=200, help_text=_("e.g. 6 tháng đầu năm 2026"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN, editable=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    recipients = models.ManyToManyField(
        "organizations.Organization", related_name="+", blank=True, verbose_name=pgettext_lazy("round", "recipients")
    )
    notes = models.TextField(_("notes"), blank=True)

    # The recipients read the round that asks them to report.
    shared_scope_fields = ("recipients",)

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-period_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="reportinground_period_order",
                violation_error_message=PERIOD_ENDS_BEFORE_START,
            )
        ]
        indexes = [models.Index(fields=["organization", "period_end"], name="reportinground_org_period_idx")]

    def __str__(self) -> str:
        return f"{self.template.title} – {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("reports:round_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = [PERIOD_ENDS_BEFORE_START]
        if self.period_end and self.due_date and self.due_date < self.period_end:
            errors["due_date"] = [_("The due date cannot be before the period ends.")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class ReportSubmission(OrgScopedModel):
    """One organisation's report in a round; `organization` is the reporting unit (a recipient).

    The issuing committee sits above it in the tree, so it reads every submission of its rounds.
    `texts` holds the narrative, one entry per template section.
    """

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("reporting round")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT, editable=False
    )
    texts = models.JSONField(_("sections"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)
    return_comment = models.TextField(_("reason for return"), blank=True, editable=False)
    attachments = GenericRelation("core.Attachment", verbose_name=_("attachments"))

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["round", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"],
                name="reportsubmission_one_per_unit",
                violation_error_message=_("This organisation already has a report in this round."),
            )
        ]
        indexes = [models.Index(fields=["round", "status"], name="reportsubmission_round_idx")]

    def __str__(self) -> str:
        return _("Report of {organization}: {period}").format(
            organization=self.organization.short_name or self.organization.name, period=self.round.period_label
        )

    def get_absolute_url(self) -> str:
        return reverse("reports:submission_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES and self.round.is_open

    def may_attach(self, user: Any) -> bool:
        from pckb.core.scoping import can

        return self.is_editable and can(user, "change", self.organization)

    @property
    def is_late(self) -> bool:
        if self.submitted_at is None:
            return timezone.localdate() > self.round.due_date
        return timezone.localtime(self.submitted_at).date() > self.round.due_date


class SubmissionValue(models.Model):
    """One indicator's figure in a submission: the computed value (when the indicator has an automatic
    source) and the value reported; a value differing from the computed one keeps the reason."""

    submission = models.ForeignKey(
        ReportSubmission, on_delete=models.CASCADE, related_name="values", verbose_name=_("report submission")
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator"))
    computed = models.DecimalField(_("computed value"), max_digits=16, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(
        pgettext_lazy("figure", "value"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    override_reason = models.TextField(_("reason for the change"), blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["submission", "indicator"], name="submissionvalue_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.code}={self.value}"

    @property
    def is_overridden(self) -> bool:
        return self.computed is not None and self.value != self.computed
