"""Organisations (committees, member agencies, units), committee rosters and memberships."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.choices import Role
from pckb.core.models import OrgScopedModel
from pckb.core.scoping import ScopedQuerySet
from pckb.core.text import CleanedFieldsMixin, nfc, vn_fold

from .choices import CommitteeRole, OrganizationKind, OrganizationLevel
from .lifetime import LifetimeMixin, OrganizationQuerySet

__all__ = [
    "OrganizationParent",
    "Organization",
    "OrganizationQuerySet",
    "OrganizationName",
    "CommitteeMember",
    "Membership",
    "ORGANIZATION_FIELDS",
    "COMMITTEE_MEMBER_FIELDS",
    "SIBLING_ORDER",
]

# The fields a user edits (services, forms and the API share these lists).
ORGANIZATION_FIELDS = (
    "name",
    "short_name",
    "code",
    "kind",
    "level",
    "standing_org",
    "admin_unit",
    "address",
    "phone",
    "email",
    "sort_order",
    "valid_from",
)
LIFETIME_REVERSED = _("An organization cannot cease to exist before it was founded.")
# How the children of one organisation are listed: as the committee orders them (committees, then
# ministries or agencies in protocol order), then by name; never by id, which is only creation order.
SIBLING_ORDER = ("sort_order", "name", "pk")
COMMITTEE_MEMBER_FIELDS = (
    "full_name",
    "title",
    "rank",
    "committee_role",
    "representing",
    "decision_number",
    "decision_date",
    "valid_from",
    "valid_to",
    "sort_order",
)


class Organization(LifetimeMixin, CleanedFieldsMixin, models.Model):
    """A node of the tree: national committee → ministry/province committees → agencies → units.

    `path` is the materialised chain of ids ("/1/7/42/"), kept by `save()`, so that a subtree is
    one prefix match; never set it by hand.
    """

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("A short unique code, e.g. bcd-quang-ninh."),
        error_messages={"unique": _("An organization with this code already exists.")},
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OrganizationKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=OrganizationLevel.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    standing_org = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standing agency"),
        help_text=_("For a committee: the agency that does its day-to-day work."),
    )
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administrative unit"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    sort_order = models.PositiveIntegerField(
        _("order"),
        default=0,
        help_text=_("Its place among the organizations under the same parent (smaller first; then by name)."),
    )
    # Django's own catalogue translates "active" as "Kích hoạt" (to activate): a context keeps ours.
    is_active = models.BooleanField(pgettext_lazy("organization", "active"), default=True)
    # The lifetime, both days included (like geo.AdminUnit): null valid_to = still exists. Set by the
    # lifecycle services (organizations.lifecycle); `is_active` stays the administrators' on/off switch.
    valid_from = models.DateField(
        _("in existence from"), null=True, blank=True, help_text=_("The date it was founded, if known.")
    )
    valid_to = models.DateField(_("in existence until"), null=True, blank=True, editable=False)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    search_name = models.CharField(max_length=400, editable=False, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()
    scope_field = ""

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="organization_valid_range",
                violation_error_message=LIFETIME_REVERSED,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.search_name = vn_fold(f"{self.name} {self.short_name} {self.code}")
        old_path = self.path
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path != old_path:
            depth = new_path.count("/") - 2
            type(self).objects.filter(pk=self.pk).update(path=new_path, depth=depth)
            self.path, self.depth = new_path, depth
            if old_path:
                self._rebase_descendants(old_path, new_path)

    def get_absolute_url(self) -> str:
        return reverse("organizations:organization_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                errors.setdefault("parent", []).append(_("An organization cannot be its own parent."))
            elif self.pk and self.path and self.parent.path.startswith(self.path):
                errors.setdefault("parent", []).append(
                    _("An organization cannot be moved under one of its own sub-organizations.")
                )
        if self.standing_org_id and self.kind != OrganizationKind.COMMITTEE:
            errors.setdefault("standing_org", []).append(_("Only a steering committee has a standing agency."))
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors.setdefault("valid_to", []).append(LIFETIME_REVERSED)
        if self.successor_id and self.successor_id == self.pk:
            errors.setdefault("successor", []).append(_("An organization cannot be its own successor."))
        if self.admin_unit_id and not self.admin_unit_fits():
            errors.setdefault("admin_unit", []).append(
                _("Choose an administrative unit that existed while the organization did.")
            )
        if errors:
            raise ValidationError(errors)

    def _rebase_descendants(self, old_path: str, new_path: str) -> None:
        # Few organisations move, and subtrees are small (< a few thousand rows): rewrite in Python
        # to stay portable across SQLite and PostgreSQL.
        for org in type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk).only("pk", "path"):
            path = new_path + org.path[len(old_path) :]
            type(self).objects.filter(pk=org.pk).update(path=path, depth=path.count("/") - 2)

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p][:-1]

    def ancestors(self) -> models.QuerySet[Organization]:
        return type(self).objects.filter(pk__in=self.ancestor_ids).order_by("depth")

    def descendants(self, include_self: bool = False) -> models.QuerySet[Organization]:
        qs = type(self).objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def is_descendant_of(self, other: Organization) -> bool:
        return self.path.startswith(other.path) and self.pk != other.pk

    @property
    def is_committee(self) -> bool:
        return self.kind == OrganizationKind.COMMITTEE

    @property
    def committee(self) -> Organization | None:
        """The nearest committee at or above this organisation."""
        if self.is_committee:
            return self
        return self.ancestors().filter(kind=OrganizationKind.COMMITTEE).order_by("-depth").first()


class OrganizationName(models.Model):
    """A name an organisation had before a rename, with the days it was used (both included)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="former_names", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"))

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["organization", "valid_to"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="organizationname_valid_range",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationParent(models.Model):
    """The parent an organisation had before a dated move (a merger), with its days (both included).

    Its present parent is `Organization.parent`; a move without an effective date records nothing.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="former_parents", verbose_name=_("organization")
    )
    # Null: it was a root then. PROTECT: the tree of a past day must not lose a node.
    parent = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="former_children",
        verbose_name=_("parent organization"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"))

    class Meta:
        verbose_name = _("former parent organization")
        verbose_name_plural = _("former parent organizations")
        ordering = ["organization", "valid_to"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="organizationparent_valid_range",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.parent or "—")


class CommitteeMember(OrgScopedModel):
    """One person on a committee's roster, as named in the appointing decision."""

    full_name = models.CharField(_("full name"), max_length=150)
    # "title" is also a plan's or a task's: a context keeps the two translations apart.
    title = models.CharField(
        pgettext_lazy("job position", "title"), max_length=200, blank=True, help_text=_("e.g. Phó Chủ tịch UBND tỉnh")
    )
    rank = models.CharField(_("rank"), max_length=100, blank=True, help_text=_("e.g. Đại tá"))
    committee_role = models.CharField(_("committee role"), max_length=24, choices=CommitteeRole.choices)
    representing = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("representing agency"),
    )
    decision_number = models.CharField(_("appointing decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("appointing decision date"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["organization", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="committeemember_valid_range",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_committee_role_display()})"

    def get_absolute_url(self) -> str:
        url = reverse("organizations:organization_detail", args=[self.organization_id])
        return f"{url}?tab=roster"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = [_("The end date must not be before the start date.")]
        if self.organization_id and self.organization.kind != OrganizationKind.COMMITTEE:
            errors["organization"] = [_("A roster belongs to a steering committee.")]
        if errors:
            raise ValidationError(errors)
        self.full_name = nfc(self.full_name)

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_to is None or self.valid_to >= today
        )


class Membership(models.Model):
    """A user's role in an organisation; it covers the organisation's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organization")
    )
    role = models.PositiveSmallIntegerField(_("role"), choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization__path", "-role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="membership_unique_user_org",
                violation_error_message=_("This user already has a role in this organization."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.get_role_display()})"
