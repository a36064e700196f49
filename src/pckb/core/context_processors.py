from typing import Any

from django.conf import settings
from django.http import HttpRequest


def pckb(request: HttpRequest) -> dict[str, Any]:
    return {"PCKB_DEMO": settings.DEMO}
