"""The generic permission matrix (pckb.core.testing) applied to user administration and the audit log.

A user belongs to the organisations of their memberships: the administrators (role admin) of those
organisations manage the account; its other members may not (403); everyone else does not see it (404).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse

from pckb.accounts.models import ApiToken
from pckb.core.choices import Classification, Role
from pckb.core.models import AuditEntry
from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedAddMatrix,
    ScopedAPIReadMatrix,
    ScopedChildFormMatrix,
    ScopedDetailMatrix,
    ScopedEditMatrix,
    ScopedListMatrix,
    make_user,
)
from pckb.organizations.models import Membership, Organization
from pckb.organizations.services import do_add_committee_member

User = get_user_model()
GOOD_PASSWORD = "Hoa-sen-2026!"


def make_target(world: Any, org: Organization, **extra: Any) -> Any:
    """A focal point of the owning organisation: the account the administrators manage."""
    return make_user("dau.moi", org=org, role=Role.VIEWER, full_name="Trần Văn Đầu Mối", **extra)


class TestUserPages(ScopedDetailMatrix, ScopedEditMatrix, ScopedAddMatrix):
    model = User
    url_prefix = "accounts:user"
    least_role = Role.ADMIN
    read_role = Role.ADMIN
    list_url = None  # the user list is for administrators only: TestUserList
    outsider_add_status = below_add_status = 403  # the add page is for administrators only

    def make_object(self, world: Any, org: Organization) -> Any:
        return make_target(world, org)

    def detail_url(self, obj: Any) -> str:
        return reverse("accounts:user_detail", args=[obj.pk])

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "username": "dau.moi",
            "full_name": "Trần Văn Đầu Mối (đổi tên)",
            "title": "Chuyên viên",
            "email": "dau.moi@example.test",
            "phone": "0912 345 678",
            "clearance": Classification.UNCLASSIFIED,
        }

    def add_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            **self.form_data(world, org),
            "username": "nguyen.van.an",
            "email": "an@example.test",
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
            "organization": org.pk,
            "role": Role.EDITOR,
        }


class TestUserList(ScopedListMatrix):
    model = User
    least_role = Role.ADMIN
    list_routes = ("accounts:user_list",)
    outsider_status = 403  # no outsider persona administers anything: refused before any lookup

    def make_object(self, world: Any, org: Organization) -> Any:
        return make_target(world, org)

    def listed_marker(self, obj: Any) -> str:
        return f'href="{reverse("accounts:user_detail", args=[obj.pk])}"'


class TestAdministeredOrganizationOptions(ScopedListMatrix):
    """The organisation search box of the user forms: the organisations the administrator administers."""

    model = Organization
    least_role = Role.ADMIN
    list_routes = ("accounts:organization_options",)
    outsider_status = 403

    def make_object(self, world: Any, org: Organization) -> Organization:
        return Organization.objects.create(name="Phòng Tham mưu", code="a-unit", kind="unit", parent=org)

    def listed_marker(self, obj: Organization) -> str:
        return f'value="{obj.pk}"'


class TestUserDeactivation(ScopedActionMatrix):
    model = User
    least_role = Role.ADMIN
    action_route = "accounts:user_deactivate"

    def make_object(self, world: Any, org: Organization) -> Any:
        return make_target(world, org)


class TestUserReactivation(ScopedActionMatrix):
    model = User
    least_role = Role.ADMIN
    action_route = "accounts:user_reactivate"

    def make_object(self, world: Any, org: Organization) -> Any:
        return make_target(world, org, is_active=False)


class TestMembershipGrant(ScopedChildFormMatrix):
    model = User
    least_role = Role.ADMIN
    form_route = "accounts:membership_add"
    child_model = Membership

    def make_object(self, world: Any, org: Organization) -> Any:
        return make_target(world, org)

    def child_data(self, world: Any, parent: Any) -> dict[str, Any]:
        return {"organization": world.a1.pk, "role": Role.EDITOR}


class TestMembershipPages(ScopedEditMatrix):
    model = Membership
    url_prefix = "accounts:membership"
    least_role = Role.ADMIN

    def make_object(self, world: Any, org: Organization) -> Membership:
        return make_target(world, org).memberships.get()

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"role": Role.EDITOR}


class TestMembershipRemoval(ScopedActionMatrix):
    model = Membership
    least_role = Role.ADMIN
    action_route = "accounts:membership_remove"

    def make_object(self, world: Any, org: Organization) -> Membership:
        return make_target(world, org).memberships.get()


def make_entry(world: Any, org: Organization) -> AuditEntry:
    """The audit entry of a roster change of the organisation."""
    member = do_add_committee_member(org, actor=world.org_a_manager, full_name="Lê Thị Hoa", committee_role="member")
    return AuditEntry.objects.get(object_type="organizations.committeemember", object_id=str(member.pk))


class TestAuditLogPages(ScopedDetailMatrix):
    model = AuditEntry
    url_prefix = "audit:entry"

    def make_object(self, world: Any, org: Organization) -> AuditEntry:
        return make_entry(world, org)

    def detail_url(self, obj: AuditEntry) -> str:
        return reverse("audit:entry_detail", args=[obj.pk])


class TestAuditEventAPI(ScopedAPIReadMatrix):
    model = AuditEntry
    endpoint = "/api/v1/audit-events/"

    def make_object(self, world: Any, org: Organization) -> AuditEntry:
        return make_entry(world, org)


class TestUserPasswordReset(ScopedActionMatrix):
    """An administrator of the whole account gives the user a new password (a form page)."""

    model = User
    least_role = Role.ADMIN
    action_route = "accounts:user_password"

    def make_object(self, world: Any, org: Organization) -> Any:
        return make_target(world, org)

    def action_data(self, world: Any, obj: Any) -> dict[str, Any]:
        return {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}

    def state(self, obj: Any) -> Any:
        return User.objects.get(pk=obj.pk).password


class TestUserTransition(ScopedActionMatrix):
    """The account's one transition page (`?to=`); deactivate and reactivate are its aliases."""

    model = User
    least_role = Role.ADMIN
    action_route = "accounts:user_transition"

    def make_object(self, world: Any, org: Organization) -> Any:
        return make_target(world, org)

    def action_url(self, obj: Any) -> str:
        return f"{reverse(self.action_route, args=[obj.pk])}?to=inactive"

    def action_data(self, world: Any, obj: Any) -> dict[str, Any]:
        return {"to": "inactive"}


class TestMFAReset(ScopedActionMatrix):
    """Resetting a lost authenticator: an administrator of the whole account."""

    model = User
    least_role = Role.ADMIN
    action_route = "accounts:mfa_reset"

    def make_object(self, world: Any, org: Organization) -> Any:
        from pckb.accounts import mfa

        from .test_mfa import enable

        user = make_target(world, org)
        enable(user)
        assert mfa.has_mfa(user)
        return user

    def state(self, obj: Any) -> Any:
        from pckb.accounts.mfa import has_mfa

        return has_mfa(obj)


class TestTokenRevocation(ScopedActionMatrix):
    """Revoking a user's API token: the user, or an administrator of the whole account."""

    model = ApiToken

    least_role = Role.ADMIN
    action_route = "accounts:token_revoke"

    def make_object(self, world: Any, org: Organization) -> Any:
        from pckb.accounts.tokens import do_create_token

        user = make_target(world, org)
        return do_create_token(user, actor=user, name="chương trình báo cáo")[0]

    def state(self, obj: Any) -> Any:
        return type(obj).objects.get(pk=obj.pk).revoked_at
