"""List rows rendered once per page in Python (#6) read exactly as the template cells they replace."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.template import engines
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize

from pckb.core.templatetags.pckb_tags import column_value
from pckb.core.views import Column, Localizer, PkUrl
from pckb.core.views.table import TableRows
from pckb.organizations.models import Organization

# The per-cell markup core/list.html used to have, rendered by the template engine.
OLD_CELL = engines["django"].from_string(
    '<td data-label="{{ column.label }}"{% if column.link %} data-card="link"{% elif column.card %}'
    ' data-card="{{ column.card }}"{% endif %}>{% if column.link and url %}<a href="{{ url }}">'
    "{{ value|default:no_name }}</a>{% else %}{{ value }}{% endif %}</td>"
)


class Row:
    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)

    def get_absolute_url(self) -> str:
        return "/rows/1/?a=1&b=<2>"


def test_cells_read_as_the_template_wrote_them(world):
    columns = [
        Column("name", "Tên <đơn vị>", link=True),
        Column("kind", "Loại", card="primary"),
        Column("deadline", "Hạn", card="meta"),
        Column("moment", "Lúc"),
        Column("done", "Xong"),
        Column("count", "Số"),
        Column("share", "Tỷ lệ"),
        Column("ratio", "Hệ số"),
        Column("missing", "Trống"),
        Column("parent.name", "Cấp trên"),
    ]
    rows = [
        Row(
            name="A & B <i>",
            kind=world.a.get_kind_display(),
            deadline=datetime.date(2026, 3, 5),
            moment=timezone.now(),
            done=True,
            count=1234567,
            share=Decimal("12.50"),
            ratio=0.25,
            missing=None,
            parent=world.root,
        ),
        Row(
            name="",
            kind="x",
            deadline=None,
            moment=None,
            done=False,
            count=0,
            share=0,
            ratio=1.5,
            missing="",
            parent=None,
        ),
    ]
    table = TableRows(None, columns, "(không tên)")
    for obj in rows:
        expected = "\n".join(
            OLD_CELL.render(
                {"column": c, "value": column_value(obj, c), "url": obj.get_absolute_url(), "no_name": "(không tên)"}
            )
            for c in columns
        )
        assert table.row(obj)["cells"] == expected


def test_choice_labels_and_numbers_as_django_gives_them(world):
    table = TableRows(None, [Column("kind", "Loại"), Column("level", "Cấp")], "")
    for org in Organization.objects.all():
        assert table.value(org, Column("kind", "")) == org.get_kind_display()
        assert table.value(org, Column("level", "")) == org.get_level_display()
    localizer = Localizer()
    for number in (0, 7, 1234567, -3, Decimal("1234.50"), 0.125, True):
        assert localizer(number) == localize(number)


def test_row_urls_built_once_per_page_match_reverse():
    url = PkUrl("plans:task_detail")
    for pk in (1, 42, 10**12):
        assert url(pk) == reverse("plans:task_detail", args=[pk])
