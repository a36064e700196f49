"""Two managers making a batch of the same approved commendation at once: one batch takes it."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from pckb.awards import services
from pckb.awards.models import Commendation, CommendationBatch

from .factories import make_commendation

MANAGERS = 6


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_never_share_a_commendation(world: Any) -> None:
    commendation = make_commendation(world, approved=True)
    start = threading.Barrier(MANAGERS)
    refused: list[BaseException] = []
    errors: list[BaseException] = []

    def batch(n: int) -> None:
        try:
            start.wait(60)
            services.do_create_batch(
                world.a, actor=world.org_a_manager, title=f"Đợt {n}", year=2025, commendations=[commendation]
            )
        except ValidationError as err:
            refused.append(err)
        except BaseException as err:  # noqa: BLE001 - reported by the assertion below
            errors.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=batch, args=(n,)) for n in range(MANAGERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert errors == []
    assert len(refused) == MANAGERS - 1
    assert CommendationBatch.objects.count() == 1
    assert Commendation.objects.get(pk=commendation.pk).batch == CommendationBatch.objects.get()
