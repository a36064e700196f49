"""The tree through time (#9): lifetime, rename, merge, dissolve, and the historical-organisation rule."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from pckb.core.choices import Role
from pckb.core.models import AuditEntry
from pckb.core.related import related_choices
from pckb.core.testing import World, make_user
from pckb.organizations.lifecycle import do_dissolve_organization, do_merge_organization, do_rename_organization
from pckb.organizations.models import Organization, OrganizationName
from pckb.organizations.services import do_create_organization, do_update_organization
from pckb.plans.models import Plan, Task
from pckb.plans.services import do_create_plan, do_create_task

from .factories import make_org

D = datetime.date


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def dic(world: World) -> Organization:
    """A department of province A, founded in 2008, about to be merged."""
    return make_org(
        world.a, name="Sở Thông tin và Truyền thông tỉnh A", short_name="Sở TT&TT", valid_from=D(2008, 4, 1)
    )


def _task(world: World, issuer: Organization, assigned_on: datetime.date) -> Task:
    return do_create_task(
        issuer,
        actor=world.org_a_manager,
        title="Rà soát an ninh mạng các cổng thông tin",
        assignee=issuer,
        assigned_on=assigned_on,
        deadline=assigned_on + datetime.timedelta(days=60),
    )


def test_a_dissolved_organization_refuses_a_record_dated_after_its_end_and_nothing_changes(world: World, dic) -> None:
    do_dissolve_organization(dic, D(2025, 7, 1), actor=world.org_a_manager)
    tasks, entries = Task.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        _task(world, dic, D(2025, 8, 4))
    assert "đã giải thể" in " ".join(err.value.message_dict["organization"]).lower() or "dissolved" in str(err.value)
    assert "01/07/2025" in " ".join(err.value.message_dict["organization"])
    assert (Task.objects.count(), AuditEntry.objects.count()) == (tasks, entries)


def test_a_dissolved_organization_takes_a_record_dated_within_its_lifetime(world: World, dic) -> None:
    do_dissolve_organization(dic, D(2025, 7, 1), actor=world.org_a_manager)
    task = _task(world, dic, D(2024, 11, 5))
    assert task.organization == dic and task.pk


def test_an_undated_record_of_a_merged_organization_is_refused(world: World, dic) -> None:
    do_merge_organization(dic, world.a1, D(2025, 3, 1), actor=world.org_a_manager)
    with pytest.raises(ValidationError) as err:
        do_create_plan(
            dic, actor=world.org_a_manager, title="Kế hoạch 2026", period_from=D(2026, 1, 1), period_to=D(2026, 12, 31)
        )
    assert any(world.a1.name in m and "01/03/2025" in m for m in err.value.message_dict["organization"])
    assert not Plan.objects.filter(organization=dic).exists()


def test_a_merger_into_its_own_descendant_is_refused_and_nothing_changes(world: World, dic) -> None:
    unit = make_org(dic, name="Trung tâm Công nghệ thông tin", kind="unit")
    before = Organization.objects.values_list("pk", "path", "valid_to", "successor_id").order_by("pk")
    before = list(before)
    with pytest.raises(ValidationError) as err:
        do_merge_organization(dic, unit, D(2025, 3, 1), actor=world.org_a_manager)
    assert "into" in err.value.message_dict
    with pytest.raises(ValidationError):
        do_merge_organization(dic, dic, D(2025, 3, 1), actor=world.org_a_manager)
    assert list(Organization.objects.values_list("pk", "path", "valid_to", "successor_id").order_by("pk")) == before


def test_a_lifetime_that_ends_before_it_starts_is_refused(world: World, dic) -> None:
    with pytest.raises(ValidationError) as err:
        do_dissolve_organization(dic, D(2001, 1, 1), actor=world.org_a_manager)
    assert "01/04/2008" in " ".join(err.value.message_dict["effective_date"])
    dic.refresh_from_db()
    assert dic.valid_to is None
    dic.valid_to = D(2001, 1, 1)
    with pytest.raises(ValidationError) as err:
        dic.full_clean()
    assert "valid_to" in err.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=dic.pk).update(valid_to=D(2001, 1, 1))


def test_the_successors_users_read_the_predecessors_task_and_outsiders_still_get_404(world: World, dic) -> None:
    dst = make_org(world.a, name="Sở Khoa học và Công nghệ tỉnh A")
    dst_viewer = make_user("dst_viewer", org=dst, role=Role.VIEWER)
    task = _task(world, dic, D(2024, 10, 1))
    assert _api(dst_viewer).get(f"/api/v1/tasks/{task.pk}/").status_code == 404
    do_merge_organization(dic, dst, D(2025, 3, 1), actor=world.org_a_manager)
    dic.refresh_from_db()
    assert dic.parent == dst and dic.path.startswith(dst.path) and dic.successor == dst
    assert dic.valid_to == D(2025, 2, 28)
    # A new request: a fresh user object, without the scope cached by the first one.
    dst_viewer = type(dst_viewer).objects.get(pk=dst_viewer.pk)
    response = _api(dst_viewer).get(f"/api/v1/tasks/{task.pk}/")
    assert response.status_code == 200
    assert _api(world.org_b_editor).get(f"/api/v1/tasks/{task.pk}/").status_code == 404


def test_a_merger_moves_the_subtree_with_it(world: World, dic) -> None:
    dst = make_org(world.a, name="Sở Khoa học và Công nghệ tỉnh A")
    old_unit = make_org(dic, name="Trung tâm cũ", kind="unit")
    do_dissolve_organization(old_unit, D(2024, 1, 1), actor=world.org_a_manager)
    do_merge_organization(dic, dst, D(2025, 3, 1), actor=world.org_a_manager)
    old_unit.refresh_from_db()
    assert old_unit.path.startswith(dst.path)


def test_a_merger_needs_its_current_sub_organizations_moved_first(world: World, dic) -> None:
    make_org(dic, name="Trung tâm Công nghệ thông tin", kind="unit")
    with pytest.raises(ValidationError):
        do_merge_organization(dic, world.a1, D(2025, 3, 1), actor=world.org_a_manager)


def test_a_rename_keeps_the_former_name_and_documents_read_the_name_of_their_date(world: World, dic) -> None:
    do_rename_organization(dic, "Sở Chuyển đổi số tỉnh A", "Sở CĐS", D(2025, 3, 1), actor=world.org_a_manager)
    dic.refresh_from_db()
    assert dic.name == "Sở Chuyển đổi số tỉnh A"
    former = OrganizationName.objects.get(organization=dic)
    assert (former.name, former.valid_from, former.valid_to) == (
        "Sở Thông tin và Truyền thông tỉnh A",
        D(2008, 4, 1),
        D(2025, 2, 28),
    )
    assert dic.name_on(D(2024, 6, 1)) == "Sở Thông tin và Truyền thông tỉnh A"
    assert dic.short_name_on(D(2024, 6, 1)) == "Sở TT&TT"
    assert dic.name_on(D(2025, 3, 1)) == "Sở Chuyển đổi số tỉnh A"
    assert AuditEntry.objects.filter(event_type="organizations.organization.renamed", object_id=str(dic.pk)).exists()
    with pytest.raises(ValidationError):  # a second rename must come after the first
        do_rename_organization(dic, "Sở Khác", "", D(2025, 2, 1), actor=world.org_a_manager)


def test_a_historical_organization_is_read_only_except_through_the_lifecycle_services(world: World, dic) -> None:
    do_dissolve_organization(dic, D(2025, 7, 1), actor=world.org_a_manager)
    with pytest.raises(ValidationError):
        do_update_organization(dic, actor=world.org_a_manager, phone="0222 3822 111")
    with pytest.raises(ValidationError):
        do_create_organization(dic, actor=world.org_a_manager, name="Phòng mới", code="phong-moi", kind="unit")
    with pytest.raises(ValidationError):
        do_dissolve_organization(dic, D(2025, 9, 1), actor=world.org_a_manager)
    dic.refresh_from_db()
    assert dic.phone == "" and dic.valid_to == D(2025, 6, 30)


def test_lifecycle_needs_the_manager_of_the_parent(world: World) -> None:
    # The top of a manager's own scope is not theirs to merge or dissolve (they would lock themselves out).
    with pytest.raises(PermissionDenied):
        do_dissolve_organization(world.a, D(2025, 7, 1), actor=world.org_a_manager)


def test_historical_organizations_are_not_offered_for_undated_records_but_are_for_dated_ones(world: World, dic) -> None:
    do_dissolve_organization(dic, D(2025, 7, 1), actor=world.org_a_manager)
    assert dic not in related_choices(world.org_a_manager, Organization, "add")
    assert dic in related_choices(world.org_a_manager, Organization, "add", historical=True)
    from pckb.plans.forms import PlanForm, TaskForm

    assert dic not in PlanForm(user=world.org_a_manager).fields["organization"].queryset
    assert dic in TaskForm(user=world.org_a_manager).fields["organization"].queryset


def test_the_api_lists_the_tree_as_on_a_date(world: World, dic) -> None:
    client = _api(world.org_a_manager)
    do_rename_organization(dic, "Sở Chuyển đổi số tỉnh A", "Sở CĐS", D(2024, 1, 1), actor=world.org_a_manager)
    do_dissolve_organization(dic, D(2025, 7, 1), actor=world.org_a_manager)
    current = {row["id"] for row in client.get("/api/v1/organizations/?page_size=100").json()["results"]}
    assert dic.pk not in current
    rows = {
        row["id"]: row for row in client.get("/api/v1/organizations/?on=2023-05-01&page_size=100").json()["results"]
    }
    assert rows[dic.pk]["name"] == "Sở Thông tin và Truyền thông tỉnh A"
    assert rows[dic.pk]["valid_to"] == "2025-06-30" and rows[dic.pk]["successor"] is None
    assert rows[dic.pk]["former_names"][0]["valid_to"] == "2023-12-31"
    later = {row["id"] for row in client.get("/api/v1/organizations/?on=2025-07-01&page_size=100").json()["results"]}
    assert dic.pk not in later and world.a1.pk in later
    before = {row["id"] for row in client.get("/api/v1/organizations/?on=2008-03-31&page_size=100").json()["results"]}
    assert dic.pk not in before
    historical = {row["id"] for row in client.get("/api/v1/organizations/?lifetime=historical").json()["results"]}
    assert historical == {dic.pk}


@pytest.mark.parametrize("query", ["on=2025-13-01", "on=hôm-nay", "lifetime=past"])
def test_a_bad_date_or_lifetime_is_a_400(world: World, query: str) -> None:
    response = _api(world.org_a_manager).get(f"/api/v1/organizations/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("rename", {"effective_date": "2025-03-01"}, "new_name"),
        ("rename", {"new_name": "X", "effective_date": "01-03"}, "effective_date"),
        ("merge", {"into": "abc", "effective_date": "2025-03-01"}, "into"),
        ("merge", {"into": 999999, "effective_date": "2025-03-01"}, "into"),
        ("dissolve", {"effective_date": None}, "effective_date"),
        ("dissolve", {"effective_date": "2025-07-01", "valid_to": "2025-06-30"}, "valid_to"),
    ],
)
def test_api_lifecycle_actions_answer_bad_input_with_field_errors(world: World, dic, action, body, field) -> None:
    response = _api(world.org_a_manager).post(f"/api/v1/organizations/{dic.pk}/{action}", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    dic.refresh_from_db()
    assert dic.valid_to is None and dic.name == "Sở Thông tin và Truyền thông tỉnh A"


def test_the_merge_into_a_descendant_is_a_400_on_the_api(world: World, dic) -> None:
    unit = make_org(dic, name="Trung tâm Công nghệ thông tin", kind="unit")
    do_dissolve_organization(unit, D(2024, 1, 1), actor=world.org_a_manager)
    unit2 = make_org(world.a1, name="Phòng Y tế dự phòng", kind="unit")
    response = _api(world.org_a_manager).post(
        f"/api/v1/organizations/{world.a1.pk}/merge", {"into": unit2.pk, "effective_date": "2025-03-01"}, format="json"
    )
    assert response.status_code == 400 and "into" in response.json()


def test_the_admin_unit_must_be_valid_within_the_lifetime(world: World, dic) -> None:
    from pckb.geo.models import AdminUnit

    def unit(code: str, **dates) -> AdminUnit:
        return AdminUnit.objects.create(level="district", code=code, name=f"Huyện {code}", **dates)

    abolished_before = unit("901", valid_to=D(2005, 12, 31))
    with pytest.raises(ValidationError) as err:
        do_update_organization(dic, actor=world.org_a_manager, admin_unit=abolished_before)
    assert "admin_unit" in err.value.message_dict
    with pytest.raises(ValidationError):
        do_update_organization(dic, actor=world.org_a_manager, admin_unit=unit("902", valid_from=D(2030, 1, 1)))
    # A pre-2025 district is fine for an organisation of that time, and stays fine once it is dissolved.
    district = unit("903", valid_to=D(2025, 6, 30))
    do_update_organization(dic, actor=world.org_a_manager, admin_unit=district)
    dissolved = do_dissolve_organization(dic, D(2025, 7, 1), actor=world.org_a_manager)
    dissolved.full_clean()
    dissolved.admin_unit = unit("904", valid_from=D(2025, 7, 1))  # created after it ended
    with pytest.raises(ValidationError):
        dissolved.full_clean()


def test_a_task_for_a_merged_assignee_is_refused_after_the_merger_and_accepted_before(world: World, dic) -> None:
    do_merge_organization(dic, world.a1, D(2025, 3, 1), actor=world.org_a_manager)
    fields = {"title": "Báo cáo an ninh mạng", "assignee": dic}
    with pytest.raises(ValidationError) as err:
        do_create_task(world.a, actor=world.org_a_manager, assigned_on=D(2026, 1, 5), deadline=D(2026, 2, 5), **fields)
    assert "01/03/2025" in err.value.message_dict["assignee"][0]
    task = do_create_task(
        world.a, actor=world.org_a_manager, assigned_on=D(2024, 11, 5), deadline=D(2025, 4, 5), **fields
    )
    assert task.assignee == dic
