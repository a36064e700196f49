"""`pckb manage audit_verify`: OK with a count, or exit status 1 naming the first broken entry."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from pckb.core import audit
from pckb.core.models import AuditEntry

pytestmark = pytest.mark.django_db

TABLE = AuditEntry._meta.db_table


def _verify(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def trail(world):
    return [audit.record("update", world.a1, actor=world.org_a_manager, message=f"bước {i}") for i in range(4)]


def test_it_reports_an_intact_trail(trail):
    code, out, err = _verify()
    assert code == 0 and err == ""
    assert out.strip() == f"OK: 4 entries verified (in all); head {trail[-1].hash}"


def test_it_accepts_an_empty_trail(db):
    assert _verify()[:2] == (0, "OK: 0 entries verified (in all); head -\n")


def test_it_names_a_row_whose_content_was_altered(trail):
    altered = trail[1]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET after = %s WHERE id = %s", ['{"phone": "0000"}', altered.pk])  # noqa: S608
    code, out, err = _verify()
    assert code == 1 and out == ""
    assert f"audit entry {altered.pk} (" in err and "content altered" in err


def test_it_names_the_entry_after_a_removed_row(trail):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [trail[2].pk])  # noqa: S608
    code, _out, err = _verify()
    assert code == 1
    assert f"audit entry {trail[3].pk} (" in err and "chain broken" in err


def test_it_notices_cut_off_newest_entries_given_an_earlier_head(trail):
    head = trail[-1].hash
    assert _verify("--head", head)[0] == 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [trail[-1].pk])  # noqa: S608
    assert _verify()[0] == 0  # the shorter chain is intact in itself
    code, _out, err = _verify("--head", head)
    assert code == 1 and "newest entries were removed" in err


def _rebuild_chain_without_the_key() -> None:
    """What an attacker with database access but without the key does: recompute every hash."""
    import hashlib

    prev = ""
    for entry in AuditEntry.objects.order_by("id"):
        entry.prev_hash = prev
        entry.hash = hashlib.sha256(audit._payload(entry).encode()).hexdigest()
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        prev = entry.hash


def test_it_signs_entries_with_a_key_so_that_a_rebuilt_chain_is_detected(trail):
    assert all(entry.key_id for entry in trail)
    AuditEntry.objects.filter(pk=trail[1].pk).update(message="nội dung đã sửa")
    _rebuild_chain_without_the_key()
    code, _out, err = _verify()
    assert code == 1
    assert f"audit entry {trail[0].pk} (" in err and "content altered" in err


def test_it_detects_a_chain_rebuilt_as_unsigned_entries(trail):
    AuditEntry.objects.filter(pk__gte=trail[2].pk).update(key_id="")
    _rebuild_chain_without_the_key()
    AuditEntry.objects.filter(pk__lt=trail[2].pk).update(key_id=trail[0].key_id)
    # The first entries are signed again by a key the attacker does not have: their hashes are plain now.
    code, _out, err = _verify()
    assert code == 1 and "BROKEN" in err


@pytest.fixture
def own_key_file(tmp_path, monkeypatch):
    """A copy of the key file, so that a rotation here does not change the other tests' current key."""
    from pckb.core import audit_keys

    copy = tmp_path / "audit_keys"
    copy.write_text(audit_keys.key_file().read_text())
    monkeypatch.setenv("PCKB_AUDIT_KEY_FILE", str(copy))
    audit_keys.clear_cache()
    yield copy
    audit_keys.clear_cache()


def test_it_keeps_verifying_old_entries_after_a_key_rotation(trail, own_key_file):
    old_key = trail[0].key_id
    out = StringIO()
    call_command("audit_rotate_key", stdout=out)
    rotation = AuditEntry.objects.order_by("-id").first()
    assert rotation.event_type == "core.audit.key_rotated"
    assert rotation.after["previous_key"] == old_key and rotation.key_id == rotation.after["key"] != old_key
    later = audit.record("update", None, message="after the rotation")
    assert later.key_id == rotation.key_id
    code, out_text, _err = _verify()
    assert code == 0 and out_text.startswith("OK: 6 entries verified")


def test_it_names_an_entry_signed_by_an_unknown_key(trail):
    AuditEntry.objects.filter(pk=trail[2].pk).update(key_id="k99")
    code, _out, err = _verify()
    assert code == 1 and f"audit entry {trail[2].pk} (" in err and "key this server does not have" in err


def test_it_verifies_incrementally_from_a_sealed_checkpoint(trail, tmp_path, world):
    checkpoint = str(tmp_path / "checkpoint.json")
    assert _verify("--incremental", "--checkpoint", checkpoint)[1].startswith("OK: 4 entries verified (in all)")
    newer = [audit.record("update", world.a1, actor=world.org_a_manager, message="mới") for _ in range(2)]
    code, out, _err = _verify("--incremental", "--checkpoint", checkpoint)
    assert (code, out.strip()) == (0, f"OK: 2 entries verified (after entry {trail[-1].pk}); head {newer[-1].hash}")
    # An old entry altered after the checkpoint is out of reach of the incremental run, not of a full one.
    AuditEntry.objects.filter(pk=trail[0].pk).update(message="sửa")
    assert _verify("--incremental", "--checkpoint", checkpoint)[0] == 0
    assert _verify()[0] == 1


def test_it_refuses_an_altered_checkpoint_or_checkpointed_entry(trail, tmp_path):
    import json

    checkpoint = tmp_path / "checkpoint.json"
    _verify("--incremental", "--checkpoint", str(checkpoint))
    data = json.loads(checkpoint.read_text())
    checkpoint.write_text(json.dumps({**data, "id": data["id"] + 5}))
    code, _out, err = _verify("--incremental", "--checkpoint", str(checkpoint))
    assert code == 1 and "was altered" in err
    checkpoint.write_text(json.dumps(data))
    AuditEntry.objects.filter(pk=trail[-1].pk).update(message="sửa")
    code, _out, err = _verify("--incremental", "--checkpoint", str(checkpoint))
    assert code == 1 and f"checkpointed entry {trail[-1].pk} was removed or altered" in err
