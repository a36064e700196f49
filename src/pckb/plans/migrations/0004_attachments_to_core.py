"""Plans and task updates keep their files as core attachments (#6): each old `attachment` becomes one
core.Attachment of its record (same stored file, its type read from its bytes), then the field goes."""

import hashlib
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import migrations

OCTET = "application/octet-stream"


def _describe(name):
    """(MIME type, size, SHA-256) of a stored file; a missing file is kept as a record of size 0."""
    from pckb.core.validators import detect_document_type

    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        return OCTET, 0, ""
    with handle:
        sha, size = hashlib.sha256(), 0
        for chunk in iter(lambda: handle.read(65536), b""):
            sha.update(chunk)
            size += len(chunk)
        handle.seek(0)
        try:
            mime = detect_document_type(handle, PurePath(name).suffix.lstrip("."))
        except ValidationError:
            mime = OCTET  # served as a download with nosniff all the same
    return mime, size, sha.hexdigest()


def forwards(apps, schema_editor):
    Attachment = apps.get_model("core", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model_name, uploader in (("plan", "updated_by_id"), ("taskupdate", "created_by_id")):
        model = apps.get_model("plans", model_name)
        content_type, _ = ContentType.objects.get_or_create(app_label="plans", model=model_name)
        for obj in model.objects.exclude(attachment="").iterator():
            name = obj.attachment.name
            mime, size, sha256 = _describe(name)
            Attachment.objects.create(
                content_type=content_type,
                object_id=obj.pk,
                file=name,
                original_name=PurePath(name).name[:255],
                mime_type=mime,
                size=size,
                sha256=sha256,
                uploaded_by_id=getattr(obj, uploader),
                uploaded_at=obj.updated_at or obj.created_at,
            )


def backwards(apps, schema_editor):
    Attachment = apps.get_model("core", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model_name in ("plan", "taskupdate"):
        model = apps.get_model("plans", model_name)
        content_type = ContentType.objects.filter(app_label="plans", model=model_name).first()
        if content_type is None:
            continue
        rows = Attachment.objects.filter(content_type=content_type).order_by("object_id", "uploaded_at", "id")
        for attachment in rows:
            model.objects.filter(pk=attachment.object_id, attachment="").update(attachment=attachment.file.name)
        rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_attachment"),
        ("plans", "0003_task_search_text"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="plan", name="attachment"),
        migrations.RemoveField(model_name="taskupdate", name="attachment"),
    ]
