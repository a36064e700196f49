"""Sharing through many-to-many fields, and the whole-tree scope that needs no id list and no count."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pckb.core.choices import Role
from pckb.core.scoping import scope_org_ids
from pckb.core.testing import make_user
from pckb.organizations.models import Membership, Organization
from pckb.plans import services
from pckb.plans.models import Task


@pytest.fixture
def supported_task(world):
    """A task of committee A for a1, supported by two more agencies of A (a2, a3)."""
    create = Organization.objects.create
    a2 = create(name="Sở Giáo dục tỉnh A", code="a2", kind="agency", level="province", parent=world.a)
    a3 = create(name="Sở Tư pháp tỉnh A", code="a3", kind="agency", level="province", parent=world.a)
    task = services.do_create_task(
        world.a,
        actor=world.org_a_editor,
        title="Diễn tập phương án bảo vệ",
        assignee=world.a1,
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        supporters=[a2, a3],
    )
    return task, a2, a3


@pytest.fixture
def shared_with_supporters(monkeypatch):
    """Declare the supporters a sharing field, as a module declares e.g. a reporting round's recipients."""
    monkeypatch.setattr(Task, "shared_scope_fields", ("assignee", "supporters"))


def test_it_keeps_a_tasks_supporters_out_unless_the_model_shares_with_them(world, supported_task):
    task, a2, _a3 = supported_task
    reader = make_user("a2_viewer", org=a2, role=Role.VIEWER)
    assert not Task.objects.visible_to(reader).exists()


def test_it_shows_a_row_shared_many_to_many_once_and_for_reading_only(world, supported_task, shared_with_supporters):
    task, a2, a3 = supported_task
    reader = make_user("a2_a3_editor", org=a2, role=Role.EDITOR)
    Membership.objects.create(user=reader, organization=a3, role=Role.EDITOR)
    visible = Task.objects.visible_to(reader)
    assert list(visible.values_list("pk", flat=True)) == [task.pk]  # shared twice, listed once
    assert visible.count() == 1
    assert not Task.objects.visible_to(reader, "change").exists()
    with CaptureQueriesContext(connection) as queries:
        list(Task.objects.visible_to(make_user("a3_viewer", org=a3, role=Role.VIEWER)))
    assert "JOIN" not in queries.captured_queries[-1]["sql"].upper()  # a semi-join, no duplicating join


def test_it_shows_a_many_to_many_share_beside_the_owner_and_the_assignee(world, supported_task, shared_with_supporters):
    task, a2, _a3 = supported_task
    other = services.do_create_task(
        world.a, actor=world.org_a_editor, title="Khác", assignee=world.a1,
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )
    assert set(Task.objects.visible_to(make_user("a2_viewer", org=a2, role=Role.VIEWER))) == {task}
    assert set(Task.objects.visible_to(world.org_a_child_viewer)) == {task, other}
    assert set(Task.objects.visible_to(world.org_a_viewer)) == {task, other}
    assert not Task.objects.visible_to(world.org_b_manager).exists()


def test_a_user_whose_scope_is_the_whole_tree_gets_no_id_list_and_no_count(world):
    national = make_user("national_admin", org=world.root, role=Role.ADMIN)
    with CaptureQueriesContext(connection) as queries:
        assert scope_org_ids(national) is None
        sql = str(Organization.objects.visible_to(national).query)
    assert "COUNT" not in " ".join(q["sql"].upper() for q in queries.captured_queries)
    assert " IN " not in sql.upper()
    assert Organization.objects.visible_to(national).count() == 5
    with CaptureQueriesContext(connection) as queries:
        assert scope_org_ids(world.superuser) is None
    assert queries.captured_queries == []


def test_a_membership_at_one_of_two_roots_is_not_the_whole_tree(world):
    Organization.objects.create(name="Ban Chỉ đạo khác", code="other-root", kind="committee", level="national")
    national = make_user("national_admin", org=world.root, role=Role.ADMIN)
    ids = scope_org_ids(national)
    assert ids is not None and sorted(ids) == sorted(
        Organization.objects.exclude(code="other-root").values_list("pk", flat=True)
    )


def test_a_provincial_scope_costs_no_root_or_count_query(world):
    with CaptureQueriesContext(connection) as queries:
        ids = scope_org_ids(world.org_a_manager)
    assert sorted(ids) == sorted([world.a.pk, world.a1.pk])
    assert len(queries.captured_queries) == 2  # the memberships, then the ids of the subtree


def test_a_large_many_to_many_share_is_a_semi_join_listing_each_row_once(
    world, supported_task, shared_with_supporters, monkeypatch
):
    from pckb.core import scoping

    task, a2, a3 = supported_task
    other = services.do_create_task(
        world.a, actor=world.org_a_editor, title="Khác", assignee=world.a1,
        deadline=timezone.localdate() + datetime.timedelta(days=5), supporters=[a2, a3],
    )
    monkeypatch.setattr(scoping, "SHARED_IDS_LIMIT", 1)
    reader = make_user("a2_a3_viewer", org=a2, role=Role.VIEWER)
    Membership.objects.create(user=reader, organization=a3, role=Role.VIEWER)
    visible = Task.objects.visible_to(reader)
    assert "SELECT" in str(visible.query).upper().split("WHERE", 1)[1]  # the subquery, not an id list
    assert sorted(visible.values_list("pk", flat=True)) == sorted([task.pk, other.pk])
    assert visible.count() == 2
