"""Pages of exercises: list (filters, export), detail, add/edit, delete, transitions, participants,
evaluation, improvement items and the two documents (after-action report, improvement plan)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from pckb.core.documents import DocumentType
from pckb.core.register.views import DraftFromSourceView
from pckb.core.scoping import get_object_for_user
from pckb.core.views import (
    Column,
    ConfirmedActionView,
    ScopedDetailView,
    ScopedListView,
    ServiceDeleteView,
    ServiceEditView,
    ServiceFormView,
)
from pckb.core.workflow.views import TransitionsMixin, TransitionView
from pckb.organizations.models import Organization

from . import services
from .choices import ExerciseStatus
from .filters import ExercisePageFilterSet
from .forms import EvaluationForm, ExerciseForm, ImprovementItemForm, ParticipantForm
from .models import Exercise

__all__ = [
    "ExerciseListView",
    "ExerciseDetailView",
    "ExerciseEditView",
    "ExerciseDeleteView",
    "ExerciseTransitionView",
    "ParticipantView",
    "ParticipantRemoveView",
    "EvaluationView",
    "ImprovementItemAddView",
    "ExerciseDocumentView",
]


class ExerciseListView(ScopedListView):
    model = Exercise
    title = gettext_lazy("Exercises")
    filterset_class = ExercisePageFilterSet
    select_related = ("organization", "target")
    add_url_name = "exercises:exercise_add"
    export_name = "exercises"
    default_sort = "-date"
    columns = [
        Column("date", gettext_lazy("Date"), sort="date", card="primary"),
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("kind", pgettext_lazy("exercise", "Type"), sort="kind"),
        Column("organization", gettext_lazy("Lead organization"), sort="organization__name"),
        Column("target", gettext_lazy("Key target"), sort="target__name", card="meta"),
        Column("status", gettext_lazy("Status"), sort="status", card="primary"),
    ]


class ExerciseDetailView(TransitionsMixin, ScopedDetailView):
    model = Exercise
    template_name = "exercises/exercise_detail.html"
    transition_url_name = "exercises:exercise_transition"

    def get_queryset(self) -> QuerySet:
        return Exercise.objects.select_related("organization", "target", "scenario")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        exercise, user = self.object, self.request.user
        participants = list(services.participants_of(exercise))
        can_change = ctx["can_change"]
        ctx.update(
            participants=participants,
            total_force=sum(p.force_count for p in participants),
            objectives=list(exercise.objectives.all()),
            items=list(services.improvement_items(exercise, user)[:200]),
            is_planned=exercise.status == ExerciseStatus.PLANNED,
            is_conducted=exercise.status == ExerciseStatus.CONDUCTED,
            can_edit=can_change and exercise.status != ExerciseStatus.EVALUATED,
            can_evaluate=can_change and exercise.status == ExerciseStatus.CONDUCTED,
            can_add_items=can_change and exercise.status != ExerciseStatus.PLANNED,
            can_delete=can_change and exercise.status == ExerciseStatus.PLANNED,
            can_draft=can_change and exercise.status == ExerciseStatus.EVALUATED,
        )
        return ctx


class ExerciseEditView(ServiceEditView):
    model = Exercise
    form_class = ExerciseForm
    title_add = gettext_lazy("New exercise")
    title_edit = gettext_lazy("Edit exercise")
    parent_title = gettext_lazy("Exercises")
    parent_url_name = "exercises:exercise_list"
    create_service = services.do_create_exercise
    update_service = services.do_update_exercise


class ExerciseDeleteView(ServiceDeleteView):
    model = Exercise
    delete_service = services.do_delete_exercise
    success_url_name = "exercises:exercise_list"


class ExerciseTransitionView(TransitionView):
    """Record as conducted (not before its date); close the evaluation (every objective rated)."""

    workflow = services.EXERCISE_WORKFLOW


class _ExerciseFormView(ServiceFormView):
    parent_title = gettext_lazy("Exercises")
    parent_url_name = "exercises:exercise_list"
    action = "change"

    def get_object(self) -> Exercise:
        return get_object_for_user(self.request.user, Exercise, self.kwargs["pk"], self.action)

    def success_url(self, result: Any) -> str:
        return get_object_or_404(Exercise, pk=self.kwargs["pk"]).get_absolute_url()


class ParticipantView(_ExerciseFormView):
    """Add a participating organisation with its force count, or change the count (same organisation)."""

    form_class = ParticipantForm
    title = gettext_lazy("Participating organization")
    error_rename = {"participants": "force_count"}

    def perform(self, form: Any, obj: Exercise) -> Exercise:
        data = form.cleaned_data
        return services.do_set_participant(obj, data["organization"], data["force_count"], actor=self.request.user)


class ParticipantRemoveView(ConfirmedActionView):
    model = Exercise
    template_name = "core/confirm_delete.html"

    def organization(self, obj: Exercise) -> Organization:
        return get_object_or_404(obj.participants.all(), pk=self.kwargs["organization"])

    def confirmation(self, obj: Exercise) -> dict[str, Any]:
        org = self.organization(obj)
        return {"title": _("Remove {organization} from the participants?").format(organization=org)}

    def perform(self, obj: Exercise) -> str:
        services.do_remove_participant(obj, self.organization(obj), actor=self.request.user)
        messages.success(self.request, _("Deleted."))
        return obj.get_absolute_url()


class EvaluationView(_ExerciseFormView):
    """The evaluation of a conducted exercise: each objective on the scale, strengths, improvements."""

    title = gettext_lazy("Evaluation")

    def get_form(self, obj: Exercise) -> EvaluationForm:
        post = self.request.method == "POST"
        return EvaluationForm(self.request.POST if post else None, user=self.request.user, exercise=obj)

    def perform(self, form: EvaluationForm, obj: Exercise) -> Exercise:
        return services.do_update_exercise(obj, actor=self.request.user, **form.service_fields())


class ImprovementItemAddView(_ExerciseFormView):
    """An area for improvement becomes a task of its owner, whose source is the exercise."""

    title = gettext_lazy("New improvement item")
    action = "add"
    success_message = gettext_lazy("The improvement item was given to its owner as a task.")

    def get_form(self, obj: Exercise) -> ImprovementItemForm:
        post = self.request.method == "POST"
        return ImprovementItemForm(self.request.POST if post else None, user=self.request.user, exercise=obj)

    def perform(self, form: ImprovementItemForm, obj: Exercise) -> Any:
        return services.do_add_improvement_item(obj, actor=self.request.user, **form.cleaned_data)



class ExerciseDocumentView(DraftFromSourceView):
    """The after-action report (BC) or the improvement plan (KH), drafted in the document register."""

    model = Exercise
    doc_type = DocumentType.REPORT
