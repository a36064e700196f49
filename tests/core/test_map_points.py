"""core.views_map.MapPointsView: the scoped, bounded points behind every map, and the map's legend.

No model has coordinates yet, so the views under test read organisations (a scoped model) with
coordinates added as annotations; what is tested is the helper's scoping, bounds and output.
"""

from __future__ import annotations

import json

import django_filters
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, FloatField, Value
from django.db.models.functions import Cast
from django.test import RequestFactory
from django.urls import reverse

from pckb.core.filters import FilterSet
from pckb.core.views_map import MapPointsView, detail_url_maker, legend
from pckb.organizations.models import Organization

organization_url = detail_url_maker("organizations:organization_detail")


class OrganizationFilterSet(FilterSet):
    level = django_filters.ChoiceFilter(choices=[("national", "national"), ("province", "province")])
    parent = django_filters.NumberFilter()

    class Meta:
        model = Organization
        fields = ["level", "parent"]


class OrganizationPoints(MapPointsView):
    model = Organization
    filterset_class = OrganizationFilterSet
    fields = ("pk", "name", "kind")

    def base_queryset(self):
        # Fixed coordinates, different per row: 21.0 + id/1000 north, 105.8 east.
        return (
            super()
            .base_queryset()
            .annotate(latitude=Value(21.0) + Cast(F("id"), FloatField()) / 1000, longitude=Value(105.8))
        )

    def feature(self, row):
        colour = "success" if row["kind"] == "committee" else "info"
        return {"title": row["name"], "url": organization_url(row["pk"]), "colour": colour}


def points(user, view_class=OrganizationPoints, **params):
    request = RequestFactory().get("/map-points/", params)
    request.user = user
    return view_class.as_view()(request)


def body(response) -> dict:
    return json.loads(response.content)


def titles(response) -> set[str]:
    return {feature["properties"]["title"] for feature in body(response)["features"]}


def test_a_user_sees_the_points_of_their_own_scope_only(world) -> None:
    response = points(world.org_b_editor)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert titles(response) == {world.b.name, world.b1.name}


def test_an_outsider_without_membership_sees_no_point(world, django_user_model) -> None:
    outsider = django_user_model.objects.create_user("nobody", password="x-x-x-x-1")
    response = points(outsider)
    assert response.status_code == 200
    assert body(response)["features"] == []


def test_the_national_committee_sees_every_point_with_coordinates_and_links(world) -> None:
    response = points(world.superuser)
    features = body(response)["features"]
    assert len(features) == Organization.objects.count()
    by_title = {f["properties"]["title"]: f for f in features}
    a = by_title[world.a.name]
    assert a["geometry"] == {"type": "Point", "coordinates": [105.8, pytest.approx(21.0 + world.a.pk / 1000)]}
    assert a["properties"] == {
        "title": world.a.name,
        "url": reverse("organizations:organization_detail", args=[world.a.pk]),
        "colour": "success",
    }


def test_the_filters_of_the_list_apply_and_a_bad_one_is_a_400_naming_it(world) -> None:
    assert titles(points(world.superuser, parent=world.a.pk)) == {world.a1.name}
    response = points(world.superuser, level="planet")
    assert response.status_code == 400
    assert list(body(response)["errors"]) == ["level"]


def test_rows_without_coordinates_are_left_out(world) -> None:
    class WithoutCoordinates(OrganizationPoints):
        def base_queryset(self):
            return super().base_queryset().annotate(latitude=Value(None, FloatField()))

    assert body(points(world.superuser, WithoutCoordinates))["features"] == []


def test_the_number_of_points_is_bounded_and_the_map_is_told(world, settings) -> None:
    settings.PCKB_MAP_MAX_POINTS = 3
    answer = body(points(world.superuser))
    assert len(answer["features"]) == 3
    assert answer["truncated"] is True
    assert answer["limit"] == 3
    settings.PCKB_MAP_MAX_POINTS = 1000
    assert body(points(world.superuser))["truncated"] is False


def test_the_answer_is_never_cached_and_costs_the_same_queries_for_any_number_of_rows(
    world, django_assert_max_num_queries
) -> None:
    for index in range(30):
        Organization.objects.create(
            name=f"Đơn vị {index}", code=f"x{index}", kind="agency", level="province", parent=world.b
        )
    with django_assert_max_num_queries(4):  # the user's scope (memberships, organisation ids) and the rows
        response = points(world.org_b_editor)
    assert len(body(response)["features"]) == 32
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_anonymous_users_are_sent_to_sign_in(world) -> None:
    from django.contrib.auth.models import AnonymousUser

    response = points(AnonymousUser())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_view_without_feature_or_model_is_a_configuration_error(world) -> None:
    class NoFeature(OrganizationPoints):
        feature = MapPointsView.feature

    with pytest.raises(ImproperlyConfigured):
        points(world.superuser, NoFeature)
    with pytest.raises(ImproperlyConfigured):
        points(world.superuser, MapPointsView)


def test_detail_urls_are_reversed_once_and_match_reverse(db) -> None:
    assert organization_url(42) == reverse("organizations:organization_detail", args=[42])

    class View(MapPointsView):
        url = detail_url_maker("organizations:organization_detail")  # a class attribute: no `self` passed

    assert View().url(7) == reverse("organizations:organization_detail", args=[7])


def test_the_legend_accepts_the_palette_only() -> None:
    items = legend(("success", "Sẵn sàng"), ("danger", "Chưa sẵn sàng"))
    assert [(i.colour, i.label) for i in items] == [("success", "Sẵn sàng"), ("danger", "Chưa sẵn sàng")]
    with pytest.raises(ImproperlyConfigured):
        legend(("purple", "Tím"))
