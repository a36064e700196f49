"""Forms of the account pages. They only collect input; accounts.services applies the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pckb.core.choices import Role
from pckb.core.forms import ScopedForm, ScopedModelChoiceField, ScopedModelForm
from pckb.core.related import related_choices
from pckb.core.widgets import organization_search
from pckb.organizations.models import Organization

from .access import grantable_clearances, grantable_roles

__all__ = [
    "LOGIN_FAILED",
    "OrganizationPicker",
    "OrganizationChoiceField",
    "organization_label",
    "admin_organizations",
    "LoginForm",
    "ProfileForm",
    "UserForm",
    "UserCreateForm",
    "MembershipForm",
    "MembershipRoleForm",
    "PasswordResetByAdminForm",
]

USERNAME_HELP = _("What the user types to sign in: letters without accents, digits and . - _ @ +, e.g. nguyen.van.an")

# One message for every failure, so that the page never tells which usernames exist.
LOGIN_FAILED = _("Incorrect username or password.")


def organization_label(org: Any) -> str:
    """ "Sở Y tế — Ban Chỉ đạo PCKB tỉnh A": agency names repeat across provinces, the parent tells them apart."""
    return f"{org.name} — {org.parent.name}" if org.parent_id else org.name


class OrganizationPicker:
    """Labels with the parent's name, chosen with a search box (there may be thousands)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", organization_search("accounts:organization_options"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return organization_label(obj)


class OrganizationChoiceField(OrganizationPicker, ScopedModelChoiceField):
    """An organisation among those the administrator manages."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Organization, action="admin", limit=_in_tree_order, **kwargs)


def _in_tree_order(qs: QuerySet) -> QuerySet:
    return qs.select_related("parent").order_by("path")


def admin_organizations(actor: Any) -> QuerySet:
    """Organisations where the actor may grant roles: their administrator subtrees."""
    return related_choices(actor, Organization, "admin", _in_tree_order)


class LoginForm(AuthenticationForm):
    """Django's login form with one generic error for a wrong username, password or inactive account."""

    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": LOGIN_FAILED}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].widget.attrs.update(autocomplete="username")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class ProfileForm(ScopedModelForm):
    """What users may change about themselves."""

    class Meta:
        model = get_user_model()
        fields = ["full_name", "title", "email", "phone", "email_notifications"]
        widgets = {"email_notifications": forms.CheckboxInput(attrs={"role": "switch"})}


class UserForm(ScopedModelForm):
    """An administrator edits an account; clearance choices stop at the administrator's own."""

    class Meta:
        model = get_user_model()
        fields = ["username", "full_name", "title", "email", "phone", "clearance"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=actor, **kwargs)
        # Django's own help text ("Required. 150 characters or fewer…") reads as a machine's.
        self.fields["username"].help_text = USERNAME_HELP
        keep = self.instance.clearance if self.instance.pk else None
        self.fields["clearance"].choices = grantable_clearances(actor, keep=keep)


class UserCreateForm(UserForm):
    """A new account with its initial password and its first membership."""

    password1 = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not too common, not similar to the username."),
    )
    password2 = forms.CharField(
        label=_("Initial password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    organization = OrganizationChoiceField(
        label=_("Organization"),
        help_text=_("The new user's first membership; more can be added afterwards."),
    )
    role = forms.TypedChoiceField(label=_("Role"), coerce=int, choices=())

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["organization"].required = not actor.is_superuser
        self.fields["role"].choices = [("", "---------"), *grantable_roles(actor)]
        self.fields["role"].required = not actor.is_superuser
        self.fields["role"].initial = Role.VIEWER

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords do not match."))
        if data.get("organization") and data.get("role") in (None, ""):
            self.add_error("role", _("Choose the role of the new user in this organization."))
        return data


class PasswordResetByAdminForm(forms.Form):
    """An administrator gives a user a new password (to pass on to them in person)."""

    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not too common, not similar to the username."),
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords do not match."))
        return data


class MembershipForm(ScopedForm):
    """Add a membership: an organisation in the administrator's subtrees and a role up to their own."""

    organization = OrganizationChoiceField(label=_("Organization"))
    role = forms.TypedChoiceField(label=_("Role"), coerce=int, choices=())

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=actor, **kwargs)
        self.fields["role"].choices = grantable_roles(actor)
        self.fields["role"].initial = Role.VIEWER


class MembershipRoleForm(forms.Form):
    """Change the role of an existing membership."""

    role = forms.TypedChoiceField(label=_("Role"), coerce=int, choices=())

    def __init__(self, *args: Any, actor: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = grantable_roles(actor, organization)
