"""Site-wide pages: the home page (overview), the health check and the 404 answer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from .scoping import NOT_FOUND_MESSAGE

__all__ = ["home", "healthz", "page_not_found", "register_home_widget", "HOME_WIDGETS"]

# Templates included on the home page, in order. Apps add theirs from AppConfig.ready() with
# register_home_widget("plans/_home_widget.html"); each renders inside a card column with the
# home page's context (request, user, memberships).
HOME_WIDGETS: list[str] = []


def register_home_widget(template_name: str) -> None:
    if template_name not in HOME_WIDGETS:
        HOME_WIDGETS.append(template_name)


def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Greeting, the user's organisations and roles, the size of their scope, quick links, app widgets."""
    from pckb.organizations.models import Organization

    user = request.user
    memberships = user.memberships.select_related("organization").order_by("organization__path")
    context = {
        "memberships": memberships,
        "organization_count": Organization.objects.filter(is_active=True).visible_to(user).count(),
        "home_widgets": list(HOME_WIDGETS),
    }
    return render(request, "home.html", context)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`handler404`: an API client gets the API's JSON 404 (`{"detail": ...}`), not the HTML page.

    A path under /api/ that no route matches (`/api/v1/plans/1e-309/`: ids have no dot) is answered here,
    outside DRF; the OpenAPI schema documents 404 as JSON for every operation.
    """
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NOT_FOUND_MESSAGE)}, status=404)
    return defaults.page_not_found(request, exception)
