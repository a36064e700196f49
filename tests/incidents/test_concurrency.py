"""Acknowledgements and escalation racing on PostgreSQL: an alert is acknowledged once, escalated at most once."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from pckb.core.choices import Role
from pckb.core.models import AuditEntry
from pckb.core.testing import make_user
from pckb.incidents import services
from pckb.incidents.models import Alert, TimelineEntry

from .factories import alert_to

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrent connections: PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _catalogues() -> None:
    # A transactional test flushes the database after itself, the migration-seeded scenarios included.
    import importlib

    from django.apps import apps

    importlib.import_module("pckb.targets.migrations.0002_catalogues").seed(apps, None)


def _race(jobs: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    start = threading.Barrier(len(jobs))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(job: Callable[[], Any]) -> None:
        try:
            start.wait(60)
            results.append(job())
        except BaseException as err:  # noqa: BLE001 - counted by the test
            errors.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results, errors


def test_ten_staff_clicking_acknowledge_at_once_acknowledge_it_once(world):
    alert = alert_to(world, world.a)
    staff = [make_user(f"truc_ban_{n}", org=world.a, role=Role.EDITOR) for n in range(10)]
    results, errors = _race([lambda u=u: services.do_acknowledge_alert(alert, actor=u) for u in staff])
    assert len(results) == 1 and len(errors) == 9
    assert all(isinstance(err, ValidationError) for err in errors)
    assert TimelineEntry.objects.filter(incident=alert.incident, kind="ack").count() == 1
    assert AuditEntry.objects.filter(event_type="incidents.alert.acknowledged").count() == 1


def test_two_workers_escalating_at_once_escalate_once(world):
    alert = alert_to(world, world.a)
    later = timezone.now() + datetime.timedelta(hours=1)
    results, errors = _race([lambda: services.escalate_due_alerts(later) for _ in range(4)])
    assert errors == [] and sum(results) == 1
    assert Alert.objects.get(pk=alert.pk).escalated_at is not None
    assert TimelineEntry.objects.filter(incident=alert.incident, kind="escalation").count() == 1
