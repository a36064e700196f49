"""`POST /api/v1/auth/token`: a token for good credentials, one generic 400 otherwise, 429 when locked."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from pckb.accounts.models import ApiToken
from pckb.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token"
GENERIC = "Tên đăng nhập hoặc mật khẩu không đúng."


@pytest.fixture
def api():
    return APIClient()


def test_it_creates_a_named_expiring_token_whose_key_is_kept_only_as_a_digest(api, world):
    first = api.post(URL, {"username": "org_a_editor", "password": PASSWORD, "name": "báo cáo"}, format="json")
    assert first.status_code == 200
    body = first.json()
    key = body["token"]
    token = ApiToken.objects.get(user=world.org_a_editor)
    assert token.name == body["name"] == "báo cáo" and body["read_only"] is False
    assert token.key_hash != key and key not in str(ApiToken.objects.values_list())
    days = (token.expires_at - token.created_at).days
    assert days in (89, 90)
    again = api.post(URL, {"username": "org_a_editor", "password": PASSWORD}, format="json")
    assert again.json()["token"] != key and ApiToken.objects.filter(user=world.org_a_editor).count() == 2


@pytest.mark.parametrize(
    "payload", [{"username": "org_a_editor", "password": "sai"}, {"username": "ai-do", "password": PASSWORD}]
)
def test_it_answers_wrong_credentials_with_one_generic_message(api, world, payload):
    response = api.post(URL, payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [GENERIC]}
    assert not ApiToken.objects.exists()


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
    assert right.status_code == 429 and not ApiToken.objects.exists()


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


def _token(api, username="org_a_editor", **extra):
    return api.post(URL, {"username": username, "password": PASSWORD, **extra}, format="json").json()["token"]


def test_it_refuses_an_expired_token(api, world):
    import datetime

    from django.utils import timezone

    key = _token(api)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/organizations/").status_code == 401


def test_a_read_only_token_reads_but_never_writes(api, world):
    key = _token(api, "org_a_manager", read_only=True)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/organizations/").status_code == 200
    body = {"organization": world.a.pk, "title": "Chương trình", "period_from": "2026-01-01", "period_to": "2026-12-31"}
    response = api.post("/api/v1/programs/", body, format="json")
    assert response.status_code == 403
    from pckb.plans.models import Program

    assert not Program.objects.exists()


def test_a_password_change_revokes_every_token(api, world):
    from pckb.accounts.services import do_set_password

    keys = [_token(api), _token(api)]
    do_set_password(world.org_a_editor, "Mat-khau-moi-2026!", actor=world.org_a_editor)
    for key in keys:
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        assert api.get("/api/v1/organizations/").status_code == 401
    assert set(ApiToken.objects.values_list("revoked_reason", flat=True)) == {"password changed"}


def test_the_owner_lists_and_revokes_a_token_and_an_outsider_cannot(api, world):
    key = _token(api)
    token = ApiToken.objects.get()
    owner = APIClient()
    owner.force_authenticate(world.org_a_editor)
    listed = owner.get("/api/v1/tokens/").json()["results"]
    assert [t["id"] for t in listed] == [token.pk] and "key_hash" not in listed[0]
    outsider = APIClient()
    outsider.force_authenticate(world.org_b_manager)
    assert outsider.get("/api/v1/tokens/", {"user": world.org_a_editor.pk}).json()["results"] == []
    assert outsider.delete(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert owner.delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/organizations/").status_code == 401


def test_an_administrator_of_the_user_revokes_their_token(api, world):
    _token(api)
    token = ApiToken.objects.get()
    admin = APIClient()
    admin.force_authenticate(world.org_a_admin)
    assert [t["id"] for t in admin.get("/api/v1/tokens/", {"user": world.org_a_editor.pk}).json()["results"]] == [
        token.pk
    ]
    assert admin.delete(f"/api/v1/tokens/{token.pk}/?user={world.org_a_editor.pk}").status_code == 204


def test_it_refuses_a_token_valid_for_too_long(api, world):
    response = api.post(URL, {"username": "org_a_editor", "password": PASSWORD, "days": 400}, format="json")
    assert response.status_code == 400 and "days" in response.json()
    assert not ApiToken.objects.exists()
