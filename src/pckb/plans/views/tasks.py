"""Task pages: the two lists, detail with its actions, add/edit/delete, assign to many, groups."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.forms import add_service_errors
from pckb.core.idempotency import FormTokenMixin
from pckb.core.pagination import COUNT_CAP, CappedPaginator
from pckb.core.scoping import can, scope_org_ids
from pckb.core.sources import resolve_source, visible_source
from pckb.core.views import (
    Column,
    PkUrl,
    ScopedDetailView,
    ScopedListView,
    ServiceDeleteView,
    ServiceEditView,
    ServiceFormView,
)
from pckb.core.workflow.views import TransitionsMixin, TransitionView

from .. import services
from ..choices import PlanStatus, TaskStatus
from ..filters import TaskPageFilterSet
from ..forms import AssignManyForm, ProgressForm, TaskEditForm, TaskForm
from ..models import OPEN_FIRST, Plan, Task, TaskGroup
from .summary import completion_rows

__all__ = [
    "TaskAssignedListView",
    "TaskIssuedListView",
    "TaskDetailView",
    "TaskProgressView",
    "TaskTransitionView",
    "TaskEditView",
    "TaskDeleteView",
    "TaskAssignManyView",
    "TaskGroupDetailView",
    "task_side",
]

TASK_COLUMNS = [
    Column("title", gettext_lazy("Task"), sort="title", link=True),
    Column("organization", gettext_lazy("Issued by"), sort="organization__name"),
    Column("assignee", gettext_lazy("Assignee"), sort="assignee__name"),
    Column("deadline", gettext_lazy("Deadline"), sort="deadline", card="primary"),
    Column("status", gettext_lazy("Status"), sort="status", card="primary"),
    Column("priority", gettext_lazy("Priority"), sort="priority", card="meta"),
    Column("progress", gettext_lazy("Progress (%)"), sort="progress", card="meta"),
    Column("is_overdue", gettext_lazy("Overdue"), card="meta"),
]

# The per-assignee summary groups the whole filtered list: above this size, ask for narrower filters.
SUMMARY_LIMIT = COUNT_CAP


class TaskListView(ScopedListView):
    model = Task
    paginator_class = CappedPaginator
    filterset_class = TaskPageFilterSet
    columns = TASK_COLUMNS
    select_related = ("assignee", "organization")
    # TASK_COLUMNS and row_class/row_url: not the descriptions, timestamps and whole organisations.
    only = ("title", "deadline", "status", "priority", "progress", "organization__name", "assignee__name")
    template_name = "plans/task_list.html"
    default_sort = "deadline"
    add_url_name = "plans:task_add"
    side = ""
    task_url: PkUrl | None = None

    def row_class(self, task: Task) -> str:
        return "table-danger" if task.is_overdue else ""

    def row_url(self, task: Task) -> str:
        # The task page's breadcrumb leads back to the list the user came from. Task.get_absolute_url,
        # reversed once per page (core.views.PkUrl).
        if self.task_url is None:
            self.task_url = PkUrl("plans:task_detail")
        return f"{self.task_url(task.pk)}?from={self.side}"

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return ["plans/_task_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["side"] = self.side
        ctx["can_issue"] = ctx["can_add"]
        return ctx


class TaskAssignedListView(TaskListView):
    """ "Việc được giao": tasks whose assignee lies in my organisations' subtrees, by deadline."""

    title = gettext_lazy("Tasks assigned to us")
    export_name = "tasks-assigned"
    side = "assigned"

    def base_queryset(self) -> Any:
        user = self.request.user
        return Task.objects.assigned_to_scope_of(user).with_overdue()


class TaskIssuedListView(TaskListView):
    """ "Việc đã giao": tasks my organisations issued, overdue first, with completion per assignee."""

    title = gettext_lazy("Tasks we issued")
    export_name = "tasks-issued"
    side = "issued"

    def base_queryset(self) -> Any:
        user = self.request.user
        return Task.objects.issued_by_scope_of(user).with_overdue()

    def ordering_fields(self) -> list[Any]:
        if self.request.GET.get("sort", "").lstrip("-") in self.sortable():
            return super().ordering_fields()
        # Open tasks first, each group by deadline: the overdue ones (open, past deadline) lead.
        return [OPEN_FIRST.desc(), "deadline", "pk"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        paginator = ctx.get("paginator")
        count = int(paginator.count) if paginator else len(ctx["object_list"])
        ctx["summary_too_large"] = count > SUMMARY_LIMIT
        ctx["summary"] = [] if count > SUMMARY_LIMIT else completion_rows(self.object_list.completion_by_assignee())
        return ctx


class TaskDetailView(TransitionsMixin, ScopedDetailView):
    model = Task
    template_name = "plans/task_detail.html"
    transition_url_name = "plans:task_transition"

    def get_queryset(self) -> Any:
        return Task.objects.select_related("organization", "assignee", "plan", "group", "source_type")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        task, user = self.object, self.request.user
        final = task.status in (TaskStatus.VERIFIED, TaskStatus.CANCELLED)
        ctx.update(
            updates=task.updates.select_related("created_by", "task__assignee", "task__organization")
            .prefetch_related("attachments__uploaded_by")
            .order_by("created_at", "id"),
            supporters=task.supporters.order_by("name"),
            can_report=task.is_open and can(user, "change", task.assignee),
            can_edit=not final and can(user, "change", task.organization),
            can_delete=bool(task.plan_id)
            and task.plan.status == PlanStatus.DRAFT
            and can(user, "delete", task.organization),
            plan_visible=bool(task.plan_id) and Plan.objects.visible_to(user).filter(pk=task.plan_id).exists(),
            group_visible=bool(task.group_id) and TaskGroup.objects.visible_to(user).filter(pk=task.group_id).exists(),
            source=_source_display(task, user),
            next_occurrences=task.recurrences.visible_to(user).order_by("deadline"),
        )
        ctx.setdefault("progress_form", ProgressForm(initial={"percent": task.progress}))
        days_left = task.days_left or 0
        ctx.update(days_left=days_left, days_late=-days_left if days_left < 0 else 0)
        ctx["side"] = task_side(task, user, self.request.GET.get("from", ""))
        return ctx


def task_side(task: Task, user: Any, came_from: str = "") -> str:
    """Which of the user's two task lists a task page belongs to: the one the user came from, else
    "issued" when one of the user's subtrees issued it to someone else, else "assigned"."""
    if came_from in ("issued", "assigned"):
        return came_from
    ids = scope_org_ids(user, "view")
    issued_here = ids is None or task.organization_id in ids
    own = {m.organization_id for m in user.memberships.all()} if user.is_authenticated else set()
    return "issued" if issued_here and task.assignee_id not in own else "assigned"



def _source_display(task: Task, user: Any) -> dict[str, Any] | None:
    """The record the task follows up, linked when it is of an allowed type and the user may open it."""
    if not task.source_type_id:
        return None
    model = task.source_type.model_class()
    label = model._meta.verbose_name if model else task.source_type.model
    obj = visible_source(task.source_type, task.source_id, user)
    url = obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else ""
    return {"type": label, "object": obj, "url": url}


class TaskActionView(FormTokenMixin, TaskDetailView):
    """POST endpoints of the task page; a refused action re-renders the page with its error (400); a
    double submit (same `{% form_token %}`) goes to the task page without acting again."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        errors = self.perform(self.object)
        if errors is None:
            return HttpResponseRedirect(self.object.get_absolute_url())
        self.object.refresh_from_db()
        return self.render_to_response(self.get_context_data(object=self.object, **errors), status=400)

    def perform(self, task: Task) -> dict[str, Any] | None:
        return None


class TaskProgressView(TaskActionView):
    def perform(self, task: Task) -> dict[str, Any] | None:
        form = ProgressForm(self.request.POST, self.request.FILES)
        if form.is_valid():
            try:
                services.do_report_progress(
                    task,
                    form.cleaned_data["percent"],
                    form.cleaned_data["text"],
                    attachments=form.cleaned_data["attachments"],
                    actor=self.request.user,
                )
            except ValidationError as err:
                add_service_errors(form, err, rename={"file": "attachments"})
            else:
                messages.success(self.request, _("Progress reported."))
                return None
        return {"progress_form": form}


class TaskTransitionView(TransitionView):
    """A step of the task's life (TASK_WORKFLOW): confirmation page with its comment box, then the step."""

    workflow = services.TASK_WORKFLOW


class TaskEditView(ServiceEditView):
    """Add a task (issuer side, ?plan= and ?source_type=&source_id= prefill) or change its terms."""

    model = Task
    title_add = gettext_lazy("New task")
    title_edit = gettext_lazy("Edit task")
    create_service = services.do_create_task
    update_service = services.do_update_task

    @property
    def form_class(self) -> Any:  # type: ignore[override]
        return TaskEditForm if "pk" in self.kwargs else TaskForm

    def get_initial(self, obj: Any) -> dict[str, Any]:
        initial = super().get_initial(obj)
        plan_id = self.request.GET.get("plan")
        if obj is None and plan_id and plan_id.isdigit():
            plan = Plan.objects.visible_to(self.request.user).filter(pk=plan_id).first()
            if plan is not None:
                initial.update(plan=plan, organization=plan.organization)
        return initial

    def service_fields(self, form: Any, obj: Any) -> dict[str, Any]:
        data = super().service_fields(form, obj)
        if obj is None:
            if not data.get("assigned_on"):
                data.pop("assigned_on", None)
            data["source"] = self._source()
        return data

    def _source(self) -> Any:
        source_type = self.request.GET.get("source_type", "")
        source_id = self.request.GET.get("source_id")
        if not source_type:
            return None
        return resolve_source(source_type, source_id, self.request.user)


class TaskDeleteView(ServiceDeleteView):
    model = Task
    delete_service = services.do_delete_task

    def success_url(self, obj: Task) -> str:
        return obj.plan.get_absolute_url() if obj.plan_id else reverse("plans:task_issued")


class TaskAssignManyView(ServiceFormView):
    """One form, one task per chosen organisation, under one group."""

    form_class = AssignManyForm
    title = gettext_lazy("Assign a task to several organizations")
    parent_title = gettext_lazy("Tasks we issued")
    parent_url_name = "plans:task_issued"
    success_message = ""

    def get_initial(self, obj: Any) -> dict[str, Any]:
        plan_id = self.request.GET.get("plan", "")
        if plan_id.isdigit():
            plan = Plan.objects.visible_to(self.request.user).filter(pk=plan_id).first()
            if plan is not None:
                return {"plan": plan, "organization": plan.organization}
        return {}

    def get_context_data(self, form: Any, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(form, obj)
        context.update(
            intro=_(
                "Each chosen organization receives its own copy of the task; the group page shows who has completed it."
            ),
            submit_label=_("Assign"),
        )
        return context

    def perform(self, form: AssignManyForm, obj: None) -> TaskGroup:
        data = dict(form.cleaned_data)
        organization, assignees = data.pop("organization"), data.pop("assignees")
        data.pop("all_members")
        data.pop("all_committees")
        if not data.get("assigned_on"):
            data.pop("assigned_on")
        group = services.do_assign_task_to_many(organization, assignees, actor=self.request.user, **data)
        messages.success(self.request, _("{count} task(s) assigned.").format(count=group.tasks.count()))
        return group


class TaskGroupDetailView(ScopedDetailView):
    """One "assign to many" batch: completion per agency."""

    model = TaskGroup
    template_name = "plans/taskgroup_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        tasks = Task.objects.visible_to(self.request.user).filter(group=self.object)
        rows = list(tasks.with_overdue().select_related("assignee").order_by("assignee__name"))
        completed = sum(1 for t in rows if t.status in (TaskStatus.DONE, TaskStatus.VERIFIED))
        counted = sum(1 for t in rows if t.status != TaskStatus.CANCELLED)
        ctx.update(
            tasks=rows,
            completed=completed,
            percent=round(100 * completed / counted) if counted else 0,
            first=rows[0] if rows else None,
        )
        return ctx
