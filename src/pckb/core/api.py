"""API base: Bearer tokens, paging, scoped related fields, and the one service-backed viewset."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .api_idempotency import IdempotentAPIMixin
from .authentication import BearerTokenAuthentication
from .models import AuditEntry
from .pagination import CappedAPIPagination
from .related import RELATED_BAD_ID, RELATED_NOT_FOUND, Limit, related_choices, takes_dated_records
from .scoping import NOT_FOUND_MESSAGE, get_object_for_user

__all__ = [
    "BearerTokenAuthentication",
    "ScopedRelatedField",
    "ScopedReadOnlyViewSet",
    "check_writable_fields",
    "ServiceCreateMixin",
    "ServiceUpdateMixin",
    "ServiceDestroyMixin",
    "ServiceViewSet",
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


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """The id of a related record the caller may use: `visible_to(user, action)`, narrowed by `limit`.

    The one related field of every serializer (`many=True` for several). A hidden id and a missing id
    get the same 400 message, without the id in it: the answer tells nothing about what exists.
    """

    default_error_messages = {"does_not_exist": RELATED_NOT_FOUND, "incorrect_type": RELATED_BAD_ID}

    def __init__(
        self, model: type[Model] | None = None, *, action: str = "view", limit: Limit | None = None, **kwargs: Any
    ) -> None:
        self.scoped_model, self.action, self.limit = model, action, limit
        if not kwargs.get("read_only"):
            if model is None:
                raise ImproperlyConfigured("ScopedRelatedField needs the related model")
            # Only a placeholder (it names the model for the schema): get_queryset() is what is offered.
            kwargs["queryset"] = model._default_manager.none()
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        # A serializer of dated records (a task) accepts merged or dissolved organisations: the service
        # then answers with the dated reason ("… was dissolved on …") rather than "not found".
        serializer = self.parent.parent if isinstance(self.parent, serializers.ManyRelatedField) else self.parent
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        return related_choices(
            request.user if request else None,
            self.scoped_model,
            self.action,
            self.limit,
            historical=takes_dated_records(model),
        )

    def to_internal_value(self, data: Any) -> Any:
        # Only whole numbers (or their digits): 1.5 or true must not be read as the record 1.
        if isinstance(data, bool) or not (isinstance(data, int) or (isinstance(data, str) and data.isdigit())):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class ScopedReadOnlyViewSet(IdempotentAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Lists and details only what `visible_to` allows; an invisible object is a 404.

    Its writes (the `Service*Mixin`s, actions) honour the `Idempotency-Key` header (core.api_idempotency).
    """

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


UNKNOWN_FIELD = _("Unknown field.")
READ_ONLY_FIELD = _("This field is read-only.")
FIXED_FIELD = _("This cannot be changed after the record is created.")


def check_writable_fields(serializer: serializers.BaseSerializer, data: Any) -> None:
    """A key of the request body that is not a writable field of `serializer` is a 400 naming it.

    DRF would ignore it, and the client would believe it had set a status or an unknown field.
    """
    if not isinstance(data, Mapping):
        return  # the serializer itself answers 400 "expected a dictionary"
    errors = {}
    for key in data:
        field = serializer.fields.get(key)
        if field is None:
            errors[key] = [UNKNOWN_FIELD]
        elif field.read_only:
            errors[key] = [READ_ONLY_FIELD]
    if errors:
        raise exceptions.ValidationError(errors)


class ServiceViewSetMixin:
    """What the service-backed create, update and delete share."""

    # Fields given at creation that never change afterwards: the same value again is accepted (a PUT
    # of the whole record), another value is a 400 naming the field.
    fixed_fields: tuple[str, ...] = ("organization",)

    def service_fields(self, data: dict[str, Any], instance: Any = None) -> dict[str, Any]:
        """The validated data as the service's keyword arguments (override to translate fields)."""
        return data

    def validated_body(self, serializer: serializers.BaseSerializer) -> dict[str, Any]:
        check_writable_fields(serializer, self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class ServiceCreateMixin(ServiceViewSetMixin):
    """POST: `create_service(owner, *, actor, **fields)`, the owner being the `owner_field` of the body."""

    create_service: Callable[..., Any] | None = None
    owner_field = "organization"

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated_body(self.get_serializer(data=request.data))
        owner = data.pop(self.owner_field, None)
        obj = type(self).create_service(owner, actor=request.user, **self.service_fields(data))
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)


class ServiceUpdateMixin(ServiceViewSetMixin):
    """PUT and PATCH: `update_service(obj, *, actor, **fields)` with the fields the body sets."""

    update_service: Callable[..., Any] | None = None

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.get("partial", False))
        data = self.validated_body(serializer)
        self.drop_unchanged_fixed_fields(serializer, instance, data)
        obj = type(self).update_service(instance, actor=request.user, **self.service_fields(data, instance))
        return Response(self.get_serializer(obj).data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def drop_unchanged_fixed_fields(self, serializer: Any, instance: Any, data: dict[str, Any]) -> None:
        given = [name for name in self.fixed_fields if name in data]
        if not given:
            return
        current = serializer.to_representation(instance)
        errors = {}
        for name in given:
            value = data.pop(name)
            new = None if value is None else serializer.fields[name].to_representation(value)
            if new != current.get(name):
                errors[name] = [FIXED_FIELD]
        if errors:
            raise exceptions.ValidationError(errors)


class ServiceDestroyMixin:
    """DELETE: `delete_service(obj, *, actor)`; 204."""

    delete_service: Callable[..., Any] | None = None

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        type(self).delete_service(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ServiceViewSet(ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ScopedReadOnlyViewSet):
    """The one API viewset of a writable resource: reads through `visible_to`, every write through a service.

    Declare `create_service`, `update_service`, `delete_service` (the app's `do_<verb>_<noun>`), and
    `owner_field`/`fixed_fields` when they differ. A resource with fewer writes combines
    `ScopedReadOnlyViewSet` with the mixins it needs (e.g. `ServiceCreateMixin` only). The service
    checks rights, validates and audits; its ValidationError, Http404 and PermissionDenied become
    400, 404 and 403 (`exception_handler`). A body key that is unknown or read-only is a 400.
    """


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
    # Null for entries about records without an organisation (accounts of superusers, ...).
    organization = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

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


def _attachment_routes() -> list:
    from .api_attachments import AttachmentViewSet  # imports this module: registered lazily

    return [("attachments", AttachmentViewSet, "attachment")]


def _document_routes() -> list:
    from .register.api import ROUTES as document_routes  # imports this module: registered lazily

    return list(document_routes)


ROUTES = [("audit-events", AuditEntryViewSet, "auditevent"), *_attachment_routes(), *_document_routes()]
