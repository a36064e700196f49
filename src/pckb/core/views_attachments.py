"""Pages of the attachments of any record: /attachments/<id>/download/, /attachments/<id>/delete/ and
the upload target /attachments/add/<owner_type>/<owner_id>/ (core.attachments does the work)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from .attachments import DENIED, do_add_attachments, do_delete_attachment, download_response, get_owner_for_user
from .attachments import may_attach as _may_attach
from .idempotency import FormTokenMixin, mark_failed
from .models import Attachment
from .scoping import NOT_FOUND_MESSAGE
from .uploads import AttachmentUploadForm
from .views import ConfirmedActionView, flash_errors

__all__ = ["attachment_download", "AttachmentAddView", "AttachmentDeleteView"]


def _owner_url(owner: Any) -> str:
    url = owner.get_absolute_url() if hasattr(owner, "get_absolute_url") else "/"
    return url if "#" in url else f"{url}#attachments"


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    return download_response(request, pk)


class AttachmentAddView(LoginRequiredMixin, FormTokenMixin, View):
    """POST from the attachments panel: 404 unseen owner, 403 no right, errors flashed on the owner's page."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, owner_type: str, owner_id: int) -> HttpResponse:
        try:
            owner = get_owner_for_user(request.user, owner_type, owner_id)
        except ValidationError:  # not a kind of record that holds files: as unknown as a missing one
            raise Http404(NOT_FOUND_MESSAGE)
        if not _may_attach(owner, request.user):
            raise PermissionDenied(DENIED)
        target = _owner_url(owner)
        form = AttachmentUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            mark_failed(request)
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(target)
        try:
            added = do_add_attachments(
                owner, form.cleaned_data["files"], actor=request.user, purpose=form.cleaned_data["purpose"]
            )
        except ValidationError as err:
            flash_errors(request, err)
        else:
            messages.success(
                request, ngettext("%(n)d file attached.", "%(n)d files attached.", len(added)) % {"n": len(added)}
            )
        return HttpResponseRedirect(target)


class AttachmentDeleteView(ConfirmedActionView):
    """Confirm, then remove one file (the owner's attach right; 404 for whoever cannot see the owner)."""

    model = Attachment
    action = "view"
    template_name = "core/confirm_delete.html"

    def get_object(self) -> Any:
        attachment = super().get_object()
        if attachment.owner is None or not _may_attach(attachment.owner, self.request.user):
            raise PermissionDenied(DENIED)
        return attachment

    def cancel_url(self, obj: Any) -> str:
        return _owner_url(obj.owner)

    def perform(self, obj: Any) -> str:
        do_delete_attachment(obj, actor=self.request.user)
        messages.success(self.request, _("The file “{name}” was removed.").format(name=obj.original_name))
        return self.cancel_url(obj)
