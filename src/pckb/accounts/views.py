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
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from pckb.core.choices import Role
from pckb.core.scoping import get_object_for_user
from pckb.core.text import vn_fold
from pckb.core.views import Column, ConfirmedActionView, ScopedListView, ServiceFormView, history_for
from pckb.core.widgets import OPTIONS_LIMIT, options_response, results_heading
from pckb.core.workflow.views import TransitionView, transition_context

from . import services
from .access import get_user_for_admin, is_user_admin, manages_whole_account, users_visible_to
from .filters import UserFilterSet
from .forms import (
    LoginForm,
    MembershipForm,
    MembershipRoleForm,
    PasswordResetByAdminForm,
    ProfileForm,
    UserCreateForm,
    UserForm,
    admin_organizations,
    organization_label,
)
from .mfa import has_mfa

__all__ = [
    "LoginView",
    "LogoutView",
    "PasswordChangeView",
    "PasswordChangeDoneView",
    "ProfileView",
    "profile",
    "organization_options",
    "UserListView",
    "UserDetailView",
    "UserCreateView",
    "UserEditView",
    "UserActiveView",
    "UserPasswordResetView",
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


class ProfileView(ServiceFormView):
    """Own profile: details, notification preference, memberships, and a link to change the password."""

    template_name = "accounts/profile.html"
    form_class = ProfileForm
    success_message = gettext_lazy("Your profile has been saved.")

    def get_object(self) -> Any:
        return self.request.user

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"user": obj, "instance": obj}

    def get_context_data(self, form: Any, obj: Any) -> dict[str, Any]:
        memberships = obj.memberships.select_related("organization").order_by("organization__path")
        return {"form": form, "memberships": memberships}

    def perform(self, form: Any, obj: Any) -> Any:
        fields = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
        return services.do_update_profile(obj, actor=obj, **fields)

    def success_url(self, result: Any) -> str:
        return reverse("accounts:profile")


profile = ProfileView.as_view()


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
            "has_mfa": has_mfa(user),
            **transition_context(user, request.user, reverse("accounts:user_transition", args=[user.pk])),
        }
        return render(request, "accounts/user_detail.html", context)


class UserFormView(ServiceFormView):
    """The account forms: breadcrumbs under Users, back to the user's page.

    Pages about one user or membership need no mixin check: fetching the object answers 404 to
    outsiders and 403 to those who may see but not administer it.
    """

    parent_title = gettext_lazy("Users")
    parent_url_name = "accounts:user_list"

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"actor": self.request.user}

    def cancel_url(self, obj: Any) -> str:
        return reverse("accounts:user_detail", args=[obj.pk]) if obj else reverse("accounts:user_list")

    def success_url(self, result: Any) -> str:
        return reverse("accounts:user_detail", args=[result.pk])


class UserCreateView(AdminRequiredMixin, UserFormView):
    form_class = UserCreateForm
    title = gettext_lazy("New user")
    success_message = gettext_lazy("The user has been created.")
    error_rename = {"password": "password1"}

    def perform(self, form: Any, obj: None) -> Any:
        data = form.cleaned_data
        return services.do_create_user(
            data["username"],
            data["password1"],
            actor=self.request.user,
            organization=data.get("organization"),
            role=data.get("role") or None,
            **{name: data[name] for name in services.ACCOUNT_FIELDS if name != "username"},
        )


class UserEditView(UserFormView):
    form_class = UserForm
    title = gettext_lazy("Edit user")

    def get_object(self) -> Any:
        return get_user_for_admin(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"actor": self.request.user, "instance": obj}

    def perform(self, form: Any, obj: Any) -> Any:
        fields = {name: form.cleaned_data[name] for name in services.ACCOUNT_FIELDS}
        return services.do_update_user(obj, actor=self.request.user, **fields)


class UserPasswordResetView(UserFormView):
    """An administrator of the whole account sets a new password (and lifts a sign-in lockout)."""

    form_class = PasswordResetByAdminForm
    error_rename = {"password": "password1"}
    success_message = gettext_lazy("The new password has been set; give it to the user in person.")

    def get_object(self) -> Any:
        user = get_user_for_admin(self.request.user, self.kwargs["pk"])
        services.check_not_self(self.request.user, user)
        return user

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}

    def get_title(self, obj: Any) -> Any:
        return _("New password for {user}").format(user=obj.display_name)

    def perform(self, form: Any, obj: Any) -> Any:
        services.do_set_password(obj, form.cleaned_data["password1"], actor=self.request.user)
        return obj


class UserActiveView(TransitionView):
    """Deactivate or reactivate an account (USER_WORKFLOW) after a confirmation page."""

    workflow = services.USER_WORKFLOW

    def cancel_url(self, obj: Any) -> str:
        return reverse("accounts:user_detail", args=[obj.pk])


class MembershipAddView(UserFormView):
    form_class = MembershipForm
    success_message = gettext_lazy("The role has been granted.")

    def get_object(self) -> Any:
        return get_user_for_admin(self.request.user, self.kwargs["pk"], account=False)

    def get_title(self, obj: Any) -> str:
        return _("Grant a role to {user}").format(user=obj.display_name)

    def perform(self, form: Any, obj: Any) -> Any:
        data = form.cleaned_data
        services.do_add_membership(obj, data["organization"], data["role"], actor=self.request.user)
        return obj


class MembershipEditView(UserFormView):
    """Change a role; the page is about the membership's user."""

    form_class = MembershipRoleForm
    success_message = gettext_lazy("The role has been changed.")

    def get_object(self) -> Any:
        return _get_membership(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"actor": self.request.user, "organization": obj.organization}

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return {"role": obj.role}

    def get_title(self, obj: Any) -> str:
        return _("Role of {user} in {organization}").format(user=obj.user.display_name, organization=obj.organization)

    def get_context_data(self, form: Any, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(form, obj)
        context["object"] = obj.user
        return context

    def cancel_url(self, obj: Any) -> str:
        return super().cancel_url(obj.user)

    def perform(self, form: Any, obj: Any) -> Any:
        services.do_change_membership(obj, form.cleaned_data["role"], actor=self.request.user)
        return obj.user


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
