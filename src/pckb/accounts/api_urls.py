"""API routes of accounts that are not viewsets (included under /api/v1/)."""

from django.urls import path

from .api import ObtainTokenView

urlpatterns = [
    path("auth/token", ObtainTokenView.as_view(), name="api-token"),
]
