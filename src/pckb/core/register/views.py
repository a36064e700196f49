"""Pages of the document register: list (and its Excel export), detail, draft form, issue, correct,
download, and each issuing body's header and templates."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..scoping import NOT_FOUND_MESSAGE, can, get_object_for_user
from ..views import (
    Column,
    ConfirmedActionView,
    ScopedDetailView,
    ScopedListView,
    ServiceDeleteView,
    ServiceEditView,
    ServiceFormView,
)
from ..workflow.views import TransitionsMixin, TransitionView
from . import compose, services
from .choices import STATUS_BADGES, DocumentStatus
from .filters import DocumentPageFilterSet
from .forms import DocumentForm, HeaderSettingsForm, TemplateUploadForm
from .models import DocumentTemplate, OutgoingDocument

__all__ = [
    "DocumentListView",
    "DocumentDetailView",
    "DocumentEditView",
    "DocumentDeleteView",
    "DocumentTransitionView",
    "DocumentCorrectView",
    "HeaderSettingsView",
    "TemplateUploadView",
    "document_file",
    "template_file",
    "default_template_file",
    "file_response",
    "DraftFromSourceView",
]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_response(field_file: Any, filename: str) -> FileResponse:
    """A stored .docx as a download (never shown inline, never sniffed, never cached)."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(NOT_FOUND_MESSAGE)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=DOCX)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class DocumentListView(ScopedListView):
    model = OutgoingDocument
    title = gettext_lazy("Outgoing documents")
    filterset_class = DocumentPageFilterSet
    select_related = ("organization",)
    add_url_name = "documents:document_add"
    export_name = "so-van-ban-di"
    default_sort = "-date"
    columns = [
        Column("register_label", gettext_lazy("Number and symbol"), sort="number", link=True, card="primary"),
        Column("date", gettext_lazy("Date"), sort="date", card="primary"),
        Column("doc_type", gettext_lazy("Document type"), sort="doc_type"),
        Column("subject", gettext_lazy("Subject"), sort="subject"),
        Column("organization", gettext_lazy("Issuing body"), sort="organization__name", card="meta"),
        Column("signer_name", gettext_lazy("Signer")),
        Column("status", gettext_lazy("Status"), sort="status", card="primary"),
    ]
    # Decree 30/2020 Appendix VI: the metadata of an outgoing document, as the register's Excel columns.
    export_columns = [
        Column("number", gettext_lazy("Number (CodeNumber)")),
        Column("symbol", gettext_lazy("Number and symbol (CodeNotation)")),
        Column("date", gettext_lazy("Issued on (IssuedDate)")),
        Column("doc_type", gettext_lazy("Document type (TypeName)")),
        Column("organization", gettext_lazy("Issuing body (OrganName)")),
        Column("subject", gettext_lazy("Subject (Subject)")),
        Column("signer_position", gettext_lazy("Signer's position (SignerInfo.Position)")),
        Column("signer_name", gettext_lazy("Signer (SignerInfo.FullName)")),
        Column("recipients", gettext_lazy("Recipients (To)")),
        Column("urgency", gettext_lazy("Urgency (Priority)")),
        Column("classification", gettext_lazy("Classification (SecurityLevel)")),
        Column("status", gettext_lazy("Status")),
    ]


class DocumentDetailView(TransitionsMixin, ScopedDetailView):
    model = OutgoingDocument
    template_name = "documents/document_detail.html"
    transition_url_name = "documents:document_transition"

    def get_queryset(self) -> Any:
        return OutgoingDocument.objects.select_related("organization", "replaces", "issued_by", "source_type")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from ..sources import visible_source

        ctx = super().get_context_data(**kwargs)
        doc, user = self.object, self.request.user
        manages = can(user, "manage", doc.organization)
        replaced_by = doc.replaced_by
        ctx.update(
            is_draft=doc.status == DocumentStatus.DRAFT,
            source=visible_source(doc.source_type, doc.source_id, user),
            replaced_by=replaced_by if replaced_by and can(user, "view", replaced_by.organization) else None,
            can_correct=manages and doc.status == DocumentStatus.ISSUED,
            can_settings=manages,
            header=services.header_for(doc.organization),
            recipient_lines=doc.recipient_lines,
            status_colours=STATUS_BADGES,
        )
        return ctx


class DocumentEditView(ServiceEditView):
    model = OutgoingDocument
    form_class = DocumentForm
    title_add = gettext_lazy("New document")
    title_edit = gettext_lazy("Edit draft document")
    create_service = services.do_create_document
    update_service = services.do_update_document
    parent_title = gettext_lazy("Outgoing documents")
    parent_url_name = "documents:document_list"

    def get_object(self) -> Any:
        obj = super().get_object()
        if obj is not None and obj.status != DocumentStatus.DRAFT:
            raise PermissionDenied(services.ISSUED_IS_FINAL)
        return obj


class DocumentDeleteView(ServiceDeleteView):
    model = OutgoingDocument
    delete_service = services.do_delete_document
    success_url_name = "documents:document_list"


class DocumentTransitionView(TransitionView):
    """Issue a draft after a confirmation that says issuing is final; /issue/ fixes the target."""

    workflow = services.DOCUMENT_WORKFLOW


class DocumentCorrectView(ConfirmedActionView):
    """Draft a correction: a new document that replaces this one when it is issued."""

    model = OutgoingDocument
    action = "manage"

    def confirmation(self, obj: Any) -> dict[str, Any]:
        return {
            "title": _("Correct the document"),
            "message": _(
                "An issued document cannot be changed. A new draft is made from it; once issued, it replaces "
                "“{document}”, and both are linked in the register."
            ).format(document=obj),
            "confirm_label": _("Draft a correction"),
        }

    def perform(self, obj: Any) -> str:
        new = services.do_correct_document(obj, actor=self.request.user)
        messages.success(self.request, _("A correction was drafted; review it and issue it."))
        return reverse("documents:document_edit", args=[new.pk])


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The issued .docx of a document the user may see (404 for everyone else, and for a draft)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    doc = get_object_for_user(request.user, OutgoingDocument, pk)
    if not doc.file:
        raise Http404(NOT_FOUND_MESSAGE)
    return file_response(doc.file, doc.file_name)


def template_file(request: HttpRequest, pk: int) -> FileResponse:
    """An uploaded template, for whoever may see its issuing body's records."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    template = get_object_for_user(request.user, DocumentTemplate, pk)
    return file_response(template.file, template.original_name)


def default_template_file(request: HttpRequest, doc_type: str) -> FileResponse:
    """The template shipped with PCKB for a type (public layout, nothing of any organisation)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if doc_type not in compose.document_types():
        raise Http404(NOT_FOUND_MESSAGE)
    return FileResponse(
        io.BytesIO(compose.default_template_bytes(doc_type)),
        as_attachment=True,
        filename=f"mau-{doc_type.lower()}.docx",
        content_type=DOCX,
    )


class _BodyFormView(ServiceFormView):
    """A form about one issuing body, for its managers (404 unseen, 403 below manager)."""

    def get_object(self) -> Any:
        from pckb.organizations.models import Organization

        return get_object_for_user(self.request.user, Organization, self.kwargs["pk"], "manage")

    def cancel_url(self, obj: Any) -> str:
        return reverse("documents:document_list")


class HeaderSettingsView(_BodyFormView):
    """The header an issuing body prints on its documents."""

    form_class = HeaderSettingsForm
    parent_title = gettext_lazy("Outgoing documents")
    parent_url_name = "documents:document_list"
    success_message = gettext_lazy("The document header was saved.")

    def get_title(self, obj: Any) -> Any:
        return _("Document header of {body}").format(body=obj)

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"instance": services.header_for(obj)}

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return {} if services.header_for(obj) else compose.proposed_header(obj)

    def perform(self, form: Any, obj: Any) -> Any:
        services.do_save_header_settings(obj, actor=self.request.user, **form.cleaned_data)
        return obj

    def success_url(self, result: Any) -> str:
        return reverse("documents:template_upload", args=[result.pk])


class TemplateUploadView(_BodyFormView):
    """The templates of one body: what is in use per type, the default to download, an upload form."""

    form_class = TemplateUploadForm
    template_name = "documents/templates.html"
    success_message = gettext_lazy("The template rendered a sample document and is now in use.")

    def get_title(self, obj: Any) -> Any:
        return _("Document templates of {body}").format(body=obj)

    def get_context_data(self, form: Any, obj: Any) -> dict[str, Any]:
        ctx = super().get_context_data(form, obj)
        active = {t.doc_type: t for t in DocumentTemplate.objects.filter(organization=obj, is_active=True)}
        ctx["types"] = [(value, label, active.get(value)) for value, label in compose.document_type_choices()]
        ctx["header"] = services.header_for(obj)
        return ctx

    def perform(self, form: Any, obj: Any) -> Any:
        data = form.cleaned_data
        services.do_upload_document_template(obj, actor=self.request.user, doc_type=data["doc_type"], file=data["file"])
        return obj

    def success_url(self, result: Any) -> str:
        return reverse("documents:template_upload", args=[result.pk])


class DraftFromSourceView(ConfirmedActionView):
    """The button of a record's page that drafts its document (a plan's "Kế hoạch"), then shows it."""

    action = "add"
    doc_type: str | None = None  # one of the record's registered types; None is its first

    def confirmation(self, obj: Any) -> dict[str, Any]:
        return {
            "title": _("Draft the document"),
            "message": _(
                "A draft document is made from “{record}”. Review it, complete the signer and issue it on its "
                "own page: it gets its number when it is issued."
            ).format(record=obj),
            "confirm_label": _("Draft the document"),
        }

    def perform(self, obj: Any) -> str:
        document = services.do_draft_document(obj, actor=self.request.user, doc_type=self.doc_type)
        messages.success(self.request, _("The document was drafted."))
        return document.get_absolute_url()
