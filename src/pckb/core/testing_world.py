"""The test world (personas in a small organisation tree) and the base of the permission matrices.

Split from pckb.core.testing, which re-exports everything here; tests import from `pckb.core.testing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse

from .choices import Classification, Role

__all__ = ["World", "make_world", "make_user", "PASSWORD", "OWNER_PERSONAS", "OUTSIDERS"]


PASSWORD = "test-pass-123"  # noqa: S105 - test fixture


def make_user(username: str, *, org: Any = None, role: int | None = None, **extra: Any) -> Any:
    from pckb.organizations.models import Membership

    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.test", **extra
    )
    if org is not None and role is not None:
        Membership.objects.create(user=user, organization=org, role=role)
    return user


@dataclass
class World:
    root: Any
    a: Any
    a1: Any
    b: Any
    b1: Any
    superuser: Any
    org_a_admin: Any
    org_a_manager: Any
    org_a_editor: Any
    org_a_viewer: Any
    org_a_child_viewer: Any
    org_a1_editor: Any
    org_b_editor: Any
    org_b_manager: Any


def make_world() -> World:
    from pckb.organizations.models import Organization

    create = Organization.objects.create
    root = create(name="Ban Chỉ đạo PCKB Quốc gia", code="root", kind="committee", level="national")
    a = create(name="Ban Chỉ đạo PCKB tỉnh A", code="a", kind="committee", level="province", parent=root)
    a1 = create(name="Sở Y tế tỉnh A", code="a1", kind="agency", level="province", parent=a)
    b = create(name="Ban Chỉ đạo PCKB tỉnh B", code="b", kind="committee", level="province", parent=root)
    b1 = create(name="Sở Y tế tỉnh B", code="b1", kind="agency", level="province", parent=b)
    secret = {"clearance": Classification.SECRET}
    return World(
        root=root,
        a=a,
        a1=a1,
        b=b,
        b1=b1,
        superuser=make_user("superuser", is_superuser=True, is_staff=True),
        org_a_admin=make_user("org_a_admin", org=a, role=Role.ADMIN, **secret),
        org_a_manager=make_user("org_a_manager", org=a, role=Role.MANAGER, **secret),
        org_a_editor=make_user("org_a_editor", org=a, role=Role.EDITOR),
        org_a_viewer=make_user("org_a_viewer", org=a, role=Role.VIEWER),
        org_a_child_viewer=make_user("org_a_child_viewer", org=a1, role=Role.VIEWER),
        org_a1_editor=make_user("org_a1_editor", org=a1, role=Role.EDITOR),
        org_b_editor=make_user("org_b_editor", org=b, role=Role.EDITOR, **secret),
        org_b_manager=make_user("org_b_manager", org=b, role=Role.MANAGER, **secret),
    )


# Personas of the owning organisation (world.a) by role, and the outsiders of world.b.
OWNER_PERSONAS = {
    "org_a_viewer": Role.VIEWER,
    "org_a_editor": Role.EDITOR,
    "org_a_manager": Role.MANAGER,
    "org_a_admin": Role.ADMIN,
}
OUTSIDERS = ("org_b_editor", "org_b_manager")


def _client(user: Any = None) -> Any:
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _state(obj: models.Model) -> dict[str, Any] | None:
    """What the database holds for `obj` now (None when it is gone), without bookkeeping columns."""
    from .audit import snapshot

    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    if fresh is None:
        return None
    data = snapshot(fresh)
    data.pop("updated_at", None)
    return data


def _audit_count(obj: models.Model) -> int:
    from .audit import object_type_of
    from .models import AuditEntry

    return AuditEntry.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk)).count()


def _assert_login_redirect(response: Any) -> None:
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(reverse(settings.LOGIN_URL)), response["Location"]


class _Matrix:
    """What every matrix needs: the model, how to make an object, who may change it."""

    model: type[models.Model]
    url_prefix = ""
    least_role: int = Role.EDITOR
    owner = "a"
    # The route names this class tests besides those its url_prefix or endpoint name; the URL-walking
    # test (tests/test_route_matrix.py) fails for an organisation-scoped route no class covers.
    covers: tuple[str, ...] = ()
    route_suffixes: tuple[str, ...] = ()  # <url_prefix>_<suffix> routes a mixin tests

    @classmethod
    def covered_routes(cls) -> set[str]:
        names = set(cls.covers)
        if cls.url_prefix:
            for klass in cls.__mro__:
                names |= {f"{cls.url_prefix}_{suffix}" for suffix in klass.__dict__.get("route_suffixes", ())}
        return names

    def make_object(self, world: World, org: Any) -> Any:
        raise TypeError(f"{type(self).__name__} must define make_object(world, org)")

    def form_data(self, world: World, org: Any) -> dict[str, Any]:
        raise TypeError(f"{type(self).__name__} must define form_data(world, org)")

    def owner_of(self, world: World) -> Any:
        return getattr(world, self.owner)

    def obj(self, world: World) -> Any:
        return self.make_object(world, self.owner_of(world))

    def allowed(self, world: World) -> list[Any]:
        return [getattr(world, name) for name, role in OWNER_PERSONAS.items() if role >= self.least_role]

    def below(self, world: World) -> list[Any]:
        return [getattr(world, name) for name, role in OWNER_PERSONAS.items() if role < self.least_role]

    def least(self, world: World) -> Any:
        return self.allowed(world)[0]

    def outsiders(self, world: World) -> list[Any]:
        return [getattr(world, name) for name in OUTSIDERS]

    def _url(self, suffix: str, *args: Any) -> str:
        return reverse(f"{self.url_prefix}_{suffix}", args=args)



def _api_client(user: Any = None) -> Any:
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client
