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
    assert out.strip() == f"OK: 4 entries verified; head {trail[-1].hash}"


def test_it_accepts_an_empty_trail(db):
    assert _verify()[:2] == (0, "OK: 0 entries verified; head -\n")


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
