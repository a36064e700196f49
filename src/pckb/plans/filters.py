"""Filters of the task, plan and program lists, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core.filters import FilterSet, YearFilter
from pckb.core.text import vn_fold
from pckb.core.widgets import DateInput

from .choices import OPEN_STATUSES, PlanKind, PlanStatus, TaskPriority, TaskStatus
from .models import Plan, Program, Task, TaskUpdate

__all__ = ["TaskFilterSet", "TaskPageFilterSet", "PlanFilterSet", "ProgramFilterSet", "TaskUpdateFilterSet", "OPEN"]

OPEN = "open"  # the status filter's value for every status still to be done



class TaskFilterSet(FilterSet):
    """The API's task filters: ids of organisations and plans, ISO dates."""

    assignee = django_filters.NumberFilter(field_name="assignee_id", label=_("Assignee"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Issuing organization"))
    # distinct=False: no join can duplicate a task, and SELECT DISTINCT over every column costs a sort.
    status = django_filters.MultipleChoiceFilter(choices=TaskStatus.choices, label=_("Status"), distinct=False)
    priority = django_filters.MultipleChoiceFilter(
        choices=TaskPriority.choices, label=_("Priority"), distinct=False
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    plan = django_filters.NumberFilter(field_name="plan_id", label=_("Plan"))
    group = django_filters.NumberFilter(field_name="group_id", label=_("Task group"))
    deadline_after = django_filters.DateFilter(field_name="deadline", lookup_expr="gte", label=_("Deadline from"))
    deadline_before = django_filters.DateFilter(field_name="deadline", lookup_expr="lte", label=_("Deadline to"))
    source_type = django_filters.CharFilter(method="filter_source_type", label=_("Source type"))
    source_id = django_filters.NumberFilter(field_name="source_id", label=_("Source id"))

    class Meta:
        model = Task
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        today = timezone.localdate()
        chosen = self.form.cleaned_data.get("status") or []
        chosen = {chosen} if isinstance(chosen, str) else set(chosen)
        if chosen == {OPEN}:
            chosen = set(OPEN_STATUSES)
        if value and chosen and chosen <= set(OPEN_STATUSES):
            # The status filter already keeps open tasks only; repeating it makes PostgreSQL multiply the
            # two selectivities, expect ~2 rows and pick a nested loop over every organisation (1.4 s).
            return queryset.filter(deadline__lt=today)
        if value:
            return queryset.filter(status__in=OPEN_STATUSES, deadline__lt=today)
        return queryset.exclude(status__in=OPEN_STATUSES, deadline__lt=today)

    def filter_source_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        app_label, _dot, model = (value or "").lower().partition(".")
        return queryset.filter(source_type__app_label=app_label, source_type__model=model)


class TaskPageFilterSet(TaskFilterSet):
    """The pages' filters: words instead of ids, so that the form stays small at national scale."""

    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    # "Not yet done" (assigned or in progress) is what the home page counts as open.
    status = django_filters.ChoiceFilter(
        choices=[(OPEN, _("Not yet done")), *TaskStatus.choices],
        method="filter_status",
        label=_("Status"),
        empty_label=_("All"),
    )
    priority = django_filters.ChoiceFilter(choices=TaskPriority.choices, label=_("Priority"), empty_label=_("All"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Overdue"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Overdue only")), ("false", _("Not overdue"))]),
    )
    issuer = django_filters.CharFilter(method="filter_issuer", label=_("Issued by"))
    assignee_name = django_filters.CharFilter(method="filter_assignee", label=_("Assigned to"))
    deadline_after = django_filters.DateFilter(
        field_name="deadline", lookup_expr="gte", label=_("Deadline from"), widget=DateInput
    )
    deadline_before = django_filters.DateFilter(
        field_name="deadline", lookup_expr="lte", label=_("Deadline to"), widget=DateInput
    )
    # Reached through links (a plan, a group, a notification): kept in the form, not typed.
    plan = django_filters.NumberFilter(field_name="plan_id", widget=forms.HiddenInput)
    group = django_filters.NumberFilter(field_name="group_id", widget=forms.HiddenInput)
    assignee = django_filters.NumberFilter(field_name="assignee_id", widget=forms.HiddenInput)
    organization = django_filters.NumberFilter(field_name="organization_id", widget=forms.HiddenInput)
    source_type = None
    source_id = None

    class Meta(TaskFilterSet.Meta):
        fields: list[str] = []

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(status__in=OPEN_STATUSES) if value == OPEN else queryset.filter(status=value)

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # Title only: OR-ing a joined column would defeat the deadline index at national scale.
        folded = vn_fold(value)
        return queryset.filter(search_text__contains=folded) if folded else queryset

    def filter_issuer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = vn_fold(value)
        return queryset.filter(organization__search_name__contains=folded) if folded else queryset

    def filter_assignee(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = vn_fold(value)
        return queryset.filter(assignee__search_name__contains=folded) if folded else queryset


class PlanFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Status"), empty_label=_("All"))
    kind = django_filters.ChoiceFilter(choices=PlanKind.choices, label=_("Kind"), empty_label=_("All"))
    program = django_filters.NumberFilter(field_name="program_id", widget=forms.HiddenInput)
    organization = django_filters.NumberFilter(field_name="organization_id", widget=forms.HiddenInput)
    year = YearFilter(method="filter_year", label=_("Year"))

    class Meta:
        model = Plan
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(document_number__icontains=value)) if value else queryset

    def filter_year(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(period_from__year__lte=value, period_to__year__gte=value)


class ProgramFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    organization = django_filters.NumberFilter(field_name="organization_id", widget=forms.HiddenInput)

    class Meta:
        model = Program
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(legal_basis__icontains=value)) if value else queryset


class TaskUpdateFilterSet(FilterSet):
    task = django_filters.NumberFilter(field_name="task_id", label=_("Task"))

    class Meta:
        model = TaskUpdate
        fields: list[str] = []
