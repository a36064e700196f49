"""`{% source_documents record %}`: the documents drafted from a record, with their downloads."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType

from ..register.choices import STATUS_BADGES
from ..register.models import OutgoingDocument

register = template.Library()


@register.inclusion_tag("documents/_source_documents.html", takes_context=True)
def source_documents(context: template.Context, record: Any, limit: int = 20) -> dict[str, Any]:
    """The documents of `record` the reader may see, newest first."""
    user = context["request"].user
    documents = (
        OutgoingDocument.objects.visible_to(user)
        .filter(source_type=ContentType.objects.get_for_model(record), source_id=record.pk)
        .order_by("-id")[:limit]
    )
    return {"documents": list(documents), "status_colours": STATUS_BADGES}
