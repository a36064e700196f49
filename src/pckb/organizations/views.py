"""Organisation pages: the tree, an organisation's tabs, and the forms that call the services."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET

from pckb.core.choices import Role
from pckb.core.scoping import NOT_FOUND_MESSAGE, can, get_object_for_user, writable_organizations
from pckb.core.text import vn_fold
from pckb.core.views import Column, ConfirmedActionView, ScopedDetailView, ScopedListView, ServiceFormView
from pckb.core.widgets import OPTIONS_LIMIT, options_response, results_heading
from pckb.core.workflow.views import TransitionsMixin, TransitionView

from . import services
from .filters import OrganizationFilterSet
from .forms import CommitteeMemberForm, OrganizationForm, OrganizationMoveForm
from .models import SIBLING_ORDER, CommitteeMember, Organization
from .queries import (
    ancestor_names,
    attach_counts,
    org_label,
    roster_of,
    scope_roots,
    staff_of,
    visible_ancestors,
)

__all__ = [
    "OrganizationListView",
    "OrganizationDetailView",
    "OrganizationCreateView",
    "OrganizationEditView",
    "OrganizationMoveView",
    "OrganizationDeleteView",
    "OrganizationStatusView",
    "CommitteeMemberCreateView",
    "CommitteeMemberEditView",
    "CommitteeMemberDeleteView",
    "organization_children",
    "organization_options",
]

TABS = ("overview", "children", "roster", "staff", "history")
ROLE_BADGES = {Role.VIEWER: "secondary", Role.EDITOR: "info", Role.MANAGER: "primary", Role.ADMIN: "danger"}


def _int_param(request: HttpRequest, name: str) -> int:
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        raise Http404(NOT_FOUND_MESSAGE) from None


class OrganizationListView(ScopedListView):
    """The tree of the user's scope; a search or a filter shows the matching nodes with their path."""

    model = Organization
    filterset_class = OrganizationFilterSet
    template_name = "organizations/organization_list.html"
    title = gettext_lazy("Organizations")
    export_name = "to-chuc"
    select_related = ("parent", "admin_unit", "successor")
    # The page shows each match with its path; the Excel export has the full record instead.
    columns = [
        Column("name", capfirst(gettext_lazy("name")), sort="search_name", link=True),
        Column("path_display", capfirst(gettext_lazy("belongs to"))),
        Column("code", capfirst(gettext_lazy("code")), sort="code"),
        Column("kind", capfirst(gettext_lazy("kind")), sort="kind"),
        Column("level", capfirst(gettext_lazy("level")), sort="level"),
        Column("admin_unit.name", capfirst(gettext_lazy("administrative unit"))),
        Column("is_active", gettext_lazy("In operation")),
    ]
    export_columns = [
        Column("name", capfirst(gettext_lazy("name")), sort="search_name"),
        Column("short_name", capfirst(gettext_lazy("short name"))),
        Column("code", capfirst(gettext_lazy("code")), sort="code"),
        Column("kind", capfirst(gettext_lazy("kind")), sort="kind"),
        Column("level", capfirst(gettext_lazy("level")), sort="level"),
        Column("parent.name", capfirst(gettext_lazy("parent organization"))),
        Column("admin_unit.name", capfirst(gettext_lazy("administrative unit"))),
        Column("address", capfirst(gettext_lazy("address"))),
        Column("phone", capfirst(gettext_lazy("phone"))),
        Column("email", capfirst(gettext_lazy("e-mail"))),
        Column("is_active", gettext_lazy("In operation")),
    ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            self.columns = self.export_columns
        return super().get(request, *args, **kwargs)

    @property
    def tree_mode(self) -> bool:
        """No search and no filter: show the tree rather than a flat list."""
        names = self.filterset_class.base_filters.keys()
        return not any(self.request.GET.get(name) for name in names) and self.request.GET.get("export") != "xlsx"

    def get_queryset(self) -> QuerySet:
        qs = super().get_queryset()
        if self.tree_mode:
            return scope_roots(self.request.user).order_by("path")
        return qs.prefetch_related("former_names", "former_parents") if self.as_on_date() else qs

    def as_on_date(self) -> Any:
        form = self.filterset.form if getattr(self, "filterset", None) is not None else None
        return form.cleaned_data.get("on") if form is not None and form.is_valid() else None

    def ordering_fields(self) -> list[str]:
        # Without an explicit sort, matches come in tree order so that siblings stay together.
        return super().ordering_fields() if self.current_sort() else ["path"]

    def table_rows(self, objects: Any, columns: list[Column]) -> list[dict[str, Any]]:
        # Before the cells are computed: each match's path, and with "as on date" the path and names of that day.
        objects = list(objects)
        on = self.as_on_date()
        paths = ancestor_names(objects, self.request.user, on)
        for org in objects:
            org.path_display = " › ".join(a.name for a in paths.get(org.pk, []))
            if on is not None:
                org.name = org.name_on(on)  # shown, never saved
        return super().table_rows(objects, columns)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        rows = list(ctx["object_list"])
        ctx["tree_mode"] = self.tree_mode
        if self.tree_mode:
            children = list(Organization.objects.filter(parent__in=rows).order_by(*SIBLING_ORDER))
            attach_counts(rows + children)
            by_parent: dict[int, list[Organization]] = {}
            for child in children:
                by_parent.setdefault(child.parent_id, []).append(child)
            for root in rows:
                root.loaded_children = by_parent.get(root.pk, [])
            ctx["roots"] = rows
        else:
            ctx["as_on"] = self.as_on_date()
        ctx["scope_count"] = Organization.objects.visible_to(user).count()
        ctx["can_add"] = writable_organizations(user, "manage").exists()
        ctx["add_url"] = reverse("organizations:organization_add")
        return ctx


@require_GET
@login_required
def organization_children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children of one tree node (htmx, when a node is expanded)."""
    org = get_object_for_user(request.user, Organization, pk, "view")
    children = attach_counts(org.children.order_by(*SIBLING_ORDER))
    return render(request, "organizations/_tree_nodes.html", {"nodes": children, "parent": org})


@require_GET
@login_required
def organization_options(request: HttpRequest) -> HttpResponse:
    """`<option>`s of organisations the user manages, for the parent search box."""
    folded = vn_fold(request.GET.get("q", ""))
    qs = writable_organizations(request.user, "manage").select_related("parent")
    if folded:
        qs = qs.filter(search_name__contains=folded)
    orgs = list(qs.order_by("path")[:OPTIONS_LIMIT])
    label = functools.partial(org_label, user=request.user)
    return options_response(orgs, label, heading=results_heading(len(orgs)), empty=_("Choose…"))


class OrganizationDetailView(TransitionsMixin, ScopedDetailView):
    model = Organization
    template_name = "organizations/organization_detail.html"
    transition_url_name = "organizations:organization_transition"

    def get_queryset(self) -> QuerySet:
        return Organization.objects.select_related(
            "parent", "standing_org", "admin_unit", "admin_unit__parent", "successor"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        org, user = ctx["object"], self.request.user
        tab = self.request.GET.get("tab", "overview")
        if tab not in TABS or (tab == "roster" and not org.is_committee):
            tab = "overview"
        ctx["tab"] = tab
        ctx["can_manage"] = can(user, "manage", org)
        historical = org.valid_to is not None
        # A merged or dissolved organisation is read-only: no edit, move or lifecycle buttons.
        ctx["can_restructure"] = ctx["can_manage"] and not historical and services.can_restructure(user, org)
        ctx["can_change_lifetime"] = ctx["can_restructure"]
        ctx["former_names"] = list(org.former_names.order_by("-valid_to"))
        ctx["predecessors"] = list(org.predecessors.order_by("valid_to", "name"))
        ctx["successor_visible"] = bool(org.successor_id and can(user, "view", org.successor))
        ctx["role_badges"] = ROLE_BADGES
        ctx["ancestors"] = visible_ancestors(org, user)
        ctx["standing_visible"] = bool(org.standing_org and can(user, "view", org.standing_org))
        ctx["counts"] = {
            "children_count": org.children.count(),
            "descendants_count": org.descendants().count(),
        }
        if tab == "children":
            ctx["children"] = attach_counts(org.children.select_related("admin_unit").order_by(*SIBLING_ORDER))
        elif tab == "roster":
            ctx["roster_current"], ctx["roster_past"] = roster_of(org)
        elif tab == "staff":
            ctx["staff"] = staff_of(org)
            # Only administrators of the organisation may open its users' pages: no link for the others.
            ctx["can_admin_users"] = can(user, "admin", org)
        return ctx


def _restructurable(user: Any, pk: Any) -> Organization:
    """The organisation `pk` if the user may move, deactivate or delete it (404 unseen, 403 otherwise)."""
    org = get_object_for_user(user, Organization.objects.select_related("parent"), pk, "manage")
    services.require_structure_right(user, org)
    return org


class OrganizationFormView(ServiceFormView):
    """The organisation pages' forms: breadcrumbs and cancel lead back to the tree."""

    parent_title = gettext_lazy("Organizations")
    parent_url_name = "organizations:organization_list"


class OrganizationCreateView(OrganizationFormView):
    title = gettext_lazy("Add an organization")

    def get_object(self) -> None:
        user = self.request.user
        if "parent" in self.request.GET:
            services.require_organization_right(
                user, get_object_for_user(user, Organization, _int_param(self.request, "parent")), "manage"
            )
        elif not user.is_superuser and not writable_organizations(user, "manage").exists():
            services.require_organization_right(user, None, "manage")
        return None

    def get_form(self, obj: None) -> OrganizationForm:
        data = self.request.POST if self.request.method == "POST" else None
        initial = {"parent": self.request.GET.get("parent")}
        return OrganizationForm(data, initial=initial, user=self.request.user)

    def perform(self, form: OrganizationForm, obj: None) -> Organization:
        return services.do_create_organization(
            actor=self.request.user, parent=form.cleaned_data.get("parent"), **form.service_fields()
        )

    def cancel_url(self, obj: Any) -> str:
        parent = self.request.GET.get("parent", "")
        if parent.isdigit():
            return reverse("organizations:organization_detail", args=[int(parent)]) + "?tab=children"
        return reverse("organizations:organization_list")


class OrganizationEditView(OrganizationFormView):
    title = gettext_lazy("Edit the organization")

    def get_object(self) -> Organization:
        return get_object_for_user(self.request.user, Organization, self.kwargs["pk"], "manage")

    def get_form(self, obj: Organization) -> OrganizationForm:
        data = self.request.POST if self.request.method == "POST" else None
        return OrganizationForm(data, instance=obj, user=self.request.user)

    def perform(self, form: OrganizationForm, obj: Organization) -> Organization:
        return services.do_update_organization(obj, actor=self.request.user, **form.service_fields())


class OrganizationMoveView(OrganizationFormView):
    title = gettext_lazy("Move the organization")
    success_message = gettext_lazy("The organization has been moved.")

    def get_object(self) -> Organization:
        return _restructurable(self.request.user, self.kwargs["pk"])

    def get_title(self, obj: Organization) -> str:
        return _("Move “{name}” to another parent").format(name=obj.name)

    def get_form(self, obj: Organization) -> OrganizationMoveForm:
        data = self.request.POST if self.request.method == "POST" else None
        return OrganizationMoveForm(data, user=self.request.user, organization=obj)

    def perform(self, form: OrganizationMoveForm, obj: Organization) -> Organization:
        return services.do_move_organization(obj, form.cleaned_data["parent"], actor=self.request.user)


class OrganizationDeleteView(LoginRequiredMixin, View):
    """Confirmation, or the reasons why it cannot be deleted (with deactivation offered instead)."""

    def get_object(self) -> Organization:
        return _restructurable(self.request.user, self.kwargs["pk"])

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        org = self.get_object()
        blockers = services.organization_delete_blockers(org)
        if blockers:
            context = {"object": org, "blockers": blockers}
            return render(request, "organizations/organization_cannot_delete.html", context)
        return render(request, "core/confirm_delete.html", {"object": org, "cancel_url": org.get_absolute_url()})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        org = self.get_object()
        parent = org.parent
        try:
            services.do_delete_organization(org, actor=request.user)
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
            return HttpResponseRedirect(org.get_absolute_url())
        messages.success(request, _("The organization has been deleted."))
        if parent is not None and can(request.user, "view", parent):
            return HttpResponseRedirect(parent.get_absolute_url() + "?tab=children")
        return HttpResponseRedirect(reverse("organizations:organization_list"))


class OrganizationStatusView(TransitionView):
    """Deactivate or reactivate an organisation (ORGANIZATION_WORKFLOW), after a confirmation page."""

    workflow = services.ORGANIZATION_WORKFLOW


class CommitteeMemberCreateView(OrganizationFormView):
    title = gettext_lazy("Add a roster entry")

    def get_committee(self) -> Organization:
        pk = _int_param(self.request, "committee")
        committee = get_object_for_user(self.request.user, Organization, pk, "manage")
        if not committee.is_committee:
            raise Http404(_("Only a steering committee has a roster."))
        return committee

    def get_object(self) -> None:
        self.committee = self.get_committee()
        return None

    def get_title(self, obj: Any) -> str:
        return _("Add a member to the roster of {committee}").format(committee=self.committee.name)

    def get_form(self, obj: None) -> CommitteeMemberForm:
        data = self.request.POST if self.request.method == "POST" else None
        return CommitteeMemberForm(data, user=self.request.user, committee=self.committee)

    def perform(self, form: CommitteeMemberForm, obj: None) -> CommitteeMember:
        return services.do_add_committee_member(self.committee, actor=self.request.user, **form.cleaned_data)

    def cancel_url(self, obj: Any) -> str:
        return self.committee.get_absolute_url() + "?tab=roster"


class CommitteeMemberEditView(OrganizationFormView):
    title = gettext_lazy("Edit the roster entry")

    def get_object(self) -> CommitteeMember:
        return get_object_for_user(self.request.user, CommitteeMember, self.kwargs["pk"], "manage")

    def get_form(self, obj: CommitteeMember) -> CommitteeMemberForm:
        data = self.request.POST if self.request.method == "POST" else None
        return CommitteeMemberForm(data, instance=obj, user=self.request.user, committee=obj.organization)

    def perform(self, form: CommitteeMemberForm, obj: CommitteeMember) -> CommitteeMember:
        return services.do_update_committee_member(obj, actor=self.request.user, **form.cleaned_data)


class CommitteeMemberDeleteView(ConfirmedActionView):
    model = CommitteeMember
    action = "manage"
    template_name = "core/confirm_delete.html"

    def perform(self, obj: CommitteeMember) -> str:
        url = obj.get_absolute_url()
        services.do_remove_committee_member(obj, actor=self.request.user)
        messages.success(self.request, _("The roster entry has been removed."))
        return url
