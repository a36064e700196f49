"""Who may see and administer which users: the user-administration counterpart of core.scoping.

The rule, kept deliberately simple:

- a user is *visible* to you when they hold at least one membership inside one of your subtrees
  (for "view": any role of yours; for "admin": the subtrees where you are an administrator);
- superusers see and administer everyone, and only superusers see other superusers and users
  without any membership (so an administrator creates a user together with a first membership);
- roles (memberships) are granted, changed and removed only inside the administrator's own subtrees;
- the account itself (name, e-mail, clearance, password, active) is changed only by an administrator
  whose subtrees cover *all* the user's memberships: an administrator of a commune cannot rename or
  deactivate a provincial officer who also holds a role in that commune.

As everywhere else, an invisible user is a 404 and a visible user you may not administer a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from pckb.core.choices import Classification, Role
from pckb.core.scoping import NOT_FOUND_MESSAGE, clearance_of, path_q, scope_paths

__all__ = [
    "is_user_admin",
    "users_visible_to",
    "get_user_for_admin",
    "manages_whole_account",
    "role_in",
    "grantable_roles",
    "grantable_clearances",
]


def is_user_admin(user: Any) -> bool:
    """Superuser, or administrator of at least one organisation."""
    paths = scope_paths(user, "admin")
    return paths is None or bool(paths)


def users_visible_to(actor: Any, action: str = "view") -> QuerySet:
    """Users holding a membership inside the actor's subtrees for `action` (everyone for superusers)."""
    from pckb.organizations.models import Membership

    users = get_user_model().objects.all()
    paths = scope_paths(actor, action)
    if paths is None:
        return users
    if not paths:
        return users.none()
    member_ids = Membership.objects.filter(path_q("organization__path", paths)).values("user_id")
    return users.filter(pk__in=member_ids, is_superuser=False)


def manages_whole_account(actor: Any, user: Any) -> bool:
    """Do the actor's administrator subtrees cover every membership of `user`?"""
    paths = scope_paths(actor, "admin")
    if paths is None:
        return True
    held = user.memberships.values_list("organization__path", flat=True)
    return all(any(path.startswith(p) for p in paths) for path in held)


def get_user_for_admin(actor: Any, pk: Any, *, account: bool = True) -> Any:
    """The user `pk` if the actor administers them; 404 when invisible, 403 when visible only.

    `account=True` (changing the account itself) also needs `manages_whole_account`; granting or
    changing roles (`account=False`) only needs one membership of the user in the actor's subtrees.
    """
    try:
        user = users_visible_to(actor, "view").get(pk=pk)
    except (get_user_model().DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_MESSAGE)
    if not users_visible_to(actor, "admin").filter(pk=user.pk).exists():
        raise PermissionDenied(_("You may see this user but not administer them."))
    if account and not manages_whole_account(actor, user):
        raise PermissionDenied(
            _(
                "This user also holds roles outside the organizations you administer; "
                "only an administrator of all of them may change the account."
            )
        )
    return user


def role_in(actor: Any, organization: Any) -> int | None:
    """The actor's effective role in `organization`: the highest role of a membership above or at it."""
    from pckb.organizations.models import Membership

    if actor.is_superuser:
        return max(Role.values)
    roles = [
        role
        for path, role in Membership.objects.filter(user_id=actor.pk).values_list("organization__path", "role")
        if organization.path.startswith(path)
    ]
    return max(roles, default=None)


def grantable_roles(actor: Any, organization: Any | None = None) -> list[tuple[int, str]]:
    """Role choices the actor may grant: never above their own role (in `organization` when given)."""
    if actor.is_superuser:
        ceiling = max(Role.values)
    elif organization is not None:
        ceiling = role_in(actor, organization) or 0
    else:
        ceiling = max((role for role in _own_roles(actor)), default=0)
    return [(value, label) for value, label in Role.choices if value <= ceiling]


def grantable_clearances(actor: Any, keep: int | None = None) -> list[tuple[int, str]]:
    """Clearance choices the actor may grant: up to their own; `keep` (a current value) stays offered."""
    ceiling = clearance_of(actor)
    return [(value, label) for value, label in Classification.choices if value <= ceiling or value == keep]


def _own_roles(actor: Any) -> list[int]:
    from pckb.organizations.models import Membership

    return list(Membership.objects.filter(user_id=actor.pk).values_list("role", flat=True))
