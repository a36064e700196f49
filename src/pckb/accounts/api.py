"""API sign-in: `POST /api/v1/auth/token` exchanges a username and password for a Bearer token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pckb.core.api_idempotency import IdempotentAPIMixin
from pckb.core.pagination import CappedAPIPagination

from .access import users_visible_to
from .forms import LOGIN_FAILED
from .mfa import WRONG_CODE, has_mfa, verify_code
from .models import ApiToken
from .tokens import DEFAULT_DAYS, MAX_DAYS, can_manage_tokens_of, do_create_token, do_revoke_token

__all__ = [
    "ROUTES",
    "TokenRequestSerializer",
    "TokenResponseSerializer",
    "ObtainTokenView",
    "ApiTokenSerializer",
    "ApiTokenViewSet",
]

ROUTES: list = []  # filled at the end of the module

LOCKED_OUT = _("Too many failed sign-in attempts: this account is locked for a while. Try again later.")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Username"), max_length=150)
    password = serializers.CharField(label=_("Password"), max_length=256, style={"input_type": "password"})
    name = serializers.CharField(label=_("Name"), max_length=100, required=False, default="API")
    days = serializers.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, default=DEFAULT_DAYS)
    read_only = serializers.BooleanField(label=_("Read only"), default=False)
    otp = serializers.CharField(
        label=_("Code"),
        max_length=20,
        required=False,
        default="",
        help_text=_("For an account with two-step sign-in: the authenticator's code, or a recovery code."),
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(label=_("Token"), read_only=True)
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)
    read_only = serializers.BooleanField(read_only=True)


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "user",
            "name",
            "prefix",
            "read_only",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "revoked_reason",
            "is_active",
        ]
        read_only_fields = fields


class ApiTokenViewSet(IdempotentAPIMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's own API tokens (an administrator adds `?user=<id>` for a user they manage).

    DELETE revokes: the token stays listed, revoked, for the record. Keys are never shown again.
    """

    serializer_class = ApiTokenSerializer
    pagination_class = CappedAPIPagination

    def get_queryset(self) -> Any:
        actor = self.request.user
        user_id = self.request.query_params.get("user")
        owners = get_user_model().objects.filter(pk=actor.pk)
        if user_id and str(user_id) != str(actor.pk):
            owners = users_visible_to(actor, "admin").filter(pk=user_id) if str(user_id).isdigit() else owners.none()
            owners = [u for u in owners if can_manage_tokens_of(actor, u)]
        return ApiToken.objects.filter(user__in=owners).select_related("user")

    def perform_destroy(self, instance: ApiToken) -> None:
        do_revoke_token(instance, actor=self.request.user)


class ObtainTokenView(APIView):  # not idempotent by key: anonymous, and its answer is a secret (never stored)
    """Wrong credentials are one generic 400 and are counted by django-axes, exactly like the login page."""

    authentication_classes: list = []  # a sign-in needs neither a session (nor its CSRF check) nor a token
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        operation_id="auth_token_create",
        summary="Obtain an API token",
        description=(
            "Exchange a username and password for a new named API token, valid `days` days (default 90, at "
            "most 365), optionally read-only. The key is shown in this answer only: PCKB keeps a digest. "
            "Send it on every request as `Authorization: Bearer <token>`. A password change or a locked "
            "account revokes every token. Failed attempts are counted; after too many the account is locked "
            "for a while (429)."
        ),
        tags=["auth"],
        auth=[],
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(
                description=(
                    "Wrong username or password (`non_field_errors`), or a missing or too long field (the "
                    "field's name with its messages)."
                ),
                response=inline_serializer(
                    "TokenError",
                    {
                        name: serializers.ListField(child=serializers.CharField(), required=False)
                        for name in ("non_field_errors", "username", "password")
                    },
                ),
            ),
            429: OpenApiResponse(
                description="Locked after too many failed attempts.",
                response=inline_serializer("TokenLockedOut", {"detail": serializers.CharField()}),
            ),
        },
        examples=[OpenApiExample("Sign in", value={"username": "quangninh", "password": "…"}, request_only=True)],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(
            request=django_request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            # Answer in JSON ourselves; left set, the flag makes axes' middleware replace this with its HTML page.
            django_request.axes_locked_out = False
            return Response({"detail": str(LOCKED_OUT)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None:
            return Response({"non_field_errors": [str(LOGIN_FAILED)]}, status=status.HTTP_400_BAD_REQUEST)
        data = serializer.validated_data
        if has_mfa(user) and verify_code(user, data["otp"]) is None:
            return Response({"otp": [str(WRONG_CODE)]}, status=status.HTTP_400_BAD_REQUEST)
        token, key = do_create_token(
            user, actor=user, name=data["name"], days=data["days"], read_only=data["read_only"]
        )
        body = {"token": key, "id": token.pk, "name": token.name, "read_only": token.read_only}
        return Response({**body, "expires_at": token.expires_at.isoformat()})


ROUTES.append(("tokens", ApiTokenViewSet, "apitoken"))
