"""Key targets, their catalogues (categories, scenarios), response plans and per-plan scenarios."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.models import OrgScopedModel
from pckb.core.scoping import ScopedQuerySet
from pckb.core.text import nfc, vn_fold
from pckb.geo.choices import AdminLevel

from .choices import Importance, ResponsePlanKind, ResponsePlanStatus, TargetStatus
from .codes import LAT_RANGE, LON_RANGE

__all__ = [
    "TargetCategory",
    "Scenario",
    "KeyTarget",
    "KeyTargetQuerySet",
    "ResponsePlan",
    "PlanScenario",
    "TargetCodeCounter",
    "add_months",
]

OUTSIDE_VIETNAM = _("The coordinates are outside Vietnam (latitude 6–23.5, longitude 102–117.9).")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


class TargetCategoryQuerySet(models.QuerySet):
    def visible_to(self, user: Any, action: str = "view") -> TargetCategoryQuerySet:
        """Reference data: every category for everyone (the entry point of related fields)."""
        return self


class TargetCategory(models.Model):
    """A kind of key target (headquarters, airports, banks, ...): a catalogue seeded by a migration."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("catalogue entry", "active"), default=True)

    objects = TargetCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("target category")
        verbose_name_plural = _("target categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ScenarioQuerySet(models.QuerySet):
    def visible_to(self, user: Any, action: str = "view") -> ScenarioQuerySet:
        """Reference data: every scenario for everyone (the entry point of related fields)."""
        return self


class Scenario(models.Model):
    """A type of situation (bomb threat, hostage taking, ...) with its default initial-response steps."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    default_steps = models.JSONField(_("default initial-response steps"), default=list, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("catalogue entry", "active"), default=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class KeyTargetQuerySet(ScopedQuerySet):
    def search(self, text: str) -> KeyTargetQuerySet:
        """Name, address and code without diacritics, every word: "van don cang" finds "Cảng … Vân Đồn"."""
        qs = self
        for word in vn_fold(text).split()[:8]:
            qs = qs.filter(search_name__contains=word)
        return qs


class KeyTarget(OrgScopedModel):
    """A protected site on a committee's key target list; `organization` is the owner (responsible agency)."""

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=300)
    category = models.ForeignKey(
        TargetCategory, on_delete=models.PROTECT, related_name="targets", verbose_name=_("category")
    )
    province = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": AdminLevel.PROVINCE},
        verbose_name=_("province"),
    )
    admin_unit = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    importance = models.CharField(
        _("importance"), max_length=16, choices=Importance.choices, default=Importance.PROVINCIAL
    )
    listing_decision_number = models.CharField(_("listing decision number"), max_length=50, blank=True)
    listing_decision_date = models.DateField(_("listing decision date"), null=True, blank=True)
    listing_committee = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("listing committee"),
    )
    protection_force = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("protection force"),
    )
    protection_force_size = models.PositiveIntegerField(
        _("protection force size"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    protection_force_dedicated = models.BooleanField(_("dedicated protection force"), default=False)
    scenarios = models.ManyToManyField(
        Scenario,
        blank=True,
        related_name="targets",
        verbose_name=_("scenarios"),
        help_text=_("The situations this target's plans must cover."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TargetStatus.choices, default=TargetStatus.ACTIVE, editable=False
    )
    removed_on = models.DateField(_("removed on"), null=True, blank=True, editable=False)
    removal_reason = models.TextField(_("reason for removal"), blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    search_name = models.CharField(max_length=900, editable=False, db_index=True)
    attachments = GenericRelation("core.Attachment", verbose_name=_("attachments"))

    objects = KeyTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("key target")
        verbose_name_plural = _("key targets")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["organization", "status"], name="keytarget_org_status_idx"),
            models.Index(fields=["province", "admin_unit"], name="keytarget_place_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = nfc(self.name)
        self.search_name = vn_fold(f"{self.name} {self.address} {self.code}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("targets:keytarget_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.latitude is not None and not LAT_RANGE[0] <= self.latitude <= LAT_RANGE[1]:
            errors.setdefault("latitude", []).append(OUTSIDE_VIETNAM)
        if self.longitude is not None and not LON_RANGE[0] <= self.longitude <= LON_RANGE[1]:
            errors.setdefault("longitude", []).append(OUTSIDE_VIETNAM)
        if self.province_id and self.province.level != AdminLevel.PROVINCE:
            errors.setdefault("province", []).append(_("Choose a province."))
        if self.admin_unit_id and self.province_id:
            self._check_commune(errors)
        if errors:
            raise ValidationError(errors)

    def _check_commune(self, errors: dict[str, list]) -> None:
        unit = self.admin_unit
        if unit.level != AdminLevel.COMMUNE:
            errors.setdefault("admin_unit", []).append(_("Choose a commune, ward or special zone."))
            return
        if not unit.is_current:
            listed = self.listing_decision_date
            if listed is None or unit.valid_to is None or listed > unit.valid_to:
                errors.setdefault("admin_unit", []).append(
                    _("“{unit}” no longer exists: only a target listed before {date} may keep it.").format(
                        unit=unit.name, date=unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "—"
                    )
                )
                return
        if province_of(unit) != self.province_id:
            errors.setdefault("admin_unit", []).append(
                _("“{unit}” does not belong to {province}.").format(unit=unit.name, province=self.province.name)
            )

    @property
    def is_active(self) -> bool:
        return self.status == TargetStatus.ACTIVE


def province_of(unit: Any) -> int | None:
    """The id of the province a commune belongs to (through its district for pre-2025 units)."""
    seen = 0
    while unit is not None and unit.level != AdminLevel.PROVINCE and seen < 4:
        unit, seen = unit.parent, seen + 1
    return unit.pk if unit is not None and unit.level == AdminLevel.PROVINCE else None


class ResponsePlan(OrgScopedModel):
    """A version of a target's protection or response plan ("phương án"); owned like its target.

    Drafts are edited freely; approving one (with its signed document attached) supersedes the
    approved version of the same target and kind. The next review is due `review_cycle_months`
    after approval.
    """

    target = models.ForeignKey(KeyTarget, on_delete=models.PROTECT, related_name="plans", verbose_name=_("key target"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=ResponsePlanKind.choices, default=ResponsePlanKind.PROTECTION
    )
    title = models.CharField(_("title"), max_length=300)
    version = models.PositiveIntegerField(pgettext_lazy("plan", "version"), default=1, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ResponsePlanStatus.choices,
        default=ResponsePlanStatus.DRAFT,
        editable=False,
    )
    review_cycle_months = models.PositiveSmallIntegerField(
        _("review cycle (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("approved by"),
    )
    next_review_due = models.DateField(_("next review due"), null=True, blank=True, editable=False)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    attachments = GenericRelation("core.Attachment", verbose_name=_("attachments"))

    class Meta:
        verbose_name = _("response plan")
        verbose_name_plural = _("response plans")
        ordering = ["target", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["target", "kind", "version"], name="responseplan_unique_version"),
            models.UniqueConstraint(
                fields=["target", "kind"],
                condition=Q(status=ResponsePlanStatus.APPROVED),
                name="responseplan_one_approved",
                violation_error_message=_("This target already has an approved plan of this kind."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_review_due"], name="responseplan_review_idx"),
            # Readiness asks per target "an approved plan? one past its review?": without this index
            # SQLite answered the second by scanning every overdue plan, per target (4 s for the map).
            models.Index(fields=["target", "status", "next_review_due"], name="responseplan_readiness_idx"),
        ]

    def __str__(self) -> str:
        return _("{title} (version {version})").format(title=self.title, version=self.version)

    def get_absolute_url(self) -> str:
        return reverse("targets:responseplan_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == ResponsePlanStatus.APPROVED
            and self.next_review_due is not None
            and self.next_review_due < timezone.localdate()
        )


class PlanScenario(models.Model):
    """A scenario a plan covers, with its ordered initial-response checklist ("xử lý ban đầu")."""

    plan = models.ForeignKey(
        ResponsePlan, on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("response plan")
    )
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="+", verbose_name=_("scenario"))
    steps = models.JSONField(_("initial-response steps"), default=list)

    class Meta:
        verbose_name = _("plan scenario")
        verbose_name_plural = _("plan scenarios")
        ordering = ["scenario__sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "scenario"], name="planscenario_unique")]

    def __str__(self) -> str:
        return str(self.scenario)


class TargetCodeCounter(models.Model):
    """The last number given per code prefix (`QNI`): locked while a code is assigned, so none repeats."""

    prefix = models.CharField(max_length=10, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("target code counter")
        verbose_name_plural = _("target code counters")

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"
