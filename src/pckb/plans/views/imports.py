"""Excel import of a plan's tasks: upload → validated preview → confirm (all or nothing)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from pckb.core.scoping import get_object_for_user

from ..choices import PlanStatus, TaskPriority
from ..forms import PlanImportForm
from ..imports import do_import_plan_tasks, parse_tasks_workbook, template_response
from ..models import Plan

__all__ = ["PlanImportView", "plan_import_template"]


def _session_key(plan: Plan) -> str:
    return f"plans.import.{plan.pk}"


class PlanImportView(LoginRequiredMixin, View):
    """Editors of the plan's committee import its tasks; the preview lists every row's problem."""

    template_name = "plans/plan_import.html"

    def get_plan(self) -> Plan:
        return get_object_for_user(self.request.user, Plan, self.kwargs["pk"], "change")

    def render(self, plan: Plan, form: PlanImportForm, *, result: Any = None, status: int = 200) -> HttpResponse:
        context = {
            "plan": plan,
            "object": plan,
            "form": form,
            "result": result,
            "closed": plan.status == PlanStatus.CLOSED,
            "priorities": dict(TaskPriority.choices),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(self.get_plan(), PlanImportForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.get_plan()
        if "confirm" in request.POST:
            return self.confirm(plan)
        form = PlanImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(plan, form, status=400)
        result = parse_tasks_workbook(form.cleaned_data["file"], plan)
        if result.ok:
            request.session[_session_key(plan)] = result.rows
        else:
            request.session.pop(_session_key(plan), None)
        return self.render(plan, PlanImportForm(), result=result, status=200 if result.ok else 400)

    def confirm(self, plan: Plan) -> HttpResponse:
        rows = self.request.session.get(_session_key(plan))
        if not rows:
            messages.error(self.request, _("Upload the file again: the preview has expired."))
            return HttpResponseRedirect(self.request.path)
        try:
            created = do_import_plan_tasks(plan, rows, actor=self.request.user)
        except ValidationError as err:
            for message in err.messages:
                messages.error(self.request, message)
            return HttpResponseRedirect(self.request.path)
        self.request.session.pop(_session_key(plan), None)
        messages.success(self.request, _("{count} task(s) imported.").format(count=len(created)))
        return HttpResponseRedirect(plan.get_absolute_url())


@login_required
def plan_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    return template_response(get_object_for_user(request.user, Plan, pk, "change"))
