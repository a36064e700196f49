"""Account pages: sign in/out, password, own profile, and user administration for administrators.

Every change goes through accounts.services; the views only fetch (404/403 through accounts.access
and core.scoping), show forms and turn service errors into form errors.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from pckb.core.choices import Role
from pckb.core.forms import add_service_errors
from pckb.core.scoping import get_object_for_user
from pckb.core.text import vn_fold
from pckb.core.views import Column, ConfirmedActionView, ScopedListView, history_for
from pckb.core.widgets import OPTIONS_LIMIT, options_response, results_heading

from . import services
from .access import get_user_for_admin, is_user_admin, manages_whole_account, users_visible_to
from .filters import UserFilterSet
from .forms import (
    LoginForm,
    MembershipForm,
    MembershipRoleForm,
    ProfileForm,
    UserCreateForm,
    UserForm,
    admin_organizations,
    organization_label,
)

__all__ = [
    "LoginView",
    "LogoutView",
    "PasswordChangeView",
    "PasswordChangeDoneView",
    "profile",
    "organization_options",
    "UserListView",
    "UserDetailView",
    "UserCreateView",
    "UserEditView",
    "UserActiveView",
    "MembershipAddView",
    "MembershipEditView",
    "MembershipRemoveView",
]


class LoginView(auth_views.LoginView):
    """Sign-in; failures are counted by django-axes, which answers with accounts/locked.html when locked."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_sign_in(form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    """Sign-out (POST only, as in Django 5)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; the change is audited and the session stays signed in."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        user = services.do_set_password(self.request.user, form.cleaned_data["new_password1"], actor=self.request.user)
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password has been changed."))
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Own profile: details, notification preference, memberships, and a link to change the password."""
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.do_update_profile(
                    user, actor=user, **{name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
                )
            except ValidationError as err:
                add_service_errors(form, err)
            else:
                messages.success(request, _("Your profile has been saved."))
                return HttpResponseRedirect(reverse("accounts:profile"))
        status = 400
    memberships = user.memberships.select_related("organization").order_by("organization__path")
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships}, status=status)


def _get_membership(actor: Any, pk: int) -> Any:
    from pckb.organizations.models import Membership

    return get_object_for_user(actor, Membership.objects.select_related("user", "organization"), pk, "admin")


@login_required
def organization_options(request: HttpRequest) -> HttpResponse:
    """`<option>`s of the organisations the user administers matching `?q=` (the organisation search box)."""
    if not is_user_admin(request.user):
        raise PermissionDenied(_("Only administrators may manage users."))
    folded = vn_fold(request.GET.get("q", ""))
    organizations = admin_organizations(request.user)
    if folded:
        organizations = organizations.filter(search_name__contains=folded)
    found = list(organizations[:OPTIONS_LIMIT])
    return options_response(found, organization_label, heading=results_heading(len(found)), empty=_("Choose…"))


class AdminRequiredMixin(LoginRequiredMixin):
    """User administration is for superusers and administrators of at least one organisation."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not is_user_admin(request.user):
            raise PermissionDenied(_("Only administrators may manage users."))
        return super().dispatch(request, *args, **kwargs)


class UserListView(AdminRequiredMixin, ScopedListView):
    """The users the administrator manages, with search, filters, paging and Excel export."""

    model = get_user_model()
    filterset_class = UserFilterSet
    title = gettext_lazy("Users")
    add_url_name = "accounts:user_add"
    export_name = "users"
    default_sort = "username"
    columns = [
        Column("username", gettext_lazy("Username"), sort="username", link=True),
        Column("full_name", gettext_lazy("Full name"), sort="full_name"),
        Column("title", gettext_lazy("Position")),
        Column("email", gettext_lazy("E-mail"), sort="email"),
        Column("clearance", gettext_lazy("Clearance"), sort="clearance"),
        Column("is_active", gettext_lazy("Active"), sort="is_active"),
        Column("last_login", gettext_lazy("Last sign-in"), sort="last_login"),
    ]

    def base_queryset(self) -> QuerySet:
        return users_visible_to(self.request.user, "admin")

    def row_url(self, obj: Any) -> str:
        return reverse("accounts:user_detail", args=[obj.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = True
        return ctx


class UserDetailView(LoginRequiredMixin, View):
    """One account: details, memberships the administrator manages, actions and history."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = get_user_for_admin(request.user, pk, account=False)
        memberships = user.memberships.visible_to(request.user, "admin").select_related("organization")
        # The account's own entries and those of its memberships (also the removed ones, found by content).
        roles = Q(object_type="organizations.membership") & (Q(after__user=user.pk) | Q(before__user=user.pk))
        history = history_for(user, request.user, also=roles)
        context = {
            "object": user,
            "memberships": memberships.order_by("organization__path"),
            "history": history,
            "is_self": user.pk == request.user.pk,
            "can_manage_account": manages_whole_account(request.user, user),
        }
        return render(request, "accounts/user_detail.html", context)


class UserFormView(LoginRequiredMixin, View):
    """Shared rendering of the account forms.

    Pages about one user or membership need no mixin check: fetching the object answers 404 to
    outsiders and 403 to those who may see but not administer it.
    """

    template_name = "core/form.html"

    def render_form(self, form: Any, instance: Any, title: str, status: int = 200) -> HttpResponse:
        cancel = reverse("accounts:user_detail", args=[instance.pk]) if instance else reverse("accounts:user_list")
        context = {
            "form": form,
            "object": instance,
            "title": title,
            "cancel_url": cancel,
            "parent_title": _("Users"),
            "parent_url": reverse("accounts:user_list"),
        }
        return render(self.request, self.template_name, context, status=status)


class UserCreateView(AdminRequiredMixin, UserFormView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_form(UserCreateForm(actor=request.user), None, _("New user"))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UserCreateForm(request.POST, actor=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.do_create_user(
                    data["username"],
                    data["password1"],
                    actor=request.user,
                    organization=data.get("organization"),
                    role=data.get("role") or None,
                    **{name: data[name] for name in services.ACCOUNT_FIELDS if name != "username"},
                )
            except ValidationError as err:
                add_service_errors(form, err, rename={"password": "password1"})
            else:
                messages.success(request, _("The user has been created."))
                return HttpResponseRedirect(reverse("accounts:user_detail", args=[user.pk]))
        return self.render_form(form, None, _("New user"), status=400)


class UserEditView(UserFormView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = get_user_for_admin(request.user, pk)
        return self.render_form(UserForm(instance=user, actor=request.user), user, _("Edit user"))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = get_user_for_admin(request.user, pk)
        form = UserForm(request.POST, instance=user, actor=request.user)
        if form.is_valid():
            try:
                services.do_update_user(
                    user, actor=request.user, **{name: form.cleaned_data[name] for name in services.ACCOUNT_FIELDS}
                )
            except ValidationError as err:
                add_service_errors(form, err)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("accounts:user_detail", args=[pk]))
        return self.render_form(form, user, _("Edit user"), status=400)


class UserActiveView(ConfirmedActionView):
    """Deactivate (or reactivate) an account after a confirmation page."""

    active = False

    def get_object(self) -> Any:
        return get_user_for_admin(self.request.user, self.kwargs["pk"])

    def cancel_url(self, obj: Any) -> str:
        return reverse("accounts:user_detail", args=[obj.pk])

    def confirmation(self, obj: Any) -> dict[str, Any]:
        if self.active:
            return {
                "title": _("Reactivate user"),
                "message": _("The user will be able to sign in again with their existing password and roles."),
                "confirm_label": _("Reactivate"),
                "danger": False,
            }
        return {
            "title": _("Deactivate user"),
            "message": _(
                "The user will no longer be able to sign in or use the API. The account and its history "
                "are kept and can be reactivated later."
            ),
            "confirm_label": _("Deactivate"),
            "danger": True,
        }

    def perform(self, obj: Any) -> str:
        services.do_set_user_active(obj, self.active, actor=self.request.user)
        if self.active:
            messages.success(self.request, _("The user has been reactivated."))
        else:
            messages.success(self.request, _("The user has been deactivated."))
        return self.cancel_url(obj)


class MembershipAddView(UserFormView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = get_user_for_admin(request.user, pk, account=False)
        return self.render_form(MembershipForm(actor=request.user), user, self.title(user))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = get_user_for_admin(request.user, pk, account=False)
        form = MembershipForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                services.do_add_membership(
                    user, form.cleaned_data["organization"], form.cleaned_data["role"], actor=request.user
                )
            except ValidationError as err:
                add_service_errors(form, err)
            else:
                messages.success(request, _("The role has been granted."))
                return HttpResponseRedirect(reverse("accounts:user_detail", args=[pk]))
        return self.render_form(form, user, self.title(user), status=400)

    @staticmethod
    def title(user: Any) -> str:
        return _("Grant a role to {user}").format(user=user.display_name)


class MembershipEditView(UserFormView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = self.get_membership(pk)
        form = MembershipRoleForm(
            initial={"role": membership.role}, actor=request.user, organization=membership.organization
        )
        return self.render_form(form, membership.user, self.title(membership))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = self.get_membership(pk)
        form = MembershipRoleForm(request.POST, actor=request.user, organization=membership.organization)
        if form.is_valid():
            try:
                services.do_change_membership(membership, form.cleaned_data["role"], actor=request.user)
            except ValidationError as err:
                add_service_errors(form, err)
            else:
                messages.success(request, _("The role has been changed."))
                return HttpResponseRedirect(reverse("accounts:user_detail", args=[membership.user_id]))
        return self.render_form(form, membership.user, self.title(membership), status=400)

    def get_membership(self, pk: int) -> Any:
        return _get_membership(self.request.user, pk)

    @staticmethod
    def title(membership: Any) -> str:
        return _("Role of {user} in {organization}").format(
            user=membership.user.display_name, organization=membership.organization
        )


class MembershipRemoveView(ConfirmedActionView):
    """Remove a membership after a confirmation page."""

    def get_object(self) -> Any:
        return _get_membership(self.request.user, self.kwargs["pk"])

    def cancel_url(self, obj: Any) -> str:
        return reverse("accounts:user_detail", args=[obj.user_id])

    def confirmation(self, obj: Any) -> dict[str, Any]:
        return {
            "title": _("Remove role"),
            "message": _("{user} will lose the role {role} in {organization} and in its sub-organizations.").format(
                user=obj.user.display_name,
                role=Role(obj.role).label,
                organization=obj.organization,
            ),
            "confirm_label": _("Remove"),
            "danger": True,
        }

    def perform(self, obj: Any) -> str:
        target = self.cancel_url(obj)
        services.do_remove_membership(obj, actor=self.request.user)
        messages.success(self.request, _("The role has been removed."))
        return target
