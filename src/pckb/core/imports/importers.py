"""Importers: a column specification and a row → service call, registered under a key ("plans.task").

An app declares its importers in `<app>/imports.py` (discovered when the apps are ready):

    @register
    class TaskImporter(Importer):
        key = "plans.task"
        target_model = Plan
        columns = (TextColumn("title", _("Title"), required=True, max_length=300), ...)

        def check_target(self, plan, user): ...          # refuse at once what the target cannot take
        def create(self, values, ctx): return do_create_task(..., actor=ctx.user, **values)

Reading, bounds, preview, the template, jobs, pages and the API are the mechanism's (core.imports).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

from ..scoping import get_object_for_user
from .bounds import limit
from .columns import CellError, Column

__all__ = ["Importer", "ImportContext", "register", "get_importer", "importers", "validate_row", "row_messages"]

_REGISTRY: dict[str, Importer] = {}


@dataclass
class ImportContext:
    """What one import run knows: the importer, its target, the acting user and per-run caches."""

    importer: Importer
    target: Any
    user: Any
    cache: dict[Any, Any] = field(default_factory=dict)


class Importer:
    """Base of every importer; subclasses declare the class attributes and `create`."""

    key = ""
    title: Any = ""  # what is imported ("Tasks"): the page title and the template's sheet name
    columns: tuple[Column, ...] = ()
    max_rows: int | None = None  # None: PCKB_IMPORT_MAX_ROWS
    target_model: Any = None  # the record rows are imported into (None: no target)
    target_action = "change"  # the right needed on the target
    success_message: Any = ""  # "{count} task(s) imported."

    def get_max_rows(self) -> int:
        return self.max_rows or limit("PCKB_IMPORT_MAX_ROWS")

    def get_target(self, user: Any, pk: Any) -> Any:
        """The target the user may import into: 404 when unseen, 403 without the right."""
        if self.target_model is None:
            return None
        return get_object_for_user(user, self.target_model, pk, self.target_action)

    def organization_of(self, target: Any) -> Any:
        """The organisation whose scope the import job belongs to."""
        return target.organization

    def check_target(self, target: Any, user: Any) -> None:
        """Raise ValidationError when the target cannot take any row (e.g. a closed plan)."""

    def clean_row(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        """Checks across columns; raise ValidationError to refuse the row."""
        return values

    def create(self, values: dict[str, Any], ctx: ImportContext) -> Any:
        """Create one row's record through the app's service (`actor=ctx.user`)."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define create() (call a service)")

    def create_all(
        self, rows: Iterable[tuple[int, dict[str, Any]]], ctx: ImportContext, progress: Callable[[int], None]
    ) -> list[dict[str, Any]]:
        """Create every (row number, values); return the refused rows as [{"row", "messages"}].

        Runs inside the import's one transaction, which is rolled back when anything is returned.
        The default calls `create` row by row (a per-row service costs a few queries and an audit
        entry each: about 30 ms for a task). Override it with a bulk service when volumes demand it
        (key targets: 10,000 rows in under 15 s), keeping the rights, validation and audit there.
        """
        errors: list[dict[str, Any]] = []
        for index, (number, values) in enumerate(rows, start=1):
            try:
                self.create(values, ctx)
            except ValidationError as err:
                errors.append({"row": number, "messages": row_messages(err, self)})
            progress(index)
        return errors

    def example_rows(self, ctx: ImportContext) -> list[dict[str, Any]]:
        """Example rows written under the template's header (values by column key)."""
        return []

    def success_url(self, target: Any) -> str:
        return target.get_absolute_url() if target is not None else "/"

    def filename(self, target: Any) -> str:
        suffix = f"-{target.pk}" if target is not None else ""
        return f"{self.key.replace('.', '-')}{suffix}-template.xlsx"

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


def register(cls: type[Importer]) -> type[Importer]:
    """Class decorator: make the importer available under its key."""
    if not cls.key or cls.key in _REGISTRY and type(_REGISTRY[cls.key]) is not cls:
        raise ImproperlyConfigured(f"Importer key {cls.key!r} is empty or already registered")
    _REGISTRY[cls.key] = cls()
    return cls


def get_importer(key: str) -> Importer:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise ImproperlyConfigured(f"No importer {key!r}; declare it in an app's imports.py") from None


def importers() -> Iterator[Importer]:
    return iter(_REGISTRY.values())


def row_messages(err: ValidationError, importer: Importer) -> list[str]:
    """A service's refusal as messages naming the column ("Hạn: …") where the field is a column."""
    if not hasattr(err, "error_dict"):
        return list(err.messages)
    messages = []
    for key, texts in err.message_dict.items():
        column = importer.column(key)
        for text in texts:
            messages.append(f"{column.header}: {text}" if column is not None else text)
    return messages


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def validate_row(cells: tuple[Any, ...], ctx: ImportContext) -> tuple[dict[str, Any] | None, list[str]]:
    """One row's values by key, or its problems in the user's language."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for column, raw in zip(ctx.importer.columns, cells, strict=False):
        if _blank(raw):
            if column.required:
                problems.append(_("{column}: required").format(column=column.header))
            values[column.key] = column.default
            continue
        try:
            values[column.key] = column.parse(raw, ctx)
        except CellError as err:
            problems.append(f"{column.header}: {err}")
    if problems:
        return None, problems
    try:
        return ctx.importer.clean_row(values, ctx), []
    except ValidationError as err:
        return None, row_messages(err, ctx.importer)
