"""Headers (#8): CSP with nothing inline, Permissions-Policy, no-store for signed-in pages and the API,
HTTPS settings, Django's admin off by default, and `check --deploy` clean in the production set-up."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

import pckb

pytestmark = pytest.mark.django_db

TEMPLATES = Path(pckb.__file__).parent


def test_it_sends_a_strict_content_security_policy(client, world):
    client.force_login(world.org_a_manager)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_template_has_inline_script_style_or_handler():
    offenders = []
    patterns = [
        re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
        re.compile(r"<style\b", re.I),
        re.compile(r"\sstyle=\"", re.I),
        re.compile(r"\son[a-z]+=\"", re.I),
    ]
    for path in TEMPLATES.rglob("*.html"):
        if "static" in path.parts:
            continue
        text = path.read_text()
        offenders += [f"{path.relative_to(TEMPLATES)}: {p.pattern}" for p in patterns if p.search(text)]
    assert offenders == []


def test_the_api_docs_page_loads_its_script_from_a_file(client, world):
    client.force_login(world.org_a_manager)
    html = client.get("/api/v1/docs/").content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html) is None


def test_it_never_lets_a_signed_in_page_or_the_api_be_cached(client, world):
    client.force_login(world.org_a_manager)
    for url in (reverse("home"), "/api/v1/organizations/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["Permissions-Policy"].startswith("accelerometer=()")


def test_it_keeps_the_login_page_cacheable_only_as_django_decides(client):
    response = client.get(reverse("accounts:login"))
    assert "Permissions-Policy" in response and "Content-Security-Policy" in response


def test_django_admin_is_off_by_default(client, world):
    client.force_login(world.superuser)
    assert client.get("/django-admin/").status_code == 404


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    env = {
        **os.environ,
        "PCKB_DATA_DIR": str(tmp_path),
        "PCKB_SECRET_KEY": secrets.token_urlsafe(50),
        "PCKB_DEBUG": "0",
        "PCKB_ALLOWED_HOSTS": "pckb.example.gov.vn",
        "PCKB_SECURE_COOKIES": "1",
        "PCKB_BEHIND_PROXY": "1",
        "PCKB_SSL_REDIRECT": "1",
        "PCKB_HSTS_SECONDS": "31536000",
        "PCKB_HSTS_PRELOAD": "1",
        "DJANGO_SETTINGS_MODULE": "pckb.settings",
    }
    env.pop("PCKB_DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest; check --deploy warns on it
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
