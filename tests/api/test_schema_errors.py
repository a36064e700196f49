"""The OpenAPI schema describes the error answers the API really gives (#8: the fuzz gate checks it).

Before, a 400, 401, 403 or 404 was an undocumented status for nearly every operation, and a path under
/api/ that no route matches (`/api/v1/plans/1e-309/`) got Django's HTML page instead of the API's JSON.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def schema(api, world):
    response = api(world.org_a_manager).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_every_signed_in_operation_documents_its_json_errors(schema):
    checked = 0
    for path, method, operation in _operations(schema):
        if operation["operationId"] == "auth_token_create":
            continue
        responses = operation["responses"]
        for code in ("400", "401", "403", "404"):
            assert code in responses, f"{method.upper()} {path} does not document {code}"
            assert "application/json" in responses[code]["content"], f"{method.upper()} {path} {code}"
        if method in ("post", "put", "patch"):
            assert "415" in responses, f"{method.upper()} {path} does not document 415"
        checked += 1
    assert checked > 40  # every resource's operations, not a handful


def test_the_token_endpoint_keeps_its_own_answers_and_needs_no_token(schema):
    responses = schema["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert "401" not in responses and "403" not in responses
    assert responses["429"]["content"]["application/json"]["schema"]["$ref"].endswith("/TokenLockedOut")
    # The field errors of the token request, not the generic description.
    assert responses["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/TokenError")


@pytest.mark.parametrize("path", ["/api/v1/plans/2.225073858507203e-309/", "/api/v1/no-such-resource/"])
def test_a_path_no_api_route_matches_is_the_apis_json_404(api, world, path):
    response = api(world.org_a_manager).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_a_page_no_route_matches_is_still_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
