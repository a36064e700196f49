"""Checklists and their criteria, inspection missions, one assessment per inspected unit, findings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.models import OrgScopedModel
from pckb.core.scoping import ScopedQuerySet, scope_org_ids

from .choices import RELEASED_STATES, Answer, ChecklistStatus, InspectionStatus, Severity, UnitKind

__all__ = ["Checklist", "Criterion", "Inspection", "Assessment", "AssessmentAnswer", "Finding"]


class ChecklistQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: str = "view") -> ChecklistQuerySet:
        """Published checklists are read by every committee (one checklist, many inspecting bodies);
        drafts and every write stay with the owner's subtree. The built-in one has no owner."""
        ids = scope_org_ids(user, action)
        if action != "view" or ids is None:
            return super().visible_to(user, action)
        # One WHERE clause (no union, no DISTINCT): services lock the row with SELECT … FOR UPDATE.
        return self.filter(Q(organization__in=ids) | Q(status=ChecklistStatus.PUBLISHED)).within_clearance(user)


class Checklist(OrgScopedModel):
    """A versioned set of criteria ("bộ tiêu chí"); a published version never changes again."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
        help_text=_("The committee that keeps this checklist; empty for the built-in one."),
    )
    title = models.CharField(_("title"), max_length=300)
    version = models.PositiveIntegerField(pgettext_lazy("checklist", "version"), default=1, editable=False)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("previous version"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ChecklistStatus.choices, default=ChecklistStatus.DRAFT, editable=False
    )
    description = models.TextField(_("description"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["title", "-version"]

    def __str__(self) -> str:
        return _("{title} (version {version})").format(title=self.title, version=self.version)

    def get_absolute_url(self) -> str:
        return reverse("inspections:checklist_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == ChecklistStatus.PUBLISHED

    def criteria_for(self, unit_kind: str) -> list[Criterion]:
        """The criteria asked of a kind of unit: those for every kind and those naming it."""
        return [c for c in self.criteria.all() if not c.unit_kinds or unit_kind in c.unit_kinds]


class CriterionQuerySet(models.QuerySet):
    def visible_to(self, user: Any, action: str = "view") -> CriterionQuerySet:
        """Criteria are read through their checklist's page; a form narrows them to one checklist."""
        return self


class Criterion(models.Model):
    """One question of a checklist, weighted; it may be limited to some kinds of unit."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="criteria",
                                  verbose_name=_("checklist"))
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    group = models.CharField(pgettext_lazy("criterion", "group"), max_length=200)
    text = models.TextField(_("criterion"))
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("What the team checks and asks to see."))
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100"))],
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    unit_kinds = models.JSONField(
        _("kinds of unit"), default=list, blank=True, help_text=_("Empty: asked of every kind of unit.")
    )

    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["checklist", "number", "id"]
        constraints = [models.UniqueConstraint(fields=["checklist", "number"], name="criterion_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    def clean(self) -> None:
        unknown = [k for k in self.unit_kinds or [] if k not in UnitKind.values]
        if not isinstance(self.unit_kinds, list) or unknown:
            raise ValidationError({"unit_kinds": [_("Unknown kind of unit: {kinds}.").format(kinds=", ".join(
                map(str, unknown)))]})

    def unit_kind_labels(self) -> list[str]:
        return [str(UnitKind(k).label) for k in self.unit_kinds or [] if k in UnitKind.values]


class Inspection(OrgScopedModel):
    """A mission ("Đoàn kiểm tra") of the inspecting committee (`organization`) to one or more units.

    The inspected units (and their ancestors) read the mission; each has its assessment, readable by
    them once the mission is concluded.
    """

    title = models.CharField(_("title"), max_length=300)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    team_head = models.CharField(_("team head"), max_length=150, help_text=_("Full name."))
    team_head_title = models.CharField(
        _("team head's title"), max_length=200, blank=True, help_text=_("Position and rank, as printed.")
    )
    team_members = models.TextField(
        _("team members"), blank=True, help_text=_("One per line: name, title, rank.")
    )
    period_from = models.DateField(_("period inspected from"), null=True, blank=True)
    period_to = models.DateField(_("period inspected to"), null=True, blank=True)
    visit_from = models.DateField(_("visit from"))
    visit_to = models.DateField(_("visit to"))
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="inspections",
                                  verbose_name=_("checklist"))
    inspected = models.ManyToManyField(
        "organizations.Organization", related_name="inspections_received", verbose_name=_("inspected units")
    )
    key_targets = models.ManyToManyField(
        "targets.KeyTarget", blank=True, related_name="inspections", verbose_name=_("key targets visited")
    )
    corrective_deadline = models.DateField(
        _("deadline for corrections"), null=True, blank=True,
        help_text=_("The deadline of the corrective tasks, unless a finding gives its own."),
    )
    strengths = models.TextField(_("strengths"), blank=True, help_text=_("What the units did well (the conclusion)."))
    requirements = models.TextField(
        _("general requirements"), blank=True, help_text=_("Requirements to every inspected unit (the conclusion).")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED,
        editable=False,
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    attachments = GenericRelation("core.Attachment", verbose_name=_("attachments"))

    objects = ScopedQuerySet.as_manager()
    shared_scope_fields = ("inspected",)
    record_date_field = "visit_from"

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-visit_from", "-id"]
        indexes = [
            models.Index(fields=["organization", "status"], name="inspection_org_status_idx"),
            models.Index(fields=["visit_from"], name="inspection_visit_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.visit_from and self.visit_to and self.visit_to < self.visit_from:
            errors.setdefault("visit_to", []).append(_("The visit cannot end before it starts."))
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors.setdefault("period_to", []).append(_("The period cannot end before it starts."))
        if self.checklist_id and not self.checklist.is_published:
            errors.setdefault("checklist", []).append(
                _("Choose a published checklist: a draft can still change, so it cannot be scored against.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_released(self) -> bool:
        return self.status in RELEASED_STATES

    def team_member_lines(self) -> list[str]:
        return [line.strip() for line in self.team_members.splitlines() if line.strip()]


class AssessmentQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: str = "view") -> AssessmentQuerySet:
        """The inspecting side's subtree always; the inspected unit (and those above it) only its own
        assessment, once the mission is concluded."""
        ids = scope_org_ids(user, action)
        if action != "view" or ids is None:
            return super().visible_to(user, action)
        # One WHERE clause over foreign keys (no union, no DISTINCT): services lock rows FOR UPDATE.
        released = Q(**{f"{self.unit_lookup}__in": ids, f"{self.inspection_lookup}__status__in": RELEASED_STATES})
        return self.filter(Q(organization__in=ids) | released).within_clearance(user)

    unit_lookup = "inspected"
    inspection_lookup = "inspection"


class Assessment(OrgScopedModel):
    """The mission's assessment of one inspected unit: answers per criterion and a 0–100 score.

    Owned by the inspecting committee (only it scores); `received_by` names the unit's officials who
    received the team.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="assessments",
                                   verbose_name=_("inspection"))
    inspected = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("inspected unit")
    )
    unit_kind = models.CharField(_("kind of unit"), max_length=16, choices=UnitKind.choices,
                                 default=UnitKind.COMMITTEE)
    received_by = models.TextField(
        _("officials who received the team"), blank=True, help_text=_("One per line: name, title, committee role.")
    )
    summary = models.TextField(_("summary of results"), blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True, editable=False)
    attachments = GenericRelation("core.Attachment", verbose_name=_("attachments"))

    objects = AssessmentQuerySet.as_manager()
    record_date_field = "visit_date"

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["inspection", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "inspected"],
                name="assessment_one_per_unit",
                violation_error_message=_("This unit already has an assessment in this inspection."),
            )
        ]

    def __str__(self) -> str:
        return _("Assessment of {unit}").format(unit=self.inspected)

    def get_absolute_url(self) -> str:
        return reverse("inspections:assessment_detail", args=[self.pk])

    @property
    def visit_date(self) -> Any:
        return self.inspection.visit_from if self.inspection_id else None

    def record_date(self) -> Any:
        return self.visit_date or super().record_date()


class AssessmentAnswerQuerySet(models.QuerySet):
    def visible_to(self, user: Any, action: str = "view") -> AssessmentAnswerQuerySet:
        """An answer is as visible (and changeable) as its assessment: scope is never copied onto it."""
        return self.filter(assessment__in=Assessment.objects.visible_to(user, action).values("pk"))


class AssessmentAnswer(models.Model):
    """The answer to one criterion; blank until the team answers it. Its evidence files are its own
    attachments, scoped through the assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers",
                                   verbose_name=_("assessment"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("criterion"))
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    attachments = GenericRelation("core.Attachment", verbose_name=_("evidence files"))

    objects = AssessmentAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["criterion__number", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="answer_one_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion.number}: {self.get_answer_display() or '—'}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:answer_detail", args=[self.pk])

    # The audit trail of an evidence file is filed under the assessment's organisation and classification.
    @property
    def organization(self) -> Any:
        return self.assessment.organization

    @property
    def classification(self) -> int:
        return self.assessment.classification

    def may_attach(self, user: Any) -> bool:
        """The scoring committee's editors, while the mission is open: concluded evidence is final."""
        if self.assessment.inspection.status not in (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS):
            return False
        return AssessmentAnswer.objects.visible_to(user, "change").filter(pk=self.pk).exists()


class FindingQuerySet(AssessmentQuerySet):
    unit_lookup = "assessment__inspected"
    inspection_lookup = "assessment__inspection"


class Finding(OrgScopedModel):
    """A shortcoming ("tồn tại, hạn chế") found at one unit, with the required remedy.

    Concluding the mission turns it into a corrective task of the unit (`task`, whose source is the
    finding); its state is the task's.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings",
                                   verbose_name=_("assessment"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("criterion"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM)
    description = models.TextField(_("description"))
    recommendation = models.TextField(_("recommendation"), help_text=_("The remedy required: it becomes the task."))
    deadline = models.DateField(_("deadline"), null=True, blank=True,
                                help_text=_("Empty: the mission's deadline for corrections."))
    task = models.OneToOneField("plans.Task", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
                                related_name="+", verbose_name=_("corrective task"))

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["assessment", "id"]

    def __str__(self) -> str:
        return self.description[:100]

    def get_absolute_url(self) -> str:
        return reverse("inspections:finding_detail", args=[self.pk])

    def record_date(self) -> Any:
        return self.assessment.inspection.visit_from if self.assessment_id else super().record_date()

    @property
    def inspection(self) -> Inspection:
        return self.assessment.inspection

    @property
    def inspected(self) -> Any:
        return self.assessment.inspected

    @property
    def state(self) -> str:
        from .services.queries import finding_state

        return finding_state(self)


class Campaign(OrgScopedModel):
    """A self-assessment campaign ("tự kiểm tra"): one published checklist sent by a committee to many
    units, each answering its own self-assessment; the committee compares their self-scores."""

    title = models.CharField(_("title"), max_length=300)
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="campaigns",
                                  verbose_name=_("checklist"))
    deadline = models.DateField(_("deadline"))
    recipients = models.ManyToManyField(
        "organizations.Organization", related_name="+", verbose_name=_("units asked")
    )

    shared_scope_fields = ("recipients",)

    class Meta:
        verbose_name = _("self-assessment campaign")
        verbose_name_plural = _("self-assessment campaigns")
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:campaign_detail", args=[self.pk])

    def clean(self) -> None:
        if self.checklist_id and not self.checklist.is_published:
            raise ValidationError({"checklist": [
                _("Choose a published checklist: a draft can still change, so it cannot be scored against.")]})


class SelfAssessment(OrgScopedModel):
    """One unit's answers to a campaign's checklist (`organization` is the unit: it answers); the
    campaign's committee reads it. `answers` maps a criterion id to its answer and note."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="self_assessments",
                                 verbose_name=_("self-assessment campaign"))
    unit_kind = models.CharField(_("kind of unit"), max_length=16, choices=UnitKind.choices,
                                 default=UnitKind.COMMITTEE)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True, editable=False)
    submitted = models.BooleanField(_("submitted"), default=False, editable=False)

    shared_scope_fields = ("campaign__organization",)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["campaign", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"], name="selfassessment_one_per_unit")]

    def __str__(self) -> str:
        return _("Self-assessment of {unit}").format(unit=self.organization)

    def get_absolute_url(self) -> str:
        return reverse("inspections:selfassessment_detail", args=[self.pk])
