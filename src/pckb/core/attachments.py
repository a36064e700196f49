"""Attachments of any scoped record: the services, the rights and the download (docs/architecture.md).

```python
do_add_attachment(plan, request.FILES["file"], actor=request.user, purpose="signed plan")
do_delete_attachment(attachment, actor=request.user)
download_response(request, pk)   # 404 for whoever may not see the owner
```
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import Attachment, AuditAction, attachment_owner_models
from .scoping import NOT_FOUND_MESSAGE, get_object_for_user
from .text import nfc
from .validators import validate_document_file

__all__ = [
    "MAX_FILES_PER_UPLOAD",
    "owner_model",
    "get_owner_for_user",
    "may_attach",
    "do_add_attachment",
    "do_add_attachments",
    "do_delete_attachment",
    "download_response",
]

MAX_FILES_PER_UPLOAD = 10
DENIED = _("You may see this record but not add or remove its files.")


def owner_model(owner_type: str) -> type[models.Model]:
    """The model named "app_label.model" if it holds attachments; ValidationError otherwise."""
    try:
        model = apps.get_model(owner_type)
    except (LookupError, ValueError):
        model = None
    if model is None or model not in attachment_owner_models():
        raise ValidationError({"owner_type": [_("Files cannot be attached to “{type}”.").format(type=owner_type)]})
    return model


def get_owner_for_user(user: Any, owner_type: str, owner_id: Any) -> models.Model:
    """The owner a user may see (404 for a hidden or missing one: the same answer)."""
    return get_object_for_user(user, owner_model(owner_type), owner_id, "view")


def may_attach(owner: models.Model, user: Any) -> bool:
    """May the user add files to (and remove files from) this owner, which they can see?

    The owner's `may_attach(user)` decides when it has one; otherwise its editors (the "change" right).
    """
    hook = getattr(owner, "may_attach", None)
    if callable(hook):
        return bool(hook(user))
    return type(owner)._default_manager.all().visible_to(user, "change").filter(pk=owner.pk).exists()


def _require_right(owner: models.Model, actor: Any) -> models.Model:
    owner = get_object_for_user(actor, type(owner), owner.pk, "view")
    if not may_attach(owner, actor):
        raise PermissionDenied(DENIED)
    return owner


def _digest(upload: Any) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        sha.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return sha.hexdigest(), size


def _snapshot(attachment: Attachment) -> dict[str, Any]:
    data = audit.snapshot(attachment)
    data["owner"] = f"{attachment.owner_type}:{attachment.object_id}"
    return data


def _check_file(upload: Any) -> str:
    """Type, size and content; the detected MIME type."""
    try:
        return validate_document_file.check(upload)
    except ValidationError as err:
        raise ValidationError({"file": err.messages})


def _store(owner: models.Model, upload: Any, mime: str, *, actor: Any, purpose: str) -> Attachment:
    sha256, size = _digest(upload)
    name = nfc(PurePath(getattr(upload, "name", "") or "file").name)[:255]
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(owner),
        object_id=owner.pk,
        original_name=name,
        mime_type=mime,
        size=size,
        sha256=sha256,
        purpose=nfc(purpose or "").strip()[:100],
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.owner = owner
    # Stored only after every check passed; a later rollback leaves an unreferenced file, never served.
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit.record(
        AuditAction.CREATE,
        attachment,
        actor=actor,
        after=_snapshot(attachment),
        event_type="core.attachment.create",
        message=str(owner)[:200],
    )
    return attachment


@transaction.atomic
def do_add_attachments(owner: models.Model, uploads: Iterable[Any], *, actor: Any, purpose: str = "") -> list:
    """Attach uploaded files to `owner`, all or nothing: 404 if the actor cannot see the owner, 403 if
    they may not attach, a translated ValidationError (on `file`) naming the first file whose type, size
    or content is refused (nothing stored then). One audit entry per file."""
    uploads = [u for u in uploads if u]
    if not uploads:
        return []
    if len(uploads) > MAX_FILES_PER_UPLOAD:
        raise ValidationError(
            {"file": [_("At most {n} files can be uploaded at once.").format(n=MAX_FILES_PER_UPLOAD)]}
        )
    owner = _require_right(owner, actor)
    types = [_check_file(upload) for upload in uploads]
    return [_store(owner, u, mime, actor=actor, purpose=purpose) for u, mime in zip(uploads, types, strict=True)]


def do_add_attachment(owner: models.Model, upload: Any, *, actor: Any, purpose: str = "") -> Attachment:
    """Attach one file (see `do_add_attachments`)."""
    if not upload:
        raise ValidationError({"file": [_("Choose a file to upload.")]})
    return do_add_attachments(owner, [upload], actor=actor, purpose=purpose)[0]


@transaction.atomic
def do_delete_attachment(attachment: Attachment, *, actor: Any) -> None:
    """Remove a file: same rights as adding one; audited; the stored file goes once the change commits."""
    attachment = get_object_for_user(actor, Attachment.objects.select_related("content_type"), attachment.pk)
    owner = attachment.owner
    if owner is None:
        raise Http404(NOT_FOUND_MESSAGE)
    _require_right(owner, actor)
    before = _snapshot(attachment)
    audit.record(
        AuditAction.DELETE,
        attachment,
        actor=actor,
        before=before,
        event_type="core.attachment.delete",
        message=str(owner)[:200],
    )
    attachment.delete()  # the stored file goes once the deletion commits (core.models.remove_stored_file)


def download_response(request: HttpRequest, pk: Any) -> FileResponse:
    """Stream an attachment to a user who may see its owner (404 for everyone else, same as missing).

    Served with the type detected at upload, never sniffed by the browser (`nosniff`), always as a
    download (`Content-Disposition: attachment`, RFC 5987 `filename*` for Vietnamese names).
    """
    attachment = get_object_for_user(request.user, Attachment.objects.select_related("content_type"), pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(NOT_FOUND_MESSAGE)
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
