"""`POST /api/v1/auth/token`: a token for good credentials, one generic 400 otherwise, 429 when locked."""

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from pckb.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token"
GENERIC = "Tên đăng nhập hoặc mật khẩu không đúng."


@pytest.fixture
def api():
    return APIClient()


def test_it_returns_the_same_token_for_good_credentials(api, world):
    first = api.post(URL, {"username": "org_a_editor", "password": PASSWORD}, format="json")
    assert first.status_code == 200
    key = first.json()["token"]
    assert Token.objects.get(user=world.org_a_editor).key == key
    again = api.post(URL, {"username": "org_a_editor", "password": PASSWORD}, format="json")
    assert again.json() == {"token": key}


@pytest.mark.parametrize(
    "payload", [{"username": "org_a_editor", "password": "sai"}, {"username": "ai-do", "password": PASSWORD}]
)
def test_it_answers_wrong_credentials_with_one_generic_message(api, world, payload):
    response = api.post(URL, payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [GENERIC]}
    assert not Token.objects.exists()


def test_it_refuses_an_inactive_account_like_a_wrong_password(api, world):
    world.org_a_editor.is_active = False
    world.org_a_editor.save()
    response = api.post(URL, {"username": "org_a_editor", "password": PASSWORD}, format="json")
    assert response.status_code == 400 and response.json() == {"non_field_errors": [GENERIC]}


def test_it_names_missing_fields(api, world):
    response = api.post(URL, {"username": "org_a_editor"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"password": ["Trường này là bắt buộc."]}
    assert api.post(URL, "not json", content_type="application/json").status_code == 400


def test_it_locks_the_account_after_repeated_failures(api, world):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert api.post(URL, {"username": "org_a_editor", "password": "sai"}, format="json").status_code == 400
    locked = api.post(URL, {"username": "org_a_editor", "password": "sai"}, format="json")
    assert locked.status_code == 429
    assert "khóa" in locked.json()["detail"]
    right = api.post(URL, {"username": "org_a_editor", "password": PASSWORD}, format="json")
    assert right.status_code == 429 and not Token.objects.exists()


def test_it_counts_api_and_page_failures_together(api, client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "org_a_editor", "password": "sai"})
    assert api.post(URL, {"username": "org_a_editor", "password": PASSWORD}, format="json").status_code == 429


def test_it_lets_the_bearer_token_authenticate_api_requests(api, world):
    assert api.get("/api/v1/").status_code == 401
    key = api.post(URL, {"username": "org_a_editor", "password": PASSWORD}, format="json").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api.get("/api/v1/").status_code == 401


def test_it_stops_accepting_the_token_of_a_deactivated_user(api, world):
    key = api.post(URL, {"username": "org_a_editor", "password": PASSWORD}, format="json").json()["token"]
    world.org_a_editor.is_active = False
    world.org_a_editor.save()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/").status_code == 401


def test_it_documents_the_endpoint_in_the_openapi_schema(api, django_user_model):
    api.force_authenticate(django_user_model.objects.create_user("reader", password="x-pass-123"))
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"]["/api/v1/auth/token"]["post"]
    assert operation.get("security") in (None, [], [{}]) and "security" not in schema  # no credentials needed
    assert set(operation["responses"]) >= {"200", "400", "429"}
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][request]["required"]) == {"username", "password"}
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
