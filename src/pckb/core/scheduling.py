"""Periodic-job schedules read in the site's time zone."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY

__all__ = ["local_crontab"]


def local_crontab(**fields: str | int) -> Callable[[datetime.datetime], bool]:
    """A crontab read in settings.TIME_ZONE.

    Huey hands periodic checks a naive UTC time when `utc` is on (its default), so a plain
    crontab(hour=7) would fire at 14:00 in Hanoi; convert to local time first.
    """
    check = crontab(**{k: str(v) for k, v in fields.items()})
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def validate(timestamp: datetime.datetime) -> bool:
        if HUEY.utc:
            timestamp = timestamp.replace(tzinfo=datetime.UTC).astimezone(zone).replace(tzinfo=None)
        return check(timestamp)

    return validate
