"""Test personas and generic permission-matrix mixins (used by every app's tests).

The tree built by `make_world()`:

    root   national committee
    ├── a      province A committee          (org_a_admin, org_a_manager, org_a_editor, org_a_viewer)
    │   └── a1 member agency of A            (org_a_child_viewer, org_a1_editor)
    └── b      province B committee          (org_b_editor, org_b_manager: the outsiders)
        └── b1 member agency of B

Permission matrix: subclass a mixin in a test module (a plain pytest class; the `world` fixture of
tests/conftest.py supplies the tree) and say how to make an object and what to send. Every generated
test is named `test_it_...`, and each checks that nothing changed when a request was refused.

    class TestCommitteeMemberPages(ScopedEditMatrix, ScopedDeleteMatrix):
        model = CommitteeMember
        url_prefix = "organizations:committeemember"     # <prefix>_edit, _delete, _detail, _list, _add
        least_role = Role.MANAGER                        # the least role that may change it (default editor)

        def make_object(self, world, org):               # an object owned by `org` (world.a by default)
            return CommitteeMember.objects.create(organization=org, full_name="X", committee_role="member")

        def form_data(self, world, org):                  # a valid edit (and, by default, add) form
            return {"full_name": "Y", "committee_role": "member", "sort_order": 1}

- `ScopedDetailMatrix`: anonymous users go to the login page; every role of the owner from `read_role`
  (viewer by default) sees the detail page, the lower ones get 403; outsiders (org_b_editor,
  org_b_manager) and the viewer of a sub-organisation get 404; the list page links to the object for
  the viewer and not for outsiders (override `list_url` with None when the model has no list page of
  its own: then the list checks are left out).
- `ScopedEditMatrix`: outsiders get 404 on GET and POST and the object is unchanged; roles below
  `least_role` get 403 and the object is unchanged; `least_role` saves the form, the object changes and
  an audit entry is written.
- `ScopedDeleteMatrix`: the same for the delete confirmation and the delete itself.
- `ScopedAddMatrix`: `least_role` adds (one more row, audited); outsiders and lower roles cannot add in
  the owner's scope: their POST answers `outsider_add_status` / `below_add_status` (400 by default:
  the owner is not among their choices) and creates nothing. Override `add_url(world, org)` when the
  add page takes the owner as a parameter, `add_data(world, org)` when adding needs other data.
- `ScopedViewMatrix`: all four.
- `ScopedAPIMatrix`: the same matrix for an API endpoint (`endpoint = "/api/v1/things/"`): outsiders get
  404 on detail, PATCH and DELETE and do not see the object in the list; roles below `least_role` get
  403 on PATCH and DELETE; nobody creates in a scope they may not write to (`outsider_create_status`,
  `below_create_status`, 400 by default); `least_role` creates (201), updates (200) and deletes (204),
  each audited. Provide `create_data(world, org)` and `update_data(world, org)` (a PATCH body).
  `ScopedAPIReadMatrix` is its reading half, for read-only endpoints. `deletable = False` for a
  resource never deleted through the API (DELETE is then a 405 for everyone).
- The other route shapes, in `pckb.core.testing_actions` and importable from here:
  `ScopedActionMatrix` (a confirmed action or a POST-only action), `ScopedChildFormMatrix` (a form
  whose submission creates a child record), `ScopedDownloadMatrix` (a file behind the permission
  check), `ScopedListMatrix` (list pages and option lists), `ScopedAPIActionMatrix`
  (`POST /{id}/<action>`) and `ScopedAPIChildMatrix` (an API POST creating a child of a named parent).

Every class covers routes: those its `url_prefix` (with each mixin's suffix: `_detail`, `_list`,
`_edit`, `_delete`, `_add`), `endpoint`, `action_route`, `form_route`, `download_route`, `list_routes`
or `api_action` name, plus any listed in `covers`. tests/test_route_matrix.py walks the URL resolver
and fails for an organisation-scoped route that no class covers.
"""

from __future__ import annotations

import inspect
from typing import Any

from django.urls import resolve

from .choices import Role
from .testing_world import (  # noqa: F401 - re-exported: tests import them from here
    OUTSIDERS,
    OWNER_PERSONAS,
    PASSWORD,
    World,
    _api_client,
    _assert_login_redirect,
    _audit_count,
    _client,
    _Matrix,
    _state,
    make_user,
    make_world,
)

__all__ = [
    "World",
    "make_world",
    "make_user",
    "PASSWORD",
    "ScopedDetailMatrix",
    "ScopedEditMatrix",
    "ScopedDeleteMatrix",
    "ScopedAddMatrix",
    "ScopedViewMatrix",
    "ScopedAPIReadMatrix",
    "ScopedAPIMatrix",
    "ScopedActionMatrix",
    "ScopedChildFormMatrix",
    "ScopedDownloadMatrix",
    "ScopedListMatrix",
    "ScopedAPIActionMatrix",
    "ScopedAPIChildMatrix",
    "matrix_classes",
]


class ScopedDetailMatrix(_Matrix):
    route_suffixes = ("detail",)
    read_role: int = Role.VIEWER  # the least role that may open the page (user pages: administrators)

    def detail_url(self, obj: Any) -> str:
        return obj.get_absolute_url()

    @property
    def list_url(self) -> str | None:
        return self._url("list")

    @classmethod
    def covered_routes(cls) -> set[str]:
        names = super().covered_routes()
        if cls.url_prefix and inspect.getattr_static(cls, "list_url") is ScopedDetailMatrix.__dict__["list_url"]:
            names.add(f"{cls.url_prefix}_list")
        return names

    def test_it_sends_anonymous_users_to_login_from_the_detail_page(self, world: World) -> None:
        obj = self.obj(world)
        _assert_login_redirect(_client().get(self.detail_url(obj)))
        if self.list_url:
            _assert_login_redirect(_client().get(self.list_url))

    def test_it_shows_the_object_to_every_role_of_its_organization(self, world: World) -> None:
        obj = self.obj(world)
        for name, role in OWNER_PERSONAS.items():
            response = _client(getattr(world, name)).get(self.detail_url(obj))
            assert response.status_code == (200 if role >= self.read_role else 403), (name, response.status_code)
        assert _client(world.superuser).get(self.detail_url(obj)).status_code == 200

    def test_it_hides_the_object_from_outsiders(self, world: World) -> None:
        obj = self.obj(world)
        for user in [*self.outsiders(world), world.org_a_child_viewer]:
            response = _client(user).get(self.detail_url(obj))
            assert response.status_code == 404, (user.username, response.status_code)

    def test_it_lists_the_object_for_its_organization_but_not_for_outsiders(self, world: World) -> None:
        if not self.list_url:
            return
        obj = self.obj(world)
        link = f'href="{self.detail_url(obj)}"'
        assert link in _client(world.org_a_viewer).get(self.list_url).content.decode()
        for user in self.outsiders(world):
            response = _client(user).get(self.list_url)
            assert response.status_code == 200
            assert link not in response.content.decode(), user.username


class ScopedEditMatrix(_Matrix):
    route_suffixes = ("edit",)

    def edit_url(self, obj: Any) -> str:
        return self._url("edit", obj.pk)

    def test_it_sends_anonymous_users_to_login_from_the_edit_page(self, world: World) -> None:
        obj = self.obj(world)
        before = _state(obj)
        _assert_login_redirect(_client().get(self.edit_url(obj)))
        _assert_login_redirect(_client().post(self.edit_url(obj), self.form_data(world, self.owner_of(world))))
        assert _state(obj) == before

    def test_it_answers_404_to_outsiders_editing_and_changes_nothing(self, world: World) -> None:
        obj = self.obj(world)
        before = _state(obj)
        for user in self.outsiders(world):
            client = _client(user)
            assert client.get(self.edit_url(obj)).status_code == 404, user.username
            response = client.post(self.edit_url(obj), self.form_data(world, self.owner_of(world)))
            assert response.status_code == 404, (user.username, response.status_code)
        assert _state(obj) == before

    def test_it_answers_403_to_roles_below_the_least_role_and_changes_nothing(self, world: World) -> None:
        obj = self.obj(world)
        before = _state(obj)
        for user in self.below(world):
            client = _client(user)
            assert client.get(self.edit_url(obj)).status_code == 403, user.username
            response = client.post(self.edit_url(obj), self.form_data(world, self.owner_of(world)))
            assert response.status_code == 403, (user.username, response.status_code)
        assert _state(obj) == before

    def test_it_lets_the_least_role_edit_and_audits_it(self, world: World) -> None:
        obj = self.obj(world)
        before, entries = _state(obj), _audit_count(obj)
        client = _client(self.least(world))
        assert client.get(self.edit_url(obj)).status_code == 200
        response = client.post(self.edit_url(obj), self.form_data(world, self.owner_of(world)))
        errors = response.context["form"].errors if response.status_code == 400 else ""
        assert response.status_code == 302, (response.status_code, errors)
        assert _state(obj) != before
        assert _audit_count(obj) == entries + 1


class ScopedDeleteMatrix(_Matrix):
    route_suffixes = ("delete",)

    def delete_url(self, obj: Any) -> str:
        return self._url("delete", obj.pk)

    def test_it_sends_anonymous_users_to_login_from_the_delete_page(self, world: World) -> None:
        obj = self.obj(world)
        _assert_login_redirect(_client().post(self.delete_url(obj)))
        assert _state(obj) is not None

    def test_it_answers_404_to_outsiders_deleting_and_keeps_the_object(self, world: World) -> None:
        obj = self.obj(world)
        before = _state(obj)
        for user in self.outsiders(world):
            client = _client(user)
            assert client.get(self.delete_url(obj)).status_code == 404, user.username
            assert client.post(self.delete_url(obj)).status_code == 404, user.username
        assert _state(obj) == before

    def test_it_answers_403_to_roles_below_the_least_role_deleting(self, world: World) -> None:
        obj = self.obj(world)
        before = _state(obj)
        for user in self.below(world):
            client = _client(user)
            assert client.get(self.delete_url(obj)).status_code == 403, user.username
            assert client.post(self.delete_url(obj)).status_code == 403, user.username
        assert _state(obj) == before

    def test_it_lets_the_least_role_delete_after_a_confirmation(self, world: World) -> None:
        obj = self.obj(world)
        client = _client(self.least(world))
        assert client.get(self.delete_url(obj)).status_code == 200
        response = client.post(self.delete_url(obj))
        assert response.status_code == 302, response.status_code
        assert _state(obj) is None
        assert _audit_count(obj) >= 1


class ScopedAddMatrix(_Matrix):
    route_suffixes = ("add",)
    # The owner is a choice the others are not offered: "not a valid choice" (400), the same answer as
    # for an organisation that does not exist. Pages that refuse the user outright answer 403 or 404.
    outsider_add_status = 400
    below_add_status = 400

    def add_url(self, world: World, org: Any) -> str:
        return self._url("add")

    def add_data(self, world: World, org: Any) -> dict[str, Any]:
        return self.form_data(world, org)

    def count(self) -> int:
        return self.model._default_manager.count()

    def test_it_lets_the_least_role_add_and_audits_it(self, world: World) -> None:
        from .models import AuditEntry

        org = self.owner_of(world)
        client = _client(self.least(world))
        assert client.get(self.add_url(world, org)).status_code == 200
        rows, entries = self.count(), AuditEntry.objects.count()
        response = client.post(self.add_url(world, org), self.add_data(world, org))
        errors = response.context["form"].errors if response.status_code == 400 else ""
        assert response.status_code == 302, (response.status_code, errors)
        assert self.count() == rows + 1
        assert AuditEntry.objects.count() > entries

    def test_it_refuses_to_add_in_the_scope_of_outsiders_and_lower_roles(self, world: World) -> None:
        org = self.owner_of(world)
        rows = self.count()
        for users, status in (
            (self.outsiders(world), self.outsider_add_status),
            (self.below(world), self.below_add_status),
        ):
            for user in users:
                response = _client(user).post(self.add_url(world, org), self.add_data(world, org))
                assert response.status_code == status, (user.username, response.status_code)
        assert self.count() == rows


class ScopedViewMatrix(ScopedDetailMatrix, ScopedEditMatrix, ScopedDeleteMatrix, ScopedAddMatrix):
    """The whole page matrix: detail and list, edit, delete, add."""


class ScopedAPIReadMatrix(_Matrix):
    """Reading an endpoint: anonymous clients must authenticate, outsiders neither list nor fetch the object."""

    endpoint = ""
    read_role: int = Role.VIEWER

    @classmethod
    def covered_routes(cls) -> set[str]:
        return super().covered_routes() | {resolve(cls.endpoint).view_name, resolve(f"{cls.endpoint}0/").view_name}

    def item(self, obj: Any) -> str:
        return f"{self.endpoint}{obj.pk}/"

    def listed_ids(self, user: Any) -> set[int]:
        response = _api_client(user).get(self.endpoint, {"page_size": 500})
        assert response.status_code == 200, response.status_code
        return {row["id"] for row in response.json()["results"]}

    def test_it_asks_anonymous_clients_to_authenticate(self, world: World) -> None:
        obj = self.obj(world)
        assert _api_client().get(self.endpoint).status_code == 401
        assert _api_client().get(self.item(obj)).status_code == 401
        assert _api_client().delete(self.item(obj)).status_code == 401
        assert _state(obj) is not None

    def test_it_lists_the_object_for_its_organization_only(self, world: World) -> None:
        obj = self.obj(world)
        assert obj.pk in self.listed_ids(world.org_a_viewer)
        for user in self.outsiders(world):
            assert obj.pk not in self.listed_ids(user), user.username

    def test_it_fetches_the_object_for_its_organization_and_404_for_outsiders(self, world: World) -> None:
        obj = self.obj(world)
        for name in OWNER_PERSONAS:
            assert _api_client(getattr(world, name)).get(self.item(obj)).status_code == 200, name
        for user in [*self.outsiders(world), world.org_a_child_viewer]:
            assert _api_client(user).get(self.item(obj)).status_code == 404, user.username


class ScopedAPIMatrix(ScopedAPIReadMatrix):
    # As for pages: an owner the caller may not write to is not a valid choice (400, like a missing one).
    outsider_create_status = 400
    below_create_status = 400
    # False for a resource that is never deleted through the API (a key target leaves its list by a
    # transition): DELETE is then 405 for everyone, outsiders included, and nothing is checked after it.
    deletable = True

    def _delete_status(self, status: int) -> int:
        return status if self.deletable else 405

    def create_data(self, world: World, org: Any) -> dict[str, Any]:
        raise TypeError(f"{type(self).__name__} must define create_data(world, org)")

    def update_data(self, world: World, org: Any) -> dict[str, Any]:
        raise TypeError(f"{type(self).__name__} must define update_data(world, org)")

    def test_it_answers_404_to_outsiders_and_changes_nothing(self, world: World) -> None:
        obj = self.obj(world)
        before = _state(obj)
        for user in self.outsiders(world):
            client = _api_client(user)
            assert client.get(self.item(obj)).status_code == 404, user.username
            patch = client.patch(self.item(obj), self.update_data(world, self.owner_of(world)), format="json")
            assert patch.status_code == 404, (user.username, patch.status_code)
            assert client.delete(self.item(obj)).status_code == self._delete_status(404), user.username
        assert _state(obj) == before

    def test_it_answers_403_to_roles_below_the_least_role_and_changes_nothing(self, world: World) -> None:
        obj = self.obj(world)
        before = _state(obj)
        for user in self.below(world):
            client = _api_client(user)
            assert client.get(self.item(obj)).status_code == 200, user.username
            patch = client.patch(self.item(obj), self.update_data(world, self.owner_of(world)), format="json")
            assert patch.status_code == 403, (user.username, patch.status_code)
            assert client.delete(self.item(obj)).status_code == self._delete_status(403), user.username
        assert _state(obj) == before

    def test_it_refuses_creation_outside_the_callers_scope(self, world: World) -> None:
        org = self.owner_of(world)
        rows = self.model._default_manager.count()
        for users, status in (
            (self.outsiders(world), self.outsider_create_status),
            (self.below(world), self.below_create_status),
        ):
            for user in users:
                response = _api_client(user).post(self.endpoint, self.create_data(world, org), format="json")
                assert response.status_code == status, (user.username, response.status_code)
        assert self.model._default_manager.count() == rows

    def test_it_lets_the_least_role_create_update_and_delete_with_audit(self, world: World) -> None:
        from .models import AuditEntry

        org = self.owner_of(world)
        client = _api_client(self.least(world))
        data = self.create_data(world, org)  # may create what the new record refers to (and audit it)
        entries = AuditEntry.objects.count()
        created = client.post(self.endpoint, data, format="json")
        assert created.status_code == 201, (created.status_code, created.content)
        obj = self.model._default_manager.get(pk=created.json()["id"])
        before = _state(obj)
        updated = client.patch(self.item(obj), self.update_data(world, org), format="json")
        assert updated.status_code == 200, (updated.status_code, updated.content)
        assert _state(obj) != before
        if not self.deletable:
            assert client.delete(self.item(obj)).status_code == 405
            assert AuditEntry.objects.count() == entries + 2
            return
        assert client.delete(self.item(obj)).status_code == 204
        assert _state(obj) is None
        assert AuditEntry.objects.count() == entries + 3


# The mixins for the other route shapes (confirmed and POST actions, child forms, downloads, lists, API
# actions) live beside this module; they build on the helpers above.
from .testing_actions import (  # noqa: E402
    ScopedActionMatrix,
    ScopedAPIActionMatrix,
    ScopedAPIChildMatrix,
    ScopedChildFormMatrix,
    ScopedDownloadMatrix,
    ScopedListMatrix,
    matrix_classes,
)
