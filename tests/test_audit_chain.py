"""The audit trail is append-only and hash-chained: any altered or removed row is detected."""

import pytest
from django.db import connection

from pckb.core import audit
from pckb.core.models import AuditEntry
from pckb.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _problems():
    return [(entry.pk, kind) for entry, kind in audit.verify_chain()]


def _three_entries(world):
    org = world.a1
    before = audit.snapshot(org)
    org.phone = "0203 3835 111"
    org.save()
    e1 = audit.record_update(org, before, actor=world.org_a_manager)
    e2 = audit.record("transition", org, actor=world.org_a_manager, event_type="test.step", message="bước 2")
    e3 = audit.record_create(
        Organization.objects.create(name="Đơn vị mới", code="new", kind="unit", parent=org), actor=None
    )
    return e1, e2, e3


def test_it_chains_entries(world):
    e1, e2, e3 = _three_entries(world)
    assert e2.prev_hash == e1.hash and e3.prev_hash == e2.hash
    assert e1.organization_path == world.a1.path
    assert e1.before["phone"] == "" and e1.after["phone"] == "0203 3835 111"
    assert _problems() == []


def test_it_skips_updates_that_change_nothing(world):
    assert audit.record_update(world.a, audit.snapshot(world.a), actor=world.superuser) is None


def test_it_detects_an_altered_row(world):
    _e1, e2, _e3 = _three_entries(world)
    with connection.cursor() as cursor:
        sql = f"UPDATE {AuditEntry._meta.db_table} SET message = %s WHERE id = %s"  # noqa: S608
        cursor.execute(sql, ["sửa lén", e2.pk])
    assert _problems()[0] == (e2.pk, "hash")


def test_it_detects_a_removed_row(world):
    _e1, e2, e3 = _three_entries(world)
    with connection.cursor() as cursor:
        sql = f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s"  # noqa: S608
        cursor.execute(sql, [e2.pk])
    assert _problems()[0] == (e3.pk, "link")


def test_it_scopes_the_trail_like_the_records(world):
    _three_entries(world)
    audit.record("update", world.b1, actor=world.org_b_editor)
    seen_by_a = set(AuditEntry.objects.visible_to(world.org_a_viewer).values_list("organization_id", flat=True))
    new_unit = Organization.objects.get(code="new")
    assert seen_by_a == {world.a1.pk, new_unit.pk}
    assert not AuditEntry.objects.visible_to(world.org_a_viewer).filter(organization=world.b1).exists()


def test_it_hides_entries_of_classified_records_from_users_without_clearance(world):
    from pckb.core.choices import Classification
    from pckb.organizations.models import CommitteeMember

    member = CommitteeMember.objects.create(
        organization=world.a, full_name="Phạm Văn Kín", committee_role="member", classification=Classification.SECRET
    )
    entry = audit.record_create(member, actor=world.org_a_manager)
    assert entry.classification == Classification.SECRET
    assert not AuditEntry.objects.visible_to(world.org_a_viewer).filter(pk=entry.pk).exists()
    assert AuditEntry.objects.visible_to(world.org_a_manager).filter(pk=entry.pk).exists()
    assert _problems() == []


def test_it_names_events_for_readers(world):
    entry = audit.record("transition", world.a1, actor=world.superuser, event_type="organizations.organization.moved")
    assert entry.event_label in ("Organization: Moved", "Tổ chức: Chuyển vị trí")
    assert audit.record_create(world.a, actor=None).event_label.split(": ")[1] in ("Created", "Tạo mới")
    signed_in = audit.record("login", world.superuser, actor=world.superuser, event_type="accounts.user.signed_in")
    assert signed_in.event_label in ("User: Signed in", "Người dùng: Đăng nhập")
    # A verb nobody named reads as its action, never as the raw verb.
    odd = audit.record("transition", world.a1, actor=world.superuser, event_type="organizations.organization.x_y")
    assert odd.event_label in ("Organization: State change", "Tổ chức: Chuyển trạng thái")
