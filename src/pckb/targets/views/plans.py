"""Pages of response plans: add a version, edit a draft, its scenarios' checklists, approve, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.scoping import get_object_for_user
from pckb.core.views import ConfirmedActionView, ScopedDetailView, ServiceDeleteView, ServiceEditView, ServiceFormView
from pckb.core.workflow.views import TransitionsMixin, TransitionView

from .. import services
from ..choices import ResponsePlanStatus
from ..forms import PlanScenarioForm, ResponsePlanForm
from ..models import KeyTarget, PlanScenario, ResponsePlan, Scenario
from .targets import new_task_url

__all__ = [
    "ResponsePlanDetailView",
    "ResponsePlanAddView",
    "ResponsePlanEditView",
    "ResponsePlanDeleteView",
    "ResponsePlanTransitionView",
    "PlanScenarioView",
    "PlanScenarioRemoveView",
]


class ResponsePlanDetailView(TransitionsMixin, ScopedDetailView):
    model = ResponsePlan
    template_name = "targets/responseplan_detail.html"
    transition_url_name = "targets:responseplan_transition"

    def get_queryset(self) -> Any:
        return ResponsePlan.objects.select_related("target", "organization", "approved_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        plan = self.object
        is_draft = plan.status == ResponsePlanStatus.DRAFT
        ctx.update(
            scenarios=plan.scenarios.select_related("scenario"),
            versions=ResponsePlan.objects.visible_to(self.request.user)
            .filter(target=plan.target, kind=plan.kind)
            .order_by("-version"),
            can_edit=ctx["can_change"] and is_draft,
            new_task_url=new_task_url(self.request, plan),
        )
        return ctx


class ResponsePlanAddView(ServiceFormView):
    """A new version for a target (`pk` is the target's): editors of the target's owner."""

    form_class = ResponsePlanForm
    title = gettext_lazy("New response plan version")
    success_message = gettext_lazy("Saved.")

    def get_object(self) -> KeyTarget:
        return get_object_for_user(self.request.user, KeyTarget, self.kwargs["pk"], "change")

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self, obj: KeyTarget) -> dict[str, Any]:
        kind = self.request.GET.get("kind", "protection")
        return {"kind": kind, "title": _("Protection plan of {target}").format(target=obj.name)}

    def perform(self, form: Any, obj: KeyTarget) -> ResponsePlan:
        return services.do_create_response_plan(obj, actor=self.request.user, **form.cleaned_data)


class ResponsePlanEditView(ServiceEditView):
    model = ResponsePlan
    form_class = ResponsePlanForm
    title_edit = gettext_lazy("Edit response plan")
    update_service = services.do_update_response_plan

    def get_object(self) -> Any:
        if "pk" not in self.kwargs:
            raise Http404
        return super().get_object()


class ResponsePlanDeleteView(ServiceDeleteView):
    model = ResponsePlan
    delete_service = services.do_delete_response_plan

    def success_url(self, obj: ResponsePlan) -> str:
        return obj.target.get_absolute_url()


class ResponsePlanTransitionView(TransitionView):
    """Approve a draft with its signed document (RESPONSE_PLAN_WORKFLOW); the previous version steps down."""

    workflow = services.RESPONSE_PLAN_WORKFLOW


class PlanScenarioView(ServiceFormView):
    """Add a scenario to a draft plan, or rewrite its checklist (`?scenario=<id>` pre-fills it)."""

    form_class = PlanScenarioForm
    title = gettext_lazy("Scenario and initial-response steps")
    error_rename = {"steps": "steps"}

    def get_object(self) -> ResponsePlan:
        return get_object_for_user(self.request.user, ResponsePlan, self.kwargs["pk"], "change")

    def get_initial(self, obj: ResponsePlan) -> dict[str, Any]:
        row = PlanScenario.objects.filter(plan=obj, scenario_id=self.request.GET.get("scenario") or 0).first()
        return {"scenario": row.scenario_id, "steps": "\n".join(row.steps)} if row else {}

    def perform(self, form: Any, obj: ResponsePlan) -> ResponsePlan:
        data = form.cleaned_data
        services.do_set_plan_scenario(obj, data["scenario"], data["steps"], actor=self.request.user)
        return obj


class PlanScenarioRemoveView(ConfirmedActionView):
    model = ResponsePlan
    template_name = "core/confirm_delete.html"

    def confirmation(self, obj: ResponsePlan) -> dict[str, Any]:
        scenario = self.scenario()
        return {"title": _("Remove the scenario “{scenario}” from the plan?").format(scenario=scenario)}

    def scenario(self) -> Scenario:
        return get_object_or_404(Scenario, pk=self.kwargs["scenario"])

    def perform(self, obj: ResponsePlan) -> str:
        services.do_remove_plan_scenario(obj, self.scenario(), actor=self.request.user)
        messages.success(self.request, _("Deleted."))
        return obj.get_absolute_url()
