"""Programs, plans and the one task tracker that every module sends its follow-up work to."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core.models import OrgScopedModel
from pckb.core.scoping import ScopedQuerySet, can, scope_org_ids
from pckb.core.text import vn_fold
from pckb.organizations.choices import OrganizationKind

from .choices import (
    COMPLETED_STATUSES,
    OPEN_STATUSES,
    PlanKind,
    PlanStatus,
    Recurrence,
    TaskPriority,
    TaskStatus,
    TaskUpdateKind,
)

__all__ = ["Program", "Plan", "TaskGroup", "Task", "TaskQuerySet", "TaskUpdate", "OPEN_FIRST"]

# True for an open task. Lists put open tasks first (so the overdue ones lead) through an index on it.
OPEN_FIRST = Case(When(status__in=OPEN_STATUSES, then=Value(True)), default=Value(False), output_field=BooleanField())

# Timeline entries written by the assignee side (the others by the issuer side).
ASSIGNEE_UPDATE_KINDS = (TaskUpdateKind.PROGRESS, TaskUpdateKind.STARTED, TaskUpdateKind.DONE)

PERIOD_ERROR = _("The end of the period cannot be before its start.")


def _check_period(start: datetime.date | None, end: datetime.date | None, errors: dict[str, list]) -> None:
    if start and end and end < start:
        errors.setdefault("period_to", []).append(PERIOD_ERROR)


def _check_committee(organization: Any, errors: dict[str, list]) -> None:
    if organization is not None and organization.kind != OrganizationKind.COMMITTEE:
        errors.setdefault("organization", []).append(_("Programs and plans are issued by a steering committee."))


class Program(OrgScopedModel):
    """A multi-year program of a steering committee (e.g. "Chương trình PCKB giai đoạn 2022–2026")."""

    title = models.CharField(_("title"), max_length=300)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    legal_basis = models.CharField(
        _("legal basis"), max_length=200, blank=True, help_text=_("Number of the issuing document, e.g. 15/CTr-BCĐ.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-period_from", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")),
                name="program_period_order",
                violation_error_message=PERIOD_ERROR,
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, list] = {}
        _check_period(self.period_from, self.period_to, errors)
        _check_committee(self.organization if self.organization_id else None, errors)
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("plans:program_detail", args=[self.pk])


class Plan(OrgScopedModel):
    """An annual, six-month or thematic plan issued by a committee under a document number.

    Draft plans can be edited freely; once issued, their tasks can only be cancelled with a reason.
    """

    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("program"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices, default=PlanKind.ANNUAL)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    document_number = models.CharField(_("document number"), max_length=50, blank=True, help_text=_("e.g. 12/KH-BCĐ"))
    document_date = models.DateField(_("document date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT, editable=False
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("issued by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    # The signed plan document, annexes... (core.Attachment; its editors add and remove them).
    attachments = GenericRelation("core.Attachment", verbose_name=_("attachments"))

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period_from", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")),
                name="plan_period_order",
                violation_error_message=PERIOD_ERROR,
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_number} – {self.title}" if self.document_number else self.title

    def clean(self) -> None:
        errors: dict[str, list] = {}
        _check_period(self.period_from, self.period_to, errors)
        organization = self.organization if self.organization_id else None
        _check_committee(organization, errors)
        if (
            self.program_id
            and organization is not None
            and not organization.path.startswith(self.program.organization.path)
        ):
            errors.setdefault("program", []).append(
                _("The program must be one of this committee or of a committee above it.")
            )
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class TaskGroup(OrgScopedModel):
    """One "assign to many" batch: the same task given to several organisations at once."""

    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:taskgroup_detail", args=[self.pk])


class TaskQuerySet(ScopedQuerySet):
    """Tasks, with the derived "overdue" flag and the completion-per-agency summary."""

    def open(self) -> TaskQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> TaskQuerySet:
        return self.filter(status__in=OPEN_STATUSES, deadline__lt=today or timezone.localdate())

    def with_overdue(self, today: datetime.date | None = None) -> TaskQuerySet:
        return self.annotate(
            is_overdue=Case(
                When(status__in=OPEN_STATUSES, deadline__lt=today or timezone.localdate(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def assigned_to_scope_of(self, user: Any) -> TaskQuerySet:
        """Visible tasks whose assignee lies in the user's subtrees (the "assigned to us" side).

        A subset of `visible_to(user)` by construction, written without its OR so the index is used.
        """
        ids = scope_org_ids(user, "view")
        qs = self if ids is None else self.filter(assignee_id__in=ids)
        return qs.within_clearance(user)

    def issued_by_scope_of(self, user: Any) -> TaskQuerySet:
        """Visible tasks issued by organisations in the user's subtrees (the "issued by us" side)."""
        ids = scope_org_ids(user, "view")
        qs = self if ids is None else self.filter(organization_id__in=ids)
        return qs.within_clearance(user)

    def completion_by_assignee(self, today: datetime.date | None = None) -> list[dict[str, Any]]:
        """One row per assignee: total, completed, overdue, cancelled and the completion percent."""
        today = today or timezone.localdate()
        rows = (
            self.order_by()
            .values("assignee_id", "assignee__name")
            .annotate(
                total=Count("id"),
                completed=Count("id", filter=Q(status__in=COMPLETED_STATUSES)),
                overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
                cancelled=Count("id", filter=Q(status=TaskStatus.CANCELLED)),
            )
            .order_by("assignee__name")
        )
        result = []
        for row in rows:
            counted = row["total"] - row["cancelled"]
            row["percent"] = round(100 * row["completed"] / counted) if counted else 0
            result.append(row)
        return result


class Task(OrgScopedModel):
    """One piece of work an organisation (the issuer, `organization`) gives another (the assignee).

    Whatever its origin (a plan, a finding, an exercise, an incident...), follow-up work is a Task;
    the origin is `plan` or the generic `source`. The assignee and its ancestors may read the task
    (`shared_scope_fields`); only the issuer side may change its terms. "Overdue" is derived, never stored.
    """

    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    assignee = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
        verbose_name=_("assignee"),
        help_text=_("The organization in charge (lead)."),
    )
    supporters = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="supported_tasks",
        verbose_name=_("supporting organizations"),
    )
    assigned_on = models.DateField(_("assigned on"), default=timezone.localdate)
    deadline = models.DateField(_("deadline"))
    priority = models.CharField(_("priority"), max_length=10, choices=TaskPriority.choices, default=TaskPriority.NORMAL)
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED, editable=False
    )
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks", verbose_name=_("plan")
    )
    source_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source type"),
    )
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    group = models.ForeignKey(
        TaskGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks", verbose_name=_("task group")
    )
    recurrence = models.CharField(_("repeats"), max_length=10, choices=Recurrence.choices, default=Recurrence.NONE)
    recurrence_parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recurrences",
        editable=False,
        verbose_name=_("previous occurrence"),
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    # vn_fold(title): "khung bo" finds "khủng bố"; trigram-indexed on PostgreSQL (migration 0003).
    search_text = models.CharField(max_length=600, editable=False, default="")
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, editable=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)

    objects = TaskQuerySet.as_manager()
    shared_scope_fields = ("assignee",)
    # A task belongs to the day it was given, not to its deadline: a task given in December 2024 by a
    # department merged in March 2025 is its record even when due in April.
    record_date_field = "assigned_on"

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["assignee", "status", "deadline"], name="task_assignee_status_dl"),
            models.Index(fields=["organization", "status", "deadline"], name="task_issuer_status_dl"),
            models.Index(fields=["plan", "status"], name="task_plan_status"),
            models.Index(fields=["deadline", "status"], name="task_deadline_status"),
            models.Index(fields=["source_type", "source_id"], name="task_source"),
            models.Index(OPEN_FIRST.desc(), F("deadline"), name="task_open_deadline"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("assigned_on")),
                name="task_deadline_after_assignment",
                violation_error_message=_("The deadline cannot be before the assignment date."),
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_max_100"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = vn_fold(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.deadline and self.assigned_on and self.deadline < self.assigned_on:
            errors["deadline"] = [_("The deadline cannot be before the assignment date.")]
        issuer = self.organization if self.organization_id else None
        if issuer is not None and self.assignee_id and not self.assignee.path.startswith(issuer.path):
            errors["assignee"] = [
                _("{assignee} is outside what {issuer} may assign to: choose an organization in its own tree.").format(
                    assignee=self.assignee, issuer=issuer
                )
            ]
        if issuer is not None and self.plan_id and not issuer.path.startswith(self.plan.organization.path):
            errors["plan"] = [_("The plan must belong to the issuing organization or to a committee above it.")]
        if self.group_id and self.group.organization_id != self.organization_id:
            errors["group"] = [_("The task group belongs to another organization.")]
        if self.status == TaskStatus.CANCELLED and not self.cancel_reason.strip():
            errors["cancel_reason"] = [_("Give the reason for cancelling the task.")]
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("plans:task_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Derived from the deadline and the status, for one task (lists use `with_overdue()`)."""
        return self.is_open and self.deadline is not None and self.deadline < timezone.localdate()

    @is_overdue.setter
    def is_overdue(self, value: bool) -> None:
        # `with_overdue()` annotates the same value; the property recomputes it from the current
        # fields, so it stays right after a transition on this instance.
        pass

    @property
    def days_left(self) -> int | None:
        return (self.deadline - timezone.localdate()).days if self.deadline else None


class TaskUpdate(OrgScopedModel):
    """One entry of a task's timeline: a progress report, or a status change (`kind`) with its comment.

    `organization` is copied from the task (the issuer); the assignee side reads it through the task.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates", verbose_name=_("task"))
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, message=_("Progress must be between 0 and 100.")),
            MaxValueValidator(100, message=_("Progress must be between 0 and 100.")),
        ],
    )
    text = models.TextField(_("comment"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=TaskUpdateKind.choices, default=TaskUpdateKind.PROGRESS)
    attachments = GenericRelation("core.Attachment", verbose_name=_("attachments"))

    shared_scope_fields = ("task__assignee",)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["task", "-created_at"], name="taskupdate_task_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="taskupdate_percent_max_100",
                violation_error_message=_("Progress must be between 0 and 100."),
            )
        ]

    def __str__(self) -> str:
        if self.percent is not None:
            return f"{self.task} – {self.percent}%"
        return f"{self.task} – {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return f"{self.task.get_absolute_url()}#update-{self.pk}"

    def may_attach(self, user: Any) -> bool:
        """Files go with the side that wrote the entry: the assignee's editors for its reports, the
        issuer's for a verification, a return or a cancellation."""
        side = self.task.assignee if self.kind in ASSIGNEE_UPDATE_KINDS else self.task.organization
        return can(user, "change", side)
