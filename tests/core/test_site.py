"""The site shell: home page, health check, language, demo banner, error pages, self-hosted assets."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import OperationalError
from django.template.loader import render_to_string
from django.test import Client

from pckb.core import views_site
from pckb.core.choices import Role
from pckb.core.testing import make_user

pytestmark = pytest.mark.django_db

VENDOR = Path(__file__).resolve().parents[2] / "src" / "pckb" / "static" / "vendor"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_answers_healthz_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_answers_healthz_503_when_the_database_is_unreachable(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views_site.connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_greets_the_user_with_their_organisations_roles_and_scope(world):
    html = _client(world.org_a_manager).get("/").content.decode()
    assert "Xin chào, org_a_manager" in html
    assert "Ban Chỉ đạo PCKB tỉnh A" in html and "Người quản lý" in html
    # a and a1 are in scope; root, b and b1 are not. The count links to the organisations it counts.
    assert re.search(r'<a [^>]*href="/organizations/"[^>]*>\s*<span class="display-6 d-block">2</span>', html)
    assert "Sở Y tế tỉnh B" not in html


def test_it_shows_the_administration_menu_only_to_administrators(world):
    assert "/accounts/users/" in _client(world.org_a_admin).get("/").content.decode()
    assert "/accounts/users/" in _client(world.superuser).get("/").content.decode()
    assert "/accounts/users/" not in _client(world.org_a_manager).get("/").content.decode()


def test_it_shows_the_users_scope_in_the_navigation_bar(world):
    html = _client(world.org_a1_editor).get("/").content.decode()
    menu = html[html.index("pckb-scope-menu") :]
    assert "Sở Y tế tỉnh A" in menu and "Người cập nhật" in menu


def test_it_speaks_vietnamese_by_default(world):
    html = _client(world.org_a_viewer).get("/").content.decode()
    assert '<html lang="vi">' in html
    assert "Tổng quan" in html and "Nhật ký" in html and "Đăng xuất" in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target


def test_it_switches_the_interface_to_english(world):
    client = _client(world.org_a_viewer)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Overview" in html and "Sign out" in html and "Tổng quan" not in html


def test_it_warns_on_every_page_that_the_demo_is_a_demo(world, settings, client):
    settings.DEMO = True
    assert "pckb-demo-banner" in client.get("/accounts/login/").content.decode()
    assert "Hệ thống trình diễn" in _client(world.org_a_viewer).get("/").content.decode()
    settings.DEMO = False
    assert "pckb-demo-banner" not in _client(world.org_a_viewer).get("/").content.decode()


def test_it_shows_a_vietnamese_not_found_page_in_the_site_look(world):
    response = _client(world.org_a_viewer).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy hoặc bạn không có quyền truy cập" in html
    assert "pckb-navbar" in html


def test_it_shows_a_forbidden_page_with_the_reason(world):
    response = _client(world.org_a_viewer).get(f"/accounts/users/{world.org_a_editor.pk}/edit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không được phép thực hiện thao tác này." in html
    assert "Bạn có thể xem người dùng này nhưng không có quyền quản trị họ." in html


def test_it_renders_the_server_error_page_without_a_request():
    html = render_to_string("500.html")
    assert "Hệ thống đã gặp sự cố." in html and "500" in html


def test_it_shows_the_widgets_other_apps_register_on_the_home_page(world):
    views_site.register_home_widget("core/_history.html")
    try:
        html = _client(world.org_a_viewer).get("/").content.decode()
    finally:
        views_site.HOME_WIDGETS.remove("core/_history.html")
    assert "Chưa có thay đổi nào được ghi nhận." in html


def test_it_loads_only_self_hosted_assets(world):
    html = _client(world.superuser).get("/").content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert any("vendor/bootstrap/" in a for a in assets) and any("vendor/htmx.org/" in a for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "hx-headers" in html and "X-CSRFToken" in html


def test_it_records_the_vendored_versions():
    records = json.loads((VENDOR / "VERSIONS.json").read_text())
    names = {
        "bootstrap",
        "bootstrap-icons",
        "echarts",
        "htmx.org",
        "leaflet",
        "leaflet.markercluster",
        "swagger-ui-dist",
        "vanillajs-datepicker",
    }
    assert {r["name"] for r in records} == names
    majors = {r["name"]: r["version"].split(".")[0] for r in records}
    assert majors == {
        "bootstrap": "5",
        "bootstrap-icons": "1",
        "echarts": "5",
        "htmx.org": "2",
        "leaflet": "1",
        "leaflet.markercluster": "1",
        "swagger-ui-dist": "5",
        "vanillajs-datepicker": "1",
    }
    for record in records:
        assert re.fullmatch(r"\d+\.\d+\.\d+", record["version"])
        assert record["integrity"].startswith("sha512-") and len(record["shasum"]) == 40
        for name in record["files"]:
            assert (VENDOR / record["name"] / name).is_file(), name


def test_it_serves_the_api_docs_from_vendored_swagger_ui(client, django_user_model):
    assert client.get("/api/v1/docs/").status_code == 401  # signed-in users only
    client.force_login(django_user_model.objects.create_user("reader", password="x-pass-123"))
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        assert f"/static/vendor/swagger-ui-dist/{name}" in html
        assert finders.find(f"vendor/swagger-ui-dist/{name}")
    assert "cdn." not in html and "unpkg" not in html


def test_it_lists_the_users_memberships_on_the_home_page(world):
    user = make_user("both", org=world.a1, role=Role.EDITOR)
    from pckb.organizations.models import Membership

    Membership.objects.create(user=user, organization=world.b, role=Role.VIEWER)
    html = _client(user).get("/").content.decode()
    assert "Sở Y tế tỉnh A" in html and "Ban Chỉ đạo PCKB tỉnh B" in html
    assert re.search(r"<span class=\"display-6 d-block\">3</span>", html)  # a1, b and b1
