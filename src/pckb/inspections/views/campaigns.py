"""Pages of self-assessment campaigns: list, add, the comparison of self-scores, each unit's answers."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.scoping import get_object_for_user
from pckb.core.views import Column, ScopedDetailView, ScopedListView, ServiceEditView, ServiceFormView
from pckb.core.workflow.views import TransitionsMixin, TransitionView

from .. import services
from ..choices import Answer
from ..forms import AnswersForm, CampaignForm
from ..models import Campaign, SelfAssessment

__all__ = [
    "CampaignListView",
    "CampaignDetailView",
    "CampaignAddView",
    "SelfAssessmentDetailView",
    "SelfAssessmentAnswersView",
    "SelfAssessmentTransitionView",
]


class CampaignListView(ScopedListView):
    model = Campaign
    title = gettext_lazy("Self-assessment campaigns")
    select_related = ("organization", "checklist")
    add_url_name = "inspections:campaign_add"
    export_name = "self-assessment-campaigns"
    default_sort = "-deadline"
    columns = [
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("organization", gettext_lazy("Committee"), sort="organization__name"),
        Column("checklist", gettext_lazy("Checklist")),
        Column("deadline", gettext_lazy("Deadline"), sort="deadline", card="primary"),
    ]


class CampaignDetailView(ScopedDetailView):
    model = Campaign
    template_name = "inspections/campaign_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = list(
            SelfAssessment.objects.visible_to(self.request.user)
            .filter(campaign=self.object)
            .select_related("organization")
            .order_by("-submitted", "-score", "organization__name")
        )
        return ctx


class CampaignAddView(ServiceEditView):
    model = Campaign
    form_class = CampaignForm
    title_add = gettext_lazy("New self-assessment campaign")
    parent_title = gettext_lazy("Self-assessment campaigns")
    parent_url_name = "inspections:campaign_list"
    create_service = services.do_create_campaign


def _rows(sa: SelfAssessment, data: Any = None) -> list[dict[str, Any]]:
    stored = sa.answers or {}
    rows = []
    for c in sa.campaign.checklist.criteria_for(sa.unit_kind):
        saved = stored.get(str(c.pk)) or {}
        rows.append({
            "criterion": c,
            "answer_name": f"a{c.pk}",
            "note_name": f"n{c.pk}",
            "answer": data.get(f"a{c.pk}", saved.get("answer", "")) if data is not None else saved.get("answer", ""),
            "note": data.get(f"n{c.pk}", saved.get("note", "")) if data is not None else saved.get("note", ""),
            "label": Answer(saved["answer"]).label if saved.get("answer") else "—",
        })
    return rows


class SelfAssessmentDetailView(TransitionsMixin, ScopedDetailView):
    model = SelfAssessment
    template_name = "inspections/selfassessment_detail.html"
    transition_url_name = "inspections:selfassessment_transition"

    def get_queryset(self) -> QuerySet:
        return SelfAssessment.objects.select_related("campaign__checklist", "campaign__organization", "organization")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = _rows(self.object)
        ctx["can_edit"] = ctx["can_change"] and not self.object.submitted
        return ctx


class _SelfAnswersForm(AnswersForm):
    def answers(self) -> dict[int, dict[str, str]]:
        sa = self.assessment
        return {
            c.pk: {"answer": self.data.get(f"a{c.pk}", ""), "note": self.data.get(f"n{c.pk}", "")}
            for c in sa.campaign.checklist.criteria_for(sa.unit_kind)
            if f"a{c.pk}" in self.data or f"n{c.pk}" in self.data
        }


class SelfAssessmentAnswersView(ServiceFormView):
    """The unit answers its own self-assessment, one row per criterion (the assessment form's layout)."""

    template_name = "inspections/assessment_answers.html"
    form_class = _SelfAnswersForm

    def get_object(self) -> SelfAssessment:
        return get_object_for_user(self.request.user, SelfAssessment, self.kwargs["pk"], "change")

    def get_title(self, obj: SelfAssessment) -> Any:
        return _("Self-assessment: {unit}").format(unit=obj.organization)

    def get_form(self, obj: SelfAssessment) -> Any:
        post = self.request.method == "POST"
        return _SelfAnswersForm(self.request.POST if post else None, user=self.request.user, assessment=obj)

    def get_context_data(self, form: Any, obj: SelfAssessment) -> dict[str, Any]:
        ctx = super().get_context_data(form, obj)
        ctx["rows"] = _rows(obj, self.request.POST if self.request.method == "POST" else None)
        ctx["answer_choices"] = Answer.choices
        return ctx

    def perform(self, form: Any, obj: SelfAssessment) -> SelfAssessment:
        return services.do_answer_self_assessment(obj, form.answers(), actor=self.request.user)


class SelfAssessmentTransitionView(TransitionView):
    """Submit a complete self-assessment to the committee that asked for it."""

    workflow = services.SELF_ASSESSMENT_WORKFLOW
