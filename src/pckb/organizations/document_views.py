"""The roster's document: a committee's "Quyết định kiện toàn" on a chosen date, drafted in the register."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.register.forms import RosterDocumentForm
from pckb.core.register.services import do_draft_document
from pckb.core.scoping import get_object_for_user
from pckb.core.views import ServiceFormView

from .models import Organization

__all__ = ["RosterDocumentView"]


class RosterDocumentView(ServiceFormView):
    """Choose the date; the decision listing the members valid on it is drafted (managers of the committee,
    who keep its roster)."""

    form_class = RosterDocumentForm
    success_message = gettext_lazy("The document was drafted.")

    def get_object(self) -> Any:
        from django.http import Http404

        committee = get_object_for_user(self.request.user, Organization, self.kwargs["pk"], "manage")
        if not committee.is_committee:
            raise Http404(_("Only a steering committee has a roster."))
        return committee

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return {"on_date": timezone.localdate()}

    def get_title(self, obj: Any) -> Any:
        return _("Decision on the composition of {committee}").format(committee=obj)

    def get_context_data(self, form: Any, obj: Any) -> dict[str, Any]:
        ctx = super().get_context_data(form, obj)
        ctx["intro"] = _(
            "The decision lists the members whose term covers the chosen date, with their roles. It is drafted "
            "in the document register, where it is reviewed, signed and issued."
        )
        ctx["submit_label"] = _("Draft the document")
        return ctx

    def cancel_url(self, obj: Any) -> str:
        return f"{obj.get_absolute_url()}?tab=roster"

    def perform(self, form: Any, obj: Any) -> Any:
        return do_draft_document(obj, actor=self.request.user, source_date=form.cleaned_data["on_date"])
