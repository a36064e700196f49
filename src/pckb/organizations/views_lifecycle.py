"""Rename, merge and dissolve pages: a form, then a confirmation page, then the service (organizations.lifecycle)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.forms import refuse_unusable_form
from pckb.core.scoping import can, get_object_for_user

from . import lifecycle
from .forms import DissolveForm, MergeForm, RenameForm
from .models import Organization
from .services import HISTORICAL_READ_ONLY, PARENT_MANAGER_NEEDED
from .views import OrganizationFormView

__all__ = ["OrganizationRenameView", "OrganizationMergeView", "OrganizationDissolveView"]

CONFIRM_FIELD = "confirmed"


class _LifecycleView(OrganizationFormView):
    """GET the form; a valid POST shows what will happen; the POST of that page (`confirmed`) acts.

    For the managers of the organisation who also manage its parent (as for a move): 404 unseen, 403
    otherwise, and 403 for an organisation already merged or dissolved.
    """

    form_class: Any = None
    confirm_title: Any = ""
    danger = True

    def get_object(self) -> Organization:
        user = self.request.user
        org = get_object_for_user(user, Organization.objects.select_related("parent"), self.kwargs["pk"], "manage")
        if not can(user, "manage", org.parent if org.parent_id else None):
            raise PermissionDenied(PARENT_MANAGER_NEEDED)
        if org.valid_to is not None:
            raise PermissionDenied(HISTORICAL_READ_ONLY)
        return org

    def get_form(self, obj: Organization) -> Any:
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, user=self.request.user, organization=obj)

    def details(self, form: Any, obj: Organization) -> list[str]:
        return []

    def get_context_data(self, form: Any, obj: Any) -> dict[str, Any]:
        # The form's button leads to the confirmation page, which takes the final action.
        return {**super().get_context_data(form, obj), "submit_label": _("Continue")}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get(CONFIRM_FIELD) == "1":
            return super().post(request, *args, **kwargs)
        obj = self.get_object()
        form = self.get_form(obj)
        refuse_unusable_form(form)
        if not form.is_valid():
            return self.render_form(form, obj, status=400)
        context = {
            "object": obj,
            "form": form,
            "title": self.confirm_title,
            "details": self.details(form, obj),
            "danger": self.danger,
            "cancel_url": obj.get_absolute_url(),
            "back_url": request.path,
        }
        return render(request, "organizations/lifecycle_confirm.html", context)


def _day(value: Any) -> str:
    return date_format(value, "d/m/Y")


class OrganizationRenameView(_LifecycleView):
    title = gettext_lazy("Rename the organization")
    confirm_title = gettext_lazy("Rename the organization?")
    success_message = gettext_lazy("The organization has been renamed; its former name is kept with its dates.")
    form_class = RenameForm
    danger = False

    def get_initial(self, obj: Organization) -> dict[str, Any]:
        return {"new_name": obj.name, "new_short_name": obj.short_name}

    def get_form(self, obj: Organization) -> Any:
        data = self.request.POST if self.request.method == "POST" else None
        return RenameForm(data, user=self.request.user, organization=obj, initial=self.get_initial(obj))

    def details(self, form: Any, obj: Organization) -> list[str]:
        d = form.cleaned_data
        return [
            _("From {date} it is called “{name}”.").format(date=_day(d["effective_date"]), name=d["new_name"]),
            _("Documents dated before then keep showing “{name}”.").format(name=obj.name),
        ]

    def perform(self, form: Any, obj: Organization) -> Organization:
        d = form.cleaned_data
        return lifecycle.do_rename_organization(
            obj, d["new_name"], d["new_short_name"], d["effective_date"], actor=self.request.user
        )


class OrganizationMergeView(_LifecycleView):
    title = gettext_lazy("Merge the organization into another")
    confirm_title = gettext_lazy("Merge the organization?")
    success_message = gettext_lazy("The organization has been merged; its records now show under its successor.")
    form_class = MergeForm

    def details(self, form: Any, obj: Organization) -> list[str]:
        d = form.cleaned_data
        return [
            _("Its last day is the day before {date}; from then on it is part of {successor}.").format(
                date=_day(d["effective_date"]), successor=d["into"].name
            ),
            _("It moves under {successor}, whose users will read its records.").format(successor=d["into"].name),
            _("It becomes read-only: only records dated within its lifetime can still be filed for it."),
            _("This cannot be undone from the pages."),
        ]

    def perform(self, form: Any, obj: Organization) -> Organization:
        d = form.cleaned_data
        return lifecycle.do_merge_organization(obj, d["into"], d["effective_date"], actor=self.request.user)


class OrganizationDissolveView(_LifecycleView):
    title = gettext_lazy("Dissolve the organization")
    confirm_title = gettext_lazy("Dissolve the organization?")
    success_message = gettext_lazy("The organization has been dissolved; its records are kept.")
    form_class = DissolveForm

    def details(self, form: Any, obj: Organization) -> list[str]:
        return [
            _("Its last day is the day before {date}.").format(date=_day(form.cleaned_data["effective_date"])),
            _("Its records stay where they are, readable by the organizations above it."),
            _("It becomes read-only: only records dated within its lifetime can still be filed for it."),
            _("This cannot be undone from the pages."),
        ]

    def perform(self, form: Any, obj: Organization) -> Organization:
        return lifecycle.do_dissolve_organization(obj, form.cleaned_data["effective_date"], actor=self.request.user)
