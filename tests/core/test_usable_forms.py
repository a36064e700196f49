"""A list page offers "Add" only to those whose add form opens (#6): the rule is read off the form class,
without building the form, and must say exactly what the built form says."""

from __future__ import annotations

from dataclasses import fields

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pckb.core.forms import unusable_choice_fields
from pckb.core.testing import make_user
from pckb.core.views import UsableFormMixin


def _add_views() -> list[tuple[str, type]]:
    """(path, view class) of every form page without URL arguments (the add pages)."""

    def walk(patterns: list, prefix: str) -> list[tuple[str, type]]:
        found = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                found += walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                route = prefix + str(pattern.pattern)
                if view_class and issubclass(view_class, UsableFormMixin) and "<" not in route:
                    found.append(("/" + route, view_class))
        return found

    return walk(get_resolver().url_patterns, "")


def _full_answer(view: UsableFormMixin) -> list[str] | None:
    try:
        return unusable_choice_fields(view.get_form(view.get_object_for_form()))
    except (PermissionDenied, Http404):
        return None


def test_the_add_button_rule_read_off_the_form_class_matches_the_built_form(world):
    users = [getattr(world, f.name) for f in fields(world) if not hasattr(getattr(world, f.name), "path")]
    users.append(make_user("no_membership"))
    views = _add_views()
    judged = 0
    for path, view_class in views:
        for user in users:
            request = RequestFactory().get(path)
            request.user = user
            view = view_class()
            view.setup(request)
            quick = view.unusable_without_form(None)
            if quick is None:
                continue
            judged += 1
            assert quick == _full_answer(view), (path, user.username)
    # The task, plan and program add pages (and more) are judged from their class.
    assert judged >= 3 * len(users)


def test_the_task_lists_offer_add_to_an_editor_and_not_to_a_viewer(client, world):
    add_url = reverse("plans:task_add")
    client.force_login(world.org_a_editor)
    assert f'href="{add_url}"' in client.get(reverse("plans:task_assigned")).content.decode()
    client.force_login(world.org_a_viewer)
    assert f'href="{add_url}"' not in client.get(reverse("plans:task_assigned")).content.decode()
