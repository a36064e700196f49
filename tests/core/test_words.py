"""No technical text in the Vietnamese interface, and no English word translated two ways."""

import datetime
import importlib.util
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from pckb.accounts import services as account_services
from pckb.core.models import AuditEntry
from pckb.organizations.models import Organization
from pckb.plans import services as plan_services

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_i18n.py"


def _check_i18n():
    if "check_i18n" not in sys.modules:  # dataclasses look their module up while the class is made
        spec = importlib.util.spec_from_file_location("check_i18n", SCRIPT)
        module = importlib.util.module_from_spec(spec)
        sys.modules["check_i18n"] = module
        spec.loader.exec_module(module)
    return sys.modules["check_i18n"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_check_i18n_fails_on_one_msgid_translated_two_ways():
    i18n = _check_i18n()
    entry = i18n.Entry
    found = i18n.collisions(
        {"organizations": [entry("title", msgstr=["chức vụ"])], "plans": [entry("title", msgstr=["tiêu đề"])]}
    )
    assert len(found) == 1 and "'title'" in found[0] and "chức vụ" in found[0] and "tiêu đề" in found[0]
    # Told apart by a context, or translated alike, they do not collide.
    assert not i18n.collisions(
        {
            "organizations": [entry("title", msgctxt="job position", msgstr=["chức vụ"])],
            "plans": [entry("title", msgstr=["tiêu đề"])],
            "global": [entry("Cancel", msgstr=["Hủy"])],
            "geo": [entry("Cancel", msgstr=["Hủy"])],
        }
    )


def test_the_committed_catalogues_translate_each_string_one_way():
    assert _check_i18n()._collision_problems() == []


def test_a_plans_title_is_a_title_and_a_roster_entrys_is_a_position(world):
    html = _client(world.org_a_editor).get(reverse("plans:plan_add")).content.decode()
    assert "Tiêu đề" in html and "Chức vụ" not in html
    roster = reverse("organizations:committeemember_add") + f"?committee={world.a.pk}"
    assert "Chức vụ" in _client(world.org_a_manager).get(roster).content.decode()


def test_the_audit_log_names_events_and_record_kinds_in_vietnamese(world):
    account_services.record_sign_in(world.org_a_admin)
    client = _client(world.superuser)
    html = client.get("/audit/").content.decode()
    assert "Người dùng: Đăng nhập" in html and "signed in" not in html and "signed_in" not in html
    # The record kinds of the filter read as names, capitalised.
    assert '<option value="accounts.user">Người dùng</option>' in html
    entry = AuditEntry.objects.get(event_type="accounts.user.signed_in")
    detail = client.get(f"/audit/{entry.pk}/").content.decode()
    assert "accounts.user" not in detail and f"#{world.org_a_admin.pk}" not in detail
    assert "Người dùng" in detail


def test_a_history_names_related_records_and_hides_unseen_ones(world):
    task = plan_services.do_create_task(
        world.a, actor=world.org_a_editor, title="Rà soát", assignee=world.a1, deadline=datetime.date(2030, 1, 1)
    )
    plan_services.do_update_task(task, actor=world.org_a_editor, assignee=world.a)
    html = _client(world.org_a_manager).get(task.get_absolute_url()).content.decode()
    history = html[html.index('id="history-heading"') :]
    assert "Sở Y tế tỉnh A" in history and "Ban Chỉ đạo PCKB tỉnh A" in history
    assert f"{world.a1.pk}</del>" not in history
    # An organisation the reader cannot see is not named (nor numbered).
    from pckb.core.views_audit import display_value

    assert display_value("plans.task", "assignee", world.b1.pk, world.org_a_manager) == "(bản ghi bạn không được xem)"
    assert display_value("plans.task", "assignee", world.a1.pk, world.org_a_manager) == "Sở Y tế tỉnh A"
    assert display_value("plans.task", "updated_by", world.org_a_editor.pk, world.org_a_manager) == "org_a_editor"
    assert Organization.objects.filter(pk=world.b1.pk).exists()


@pytest.mark.parametrize("page", ["add/", "{pk}/edit/"])
def test_the_user_form_explains_the_username_in_plain_words(world, page):
    url = "/accounts/users/" + page.format(pk=world.org_a1_editor.pk)
    html = _client(world.org_a_admin).get(url).content.decode()
    assert "150 ký tự" not in html and "@/./+/-/_" not in html
    assert "chữ cái không dấu" in html


def test_every_translation_of_ours_is_the_one_that_shows():
    # Django merges every catalogue, its own included: a msgid of ours that another catalogue also
    # translates may show the other's words ("active" read "Kích hoạt", to activate).
    from django.utils import translation

    i18n = _check_i18n()
    shadowed = []
    with translation.override("vi"):
        for catalogue in i18n.catalogues():
            for entry in i18n.parse_po(catalogue.po.read_text(encoding="utf-8")) if catalogue.po.exists() else []:
                if not entry.msgid or entry.msgid_plural:
                    continue
                shown = (
                    translation.pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt
                    else translation.gettext(entry.msgid)
                )
                if shown.lower() != entry.msgstr[0].lower():  # "Tên" for "tên" reads the same once capitalised
                    shadowed.append(f"{entry.label}: {shown!r} instead of {entry.msgstr[0]!r}")
    assert not shadowed
