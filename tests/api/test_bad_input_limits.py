"""Fuzzer findings: number filters out of range, and JSON bodies too deep or too large, are 400s.

Every API list is walked through the one router, so a later module's filters are covered unasked.
"""

from __future__ import annotations

import django_filters
import pytest
from django.urls import reverse

from pckb.api_urls import router
from pckb.core.filters import FilterSet

pytestmark = pytest.mark.django_db

BAD_NUMBERS = ["99999999999999999999", "-1.79e308", "1.5", "abc"]


def _number_filters() -> list[tuple[str, str]]:
    cases = []
    for prefix, viewset, _basename in router.registry:
        filterset_class = getattr(viewset, "filterset_class", None)
        if filterset_class is None:
            continue
        for name, declared in filterset_class.base_filters.items():
            if isinstance(declared, django_filters.NumberFilter):
                cases.append((prefix, name))
    return cases


NUMBER_FILTERS = _number_filters()


def test_it_finds_the_id_filters_the_fuzzer_broke():
    names = {f"{prefix}?{name}" for prefix, name in NUMBER_FILTERS}
    assert {"tasks?assignee", "tasks?plan", "task-updates?task", "plans?program", "plans?year"} <= names
    assert {"organizations?parent", "admin-units?parent"} <= names


@pytest.mark.parametrize(("prefix", "name"), NUMBER_FILTERS)
@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_it_answers_400_naming_the_filter(client, world, prefix, name, value):
    client.force_login(world.superuser)
    response = client.get(f"/api/v1/{prefix}/", {name: value})
    assert response.status_code == 400
    assert name in response.json()


def test_it_refuses_a_year_nobody_plans_for(client, world):
    client.force_login(world.superuser)
    response = client.get("/api/v1/plans/", {"year": "-6299"})
    assert response.status_code == 400 and "year" in response.json()
    assert client.get("/api/v1/plans/", {"year": "2026"}).status_code == 200


def test_it_keeps_list_pages_up_with_an_overflowing_filter(client, world):
    client.force_login(world.superuser)
    for name in ("plans:task_assigned", "plans:plan_list", "organizations:organization_list"):
        url = reverse(name)
        assert (
            client.get(url, {"plan": "99999999999999999999", "parent": "-1.79e308", "year": "-6299"}).status_code == 200
        )


def test_every_filterset_inherits_the_bounded_base():
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("pckb."):
            try:
                importlib.import_module(f"{config.name}.filters")
            except ModuleNotFoundError:
                pass
    offenders = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in _all_subclasses(django_filters.FilterSet)
        if cls.__module__.startswith("pckb.") and not issubclass(cls, FilterSet)
    ]
    assert offenders == []


def _all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_all_subclasses(sub)}
    return found


def test_it_refuses_a_json_body_nested_100000_levels(client, world):
    client.force_login(world.superuser)
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/programs/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_it_refuses_a_json_body_a_little_too_deep(client, world):
    client.force_login(world.superuser)
    body = '{"title": ' + "[" * 40 + "]" * 40 + "}"
    response = client.post("/api/v1/programs/", body, content_type="application/json")
    assert response.status_code == 400


def test_it_refuses_a_json_body_over_the_size_limit(client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(world.superuser)
    body = '{"title": "' + "x" * 2000 + '"}'
    response = client.post("/api/v1/programs/", body, content_type="application/json")
    assert response.status_code == 400
