"""Forms of the register pages; the services validate the records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..documents.types import DocumentType
from ..forms import ScopedForm, ScopedModelForm
from ..widgets import DateInput, FileInput
from .models import DocumentHeaderSettings, OutgoingDocument
from .services import DOCUMENT_FIELDS, HEADER_FIELDS

__all__ = ["DocumentForm", "HeaderSettingsForm", "TemplateUploadForm", "RosterDocumentForm"]


class DocumentForm(ScopedModelForm):
    """A draft: issuing body (when adding), type, subject, content, signer, recipients, marks."""

    class Meta:
        model = OutgoingDocument
        fields = ["organization", *DOCUMENT_FIELDS]
        labels = {"organization": _("Issuing body")}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "source_date": DateInput,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.instance.source_type_id:
            self.fields.pop("source_date", None)
        elif not self.instance.pk:
            self.fields.pop("source_date", None)


class HeaderSettingsForm(forms.ModelForm):
    class Meta:
        model = DocumentHeaderSettings
        fields = list(HEADER_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def _post_clean(self) -> None:
        pass  # the service validates and audits (docs/conventions.md)


class TemplateUploadForm(ScopedForm):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    file = forms.FileField(label=_("Template (.docx)"), widget=FileInput)


class RosterDocumentForm(ScopedForm):
    on_date = forms.DateField(label=_("Roster as of"), widget=DateInput)
