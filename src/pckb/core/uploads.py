"""The one upload control: a field for several documents and its widget, labelled in the page's language.

The native `<input type="file">` speaks the browser's language ("Choose File / No file chosen"), so it
is visually hidden and a translated label styled as a button opens it; `static/pckb/upload.js` lists the
chosen files and shows a progress bar while the form is sent. Without JavaScript the form still works.

```python
class ReportForm(forms.Form):
    attachments = AttachmentsField(label=_("Attachments"), required=False)
# the view: do_add_attachments(record, form.cleaned_data["attachments"], actor=request.user)
```
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .validators import DOCUMENT_EXTENSIONS, validate_document_file

__all__ = ["FileUploadInput", "AttachmentsField", "AttachmentUploadForm"]


class FileUploadInput(forms.FileInput):
    """Several files, a translated button, the chosen names and a progress bar (see upload.js)."""

    allow_multiple_selected = True

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        attrs = self.build_attrs(self.attrs, attrs or {})
        input_id = attrs.get("id") or f"id_{name}"
        described = attrs.get("aria-describedby", "")
        accept = ",".join(f".{e}" for e in DOCUMENT_EXTENSIONS)
        return format_html(
            '<div class="pckb-upload" data-pckb-upload data-none="{none}">'
            '<input type="file" name="{name}" id="{id}" multiple accept="{accept}"'
            ' class="visually-hidden pckb-upload-input"{described}>'
            '<label for="{id}" class="btn btn-outline-secondary btn-sm pckb-upload-button">'
            '<i class="bi bi-paperclip" aria-hidden="true"></i> {choose}</label> '
            '<span class="pckb-upload-names small text-body-secondary" aria-live="polite">{none}</span>'
            '<div class="progress mt-2 pckb-upload-progress" role="progressbar" aria-label="{progress}"'
            ' aria-valuemin="0" aria-valuemax="100" aria-valuenow="0" hidden>'
            '<div class="progress-bar progress-bar-striped progress-bar-animated"></div></div>'
            '<div class="form-text">{allowed}</div>'
            "</div>",
            name=name,
            id=input_id,
            accept=accept,
            described=format_html(' aria-describedby="{}"', described) if described else "",
            choose=_("Choose files…"),
            none=_("No file chosen yet."),
            progress=_("Upload progress"),
            allowed=_("PDF, Word, Excel, OpenDocument or images (JPG, PNG); several files at once."),
        )


class AttachmentsField(forms.FileField):
    """A list of uploaded documents, each checked by type, size and content (`validate_document_file`)."""

    widget = FileUploadInput
    default_validators = [validate_document_file]

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
            if self.required and not files:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return files
        return [single(data, initial)] if data or self.required else []


class AttachmentUploadForm(forms.Form):
    """The upload form of the attachments panel (core/_attachments.html)."""

    files = AttachmentsField(
        label=gettext_lazy("Files"), error_messages={"required": gettext_lazy("Choose at least one file.")}
    )
    purpose = forms.CharField(
        label=gettext_lazy("What the files are (optional)"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("e.g. “signed plan”, “photos of the site”."),
    )
