"""The completion summary (per assignee) of the issued tasks list and of a plan: its rows as ready HTML.

A province's summary has over a hundred assignees; as template code each row cost a dozen node
renders and a `localize` per count, 6–10 ms of the list's 100 ms budget (tests/bench/bench_tasks.py).
The markup is the one plans/_completion.html wrote per row; the counts are localised as `{{ count }}`
does (core.views.Localizer) and the names escaped.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext

from pckb.core.templatetags.pckb_tags import percent_class
from pckb.core.views import Localizer

__all__ = ["completion_rows"]

ROW = (
    """
        <tr>
          <th scope="row" class="fw-normal">{name}</th>
          <td class="text-end">{total}</td>
          <td class="text-end">{completed}</td>
          <td class="text-end">{overdue}</td>
          <td>
            <div class="progress" role="progressbar" aria-label="{label}" aria-valuenow="{percent}" """
    """aria-valuemin="0" aria-valuemax="100">
              <div class="progress-bar bg-success {bar}">{percent}%</div>
            </div>
          </td>
        </tr>"""
)
OVERDUE = '<span class="badge text-bg-danger">{}</span>'


def completion_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`TaskQuerySet.completion_by_assignee()` rows, each with its table row as `html` (same dicts)."""
    localize = Localizer()
    label = gettext("Completion")
    for row in rows:
        overdue = row["overdue"]
        row["html"] = format_html(
            ROW,
            name=row["assignee__name"],
            total=localize(row["total"]),
            completed=localize(row["completed"]),
            overdue=format_html(OVERDUE, localize(overdue)) if overdue else "0",
            label=label,
            percent=localize(row["percent"]),
            bar=percent_class(row["percent"]),
        )
    return rows
