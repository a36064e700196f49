"""`{% attachments_panel record %}`: the files of any record, with upload and delete for those allowed."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from pckb.core.attachments import may_attach
from pckb.core.uploads import AttachmentUploadForm

__all__ = ["attachments_panel"]

register = template.Library()


@register.inclusion_tag("core/_attachments.html", takes_context=True)
def attachments_panel(context: template.Context, owner: Any, compact: bool = False, upload: bool = True) -> dict:
    """`compact` lists the files only (a timeline entry); otherwise a section with its heading and, for
    those who may attach, the upload form. The owner must already be visible to the reader."""
    request = context.get("request")
    user = getattr(request, "user", None)
    items = list(owner.attachments.all())  # uses a prefetch_related("attachments__uploaded_by") when given
    allowed = user is not None and may_attach(owner, user)
    meta = owner._meta
    prefix = f"att-{meta.model_name}-{owner.pk}"
    form = AttachmentUploadForm(auto_id=f"id_{prefix}_%s") if allowed and upload and not compact else None
    return {
        "attachments": items,
        "can_attach": allowed,
        "compact": compact,
        "form": form,
        "prefix": prefix,
        "upload_url": reverse("attachments:add", args=[f"{meta.app_label}.{meta.model_name}", owner.pk]),
        "request": request,
    }
