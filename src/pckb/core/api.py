"""API base: Bearer tokens, paging, scoped viewsets, serializers that run model validation."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions, serializers, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from . import audit
from .authentication import BearerTokenAuthentication
from .models import AuditEntry
from .pagination import CappedAPIPagination
from .scoping import NOT_FOUND_MESSAGE, check_write_scope, get_object_for_user, writable_organizations

__all__ = [
    "BearerTokenAuthentication",
    "ValidatedModelSerializer",
    "ScopedReadOnlyViewSet",
    "ScopedModelViewSet",
    "OrganizationField",
    "exception_handler",
    "AuditEntrySerializer",
    "AuditEntryViewSet",
    "ROUTES",
]


def exception_handler(exc: Exception, context: dict) -> Any:
    """Django's own errors become DRF answers: 400 with field messages, 404 without a leak."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        if NON_FIELD_ERRORS in detail:
            detail["non_field_errors"] = detail.pop(NON_FIELD_ERRORS)
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND_MESSAGE)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class ValidatedModelSerializer(serializers.ModelSerializer):
    """Runs the model's `full_clean()` too (DRF does not), so API and forms enforce the same rules."""

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        model = self.Meta.model
        if self.instance is not None:
            # Validate a copy: the view snapshots the untouched instance for the audit entry.
            instance = copy.deepcopy(self.instance)
            for key, value in attrs.items():
                if key not in {f.name for f in model._meta.many_to_many}:
                    setattr(instance, key, value)
        else:
            instance = model(**{k: v for k, v in attrs.items() if k not in {f.name for f in model._meta.many_to_many}})
        try:
            instance.full_clean(exclude=self._clean_exclude())
        except DjangoValidationError as err:
            detail = dict(err.message_dict)
            if NON_FIELD_ERRORS in detail:
                detail["non_field_errors"] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail)
        return attrs

    def _clean_exclude(self) -> list[str]:
        declared = set(self.fields)
        return [f.name for f in self.Meta.model._meta.fields if f.name not in declared]


class OrganizationField(serializers.PrimaryKeyRelatedField):
    """An organisation id limited to the organisations where the requesting user may add records."""

    action = "add"

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return writable_organizations(request.user if request else None, self.action)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and details only what `visible_to` allows; an invisible object is a 404."""

    def get_queryset(self) -> Any:
        return self.queryset.all().visible_to(self.request.user, "view")

    def get_object(self) -> Any:
        action = "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else self.write_action()
        pk = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        obj = get_object_for_user(self.request.user, self.filter_queryset(self.get_queryset()), pk, action)
        self.check_object_permissions(self.request, obj)
        return obj

    def write_action(self) -> str:
        return "delete" if self.request.method == "DELETE" else "change"


class ScopedModelViewSet(ScopedReadOnlyViewSet, viewsets.ModelViewSet):
    """CRUD with the scope re-checked inside the transaction and an audit entry for every write."""

    @transaction.atomic
    def perform_create(self, serializer: serializers.ModelSerializer) -> None:
        organization = serializer.validated_data.get("organization")
        check_write_scope(self.request.user, organization, "add")
        extra = {"created_by": self.request.user} if _has_field(serializer, "created_by") else {}
        obj = serializer.save(**extra)
        audit.record_create(obj, actor=self.request.user)

    @transaction.atomic
    def perform_update(self, serializer: serializers.ModelSerializer) -> None:
        before = audit.snapshot(serializer.instance)
        new_org = serializer.validated_data.get("organization")
        if new_org is not None:
            check_write_scope(self.request.user, new_org, "add")
        extra = {"updated_by": self.request.user} if _has_field(serializer, "updated_by") else {}
        obj = serializer.save(**extra)
        audit.record_update(obj, before, actor=self.request.user)

    @transaction.atomic
    def perform_destroy(self, instance: Any) -> None:
        before = audit.snapshot(instance)
        audit.record_delete(instance, before, actor=self.request.user)
        instance.delete()


def _has_field(serializer: serializers.ModelSerializer, name: str) -> bool:
    return any(f.name == name for f in serializer.Meta.model._meta.fields)


DELETE_PROTECTED_MESSAGE = _("This record is still referenced by other records and cannot be deleted.")

# DRF ships almost no Vietnamese. Its messages that API clients meet are marked here so that the
# project catalogue (src/pckb/locale) carries their translation: gettext finds them by the same text.
THIRD_PARTY_MESSAGES = (
    gettext_noop("This field may not be null."),
    gettext_noop("This field may not be blank."),
    gettext_noop("Not a valid string."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop('Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("This field must be unique."),
    gettext_noop("Invalid input."),
    gettext_noop("Malformed request."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("Invalid page."),
    gettext_noop("Invalid token."),
    gettext_noop("Invalid token header. No credentials provided."),
    gettext_noop("User inactive or deleted."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
)


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_name", read_only=True)
    organization = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "time",
            "actor",
            "organization",
            "action",
            "event_type",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "request_id",
        ]
        read_only_fields = fields


class AuditEntryViewSet(ScopedReadOnlyViewSet):
    """The audit trail of the caller's scope, newest first. Filters: `object_type`, `object_id`, `action`."""

    queryset = AuditEntry.objects.order_by("-id")
    serializer_class = AuditEntrySerializer
    # Millions of rows: the capped count, never COUNT(*) of the trail (also REST_FRAMEWORK's default).
    pagination_class = CappedAPIPagination
    filterset_fields = ["object_type", "object_id", "action", "event_type"]


ROUTES = [("audit-events", AuditEntryViewSet, "auditevent")]
