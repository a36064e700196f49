"""API sign-in: `POST /api/v1/auth/token` exchanges a username and password for a Bearer token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .forms import LOGIN_FAILED

__all__ = ["ROUTES", "TokenRequestSerializer", "TokenResponseSerializer", "ObtainTokenView"]

ROUTES: list = []

LOCKED_OUT = _("Too many failed sign-in attempts: this account is locked for a while. Try again later.")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Username"), max_length=150)
    password = serializers.CharField(label=_("Password"), max_length=256, style={"input_type": "password"})


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(label=_("Token"), read_only=True)


class ObtainTokenView(APIView):
    """Wrong credentials are one generic 400 and are counted by django-axes, exactly like the login page."""

    authentication_classes: list = []  # a sign-in needs neither a session (nor its CSRF check) nor a token
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        operation_id="auth_token_create",
        summary="Obtain an API token",
        description=(
            "Exchange a username and password for the user's API token (created on first use, then always "
            "the same). Send it on every request as `Authorization: Bearer <token>`. Failed attempts are "
            "counted; after too many the account is locked for a while (429)."
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
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
