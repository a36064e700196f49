"""Permission-matrix mixins for the route shapes beyond list/detail/edit/delete/add (see pckb.core.testing).

Same personas and the same promise: anonymous users go to the login page (the API answers 401),
outsiders (org_b_editor, org_b_manager) get 404, roles of the owner below `least_role` get 403, on the
write itself and not only on its page, and in both cases nothing changes; `least_role` succeeds and the
change is audited. Each class names the route it tests, so the URL-walking test finds it.

- `ScopedActionMatrix`: a confirmed action (`action_route` taking the object's pk: GET a confirmation
  page, POST does it: issue, close, deactivate, remove a role) or, with `confirm_page = False`, a POST
  whose form sits on the detail page (a task transition). Give `action_data(world, obj)` when the POST
  needs a body; the object must differ afterwards (`state(obj)`, its database row by default).
- `ScopedChildFormMatrix`: a form page under a record whose submission creates a child record
  (`form_route` taking the parent's pk; `child_model`; `child_data(world, parent)`): a progress report
  on a task, a role granted to a user. `has_form_page = False` when only the POST exists.
- `ScopedDownloadMatrix`: a file served through the permission check (`download_route`; `make_object`
  attaches `file_content`): every role of the owner from `read_role` up gets the bytes, outsiders and
  the viewer of a sub-organisation 404.
- `ScopedListMatrix`: list pages (`list_routes`) that show the object to its organisation from
  `least_role` up and not to outsiders; `listed_marker(obj)` is what shows it (a link to its page by
  default); `below_status` and `outsider_status` are the answers to the others (403 and 200 by default).
- `ScopedAPIActionMatrix`: `POST {endpoint}{id}/{api_action}` (issue, close, transition) with
  `action_body(world, obj)`.
- `ScopedAPIChildMatrix`: `POST {endpoint}` creating a child of a parent record named in the body
  (`child_body(world, parent)`, e.g. a task update): a hidden parent is a 400 naming the field.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import resolve, reverse

from .choices import Role
from .testing import ScopedAPIReadMatrix
from .testing_world import (
    OWNER_PERSONAS,
    World,
    _api_client,
    _assert_login_redirect,
    _audit_count,
    _client,
    _Matrix,
    _state,
)

__all__ = [
    "ScopedActionMatrix",
    "ScopedChildFormMatrix",
    "ScopedDownloadMatrix",
    "ScopedListMatrix",
    "ScopedAPIActionMatrix",
    "ScopedAPIChildMatrix",
    "matrix_classes",
]


def matrix_classes() -> list[type]:
    """Every concrete permission-matrix class defined so far (their test modules must be imported)."""
    found, todo = set(), [_Matrix]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if not sub.__module__.startswith("pckb.core.testing"):
                found.add(sub)
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def _audit_total() -> int:
    from .models import AuditEntry

    return AuditEntry.objects.count()


class ScopedActionMatrix(_Matrix):
    action_route = ""
    confirm_page = True
    success_status = 302

    @classmethod
    def covered_routes(cls) -> set[str]:
        return super().covered_routes() | {cls.action_route}

    def action_url(self, obj: Any) -> str:
        return reverse(self.action_route, args=[obj.pk])

    def action_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {}

    def state(self, obj: Any) -> Any:
        return _state(obj)

    def audit_count(self, obj: Any) -> int:
        """Audit entries about `obj`; an action audited on other records (a file added) says where."""
        return _audit_count(obj)

    def test_it_sends_anonymous_users_to_login_from_the_action(self, world: World) -> None:
        obj = self.obj(world)
        before = self.state(obj)
        if self.confirm_page:
            _assert_login_redirect(_client().get(self.action_url(obj)))
        _assert_login_redirect(_client().post(self.action_url(obj), self.action_data(world, obj)))
        assert self.state(obj) == before

    def test_it_answers_404_to_outsiders_taking_the_action_and_changes_nothing(self, world: World) -> None:
        obj = self.obj(world)
        before = self.state(obj)
        for user in self.outsiders(world):
            client = _client(user)
            if self.confirm_page:
                assert client.get(self.action_url(obj)).status_code == 404, user.username
            response = client.post(self.action_url(obj), self.action_data(world, obj))
            assert response.status_code == 404, (user.username, response.status_code)
        assert self.state(obj) == before

    def test_it_answers_403_to_lower_roles_on_the_post_itself_and_changes_nothing(self, world: World) -> None:
        obj = self.obj(world)
        before = self.state(obj)
        for user in self.below(world):
            client = _client(user)
            if self.confirm_page:
                assert client.get(self.action_url(obj)).status_code == 403, user.username
            response = client.post(self.action_url(obj), self.action_data(world, obj))
            assert response.status_code == 403, (user.username, response.status_code)
        assert self.state(obj) == before

    def test_it_lets_the_least_role_take_the_action_and_audits_it(self, world: World) -> None:
        obj = self.obj(world)
        before, entries = self.state(obj), self.audit_count(obj)
        client = _client(self.least(world))
        if self.confirm_page:
            assert client.get(self.action_url(obj)).status_code == 200
        response = client.post(self.action_url(obj), self.action_data(world, obj))
        assert response.status_code == self.success_status, response.status_code
        assert self.state(obj) != before
        assert self.audit_count(obj) > entries


class ScopedChildFormMatrix(_Matrix):
    form_route = ""
    child_model: Any = None
    has_form_page = True

    @classmethod
    def covered_routes(cls) -> set[str]:
        return super().covered_routes() | {cls.form_route}

    def form_url(self, parent: Any) -> str:
        return reverse(self.form_route, args=[parent.pk])

    def child_data(self, world: World, parent: Any) -> dict[str, Any]:
        raise TypeError(f"{type(self).__name__} must define child_data(world, parent)")

    def submit(self, client: Any, url: str, data: dict[str, Any]) -> Any:
        return client.post(url, data)

    def children(self) -> int:
        return self.child_model._default_manager.count()

    def test_it_sends_anonymous_users_to_login_from_the_child_form(self, world: World) -> None:
        parent = self.obj(world)
        rows = self.children()
        if self.has_form_page:
            _assert_login_redirect(_client().get(self.form_url(parent)))
        _assert_login_redirect(self.submit(_client(), self.form_url(parent), self.child_data(world, parent)))
        assert self.children() == rows

    def test_it_answers_404_to_outsiders_adding_a_child_and_creates_nothing(self, world: World) -> None:
        parent = self.obj(world)
        rows, before = self.children(), _state(parent)
        for user in self.outsiders(world):
            client = _client(user)
            if self.has_form_page:
                assert client.get(self.form_url(parent)).status_code == 404, user.username
            response = self.submit(client, self.form_url(parent), self.child_data(world, parent))
            assert response.status_code == 404, (user.username, response.status_code)
        assert self.children() == rows
        assert _state(parent) == before

    def test_it_answers_403_to_lower_roles_adding_a_child_and_creates_nothing(self, world: World) -> None:
        parent = self.obj(world)
        rows, before = self.children(), _state(parent)
        for user in self.below(world):
            client = _client(user)
            if self.has_form_page:
                assert client.get(self.form_url(parent)).status_code == 403, user.username
            response = self.submit(client, self.form_url(parent), self.child_data(world, parent))
            assert response.status_code == 403, (user.username, response.status_code)
        assert self.children() == rows
        assert _state(parent) == before

    def test_it_lets_the_least_role_add_a_child_and_audits_it(self, world: World) -> None:
        parent = self.obj(world)
        rows, entries = self.children(), _audit_total()
        client = _client(self.least(world))
        if self.has_form_page:
            assert client.get(self.form_url(parent)).status_code == 200
        response = self.submit(client, self.form_url(parent), self.child_data(world, parent))
        errors = response.context["form"].errors if response.status_code == 400 and response.context else ""
        assert response.status_code == 302, (response.status_code, errors)
        assert self.children() == rows + 1
        assert _audit_total() > entries


class ScopedDownloadMatrix(_Matrix):
    download_route = ""
    read_role: int = Role.VIEWER
    file_content = b"%PDF-1.4\n% PCKB test document\n"

    @classmethod
    def covered_routes(cls) -> set[str]:
        return super().covered_routes() | {cls.download_route}

    @pytest.fixture(autouse=True)
    def _media_in_tmp(self, settings: Any, tmp_path: Any) -> None:
        settings.MEDIA_ROOT = tmp_path

    def download_url(self, obj: Any) -> str:
        return reverse(self.download_route, args=[obj.pk])

    def check_content(self, obj: Any, content: bytes) -> None:
        assert content == self.file_content

    def test_it_sends_anonymous_users_to_login_from_the_download(self, world: World) -> None:
        _assert_login_redirect(_client().get(self.download_url(self.obj(world))))

    def test_it_serves_the_file_to_the_roles_that_may_read_it(self, world: World) -> None:
        obj = self.obj(world)
        for name, role in OWNER_PERSONAS.items():
            response = _client(getattr(world, name)).get(self.download_url(obj))
            if role >= self.read_role:
                assert response.status_code == 200, (name, response.status_code)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                self.check_content(obj, body)
            else:
                assert response.status_code == 403, (name, response.status_code)

    def test_it_answers_404_to_outsiders_downloading(self, world: World) -> None:
        obj = self.obj(world)
        for user in [*self.outsiders(world), world.org_a_child_viewer]:
            response = _client(user).get(self.download_url(obj))
            assert response.status_code == 404, (user.username, response.status_code)


class ScopedListMatrix(_Matrix):
    list_routes: tuple[str, ...] = ()
    least_role = Role.VIEWER
    # Lists for administrators only refuse everyone else, outsiders included, before looking at scope;
    # option lists (search boxes) answer 200 with nothing to choose.
    outsider_status = 200
    below_status = 403

    @classmethod
    def covered_routes(cls) -> set[str]:
        return super().covered_routes() | set(cls.list_routes)

    def list_url(self, route: str, obj: Any) -> str:
        return reverse(route)

    def listed_marker(self, obj: Any) -> str:
        # The link may carry which list it came from (`?from=issued`): match its start.
        return f'href="{obj.get_absolute_url()}'

    def test_it_sends_anonymous_users_to_login_from_the_lists(self, world: World) -> None:
        obj = self.obj(world)
        for route in self.list_routes:
            _assert_login_redirect(_client().get(self.list_url(route, obj)))

    def test_it_lists_the_object_for_the_roles_of_its_organization(self, world: World) -> None:
        obj = self.obj(world)
        for route in self.list_routes:
            for name, role in OWNER_PERSONAS.items():
                response = _client(getattr(world, name)).get(self.list_url(route, obj))
                if role >= self.least_role:
                    assert response.status_code == 200, (route, name, response.status_code)
                    assert self.listed_marker(obj) in response.content.decode(), (route, name)
                else:
                    assert response.status_code == self.below_status, (route, name, response.status_code)
                    assert self.listed_marker(obj) not in response.content.decode(), (route, name)

    def test_it_does_not_list_the_object_for_outsiders(self, world: World) -> None:
        obj = self.obj(world)
        for route in self.list_routes:
            for user in self.outsiders(world):
                response = _client(user).get(self.list_url(route, obj))
                assert response.status_code == self.outsider_status, (route, user.username, response.status_code)
                assert self.listed_marker(obj) not in response.content.decode(), (route, user.username)


class ScopedAPIActionMatrix(ScopedAPIReadMatrix):
    api_action = ""
    success_status = 200
    body_format = "json"  # "multipart" for an action that takes a file

    @classmethod
    def covered_routes(cls) -> set[str]:
        return super().covered_routes() | {resolve(f"{cls.endpoint}0/{cls.api_action}").view_name}

    def action_item(self, obj: Any) -> str:
        return f"{self.endpoint}{obj.pk}/{self.api_action}"

    def action_body(self, world: World, obj: Any) -> dict[str, Any]:
        return {}

    def state(self, obj: Any) -> Any:
        return _state(obj)

    def audit_count(self, obj: Any) -> int:
        """Audit entries about `obj`; an action audited on other records (tasks imported) says where."""
        return _audit_count(obj)

    def test_it_asks_anonymous_clients_to_authenticate_for_the_action(self, world: World) -> None:
        obj = self.obj(world)
        before = self.state(obj)
        response = _api_client().post(self.action_item(obj), self.action_body(world, obj), format=self.body_format)
        assert response.status_code == 401, response.status_code
        assert self.state(obj) == before

    def test_it_answers_404_to_outsiders_on_the_action_and_changes_nothing(self, world: World) -> None:
        obj = self.obj(world)
        before = self.state(obj)
        for user in self.outsiders(world):
            response = _api_client(user).post(
                self.action_item(obj), self.action_body(world, obj), format=self.body_format
            )
            assert response.status_code == 404, (user.username, response.status_code)
        assert self.state(obj) == before

    def test_it_answers_403_to_lower_roles_on_the_action_and_changes_nothing(self, world: World) -> None:
        obj = self.obj(world)
        before = self.state(obj)
        for user in self.below(world):
            response = _api_client(user).post(
                self.action_item(obj), self.action_body(world, obj), format=self.body_format
            )
            assert response.status_code == 403, (user.username, response.status_code)
        assert self.state(obj) == before

    def test_it_lets_the_least_role_take_the_action_with_audit(self, world: World) -> None:
        obj = self.obj(world)
        before, entries = self.state(obj), self.audit_count(obj)
        response = _api_client(self.least(world)).post(
            self.action_item(obj), self.action_body(world, obj), format=self.body_format
        )
        assert response.status_code == self.success_status, (response.status_code, response.content)
        assert self.state(obj) != before
        assert self.audit_count(obj) > entries


class ScopedAPIChildMatrix(_Matrix):
    """`make_object` makes the parent; `child_model` rows are what a POST to `endpoint` creates."""

    endpoint = ""
    child_model: Any = None
    parent_field = ""  # the body's field naming the parent

    @classmethod
    def covered_routes(cls) -> set[str]:
        return super().covered_routes() | {resolve(cls.endpoint).view_name}

    def child_body(self, world: World, parent: Any) -> dict[str, Any]:
        raise TypeError(f"{type(self).__name__} must define child_body(world, parent)")

    def children(self) -> int:
        return self.child_model._default_manager.count()

    def test_it_asks_anonymous_clients_to_authenticate_to_add_a_child(self, world: World) -> None:
        parent = self.obj(world)
        rows = self.children()
        assert _api_client().post(self.endpoint, self.child_body(world, parent), format="json").status_code == 401
        assert self.children() == rows

    def test_it_answers_outsiders_as_if_the_parent_did_not_exist(self, world: World) -> None:
        parent = self.obj(world)
        rows, before = self.children(), _state(parent)
        missing = {**self.child_body(world, parent), self.parent_field: 999_999_999}
        for user in self.outsiders(world):
            client = _api_client(user)
            hidden = client.post(self.endpoint, self.child_body(world, parent), format="json")
            absent = client.post(self.endpoint, missing, format="json")
            assert hidden.status_code == 400, (user.username, hidden.status_code)
            assert hidden.json() == absent.json(), user.username
        assert self.children() == rows
        assert _state(parent) == before

    def test_it_answers_403_to_lower_roles_adding_a_child(self, world: World) -> None:
        parent = self.obj(world)
        rows, before = self.children(), _state(parent)
        for user in self.below(world):
            response = _api_client(user).post(self.endpoint, self.child_body(world, parent), format="json")
            assert response.status_code == 403, (user.username, response.status_code)
        assert self.children() == rows
        assert _state(parent) == before

    def test_it_lets_the_least_role_add_a_child_with_audit(self, world: World) -> None:
        parent = self.obj(world)
        rows, entries = self.children(), _audit_total()
        response = _api_client(self.least(world)).post(self.endpoint, self.child_body(world, parent), format="json")
        assert response.status_code == 201, (response.status_code, response.content)
        assert self.children() == rows + 1
        assert _audit_total() > entries
