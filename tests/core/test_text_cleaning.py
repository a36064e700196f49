"""One normaliser for every text and date field (fuzzer findings): pages, API and services alike."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from pckb.core.text import clean_text
from pckb.organizations.models import Organization
from pckb.plans.models import Program

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("raw", "multiline", "expected"),
    [
        ("Kế hoạch\x07 năm\x1b 2026\x01", False, "Kế hoạch năm 2026"),
        ("\u202eKế hoạch", False, "Kế hoạch"),
        ("\u200b\u200c\u200d\ufeff\u2066", False, ""),
        ("Ke\u0302\u0301 hoa\u0323ch", False, "Kế hoạch"),  # decomposed input is stored composed (NFC)
        ("Dòng 1\r\nDòng 2\x00\tcột", True, "Dòng 1\nDòng 2\tcột"),
        ("  hai   khoảng  ", False, "hai khoảng"),
    ],
)
def test_it_cleans_text(raw, multiline, expected):
    assert clean_text(raw, multiline=multiline) == expected


def program_body(world, **overrides) -> dict:
    return {
        "organization": world.a.pk,
        "title": "Chương trình PCKB 2026–2030",
        "period_from": "2026-01-01",
        "period_to": "2030-12-31",
        **overrides,
    }


def test_it_stores_a_title_without_control_or_direction_characters(world):
    response = api(world.org_a_manager).post(
        "/api/v1/programs/", program_body(world, title="\x07\u202eChương trình\x1b 2026"), format="json"
    )
    assert response.status_code == 201, response.content
    assert Program.objects.get(pk=response.json()["id"]).title == "Chương trình 2026"


def test_it_refuses_a_title_made_only_of_invisible_characters(world):
    response = api(world.org_a_manager).post(
        "/api/v1/programs/", program_body(world, title="\u200b\u202e\ufeff"), format="json"
    )
    assert response.status_code == 400 and "title" in response.json()
    assert not Program.objects.exists()


def test_it_refuses_a_two_million_character_description(world):
    response = api(world.org_a_manager).post(
        "/api/v1/programs/", program_body(world, description="x" * 2_000_000), format="json"
    )
    assert response.status_code == 400
    assert "20000" in response.json()["description"][0].replace(".", "").replace(",", "")
    assert not Program.objects.exists()


def test_it_refuses_an_implausible_date(world):
    response = api(world.org_a_manager).post(
        "/api/v1/programs/", program_body(world, period_to="9999-12-31"), format="json"
    )
    assert response.status_code == 400 and "period_to" in response.json()
    assert not Program.objects.exists()


def test_it_applies_to_organizations_too(world):
    org = Organization(name="\u202eSở\x07 Y tế", code="X1", parent=world.a, kind=world.a1.kind)
    with pytest.raises(ValidationError):
        Organization(name="\u200b", code="X2", parent=world.a, kind=world.a1.kind).full_clean()
    org.clean_fields(exclude=["parent", "path", "depth"])
    assert org.name == "Sở Y tế"


def test_it_checks_task_deadlines(world):
    from pckb.plans import services

    with pytest.raises(ValidationError) as err:
        services.do_create_task(
            world.a,
            actor=world.org_a_manager,
            title="Rà soát mục tiêu",
            assignee=world.a1,
            deadline=datetime.date(9999, 12, 31),
        )
    assert "deadline" in err.value.message_dict
