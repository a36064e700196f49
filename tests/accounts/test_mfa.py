"""Two-step sign-in (#8): set-up, the code step after the password, recovery codes, throttled wrong
codes, required for managers by a setting, token creation, administrator reset."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from pckb.accounts import mfa
from pckb.core.models import AuditEntry
from pckb.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

MFA = reverse("accounts:mfa")
VERIFY = reverse("accounts:mfa_verify")
HOME = reverse("home")


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enable(user) -> list[str]:
    device = mfa.do_start_totp(user, actor=user)
    return mfa.do_confirm_totp(user, code_for(device), actor=user)


def login(client, username: str) -> None:
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_it_sets_up_with_a_qr_code_and_confirms_with_a_code(client, world):
    client.force_login(world.org_a_editor)
    page = client.post(MFA, {"step": "start"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html and page.context["secret"] in html
    device = TOTPDevice.objects.get(user=world.org_a_editor, confirmed=False)
    wrong = client.post(MFA, {"step": "confirm", "code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    done = client.post(MFA, {"step": "confirm", "code": code_for(device, 1)})
    assert done.status_code == 200 and len(done.context["recovery_codes"]) == mfa.RECOVERY_CODES
    assert mfa.has_mfa(world.org_a_editor)
    assert AuditEntry.objects.filter(event_type="accounts.user.mfa_enabled", object_id=str(world.org_a_editor.pk))


def test_it_asks_for_the_code_after_the_password(client, world):
    enable(world.org_a_editor)
    login(client, "org_a_editor")
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.get("/api/v1/organizations/").status_code == 403
    device = TOTPDevice.objects.get(user=world.org_a_editor)
    wrong = client.post(VERIFY, {"code": "12345x", "next": HOME})
    assert wrong.status_code == 400
    device.throttle_reset()
    right = client.post(VERIFY, {"code": code_for(device, 1), "next": HOME})
    assert right.status_code == 302 and right["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_a_recovery_code_works_once(client, world):
    codes = enable(world.org_a_editor)
    login(client, "org_a_editor")
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    client.logout()
    login(client, "org_a_editor")
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert StaticToken.objects.filter(device__user=world.org_a_editor).count() == mfa.RECOVERY_CODES - 1


def test_wrong_codes_are_throttled_even_before_a_right_one(client, world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 600  # each failure waits 10 minutes and more: no race with the clock
    enable(world.org_a_editor)
    login(client, "org_a_editor")
    device = TOTPDevice.objects.get(user=world.org_a_editor)
    assert client.post(VERIFY, {"code": "000001"}).status_code == 400
    assert client.post(VERIFY, {"code": code_for(device, 1)}).status_code == 400
    assert client.get(HOME).status_code == 302


def test_it_requires_a_manager_to_set_it_up_when_the_setting_is_on(client, world, settings):
    settings.PCKB_MFA_REQUIRED = True
    login(client, "org_a_manager")
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(MFA)
    assert client.get(MFA).status_code == 200
    viewer = client_for(world, "org_a_viewer")
    assert viewer.get(HOME).status_code == 200
    enable(world.org_a_manager)
    client.force_login(world.org_a_manager)
    assert client.post(MFA, {"step": "disable"}).status_code == 302
    assert mfa.has_mfa(world.org_a_manager)


def client_for(world, username: str):
    from django.test import Client

    client = Client()
    login(client, username)
    return client


def test_the_api_token_needs_the_code_when_two_step_is_on(world):
    enable(world.org_a_editor)
    device = TOTPDevice.objects.get(user=world.org_a_editor)
    api = APIClient()
    body = {"username": "org_a_editor", "password": PASSWORD}
    missing = api.post("/api/v1/auth/token", body, format="json")
    assert missing.status_code == 400 and "otp" in missing.json()
    ok = api.post("/api/v1/auth/token", {**body, "otp": code_for(device, 1)}, format="json")
    assert ok.status_code == 200 and ok.json()["token"]


def test_an_administrator_resets_a_lost_authenticator_and_an_outsider_cannot(client, world):
    enable(world.org_a_editor)
    url = reverse("accounts:mfa_reset", args=[world.org_a_editor.pk])
    client.force_login(world.org_b_manager)
    assert client.post(url).status_code == 404
    assert mfa.has_mfa(world.org_a_editor)
    client.force_login(world.org_a_admin)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not mfa.has_mfa(world.org_a_editor)
    assert AuditEntry.objects.filter(event_type="accounts.user.mfa_reset").count() == 1


def test_a_session_without_two_step_is_rechecked_now_and_then_not_on_every_page(client, world):
    from pckb.accounts.middleware import SESSION_KEY

    login(client, "org_a_editor")
    assert client.get(HOME).status_code == 200
    assert client.session[SESSION_KEY] > 0  # no authenticator: not asked again for a while
    enable(world.org_a_editor)  # set up from another session
    session = client.session
    session[SESSION_KEY] = 0  # the while is over
    session.save()
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_resetting_a_user_without_two_step_changes_nothing_and_says_so(client, world):
    client.force_login(world.org_a_admin)
    url = reverse("accounts:mfa_reset", args=[world.org_a_editor.pk])
    page = client.get(reverse("accounts:user_detail", args=[world.org_a_editor.pk])).content.decode()
    assert url not in page  # no button for an action with nothing to do
    response = client.post(url, follow=True)
    assert "không có đăng nhập hai bước" in response.content.decode()
    assert not AuditEntry.objects.filter(event_type="accounts.user.mfa_reset").exists()
