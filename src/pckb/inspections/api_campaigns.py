"""/api/v1/self-assessment-campaigns/ and /self-assessments/: the same services and scoping as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from pckb.core.api import ScopedReadOnlyViewSet, ScopedRelatedField, ServiceCreateMixin, ServiceUpdateMixin
from pckb.core.workflow.api import AllowedTransitionsMixin, TransitionActionMixin
from pckb.organizations.models import Organization

from . import services
from .filters import CampaignFilterSet, SelfAssessmentFilterSet
from .models import Campaign, Checklist, SelfAssessment

__all__ = ["CampaignSerializer", "SelfAssessmentSerializer", "ROUTES"]


class CampaignSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    checklist = ScopedRelatedField(Checklist)
    # Any unit the caller can see; the service refuses one not below the committee (400, named).
    recipients = ScopedRelatedField(Organization, many=True)

    class Meta:
        model = Campaign
        fields = ["id", "organization", "title", "checklist", "deadline", "recipients", "classification",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class CampaignViewSet(ServiceCreateMixin, ScopedReadOnlyViewSet):
    """Self-assessment campaigns; filters `organization`, `year`. POST sends a published checklist to
    units below the committee, each given a blank self-assessment (`/self-assessments/?campaign=`)."""

    queryset = Campaign.objects.prefetch_related("recipients").order_by("-deadline", "-id")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    create_service = services.do_create_campaign


class SelfAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True, required=False)


class SelfAssessmentSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    answers = serializers.DictField(
        child=SelfAnswerSerializer(),
        help_text='{"<criterion id>": {"answer": "met|partly|not_met|na|", "note": "..."}}; a PATCH changes '
                  "the criteria it names.",
    )
    status = serializers.SerializerMethodField()

    class Meta:
        model = SelfAssessment
        fields = ["id", "campaign", "organization", "unit_kind", "answers", "score", "status", "classification",
                  "created_at", "updated_at", "allowed_transitions"]
        read_only_fields = ["campaign", "organization", "unit_kind", "score", "classification", "created_at",
                            "updated_at"]

    @extend_schema(responses=str)
    def get_status(self, obj: SelfAssessment) -> str:
        return "submitted" if obj.submitted else "draft"


def _answer(obj: SelfAssessment, *, actor: Any, answers: dict | None = None) -> SelfAssessment:
    return services.do_answer_self_assessment(obj, answers or {}, actor=actor)


class SelfAssessmentViewSet(TransitionActionMixin, ServiceUpdateMixin, ScopedReadOnlyViewSet):
    """Each unit's answers to a campaign (the unit writes, the committee reads); filters `campaign`,
    `organization`. PATCH {"answers": {...}} records answers; `POST {id}/transition` {"to": "submitted"}."""

    queryset = SelfAssessment.objects.select_related("campaign").order_by("id")
    serializer_class = SelfAssessmentSerializer
    filterset_class = SelfAssessmentFilterSet
    update_service = staticmethod(_answer)
    fixed_fields = ()
    http_method_names = ["get", "patch", "post", "head", "options"]


ROUTES: list = [
    ("self-assessment-campaigns", CampaignViewSet, "selfassessmentcampaign"),
    ("self-assessments", SelfAssessmentViewSet, "selfassessment"),
]
