"""/api/v1/audit-events/: the audit trail of the caller's scope."""

from __future__ import annotations

import pytest

from pckb.organizations import services

URL = "/api/v1/audit-events/"


def test_it_lists_the_events_of_the_callers_scope_only(api, world) -> None:
    services.do_update_organization(world.a1, actor=world.org_a_manager, phone="0203 3825 111")
    services.do_update_organization(world.b1, actor=world.org_b_manager, phone="0215 3825 222")
    inside = api(world.org_a_viewer).get(URL).json()
    assert [e["object_id"] for e in inside["results"]] == [str(world.a1.pk)]
    event = inside["results"][0]
    assert set(event) == {
        "id", "time", "actor", "organization", "action", "event_type", "object_type", "object_id",
        "object_repr", "before", "after", "request_id",
    }
    assert (event["actor"], event["organization"], event["action"]) == ("org_a_manager", world.a1.pk, "update")
    assert (event["before"]["phone"], event["after"]["phone"]) == ("", "0203 3825 111")
    outsider = api(world.org_b_editor).get(URL).json()
    assert [e["object_id"] for e in outsider["results"]] == [str(world.b1.pk)]


def test_it_filters_by_object_and_refuses_other_access(api, world) -> None:
    services.do_update_organization(world.a1, actor=world.superuser, phone="1")
    services.do_update_organization(world.a, actor=world.superuser, phone="2")
    client = api(world.superuser)
    rows = client.get(URL, {"object_type": "organizations.organization", "object_id": world.a.pk}).json()["results"]
    assert [r["object_repr"] for r in rows] == [world.a.name]
    entry = rows[0]["id"]
    assert api(world.org_b_editor).get(f"{URL}{entry}/").status_code == 404
    assert client.delete(f"{URL}{entry}/").status_code == 405
    assert client.get(URL, {"action": "explode"}).status_code == 400


def test_it_pages_the_trail_with_the_capped_count(api, world, monkeypatch) -> None:
    from pckb.core import pagination
    from pckb.core.models import AuditEntry

    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    AuditEntry.objects.bulk_create(
        [AuditEntry(action="other", event_type="test", object_repr=f"mục {i}", hash=f"{i}") for i in range(12)]
    )
    body = api(world.superuser).get(URL, {"page_size": 4}).json()
    assert (body["count"], body["count_is_lower_bound"], len(body["results"])) == (6, True, 4)
    assert body["next"] is not None
    last = api(world.superuser).get(URL, {"page_size": 4, "page": 3}).json()
    assert (len(last["results"]), last["next"]) == (4, None)


@pytest.mark.parametrize(
    "url", ["/api/v1/organizations/", "/api/v1/committee-members/", "/api/v1/notifications/", "/api/v1/admin-units/",
            "/api/v1/audit-events/", "/api/v1/tasks/", "/api/v1/plans/", "/api/v1/programs/", "/api/v1/task-updates/"]
)
def test_every_api_list_uses_the_one_capped_paginator(api, world, url) -> None:
    body = api(world.superuser).get(url).json()
    assert set(body) == {"count", "count_is_lower_bound", "next", "previous", "results"}
    assert api(world.superuser).get(url, {"page": "abc"}).status_code == 400
