"""API token pages: create (key shown once), list, revoke with confirmation; admins revoke others'."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pckb.accounts.models import ApiToken
from pckb.accounts.tokens import digest, do_create_token
from pckb.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LIST = reverse("accounts:token_list")


def test_it_shows_the_new_key_once_and_keeps_only_its_digest(client, world):
    client.force_login(world.org_a_editor)
    response = client.post(LIST, {"name": "Báo cáo tự động", "days": 30, "read_only": "on"})
    assert response.status_code == 200
    key = response.context["key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=world.org_a_editor)
    assert token.key_hash == digest(key) and token.read_only and token.name == "Báo cáo tự động"
    assert AuditEntry.objects.filter(event_type="accounts.apitoken.create").count() == 1
    again = client.get(LIST)
    assert key not in again.content.decode() and "Báo cáo tự động" in again.content.decode()


def test_it_refuses_a_nameless_token(client, world):
    client.force_login(world.org_a_editor)
    response = client.post(LIST, {"name": "  ", "days": 90})
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_it_revokes_after_confirmation(client, world):
    token, _key = do_create_token(world.org_a_editor, actor=world.org_a_editor, name="x")
    client.force_login(world.org_a_editor)
    url = reverse("accounts:token_revoke", args=[token.pk])
    assert client.get(url).status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_outsider_gets_404_and_revokes_nothing(client, world):
    token, _key = do_create_token(world.org_a_editor, actor=world.org_a_editor, name="x")
    client.force_login(world.org_b_manager)
    url = reverse("accounts:token_revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.get(LIST, {"user": world.org_a_editor.pk}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_administrator_lists_and_revokes_but_cannot_create_for_someone_else(client, world):
    token, _key = do_create_token(world.org_a_editor, actor=world.org_a_editor, name="kịch bản")
    client.force_login(world.org_a_admin)
    page = client.get(LIST, {"user": world.org_a_editor.pk})
    assert page.status_code == 200 and "kịch bản" in page.content.decode()
    created = client.post(f"{LIST}?user={world.org_a_editor.pk}", {"name": "y", "days": 30})
    assert created.status_code == 403 and ApiToken.objects.count() == 1
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_viewer_of_the_users_organisation_cannot_revoke(client, world):
    token, _key = do_create_token(world.org_a_editor, actor=world.org_a_editor, name="x")
    client.force_login(world.org_a_viewer)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 403
    assert client.get(LIST, {"user": world.org_a_editor.pk}).status_code == 403
