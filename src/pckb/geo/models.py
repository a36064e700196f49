"""Administrative units: current provinces and communes, and retired units kept for history."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core.text import nfc, vn_fold

from .choices import AdminLevel

__all__ = ["AdminUnit", "AdminUnitQuerySet", "REFORM_DATE"]

# The two-level structure took effect on 1 July 2025; older units are valid until the day before.
REFORM_DATE = datetime.date(2025, 7, 1)


class AdminUnitQuerySet(models.QuerySet):
    def visible_to(self, user: Any, action: str = "view") -> AdminUnitQuerySet:
        """Public reference data: every unit for everyone (the scoping entry point of related fields)."""
        return self

    def current(self, on: datetime.date | None = None) -> AdminUnitQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def search(self, text: str) -> AdminUnitQuerySet:
        """Diacritics- and đ-insensitive lookup: "dien bien" finds "Điện Biên"."""
        folded = vn_fold(text)
        if not folded:
            return self
        return self.filter(search_name__contains=folded)


class AdminUnit(models.Model):
    """A province, district or commune with the period in which it existed."""

    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=AdminLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    search_name = models.CharField(max_length=300, editable=False, db_index=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"],
                name="adminunit_unique_code_period",
                violation_error_message=_("An administrative unit with this code already exists for this period."),
            ),
            # NULLs are distinct in a unique index: retired units with an unknown start need their own.
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_from__isnull=True),
                name="adminunit_unique_code_open_start",
                violation_error_message=_("An administrative unit with this code already exists for this period."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="adminunit_valid_range",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["level", "valid_to"], name="adminunit_level_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.search_name = vn_fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("geo:adminunit_detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_to is None or self.valid_to >= today
        )

    @property
    def full_name(self) -> str:
        """"Phường Ba Đình, Thành phố Hà Nội" for a commune; the name alone for a province."""
        return f"{self.name}, {self.parent.full_name}" if self.parent_id else self.name
