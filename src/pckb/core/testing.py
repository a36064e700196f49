"""Test personas and generic permission-matrix mixins (used by every app's tests).

The tree built by `make_world()`:

    root   national committee
    ├── a      province A committee          (org_a_*)
    │   └── a1 member agency of A            (org_a_child_viewer)
    └── b      province B committee          (org_b_editor: the outsider)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from .choices import Classification, Role

__all__ = ["World", "make_world", "make_user", "PASSWORD"]

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

    root = Organization.objects.create(name="Ban Chỉ đạo PCKB Quốc gia", code="root", kind="committee", level="national")
    a = Organization.objects.create(name="Ban Chỉ đạo PCKB tỉnh A", code="a", kind="committee", level="province", parent=root)
    a1 = Organization.objects.create(name="Sở Y tế tỉnh A", code="a1", kind="agency", level="province", parent=a)
    b = Organization.objects.create(name="Ban Chỉ đạo PCKB tỉnh B", code="b", kind="committee", level="province", parent=root)
    b1 = Organization.objects.create(name="Sở Y tế tỉnh B", code="b1", kind="agency", level="province", parent=b)
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
