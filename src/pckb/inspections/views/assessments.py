"""Pages of one unit's assessment (answers, score, findings) and of findings."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.scoping import get_object_for_user
from pckb.core.views import ScopedDetailView, ServiceDeleteView, ServiceEditView, ServiceFormView

from .. import services
from ..choices import Answer
from ..forms import AnswersForm, AssessmentForm, FindingForm, answer_fields
from ..models import Assessment, AssessmentAnswer, Finding, Inspection

__all__ = [
    "AssessmentDetailView",
    "AssessmentEditView",
    "AssessmentAnswersView",
    "AnswerEvidenceView",
    "FindingAddView",
    "FindingDetailView",
    "FindingEditView",
    "FindingDeleteView",
]


class AssessmentDetailView(ScopedDetailView):
    model = Assessment
    template_name = "inspections/assessment_detail.html"

    def get_queryset(self) -> QuerySet:
        return Assessment.objects.select_related("inspection__organization", "inspection__checklist", "inspected")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        assessment = self.object
        is_open = assessment.inspection.status in ("planned", "in_progress")
        ctx.update(
            answers=list(
                assessment.answers.select_related("criterion").annotate(evidence_count=Count("attachments"))
                .order_by("criterion__number")
            ),
            findings=list(assessment.findings.select_related("criterion", "task").order_by("id")),
            can_edit=ctx["can_change"] and is_open,
        )
        return ctx


class AssessmentEditView(ServiceEditView):
    model = Assessment
    form_class = AssessmentForm
    title_edit = gettext_lazy("Edit assessment")
    update_service = services.do_update_assessment
    owner_field = "organization"


class AssessmentAnswersView(ServiceFormView):
    """One row per criterion: a select (keyboard: type m/p/n) and a note; the score is recomputed."""

    template_name = "inspections/assessment_answers.html"
    form_class = AnswersForm

    def get_object(self) -> Assessment:
        return get_object_for_user(self.request.user, Assessment, self.kwargs["pk"], "change")

    def get_title(self, obj: Assessment) -> Any:
        return _("Answers: {unit}").format(unit=obj.inspected)

    def get_form(self, obj: Assessment) -> Any:
        post = self.request.method == "POST"
        return AnswersForm(self.request.POST if post else None, user=self.request.user, assessment=obj)

    def get_context_data(self, form: Any, obj: Assessment) -> dict[str, Any]:
        ctx = super().get_context_data(form, obj)
        ctx["rows"] = answer_fields(obj, self.request.POST if self.request.method == "POST" else None)
        ctx["answer_choices"] = Answer.choices
        return ctx

    def perform(self, form: Any, obj: Assessment) -> Assessment:
        return services.do_answer_assessment(obj, form.answers(), actor=self.request.user)


class FindingAddView(ServiceFormView):
    """A finding on one of the mission's units (`pk` is the inspection's)."""

    form_class = FindingForm
    title = gettext_lazy("New finding")

    def get_object(self) -> Inspection:
        return get_object_for_user(self.request.user, Inspection, self.kwargs["pk"], "change")

    def get_form_kwargs(self, obj: Inspection) -> dict[str, Any]:
        return {"user": self.request.user, "inspection": obj}

    def get_initial(self, obj: Inspection) -> dict[str, Any]:
        unit = self.request.GET.get("inspected", "")
        return {"inspected": int(unit)} if unit.isdigit() else {}

    def perform(self, form: Any, obj: Inspection) -> Inspection:
        services.do_create_finding(obj, actor=self.request.user, **form.cleaned_data)
        return obj


class FindingDetailView(ScopedDetailView):
    model = Finding
    template_name = "inspections/finding_detail.html"

    def get_queryset(self) -> QuerySet:
        return Finding.objects.select_related(
            "assessment__inspection__organization", "assessment__inspected", "criterion", "task"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        is_open = self.object.assessment.inspection.status in ("planned", "in_progress")
        ctx["can_edit"] = ctx["can_change"] and is_open
        return ctx


class FindingEditView(ServiceFormView):
    form_class = FindingForm
    title = gettext_lazy("Edit finding")

    def get_object(self) -> Finding:
        return get_object_for_user(self.request.user, Finding, self.kwargs["pk"], "change")

    def get_form_kwargs(self, obj: Finding) -> dict[str, Any]:
        return {"user": self.request.user, "inspection": obj.assessment.inspection, "instance": obj}

    def perform(self, form: Any, obj: Finding) -> Finding:
        return services.do_update_finding(obj, actor=self.request.user, **form.cleaned_data)


class FindingDeleteView(ServiceDeleteView):
    model = Finding
    delete_service = services.do_delete_finding

    def success_url(self, obj: Finding) -> str:
        return obj.assessment.inspection.get_absolute_url()




class AnswerEvidenceView(ScopedDetailView):
    """The evidence files of one answer (the attachments panel), reached from the assessment's rows."""

    model = AssessmentAnswer
    template_name = "inspections/answer_evidence.html"

    def get_queryset(self) -> QuerySet:
        return AssessmentAnswer.objects.select_related(
            "criterion", "assessment__inspection", "assessment__inspected", "assessment__organization"
        )
