"""Form pieces for other apps: an administrative-unit field that stays light with 14,000 units."""

from __future__ import annotations

from typing import Any

from django.utils import dateformat
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pckb.core.forms import ScopedModelChoiceField
from pckb.core.widgets import SearchSelect

from .choices import AdminLevel
from .models import AdminUnit

__all__ = ["AdminUnitChoiceField", "unit_label"]


def unit_label(unit: AdminUnit) -> str:
    """"Phường Ba Đình, Thành phố Hà Nội"; a retired unit says until when it existed."""
    label = unit.name
    if unit.parent_id:
        label = _("{unit}, {parent}").format(unit=unit.name, parent=unit.parent.name)
    if unit.valid_to:
        label = _("{unit} (until {date})").format(unit=label, date=dateformat.format(unit.valid_to, "d/m/Y"))
    return str(label)


def _current_provinces(queryset: Any) -> Any:
    return queryset.current().filter(level=AdminLevel.PROVINCE).order_by("name")


class AdminUnitChoiceField(ScopedModelChoiceField):
    """Any administrative unit; the widget offers the current provinces and searches the rest."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", capfirst(_("administrative unit")))
        kwargs.setdefault(
            "help_text", _("Type part of a name, with or without accents (e.g. \"dien bien\"), then choose.")
        )
        kwargs.setdefault(
            "widget",
            SearchSelect(
                "geo:adminunit_options",
                search_label=_("Search administrative units"),
                placeholder=_("Search a province or commune…"),
                presets=_current_provinces,
            ),
        )
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("Choose an administrative unit from the list.")}
        )
        super().__init__(AdminUnit, limit=lambda qs: qs.select_related("parent"), **kwargs)
        # Public reference data: the same units for everyone, so the choices need no user.
        self.bind_user(None)

    def label_from_instance(self, obj: AdminUnit) -> str:
        return unit_label(obj)
