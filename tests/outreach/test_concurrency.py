"""Editors recording the same organisation's headcount at the same moment: one row, no error."""

import threading

import pytest
from django.db import connection

from pckb.core.models import AuditEntry
from pckb.outreach import services
from pckb.outreach.models import TrainingParticipation

from .factories import make_event

WRITERS = 12


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_headcounts_for_one_organisation_leave_one_row_and_one_entry_each(world):
    event = make_event(world)
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def record(count: int) -> None:
        try:
            start.wait(60)  # every connection is open and waiting: they all write at once
            services.do_set_participation(event, world.a1, count, actor=world.org_a_editor)
        except BaseException as err:  # noqa: BLE001 - reported by the assertion below
            errors.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(10 + n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert errors == []
    rows = list(TrainingParticipation.objects.filter(event=event).values_list("headcount", flat=True))
    assert len(rows) == 1 and 10 <= rows[0] < 10 + WRITERS
    assert AuditEntry.objects.filter(event_type="outreach.trainingevent.participants").count() == WRITERS
