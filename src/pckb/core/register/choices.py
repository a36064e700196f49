"""Choices of the document register: a document's state (the types, authority words and urgency marks
are the renderer's, in core.documents.types)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DocumentStatus", "STATUS_BADGES"]


class DocumentStatus(models.TextChoices):
    """draft → issued; an issued document that a correction replaced becomes "replaced"."""

    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    REPLACED = "replaced", _("Replaced")


STATUS_BADGES = {"draft": "secondary", "issued": "success", "replaced": "warning"}
