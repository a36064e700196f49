"""/api/v1/commendations/: proposals through the same services as the pages, with the transition endpoint."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from pckb.core.api import ScopedRelatedField, ServiceViewSet
from pckb.core.sources import resolve_source
from pckb.core.workflow.api import AllowedTransitionsMixin, TransitionActionMixin
from pckb.organizations.models import Organization

from . import services
from .filters import CommendationFilterSet
from .models import Commendation

__all__ = ["CommendationSerializer", "CommendationViewSet", "ROUTES"]

MAX_ACHIEVEMENTS = 50


class AchievementSerializer(serializers.Serializer):
    source_type = serializers.CharField(max_length=100, help_text='"app.model", e.g. "exercises.exercise".')
    source_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {
            "source_type": f"{instance.source_type.app_label}.{instance.source_type.model}",
            "source_id": instance.source_id,
        }


class CommendationSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    recipient_organization = ScopedRelatedField(Organization, required=False, allow_null=True)
    achievements = AchievementSerializer(many=True, required=False)

    class Meta:
        model = Commendation
        fields = [
            "id",
            "organization",
            "recipient_kind",
            "recipient_organization",
            "recipient_name",
            "recipient_title",
            "form",
            "issuing_authority",
            "decision_number",
            "decision_date",
            "reason",
            "year",
            "status",
            "decided_by",
            "decided_on",
            "batch",
            "achievements",
            "classification",
            "created_by",
            "created_at",
            "updated_at",
            "allowed_transitions",
        ]
        read_only_fields = [
            "status",
            "decided_by",
            "decided_on",
            "batch",
            "created_by",
            "created_at",
            "updated_at",
        ]


class CommendationViewSet(TransitionActionMixin, ServiceViewSet):
    """Commendations; filters q, status, form, recipient_kind, year, organization, batch.

    `POST {id}/transition` {"to": "approved"} or {"to": "rejected", "comment": reason} (managers of the
    proposing organisation). `achievements` are records of the system: [{"source_type", "source_id"}].
    """

    queryset = (
        Commendation.objects.select_related("organization")
        .prefetch_related("achievements__source_type")
        .order_by("-year", "-id")
    )
    serializer_class = CommendationSerializer
    filterset_class = CommendationFilterSet
    create_service = services.do_propose_commendation
    update_service = services.do_update_commendation
    delete_service = services.do_delete_commendation

    def service_fields(self, data: dict[str, Any], instance: Any = None) -> dict[str, Any]:
        if "achievements" in data:
            rows = data["achievements"]
            if len(rows) > MAX_ACHIEVEMENTS:
                raise ValidationError({"achievements": [_("At most 50 linked achievements.")]})
            data["achievements"] = [
                resolve_source(row["source_type"], row["source_id"], self.request.user, field="achievements")
                for row in rows
            ]
        return data


ROUTES: list = [("commendations", CommendationViewSet, "commendation")]
