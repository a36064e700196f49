"""/api/v1/audit-events/: the audit trail of the caller's scope."""

from __future__ import annotations

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
