"""The state machine in the API: `POST /{resource}/{id}/transition` and `allowed_transitions`.

    class TaskSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
        class Meta:
            fields = [..., "allowed_transitions"]   # in the detail output, not in lists

    class TaskViewSet(TransitionActionMixin, ServiceViewSet):
        ...                                          # POST /tasks/{id}/transition {"to": "done", "comment": ""}

Answers: 200 with the record; 400 with field errors (`to` not in the table, `comment` missing); 403 for a
role too low; 404 for whoever may not see the record.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ..validators import validate_document_file
from .machine import do_transition, workflow_for

__all__ = [
    "TransitionCommentSerializer",
    "TransitionRequestSerializer",
    "AllowedTransitionSerializer",
    "AllowedTransitionsMixin",
    "TransitionActionMixin",
]


class TransitionCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    attachment = serializers.FileField(
        required=False,
        allow_null=True,
        validators=[validate_document_file],
        help_text=_("The document a step asks for (multipart requests only)."),
    )


class TransitionRequestSerializer(TransitionCommentSerializer):
    to = serializers.CharField(help_text=_("The next state, one of the record's allowed_transitions."))


class AllowedTransitionSerializer(serializers.Serializer):
    """One next state the caller may take now (OpenAPI description of `allowed_transitions`)."""

    to = serializers.CharField()
    label = serializers.CharField()
    comment = serializers.CharField(help_text=_('"none", "optional" or "required".'))
    comment_required = serializers.BooleanField()
    document = serializers.CharField(help_text=_('"none", "optional" or "required".'))
    confirm = serializers.BooleanField(help_text=_("Ask the user before taking this step."))
    destructive = serializers.BooleanField(help_text=_("Final or hard to undo."))


class AllowedTransitionsMixin(serializers.Serializer):
    """Adds `allowed_transitions` (the caller's next states) to a record's detail output."""

    allowed_transitions = serializers.SerializerMethodField()

    def _in_list(self) -> bool:
        return isinstance(self.parent, serializers.ListSerializer)

    @extend_schema_field(AllowedTransitionSerializer(many=True))
    def get_allowed_transitions(self, obj: Any) -> list[dict[str, Any]] | None:
        request = self.context.get("request")
        if self._in_list() or request is None:
            return None
        return [option.as_dict() for option in workflow_for(obj).allowed(obj, request.user)]

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        if self._in_list():
            # One permission check per row and state would make lists slow; the detail has them.
            data.pop("allowed_transitions", None)
        return data


class TransitionActionMixin:
    """`POST {id}/transition` for a scoped viewset whose model has a registered workflow.

    Aliases (e.g. a plan's `issue`) call `self.transition_response(request, "issued")` and are listed in
    `transition_actions` so that, like `transition`, they leave the rights to the workflow's table.
    """

    transition_actions: tuple[str, ...] = ("transition",)

    def write_action(self) -> str:
        if self.action in self.transition_actions:  # type: ignore[attr-defined]
            return "view"
        return super().write_action()  # type: ignore[misc]

    def transition_response(self, request: Request, to: str | None = None) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        body_class = TransitionRequestSerializer if to is None else TransitionCommentSerializer
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        obj = do_transition(
            obj,
            data["to"] if to is None else to,
            actor=request.user,
            comment=data.get("comment", ""),
            attachment=data.get("attachment"),
        )
        return Response(self.get_serializer(obj).data)  # type: ignore[attr-defined]

    @extend_schema(request=TransitionRequestSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: Any = None) -> Response:
        """Move the record to another state ({"to", "comment"}), as its workflow's table allows."""
        return self.transition_response(request)
