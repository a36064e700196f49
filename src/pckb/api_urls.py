"""/api/v1/: each app lists its viewsets in `<app>/api.py` as ROUTES; they share one router here."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from pckb.core.imports.api import ImportJobStatusView

API_APPS = [
    "accounts",
    "geo",
    "organizations",
    "core",
    "plans",
    "targets",
    "inspections",
    "outreach",
    "incidents",
    "exercises",
    "awards",
    "reports",
    "notifications",
]

router = DefaultRouter()
# Optional slash: the issues name endpoints without one (/tasks/{id}/transition) and a POST cannot follow
# APPEND_SLASH's redirect. DRF takes only a boolean in __init__, so the pattern is set afterwards.
router.trailing_slash = "/?"
for app in API_APPS:
    for prefix, viewset, basename in getattr(import_module(f"pckb.{app}.api"), "ROUTES", []):
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("pckb.accounts.api_urls")),
    path("import-jobs/<int:pk>", ImportJobStatusView.as_view(), name="api-import-job"),
    path("", include(router.urls)),
]
