"""The cheap "anything changed?" answer of the live pages: 204 while the page's stamp is current."""

from __future__ import annotations

import abc
import datetime
from typing import Any

from django.http import HttpResponse

__all__ = ["LiveMixin", "stamp_of"]


def stamp_of(*values: Any) -> str:
    """A short opaque stamp of change markers (datetimes, counts)."""
    parts = []
    for value in values:
        if isinstance(value, datetime.datetime):
            parts.append(str(int(value.timestamp() * 1_000_000)))
        else:
            parts.append(str(value if value is not None else 0))
    return "-".join(parts)


class LiveMixin(abc.ABC):
    """htmx polls `?stamp=<what the page shows>`: an unchanged stamp answers 204, which htmx ignores
    (no swap), so an idle page costs one small query; a changed one renders the partial with its new stamp.
    The stamp is also the ETag, so other clients may poll with If-None-Match (304)."""

    request: Any

    @abc.abstractmethod
    def current_stamp(self) -> str:
        """What the page shows, as a short string that changes whenever the page would (each view's own)."""

    def unchanged(self) -> HttpResponse | None:
        stamp = self.current_stamp()
        self.stamp = stamp
        asked = self.request.GET.get("stamp", "")
        if asked and asked == stamp:
            return HttpResponse(status=204, headers={"Cache-Control": "no-store"})
        if self.request.headers.get("If-None-Match", "").strip('"') == stamp:
            return HttpResponse(status=304, headers={"ETag": f'"{stamp}"', "Cache-Control": "no-store"})
        return None
