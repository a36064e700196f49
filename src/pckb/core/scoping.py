"""The one permission mechanism: organisation-tree RBAC plus classification (docs/architecture.md).

A membership covers its organisation's whole subtree. Organisation paths are materialised
("/1/7/42/") so that a subtree is one indexed prefix match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .choices import ROLE_FOR_ACTION, Classification

if TYPE_CHECKING:
    from pckb.organizations.models import Organization

__all__ = [
    "ScopedQuerySet",
    "scope_paths",
    "scope_org_ids",
    "covers_everything",
    "can",
    "get_object_for_user",
    "check_write_scope",
    "writable_organizations",
    "default_organization",
    "clearance_of",
]

NOT_FOUND_MESSAGE = _("Not found, or you do not have access to it.")
# Above this many rows shared with a scope through a many-to-many field, share by semi-join.
SHARED_IDS_LIMIT = 1000


def _memberships(user: Any) -> list[tuple[str, int]]:
    """(organisation path, role) pairs of the user, cached on the user object for the request."""
    cached = getattr(user, "_pckb_memberships", None)
    if cached is None:
        from pckb.organizations.models import Membership

        cached = list(
            Membership.objects.filter(user_id=user.pk, organization__is_active=True).values_list(
                "organization__path", "role"
            )
        )
        user._pckb_memberships = cached
    return cached


def scope_paths(user: Any, action: str = "view") -> list[str] | None:
    """Paths of the subtrees where the user may do `action`; None means everywhere (superuser)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    needed = ROLE_FOR_ACTION[action]
    paths = sorted({path for path, role in _memberships(user) if role >= needed})
    # Drop paths already covered by an ancestor path: fewer OR terms in every query.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def clearance_of(user: Any) -> int:
    if user is None or not user.is_authenticated:
        return -1
    if user.is_superuser:
        return max(Classification.values)
    return int(getattr(user, "clearance", Classification.UNCLASSIFIED))


def path_q(lookup: str, paths: list[str]) -> Q:
    """Q matching rows whose organisation path (reached via `lookup`) lies under any of `paths`."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{lookup}__startswith": path})
    return q


def can(user: Any, action: str, organization: Organization | None) -> bool:
    """May the user do `action` in `organization` (i.e. inside one of their subtrees)?"""
    if organization is None:
        return bool(user and user.is_authenticated and user.is_superuser)
    paths = scope_paths(user, action)
    if paths is None:
        return True
    return any(organization.path.startswith(p) for p in paths)


def _root_paths(user: Any) -> set[str]:
    """Paths of the tree's roots (a handful of rows, by the parent index), cached on the user."""
    cached = getattr(user, "_pckb_root_paths", None)
    if cached is None:
        from pckb.organizations.models import Organization

        cached = set(Organization.objects.filter(parent__isnull=True).values_list("path", flat=True))
        user._pckb_root_paths = cached
    return cached


def covers_everything(user: Any, paths: list[str] | None) -> bool:
    """Do these subtree paths cover the whole tree? True when they include every root ("/1/").

    A subtree is everything only if it starts at a root, so a user without a root membership costs
    no query here; the national administrator costs one tiny query instead of counting every
    organisation and listing thousands of ids on each request.
    """
    if paths is None:
        return True
    if not any(path.count("/") == 2 for path in paths):  # no root path ("/1/") among them
        return False
    roots = _root_paths(user)
    return bool(roots) and roots <= set(paths)


def scope_org_ids(user: Any, action: str = "view") -> list[int] | None:
    """Ids of the organisations inside the user's subtrees for `action`; None when that is all of them.

    Filtering big tables by `organization_id IN (...)` lets the database use the (organization, ...)
    indexes; a LIKE on the joined organisation path, OR-ed over two joins, makes PostgreSQL scan the
    whole table (measured on 1,000,000 tasks). A scope holding every root is the whole tree: no
    filter at all (no list of every id, no count). Cached on the user object for the request.
    """
    paths = scope_paths(user, action)
    if covers_everything(user, paths):
        return None
    # Keyed by the paths, not the action: a manager's "view" and "change" scopes are one query.
    cache = getattr(user, "_pckb_scope_ids", None)
    if cache is None:
        cache = {}
        if user is not None:
            user._pckb_scope_ids = cache
    key = tuple(paths)
    if key not in cache:
        from pckb.organizations.models import Organization

        cache[key] = list(Organization.objects.filter(path_q("path", paths)).values_list("id", flat=True))
    return cache[key]


class ScopedQuerySet(models.QuerySet):
    """Default manager of every scoped model: reads go through `visible_to`.

    A model names the FK to its owning organisation (`scope_field`, default "organization"; "" for
    Organization itself) and the other organisation fields whose subtree may also read the row
    (`shared_scope_fields`: foreign keys such as a task's "assignee", or many-to-many fields such as
    the organisations a reporting round is sent to; view only). A model whose rows must stay
    visible after their organisation is gone scopes by a copied path instead (`scope_path_lookup`,
    the audit trail).
    """

    def _owner_q(self, field: str, ids: list[int]) -> Q:
        return Q(pk__in=ids) if field == "" else Q(**{f"{field}__in": ids})

    def _shared_q(self, field_name: str, ids: list[int]) -> Q:
        """Rows shared with any of `ids` through `field_name`: a foreign key or a many-to-many field.

        A many-to-many share reads its through table (an id list, or `pk IN (SELECT ...)` when
        large), never a join: a row shared with several organisations of the scope comes back once.
        """
        # A lookup through relations ("task__assignee") is a chain of foreign keys.
        field = None if "__" in field_name else self.model._meta.get_field(field_name)
        if field is None or not field.many_to_many:
            return Q(**{f"{field_name}__in": ids})
        through = field.remote_field.through
        shared = through._default_manager.filter(**{f"{field.m2m_reverse_field_name()}__in": ids})
        rows = shared.values_list(field.m2m_field_name(), flat=True)
        # A few shared rows become a literal id list: an index condition that the database ORs with
        # the owner's (PostgreSQL: BitmapOr). `pk IN (SELECT ...)` is a filter, which made PostgreSQL
        # walk 1,000,000 tasks in deadline order for an agency's list (872 ms instead of 1 ms,
        # measured); for a large share the semi-join (a hashed subplan) is the better plan.
        few = set(rows.order_by().distinct()[: SHARED_IDS_LIMIT + 1])
        if len(few) <= SHARED_IDS_LIMIT:
            return Q(pk__in=sorted(few))
        return Q(pk__in=rows)

    def visible_to(self, user: Any, action: str = "view") -> ScopedQuerySet:
        qs = self
        path_lookup = getattr(self.model, "scope_path_lookup", "")
        if path_lookup:
            paths = scope_paths(user, action)
            if paths is not None:
                qs = qs.filter(path_q(path_lookup, paths))
        else:
            ids = scope_org_ids(user, action)
            if ids is not None:
                q = self._owner_q(getattr(self.model, "scope_field", "organization"), ids)
                if action == "view":
                    for field in getattr(self.model, "shared_scope_fields", ()):
                        q |= self._shared_q(field, ids)
                qs = qs.filter(q)
        return qs.within_clearance(user)

    def within_clearance(self, user: Any) -> ScopedQuerySet:
        """Rows at or below the user's clearance (no filter at the top clearance)."""
        if not hasattr(self.model, "classification"):
            return self
        clearance = clearance_of(user)
        return self if clearance >= max(Classification.values) else self.filter(classification__lte=clearance)


def get_object_for_user(
    user: Any, model_or_qs: type[models.Model] | models.QuerySet, pk: Any, action: str = "view"
) -> Any:
    """The single-object access helper.

    404 when the object is missing or invisible to the user (same answer: no existence leak);
    403 when the user may see it but not do `action` on it.
    """
    qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else model_or_qs._default_manager.all()
    try:
        obj = qs.visible_to(user, "view").get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_MESSAGE)
    if action == "view":
        return obj
    if not qs.model._default_manager.visible_to(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("You may see this record but not change it."))
    return obj


def check_write_scope(user: Any, organization: Organization | None, action: str = "change") -> None:
    """Refuse a write whose owning organisation is outside the writer's scope (raises 404)."""
    if not can(user, action, organization):
        raise Http404(NOT_FOUND_MESSAGE)


def writable_organizations(user: Any, action: str = "add") -> models.QuerySet:
    """The organisations a form may offer as owner for `action`."""
    from pckb.organizations.models import Organization

    return Organization.objects.filter(is_active=True).visible_to(user, action)


def default_organization(user: Any, action: str = "add") -> Organization | None:
    """The owner a new record's form proposes: the top of the user's one subtree for `action`, if unique."""
    from pckb.organizations.models import Organization

    paths = scope_paths(user, action)
    if not paths or len(paths) != 1:
        return None
    return Organization.objects.filter(path=paths[0], is_active=True).first()
