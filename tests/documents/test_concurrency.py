"""Two (fifty) application servers issuing at the same moment never share or skip a number."""

import threading

import pytest
from django.db import connection

from pckb.core.models import OutgoingDocument
from pckb.core.register.services import do_issue_document

from .conftest import make_draft, set_header

ISSUERS = 50


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_issues_by_one_body_get_fifty_consecutive_numbers(world):
    set_header(world)
    drafts = [make_draft(world, subject=f"Văn bản {n}") for n in range(ISSUERS)]
    start = threading.Barrier(ISSUERS)
    errors: list[BaseException] = []

    def issue(doc):
        try:
            start.wait(60)  # every connection is open and waiting: they all issue at once
            do_issue_document(doc, actor=world.org_a_manager)
        except BaseException as err:  # noqa: BLE001 - reported by the assertion below
            errors.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(doc,)) for doc in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert errors == []
    numbers = sorted(OutgoingDocument.objects.filter(organization=world.a).values_list("number", flat=True))
    assert numbers == list(range(1, ISSUERS + 1))
    symbols = set(OutgoingDocument.objects.values_list("symbol", flat=True))
    assert len(symbols) == ISSUERS
