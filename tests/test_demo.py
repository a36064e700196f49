"""The demo data: committees, member agencies, rosters, commune committees, logins and their reach.

The demo is loaded once for this module inside a transaction that is rolled back at the end (it takes
a couple of seconds); each test still runs in its own savepoint, so nothing leaks between tests.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient

from pckb.core.audit import verify_chain
from pckb.core.choices import Classification, Role
from pckb.core.models import AuditEntry
from pckb.demo.loader import DemoAlreadyLoaded, load_demo
from pckb.geo.models import AdminUnit
from pckb.organizations.choices import CommitteeRole, OrganizationKind, OrganizationLevel
from pckb.organizations.demo import data
from pckb.organizations.models import CommitteeMember, Membership, Organization

PROVINCES = {"quangninh": "22", "bacninh": "24", "dienbien": "11", "hochiminh": "79"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            result = load_demo(with_plans=False)
            yield result
            transaction.set_rollback(True)


def org(code: str) -> Organization:
    return Organization.objects.get(code=code)


def token_client(username: str) -> APIClient:
    """Signs in through the API like an integration would: POST /api/v1/auth/token, then Bearer."""
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token", {"username": username, "password": data.DEMO_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    return client


def all_results(client: APIClient, url: str) -> list[dict]:
    results, page = [], f"{url}?page_size=500"
    while page:
        response = client.get(page)
        assert response.status_code == 200, response.content
        body = response.json()
        results += body["results"]
        page = body["next"]
    return results


@pytest.mark.django_db
def test_it_creates_the_national_ministry_and_provincial_committees(demo):
    national = org("bcd-quoc-gia")
    assert national.name == "Ban Chỉ đạo phòng, chống khủng bố Quốc gia"
    assert national.parent is None and national.level == OrganizationLevel.NATIONAL
    # The standing office: Cục An ninh nội địa, a unit of Bộ Công an.
    assert national.standing_org.name == "Cục An ninh nội địa"
    assert national.standing_org.kind == OrganizationKind.UNIT
    assert national.standing_org.parent.name == "Bộ Công an"

    ministry = demo.committees["ubdt"]
    assert ministry.parent == national and ministry.level == OrganizationLevel.MINISTRY
    assert "Bộ Dân tộc và Tôn giáo" in ministry.name
    assert Organization.objects.filter(search_name__contains="uy ban dan toc", pk=ministry.pk).exists()

    assert set(demo.committees) == {"quocgia", "ubdt", *PROVINCES}
    for key, province_code in PROVINCES.items():
        committee = demo.committees[key]
        assert committee.kind == OrganizationKind.COMMITTEE and committee.parent == national
        assert committee.admin_unit.code == province_code and committee.admin_unit.is_current
        assert committee.standing_org.name.startswith("Công an")


@pytest.mark.django_db
def test_it_gives_every_committee_ten_or_more_member_agencies(demo):
    for key, committee in demo.committees.items():
        agencies = committee.children.filter(kind=OrganizationKind.AGENCY)
        assert agencies.count() >= 10, key
    for key in PROVINCES:
        names = set(demo.committees[key].children.values_list("name", flat=True))
        assert any(name.startswith("Sở Y tế") for name in names)
        assert any(name.startswith("Ngân hàng Nhà nước Chi nhánh Khu vực") for name in names)
        assert any(name.startswith(("Bộ Chỉ huy Quân sự", "Bộ Tư lệnh")) for name in names)
        # Agencies sit in their current province.
        agencies = demo.committees[key].children.filter(kind=OrganizationKind.AGENCY)
        assert set(agencies.values_list("admin_unit__code", flat=True)) == {PROVINCES[key]}
    # Border provinces have their border guard command; Bắc Ninh has no land border.
    assert org("bcd-quang-ninh-bienphong").name == "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Ninh"
    assert org("bcd-dien-bien-bienphong").parent == demo.committees["dienbien"]
    assert not Organization.objects.filter(code="bcd-bac-ninh-bienphong").exists()


@pytest.mark.django_db
def test_it_gives_every_committee_a_roster_led_by_a_chair_with_a_standing_vice_chair(demo):
    for key, committee in demo.committees.items():
        current = [m for m in CommitteeMember.objects.filter(organization=committee) if m.is_current]
        roles = [m.committee_role for m in current]
        assert roles.count(CommitteeRole.CHAIR) == 1, key
        assert roles.count(CommitteeRole.STANDING_VICE_CHAIR) == 1, key
        assert CommitteeRole.SECRETARY in roles, key
        assert len(current) >= 10, key
        for member in current:
            assert member.decision_number and member.decision_date and member.valid_from == member.decision_date
            if member.representing is not None:
                assert member.representing.is_descendant_of(committee)
    quang_ninh = CommitteeMember.objects.filter(organization=demo.committees["quangninh"])
    standing = quang_ninh.get(committee_role=CommitteeRole.STANDING_VICE_CHAIR, valid_to__isnull=True)
    assert standing.title == "Giám đốc Công an tỉnh Quảng Ninh"
    assert standing.representing.name == "Công an tỉnh Quảng Ninh"
    assert standing.rank
    assert standing.decision_number.endswith("/QĐ-UBND")
    # The director before the last re-establishment stays on record as a past member.
    past = quang_ninh.get(committee_role=CommitteeRole.STANDING_VICE_CHAIR, valid_to__isnull=False)
    assert not past.is_current and past.valid_to < standing.valid_from
    # Invented names, all different.
    names = list(CommitteeMember.objects.values_list("full_name", flat=True))
    assert len(names) == len(set(names))


@pytest.mark.django_db
def test_it_creates_commune_committees_in_real_current_communes(demo):
    for key, province_code in PROVINCES.items():
        # Current ones: the district committee dissolved in 2025 stays in the tree as a historical body.
        communes = demo.committees[key].children.current().filter(kind=OrganizationKind.COMMITTEE)
        assert 2 <= communes.count() <= 3, key
        for commune in communes:
            assert commune.level == OrganizationLevel.COMMUNE
            unit = commune.admin_unit
            assert unit.level == "commune" and unit.is_current and unit.parent.code == province_code
            assert commune.name == "Ban Chỉ đạo phòng, chống khủng bố " + unit.name[:1].lower() + unit.name[1:]
            assert commune.standing_org.name.startswith("Công an ")
            assert CommitteeMember.objects.filter(organization=commune).count() >= 5
    assert org("bcd-quang-ninh-halong").name == "Ban Chỉ đạo phòng, chống khủng bố phường Hạ Long"


@pytest.mark.django_db
def test_it_creates_the_demo_logins_with_their_roles(demo):
    users = get_user_model().objects.in_bulk(field_name="username")
    expected = {login.username for login in data.DEMO_LOGINS}
    assert expected <= set(users)
    assert set(demo.users) == expected
    for login in data.DEMO_LOGINS:
        user = users[login.username]
        assert user.check_password("pckb-demo"), login.username
        assert user.full_name, login.username
        membership = Membership.objects.get(user=user)
        assert membership.organization.name == login.organization_name
        assert membership.role == login.role
        assert user.clearance == login.clearance

    admin = users["admin"]
    assert admin.is_superuser and admin.clearance == Classification.SECRET
    assert Membership.objects.get(user=admin).role == Role.ADMIN
    for committee in ("quocgia", "quangninh", "bacninh", "dienbien", "hochiminh", "ubdt"):
        # The committee's login administers its subtree (and, as administrator, manages it too).
        membership = Membership.objects.get(user=users[committee])
        assert membership.role == Role.ADMIN and membership.organization == demo.committees[committee]
        assert users[committee].clearance == Classification.CONFIDENTIAL
    for province in PROVINCES:
        assert Membership.objects.get(user=users[f"{province}.congan"]).role == Role.EDITOR
        assert Membership.objects.get(user=users[f"{province}.yte"]).role == Role.VIEWER
    assert Membership.objects.get(user=users["quangninh.yte"]).organization.name == "Sở Y tế tỉnh Quảng Ninh"


@pytest.mark.django_db
def test_it_lists_only_quang_ninh_to_a_quang_ninh_token(demo):
    client = token_client("quangninh")
    quang_ninh = demo.committees["quangninh"]

    listed = all_results(client, "/api/v1/organizations/")

    # The list shows the current organisations; the merged and dissolved ones are asked for.
    subtree = set(quang_ninh.descendants(include_self=True).current().values_list("pk", flat=True))
    assert {item["id"] for item in listed} == subtree
    everything = all_results(client, "/api/v1/organizations/?lifetime=all")
    assert {item["id"] for item in everything} == set(
        quang_ninh.descendants(include_self=True).values_list("pk", flat=True)
    )
    assert len(subtree) > 20
    dien_bien = Organization.objects.filter(path__startswith=demo.committees["dienbien"].path)
    for other in dien_bien[:5]:
        response = client.get(f"/api/v1/organizations/{other.pk}/")
        assert response.status_code == 404, other.name
    assert client.get(f"/api/v1/organizations/{org('bcd-quoc-gia').pk}/").status_code == 404
    assert client.get(f"/api/v1/organizations/{org('bcd-quang-ninh-yte').pk}/").status_code == 200


@pytest.mark.django_db
def test_it_keeps_a_viewer_to_its_own_agency(demo):
    client = token_client("quangninh.yte")

    listed = all_results(client, "/api/v1/organizations/")

    assert [item["name"] for item in listed] == ["Sở Y tế tỉnh Quảng Ninh"]
    agency = org("bcd-quang-ninh-yte")
    response = client.patch(f"/api/v1/organizations/{agency.pk}/", {"phone": "0203 3825 000"}, format="json")
    assert response.status_code == 403
    assert org("bcd-quang-ninh-yte").phone == ""


@pytest.mark.django_db
def test_it_records_every_demo_object_in_a_valid_audit_trail(demo):
    assert not list(verify_chain())
    organizations = Organization.objects.count()
    created = AuditEntry.objects.filter(object_type="organizations.organization", action="create")
    assert created.count() == organizations
    assert AuditEntry.objects.filter(object_type="organizations.committeemember").count() == (
        CommitteeMember.objects.count()
    )
    assert AuditEntry.objects.filter(object_type="organizations.membership").count() == Membership.objects.count()
    # The demo administrator is the actor of what it created.
    assert set(created.values_list("actor__username", flat=True)) == {"admin"}


@pytest.mark.django_db
def test_it_refuses_to_load_twice(demo, capsys):
    organizations = Organization.objects.count()

    with pytest.raises(DemoAlreadyLoaded):
        load_demo()
    call_command("load_demo")

    assert "already loaded; nothing changed" in capsys.readouterr().out
    assert Organization.objects.count() == organizations


@pytest.mark.django_db
def test_it_loads_the_current_administrative_units_when_there_are_none(demo):
    # The module fixture started from an empty database: the loader brought the current units itself.
    assert AdminUnit.objects.current().filter(level="province").count() == 34
    assert AdminUnit.objects.current().filter(level="commune").count() == 3321


@pytest.mark.django_db
def test_it_gives_each_agency_under_a_committee_a_focal_point_of_its_own(demo):
    users = get_user_model().objects
    for committee in demo.committees.values():
        for child in Organization.objects.filter(parent=committee).current():
            assert Membership.objects.filter(organization=child, role__gte=Role.EDITOR).exists(), child.name
    finance = users.get(username="quangninh.taichinh").memberships.get()
    assert (finance.organization.name, finance.role) == ("Sở Tài chính tỉnh Quảng Ninh", Role.EDITOR)
    assert users.get(username="quangninh.halong").memberships.get().organization.name == (
        "Ban Chỉ đạo phòng, chống khủng bố phường Hạ Long"
    )
    health = users.get(username="quangninh.yte.daumoi").memberships.get()
    assert (health.organization.name, health.role) == ("Sở Y tế tỉnh Quảng Ninh", Role.EDITOR)
    assert users.get(username="quocgia.bqp").check_password(data.DEMO_PASSWORD)


@pytest.mark.django_db
def test_it_orders_the_national_tree_committees_first_then_ministries_by_protocol(demo, client):
    client.force_login(get_user_model().objects.get(username="admin"))
    html = client.get(f"/organizations/{demo.committees['quocgia'].pk}/?tab=children").content.decode()
    names = [
        "Ban Chỉ đạo phòng, chống khủng bố Bộ Dân tộc và Tôn giáo",
        "Ban Chỉ đạo phòng, chống khủng bố tỉnh Quảng Ninh",
        "Ban Chỉ đạo phòng, chống khủng bố Thành phố Hồ Chí Minh",
        "Bộ Quốc phòng",
        "Bộ Công an",
        "Bộ Ngoại giao",
        "Bộ Tài chính",
        "Bộ Y tế",
        "Văn phòng Chính phủ",
    ]
    positions = [html.index(f">{name}<") for name in names]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_it_has_progress_reported_by_the_agencies_own_users(demo, django_capture_on_commit_callbacks):
    from pckb.plans.demo import seed
    from pckb.plans.models import TaskUpdate

    committee, manager = demo.committees["quangninh"], demo.users["quangninh"]
    with django_capture_on_commit_callbacks(execute=True):
        assert seed({"quangninh": committee}, {"quangninh": manager})
    # Except the 2024 tasks of the bodies merged or dissolved in 2025: nobody acts for them any more.
    reports = TaskUpdate.objects.filter(kind="progress", task__assignee__valid_to__isnull=True).select_related(
        "task__assignee", "created_by"
    )
    assert reports.exists()
    for report in reports:
        assert report.created_by != manager
        assert report.created_by.memberships.filter(organization=report.task.assignee).exists()


@pytest.mark.django_db
def test_it_plays_the_2025_reorganisation_and_the_successor_reads_the_predecessors_tasks(demo):
    import datetime

    from pckb.plans.demo import seed_history
    from pckb.plans.models import Task

    dic, khcn = org("bcd-bac-ninh-tttt"), org("bcd-bac-ninh-khcn")
    assert (dic.successor, dic.parent, dic.valid_to) == (khcn, khcn, datetime.date(2025, 2, 28))
    assert dic.parent_on(datetime.date(2025, 2, 28)) == demo.committees["bacninh"]
    district = org("bcd-quang-ninh-van-don-cu")
    assert district.valid_to == datetime.date(2025, 6, 30) and district.successor is None
    assert district.admin_unit.name == "Huyện Vân Đồn" and district.admin_unit.valid_to == datetime.date(2025, 6, 30)
    renamed = org("bcd-bac-ninh-dttg")
    assert renamed.name_on(datetime.date(2024, 6, 1)) == "Ban Dân tộc tỉnh Bắc Ninh"
    assert renamed.name_on(datetime.date(2025, 3, 1)) == "Sở Dân tộc và Tôn giáo tỉnh Bắc Ninh"

    assert seed_history({"bacninh": demo.committees["bacninh"]}, {"bacninh": demo.users["bacninh"]}) == 2
    task = Task.objects.filter(assignee=dic).first()
    assert task.assigned_on.year == 2024
    assert token_client("bacninh.khcn").get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    assert token_client("quangninh").get(f"/api/v1/tasks/{task.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_commune_committees_exist_from_1_july_2025_and_the_2024_tree_does_not_list_them(demo):
    import datetime

    client = token_client("quangninh")
    halong = org("bcd-quang-ninh-halong")
    police = halong.children.get(short_name="Công an")
    assert halong.valid_from == police.valid_from == datetime.date(2025, 7, 1)
    rows = client.get("/api/v1/organizations/?on=2024-06-01&page_size=200").json()["results"]
    in_2024 = {row["id"]: row for row in rows}
    assert halong.pk not in in_2024 and police.pk not in in_2024
    district = org("bcd-quang-ninh-van-don-cu")
    assert in_2024[district.pk]["parent"] == demo.committees["quangninh"].pk
    in_july = {row["id"] for row in client.get("/api/v1/organizations/?on=2025-07-01&page_size=200").json()["results"]}
    assert {halong.pk, police.pk} <= in_july and district.pk not in in_july
