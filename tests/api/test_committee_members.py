"""/api/v1/committee-members/: rosters of committees, with their date and committee rules."""

from __future__ import annotations

import datetime

from pckb.organizations.models import CommitteeMember

URL = "/api/v1/committee-members/"


def make(committee, **extra) -> CommitteeMember:
    extra.setdefault("full_name", "Nguyễn Văn An")
    extra.setdefault("committee_role", "member")
    return CommitteeMember.objects.create(organization=committee, **extra)


def test_it_filters_by_committee_and_current(api, world) -> None:
    today = datetime.date.today()
    current = make(world.a, valid_from=today - datetime.timedelta(days=30))
    past = make(world.a, valid_to=today - datetime.timedelta(days=1))
    make(world.b)
    client = api(world.superuser)
    rows = client.get(URL, {"organization": world.a.pk}).json()["results"]
    assert {r["id"] for r in rows} == {current.pk, past.pk}
    assert [r["id"] for r in client.get(URL, {"organization": world.a.pk, "current": "true"}).json()["results"]] == [
        current.pk
    ]
    assert [r["id"] for r in client.get(URL, {"organization": world.a.pk, "current": "false"}).json()["results"]] == [
        past.pk
    ]
    assert client.get(URL, {"current": "soon"}).status_code == 400


def test_an_end_date_before_the_start_date_is_a_field_error(api, world) -> None:
    response = api(world.org_a_manager).post(
        URL,
        {"organization": world.a.pk, "full_name": "Lê Văn Cường", "committee_role": "member",
         "valid_from": "2026-05-01", "valid_to": "2026-04-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"valid_to": ["Ngày kết thúc không được trước ngày bắt đầu."]}
    assert not CommitteeMember.objects.exists()


def test_bad_dates_and_roles_are_field_errors(api, world) -> None:
    response = api(world.org_a_manager).post(
        URL,
        {"organization": world.a.pk, "full_name": "", "committee_role": "king", "decision_date": "31/02/2026"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"full_name", "committee_role", "decision_date"}
    assert not CommitteeMember.objects.exists()


def test_a_roster_belongs_to_a_committee(api, world) -> None:
    response = api(world.org_a_manager).post(
        URL, {"organization": world.a1.pk, "full_name": "Lê Văn Cường", "committee_role": "member"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"organization": ["Danh sách thành viên chỉ thuộc về một Ban Chỉ đạo."]}


def test_the_represented_agency_must_belong_to_the_committee(api, world) -> None:
    member = make(world.a)
    client = api(world.superuser)
    response = client.patch(f"{URL}{member.pk}/", {"representing": world.b1.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"representing": ["Hãy chọn một cơ quan thành viên hoặc đơn vị của Ban Chỉ đạo này."]}
    moved = client.patch(f"{URL}{member.pk}/", {"organization": world.b.pk}, format="json")
    assert moved.status_code == 400
    assert moved.json() == {"organization": ["Không thể chuyển một thành viên sang danh sách của Ban Chỉ đạo khác."]}
    member.refresh_from_db()
    assert (member.organization_id, member.representing_id) == (world.a.pk, None)


def test_an_editor_of_the_committee_may_read_but_not_change_the_roster(api, world) -> None:
    member = make(world.a)
    client = api(world.org_a_editor)
    assert client.get(f"{URL}{member.pk}/").status_code == 200
    assert client.patch(f"{URL}{member.pk}/", {"title": "X"}, format="json").status_code == 403
    created = client.post(URL, {"organization": world.a.pk, "full_name": "X", "committee_role": "member"})
    assert created.status_code == 403
    assert CommitteeMember.objects.count() == 1
