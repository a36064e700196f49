"""Every organisation-scoped route is in the permission matrix (#6).

The test walks the URL resolver (every include, the API router's routes under /api/v1/ too) and takes
every named route as organisation-scoped unless it is listed in UNSCOPED below with the reason. Each
scoped route must be covered by a permission-matrix class (the mixins of `pckb.core.testing`): a class
covers the routes its `url_prefix` or `endpoint` names, plus those in its `covers`. A new page or
endpoint therefore fails here until its module's tests subclass a matrix mixin for it, or until it is
added to UNSCOPED with a reason a reviewer can judge.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from pckb.core.testing import matrix_classes

TESTS = Path(__file__).parent

# Routes that are not organisation-scoped, and why. Keep the reason; a route without one is scoped.
UNSCOPED = {
    # Signing in and out, one's own account and preferences: about the signed-in user only.
    "accounts:login": "the sign-in page, public",
    "accounts:logout": "ends one's own session",
    "accounts:password_change": "one's own password",
    "accounts:password_change_done": "one's own password",
    "accounts:profile": "one's own profile",
    "accounts:mfa": "one's own two-step sign-in",
    "imports:job_status": "one's own import job: its uploader only, others a 404 (test_imports_jobs.py)",
    "api-import-job": "one's own import job: its uploader only, others a 404 (test_imports_jobs.py)",
    "accounts:mfa_verify": "the second step of one's own sign-in",
    "accounts:token_list": "one's own API tokens; another user's list goes through get_user_for_admin "
    "(tests/accounts/test_token_pages.py), revoking them is in the matrix (TestTokenRevocation)",
    "apitoken-list": "one's own API tokens (another user's only for their administrators: test_token_api.py)",
    "apitoken-detail": "one's own API token (another user's only for their administrators: test_token_api.py)",
    "api-token": "exchanges one's own credentials for a token",
    "set_language": "the language of one's own session",
    # Notifications belong to one recipient, not to an organisation: every query filters on the
    # signed-in user, and another user's notification is a 404 (tests/notifications).
    "notifications:inbox": "one's own notifications",
    "notifications:open": "one's own notification (another's is a 404, tests/notifications/test_views.py)",
    "notifications:mark_all_read": "one's own notifications",
    "notifications:settings": "one's own notification settings (per kind: in-app, e-mail, digest)",
    "notifications:preferences": "one's own e-mail switch",
    "notifications:badge": "one's own unread count",
    "notification-list": "one's own notifications",
    "notification-detail": "one's own notification (another's is a 404, tests/notifications/test_api.py)",
    "notification-read": "one's own notification (another's is a 404, tests/notifications/test_api.py)",
    "notification-read-all": "one's own notifications",
    # Public reference data: the administrative units are the same for every user.
    "geo:adminunit_list": "administrative units, public reference data",
    "geo:adminunit_detail": "administrative units, public reference data",
    "geo:adminunit_options": "administrative units, public reference data",
    "geo:map": "administrative units, public reference data",
    "geo:province_by_code": "administrative units, public reference data",
    "adminunit-list": "administrative units, public reference data",
    "adminunit-detail": "administrative units, public reference data",
    "documents:default_template": "the layout shipped with PCKB for a document type, no data of anyone",
    "scenario-list": "the scenario catalogue (situation types and default steps), public reference data",
    "scenario-detail": "the scenario catalogue (situation types and default steps), public reference data",
    "targets:commune_options": "the communes of a province (the target form's search box), public reference data",
    # The site itself.
    "home": "the dashboard; its counts come from the scoped task queries (tests/plans/test_views.py)",
    "healthz": "the load balancer's health check, no data",
    "api-root": "the list of API endpoints",
    "api-schema": "the OpenAPI schema, no data",
    "api-docs": "the API documentation page, no data",
}
# Django's own admin (superusers only, not part of the application's pages).
UNSCOPED_NAMESPACES = ("admin:",)


def _walk(patterns: list, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if not inner.startswith(UNSCOPED_NAMESPACES):
                names |= _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"every route has a name: {pattern.pattern}"
            names.add(f"{namespace}{pattern.name}")
    return names


def all_routes() -> set[str]:
    return _walk(get_resolver().url_patterns)


def _import_matrix_modules() -> None:
    """Import every test module that may define a matrix class, as pytest names them (rootdir-relative)."""
    for path in sorted(TESTS.rglob("test_*.py")):
        if "Matrix" not in path.read_text(encoding="utf-8"):
            continue
        base = path.parent
        while (base / "__init__.py").exists():
            base = base.parent
        if str(base) not in sys.path:
            sys.path.insert(0, str(base))
        module = ".".join(path.relative_to(base).with_suffix("").parts)
        importlib.import_module(module)


def covered_routes() -> dict[str, list[str]]:
    _import_matrix_modules()
    covered: dict[str, list[str]] = {}
    for cls in matrix_classes():
        for name in cls.covered_routes():
            covered.setdefault(name, []).append(f"{cls.__module__}.{cls.__qualname__}")
    return covered


def uncovered(routes: set[str], covered: dict[str, list[str]]) -> list[str]:
    """The organisation-scoped routes that no matrix class covers."""
    return sorted(routes - set(UNSCOPED) - set(covered))


def test_every_organisation_scoped_route_has_a_permission_matrix():
    missing = uncovered(all_routes(), covered_routes())
    assert not missing, f"scoped routes without a permission-matrix class: {missing}"


def test_a_new_route_without_a_matrix_fails():
    routes = all_routes() | {"reports:report_detail", "report-submit"}
    assert uncovered(routes, covered_routes()) == ["report-submit", "reports:report_detail"]


def test_the_matrix_and_the_unscoped_list_name_only_existing_routes():
    routes = all_routes()
    covered = covered_routes()
    assert not sorted(set(UNSCOPED) - routes), "UNSCOPED names routes that no longer exist"
    assert not {name: owners for name, owners in covered.items() if name not in routes}
    assert not sorted(set(UNSCOPED) & set(covered)), "a route in UNSCOPED has a matrix: remove it from UNSCOPED"


def test_the_walker_sees_pages_and_api_routes():
    routes = all_routes()
    assert {"plans:task_edit", "organizations:organization_detail", "task-transition", "plan-issue"} <= routes
