"""/api/v1/notifications/: one's own notifications, read-only except for marking them read."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import ScopedReadOnlyViewSet

from .filters import NotificationAPIFilterSet
from .models import Notification
from .services import do_mark_all_notifications_read, do_mark_notification_read

__all__ = ["NotificationSerializer", "NotificationViewSet", "ROUTES"]


class NotificationSerializer(serializers.ModelSerializer):
    """A notification as the API shows it to its recipient."""

    kind_display = serializers.CharField(source="kind_label", read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_display",
            "title",
            "body",
            "url",
            "object_type",
            "object_id",
            "organization",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields


class NotificationViewSet(ScopedReadOnlyViewSet):
    """The requesting user's notifications, newest first; anyone else's is a 404."""

    queryset = Notification.objects.order_by("-created_at", "-id")
    serializer_class = NotificationSerializer
    filterset_class = NotificationAPIFilterSet

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], url_path="read")
    def read(self, request: Request, pk: Any = None) -> Response:
        notification = self.get_object()
        do_mark_notification_read(notification, actor=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        request=None,
        responses=inline_serializer("NotificationsReadAll", {"updated": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"updated": do_mark_all_notifications_read(actor=request.user)})


ROUTES: list = [("notifications", NotificationViewSet, "notification")]
