"""The parent an organisation had on a past day (#9): kept by a merger, read by `?on=` and the list page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from pckb.core.choices import Role
from pckb.core.models import AuditEntry
from pckb.core.testing import World, make_user
from pckb.organizations.lifecycle import do_merge_organization, do_rename_organization
from pckb.organizations.models import Organization, OrganizationParent
from pckb.organizations.services import do_move_organization
from pckb.plans.services import do_create_task

from .factories import make_org

D = datetime.date
OLD_NAME = "Phòng Bưu chính tỉnh A"
NEW_NAME = "Phòng Bưu chính - Viễn thông tỉnh A"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _listed(user, on: str) -> dict[int, dict]:
    response = _api(user).get(f"/api/v1/organizations/?on={on}&page_size=100")
    assert response.status_code == 200
    return {row["id"]: row for row in response.json()["results"]}


@pytest.fixture
def tree(world: World) -> dict[str, Organization]:
    """A (founded 2008, renamed on 1 January 2024) under P, merged into S on 1 March 2025."""
    p = make_org(world.a, name="Sở Thông tin và Truyền thông tỉnh A", valid_from=D(2008, 4, 1))
    s = make_org(world.a, name="Sở Khoa học và Công nghệ tỉnh A")
    a = make_org(p, name=OLD_NAME, kind="unit", valid_from=D(2008, 4, 1))
    do_rename_organization(a, NEW_NAME, "", D(2024, 1, 1), actor=world.org_a_manager)
    return {"p": p, "s": s, "a": a}


def _merge(world: World, tree: dict[str, Organization]) -> Organization:
    return do_merge_organization(tree["a"], tree["s"], D(2025, 3, 1), actor=world.org_a_manager)


def test_a_merger_keeps_the_parent_of_the_days_before_it(world: World, tree) -> None:
    a = _merge(world, tree)
    a = Organization.objects.get(pk=a.pk)
    assert a.parent == tree["s"]
    assert a.parent_on(D(2025, 2, 28)) == tree["p"] and a.parent_on(D(2010, 1, 1)) == tree["p"]
    assert a.parent_on(D(2025, 3, 1)) == tree["s"] and a.parent_on(None) == tree["s"]
    row = OrganizationParent.objects.get(organization=a)
    assert (row.parent, row.valid_from, row.valid_to) == (tree["p"], D(2008, 4, 1), D(2025, 2, 28))


def test_the_api_lists_the_merged_organization_under_its_parent_and_name_of_the_day(world: World, tree) -> None:
    a = _merge(world, tree)
    day_before = _listed(world.org_a_manager, "2025-02-28")
    assert day_before[a.pk]["parent"] == tree["p"].pk and day_before[a.pk]["name"] == NEW_NAME
    before_rename = _listed(world.org_a_manager, "2023-12-31")
    assert before_rename[a.pk]["parent"] == tree["p"].pk and before_rename[a.pk]["name"] == OLD_NAME
    # valid_to is its last day: from the merger on it is not in the tree of the day.
    merger_day = _listed(world.org_a_manager, "2025-03-01")
    assert a.pk not in merger_day and tree["s"].pk in merger_day
    # Without a date: today's tree, where it is a historical body under its successor.
    everything = _api(world.org_a_manager).get("/api/v1/organizations/?lifetime=all&page_size=100").json()
    assert {row["id"]: row["parent"] for row in everything["results"]}[a.pk] == tree["s"].pk


def test_the_successors_users_still_read_the_predecessors_records(world: World, tree) -> None:
    task = do_create_task(
        tree["a"],
        actor=world.org_a_manager,
        title="Rà soát an ninh mạng các cổng thông tin",
        assignee=tree["a"],
        assigned_on=D(2024, 10, 1),
        deadline=D(2024, 12, 1),
    )
    s_viewer = make_user("s_viewer", org=tree["s"], role=Role.VIEWER)
    _merge(world, tree)
    s_viewer = type(s_viewer).objects.get(pk=s_viewer.pk)
    assert _api(s_viewer).get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    assert _api(world.org_b_editor).get(f"/api/v1/tasks/{task.pk}/").status_code == 404
    # The tree of the day before lists it for the successor's users, under a parent they cannot open.
    assert _listed(s_viewer, "2025-02-28")[tree["a"].pk]["parent"] == tree["p"].pk
    assert tree["a"].pk not in _listed(world.org_b_editor, "2025-02-28")


def _cells(client, a: Organization, query: dict[str, str]) -> str:
    response = client.get(reverse("organizations:organization_list"), query)
    assert response.status_code == 200
    return next(row["cells"] for row in response.context["rows"] if row["url"] == a.get_absolute_url())


def test_the_list_page_as_on_a_date_shows_the_path_of_that_day(client, world: World, tree) -> None:
    a = _merge(world, tree)
    client.force_login(world.org_a_manager)
    then = _cells(client, a, {"on": "2025-02-28", "q": "Bưu chính"})
    assert f"{world.a.name} › {tree['p'].name}<" in then and NEW_NAME in then
    assert tree["s"].name not in then
    today = _cells(client, a, {"lifetime": "all", "q": "Bưu chính"})
    assert f"{world.a.name} › {tree['s'].name}<" in today and tree["p"].name not in today


def test_a_dated_move_that_does_not_follow_the_last_one_is_refused_and_nothing_changes(world: World, tree) -> None:
    b = make_org(world.a, name="Phòng Tổ chức", kind="unit", valid_from=D(2010, 1, 1))
    manager = type(world.org_a_manager).objects.get(pk=world.org_a_manager.pk)  # its scope, with b in it
    b = do_move_organization(b, tree["p"], actor=manager, effective_date=D(2020, 1, 1))
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        do_move_organization(b, tree["s"], actor=manager, effective_date=D(2020, 1, 1))
    assert "01/01/2020" in " ".join(err.value.message_dict["effective_date"])
    b.refresh_from_db()
    assert b.parent == tree["p"] and AuditEntry.objects.count() == entries
    assert list(b.former_parents.values_list("parent", "valid_to")) == [(world.a.pk, D(2019, 12, 31))]
