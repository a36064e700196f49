"""Capped counting: lists of millions never COUNT(*) them all, yet every page stays reachable."""

import pytest
from django.core.paginator import EmptyPage

from pckb.core import pagination
from pckb.core.models import AuditEntry
from pckb.core.pagination import AtLeast, CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 25)
    AuditEntry.objects.bulk_create(
        [AuditEntry(action="other", event_type="test", object_repr=f"mục {i}", hash=f"{i}") for i in range(60)]
    )
    return AuditEntry.objects.order_by("id")


def test_it_reports_a_lower_bound_above_the_cap(entries):
    paginator = CappedPaginator(entries, 10)
    assert paginator.is_capped and isinstance(paginator.count, AtLeast) and str(paginator.count) == "25+"


def test_it_pages_past_the_cap_until_the_rows_run_out(entries):
    paginator = CappedPaginator(entries, 10)
    page = paginator.page(6)
    assert [e.object_repr for e in page][0] == "mục 50" and not page.has_next()
    assert paginator.page(5).has_next() and paginator.page(5).end_index() == 50
    with pytest.raises(EmptyPage):
        paginator.page(7)


def test_it_counts_exactly_below_the_cap(entries):
    paginator = CappedPaginator(entries.filter(object_repr__in=["mục 1", "mục 2"]), 10)
    assert not paginator.is_capped and paginator.count == 2 and paginator.num_pages == 1


def test_the_audit_list_shows_page_links_without_a_total(client, entries, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x-pass-123"))
    first = client.get("/audit/").content.decode()
    assert "25+" in first and "page=2" in first  # a next link, though the total is unknown
    second = client.get("/audit/", {"page": 2}).content.decode()
    assert "mục 9" in second and 'rel="next"' not in second
