"""What a provincial office noticed in its first hour (#7): assigning to agencies or communes, the
checkbox lists, the breadcrumb following the list it came from, home counters as links, phone cards."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from pckb.organizations.models import Organization
from pckb.plans.models import Task

from .conftest import make_task

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def province(world):
    """Committee A with two member agencies (a1, a2) and a commune committee with its own agency."""
    Organization.objects.create(name="Sở Tư pháp tỉnh A", code="a2", kind="agency", level="province", parent=world.a)
    commune = Organization.objects.create(
        name="Ban Chỉ đạo PCKB phường Hồng Gai", code="a-hg", kind="committee", level="commune", parent=world.a
    )
    Organization.objects.create(name="Công an phường Hồng Gai", code="a-hg-ca", kind="agency", parent=commune)
    return world


def _assign(c, world, today, **choices):
    data = {
        "organization": world.a.pk,
        "title": "Báo cáo 6 tháng",
        "deadline": (today + datetime.timedelta(days=10)).strftime("%d/%m/%Y"),
        "priority": "normal",
        "classification": 0,
        **choices,
    }
    return c.post(reverse("plans:task_assign_many"), data)


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        ({"all_members": "on"}, ["a1", "a2"]),
        ({"all_committees": "on"}, ["a-hg"]),
        ({"all_members": "on", "all_committees": "on"}, ["a-hg", "a1", "a2"]),
    ],
)
def test_it_keeps_member_agencies_and_commune_committees_apart(client, province, today, choices, expected):
    response = _assign(_client(client, province.org_a_manager), province, today, **choices)
    assert response.status_code == 302
    assert sorted(Task.objects.values_list("assignee__code", flat=True)) == expected


def test_it_adds_ticked_organizations_to_the_member_agencies_once(client, province, today):
    ward_police = Organization.objects.get(code="a-hg-ca")
    response = _assign(
        _client(client, province.org_a_manager),
        province,
        today,
        all_members="on",
        assignees=[ward_police.pk, province.a1.pk],
    )
    assert response.status_code == 302
    assert sorted(Task.objects.values_list("assignee__code", flat=True)) == ["a-hg-ca", "a1", "a2"]


def test_it_asks_for_an_assignee_when_nothing_is_chosen(client, province, today):
    response = _assign(_client(client, province.org_a_manager), province, today)
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một đơn vị." in response.content.decode()
    assert not Task.objects.exists()


def test_it_reads_a_typed_dd_mm_yyyy_deadline_as_day_first(client, province, today):
    c = _client(client, province.org_a_manager)
    response = c.post(
        reverse("plans:task_assign_many"),
        {
            "organization": province.a.pk,
            "title": "T",
            "deadline": "05/03/2030",
            "priority": "normal",
            "classification": 0,
            "all_members": "on",
        },
    )
    assert response.status_code == 302
    assert set(Task.objects.values_list("deadline", flat=True)) == {datetime.date(2030, 3, 5)}


def test_it_offers_assignees_and_supporters_as_searchable_checkboxes(client, province):
    c = _client(client, province.org_a_manager)
    html = c.get(reverse("plans:task_assign_many")).content.decode()
    assert "<select multiple" not in html and "Ctrl" not in html
    assert "data-pckb-checklist" in html and 'type="search"' in html
    # Names repeat under every commune: each agency is listed under its commune's committee.
    group = re.search(r'<div [^>]*id="(id_assignees_group_\d+)">Ban Chỉ đạo PCKB phường Hồng Gai</div>', html)
    assert group, "the commune's agencies are grouped under its name"
    nested = html.split(f'aria-labelledby="{group.group(1)}">')[1].split("</ul>")[0]
    assert re.search(r'name="assignees"[^>]*>\s*<label[^>]*>Công an phường Hồng Gai</label>', nested)
    assert "Sở Tư pháp tỉnh A" not in nested
    assert "Tất cả ban chỉ đạo cấp xã trực thuộc Ban Chỉ đạo giao" in html
    html = c.get(reverse("plans:task_add")).content.decode()
    assert 'type="checkbox" name="supporters"' in html and "<select multiple" not in html


def test_it_leads_back_to_the_list_the_task_was_opened_from(client, world, today):
    task = make_task(world, deadline=today + datetime.timedelta(days=3), title="Rà soát mục tiêu")
    c = _client(client, world.org_a_manager)
    issued = c.get(reverse("plans:task_issued")).content.decode()
    assert f'href="{task.get_absolute_url()}?from=issued"' in issued
    assigned = c.get(reverse("plans:task_assigned")).content.decode()
    assert f'href="{task.get_absolute_url()}?from=assigned"' in assigned

    def crumb(url):
        html = c.get(url).content.decode()
        return re.search(r'<ol class="breadcrumb">.*?</ol>', html, re.S).group(0)

    assert "Việc đã giao" in crumb(f"{task.get_absolute_url()}?from=issued")
    assert "Việc được giao" in crumb(f"{task.get_absolute_url()}?from=assigned")
    # Without the hint: the manager's committee issued it to an agency, so it is on the issued side...
    assert "Việc đã giao" in crumb(task.get_absolute_url())
    # ...and on the assigned side for the agency's own editor.
    c = _client(client, world.org_a1_editor)
    assert "Việc được giao" in crumb(task.get_absolute_url())
    assert "Việc được giao" in crumb(f"{task.get_absolute_url()}?from=bogus")


def test_it_links_each_home_counter_to_the_tasks_it_counts(client, world, today):
    make_task(world, deadline=today + datetime.timedelta(days=2), title="Trong tuần")
    make_task(world, deadline=today + datetime.timedelta(days=7), title="Đúng bảy ngày")
    make_task(world, deadline=today + datetime.timedelta(days=8), title="Tuần sau")
    done = make_task(world, deadline=today + datetime.timedelta(days=3), title="Đã xong")
    Task.objects.filter(pk=done.pk).update(status="done")
    c = _client(client, world.org_a1_editor)
    html = c.get("/").content.decode()
    match = re.search(
        r'<a [^>]*href="([^"]+)">\s*<span>Đến hạn trong 7 ngày tới</span><span class="fs-5">(\d+)</span>', html
    )
    assert match, "the due-within-7-days counter is a link"
    url, count = match.group(1).replace("&amp;", "&"), int(match.group(2))
    assert count == 2
    listed = c.get(url).context["object_list"]
    assert sorted(t.title for t in listed) == ["Trong tuần", "Đúng bảy ngày"]
    for label in ("Việc được giao đang mở", "Việc được giao đã quá hạn", "Việc đã giao bị quá hạn"):
        assert re.search(rf'<a [^>]*href="/plans/tasks/[^"]+">\s*<span>{label}', html), label


def test_it_filters_the_tasks_not_yet_done(client, world, today):
    make_task(world, deadline=today, title="Mở")
    done = make_task(world, deadline=today, title="Xong")
    Task.objects.filter(pk=done.pk).update(status="verified")
    listed = _client(client, world.org_a1_editor).get(reverse("plans:task_assigned") + "?status=open")
    assert [t.title for t in listed.context["object_list"]] == ["Mở"]


def test_it_marks_the_status_and_deadline_first_on_phone_cards(client, world, today):
    make_task(world, deadline=today + datetime.timedelta(days=3), title="Rà soát mục tiêu")
    html = _client(client, world.org_a1_editor).get(reverse("plans:task_assigned")).content.decode()
    assert 'class="table table-hover table-sm align-middle pckb-table pckb-cards"' in html
    assert re.search(r'<td data-label="Hạn hoàn thành" data-card="primary">', html)
    assert re.search(r'<td data-label="Trạng thái" data-card="primary">', html)
    assert re.search(r'<td data-label="Nhiệm vụ" data-card="link">', html)
    # The filters fold behind one button on a phone; it says how many are in use.
    assert re.search(r'<div class="collapse d-md-block" id="pckb-filters">\s*<form[^>]*class="pckb-filters', html)
    folded = _client(client, world.org_a1_editor).get(reverse("plans:task_assigned") + "?q=ra+soat&priority=high")
    button = re.search(r"<button[^>]*pckb-filters-toggle.*?</button>", folded.content.decode(), re.S).group(0)
    assert "Bộ lọc" in button and ">2<" in button
