"""Generic scoped views: every app's list, detail, edit and delete pages are declarations on these.

Reads go through `visible_to`, single objects through `get_object_for_user`; every write goes through
a service (`ServiceFormView`, `ServiceEditView`, `ServiceDeleteView`, `ConfirmedActionView`), which re-checks the scope
inside its transaction and writes the audit entry (docs/conventions.md).
"""

from .detail import ScopedDetailView, history_for
from .editing import (
    ConfirmedActionView,
    ServiceDeleteView,
    ServiceEditView,
    ServiceFormView,
    UsableFormMixin,
    flash_errors,
)
from .lists import Column, ScopedListView, column_value
from .table import Localizer, PkUrl

__all__ = [
    "Column",
    "column_value",
    "ScopedListView",
    "ScopedDetailView",
    "ServiceFormView",
    "ServiceEditView",
    "UsableFormMixin",
    "ConfirmedActionView",
    "ServiceDeleteView",
    "flash_errors",
    "history_for",
    "Localizer",
    "PkUrl",
]
