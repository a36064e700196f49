"""Forms of the organisation pages. They collect and check input; the services make the change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pckb.core.forms import ScopedForm, ScopedModelChoiceField, ScopedModelForm
from pckb.core.scoping import writable_organizations
from pckb.core.widgets import DateInput, organization_search
from pckb.geo.forms import AdminUnitChoiceField

from .models import COMMITTEE_MEMBER_FIELDS, ORGANIZATION_FIELDS, CommitteeMember, Organization
from .queries import org_label

__all__ = [
    "OrganizationForm",
    "OrganizationMoveForm",
    "CommitteeMemberForm",
    "RenameForm",
    "MergeForm",
    "DissolveForm",
    "manageable_organizations",
]


def manageable_organizations(user: Any) -> QuerySet:
    """Active organisations where the user holds the manager role (directly or above)."""
    return writable_organizations(user, "manage").select_related("parent").order_by("path")


class OrganizationChoiceField(ScopedModelChoiceField):
    """An organisation among those the user may reach for `action`, labelled with its place in the tree."""

    def __init__(self, *, user: Any, action: str = "view", limit: Any = None, **kwargs: Any) -> None:
        super().__init__(Organization, action=action, limit=limit, **kwargs)
        self.user = user
        self.bind_user(user)

    def label_from_instance(self, obj: Organization) -> str:
        return org_label(obj, self.user)


def _inside(org: Organization) -> Any:
    """The active organisations strictly below `org`, in tree order."""
    return lambda qs: qs.filter(path__startswith=org.path).exclude(pk=org.pk).select_related("parent").order_by("path")


def parent_field(user: Any, *, exclude_subtree_of: Organization | None = None, **kwargs: Any) -> forms.Field:
    def limit(qs: Any) -> Any:
        if exclude_subtree_of is not None:
            qs = qs.exclude(path__startswith=exclude_subtree_of.path)
        return qs.select_related("parent").order_by("path")

    return OrganizationChoiceField(
        user=user,
        action="manage",
        limit=limit,
        required=not user.is_superuser,
        label=capfirst(_("parent organization")),
        help_text=_("Only organizations where you hold the manager role can be chosen."),
        error_messages={"invalid_choice": _("Choose a parent organization that you manage.")},
        widget=organization_search("organizations:organization_options"),
        **kwargs,
    )


class OrganizationForm(ScopedModelForm):
    """Add (with a parent) or edit (without: moving has its own page) an organisation."""

    class Meta:
        model = Organization
        fields = ["parent", *ORGANIZATION_FIELDS]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk and not self.instance.is_committee:
            del self.fields["parent"], self.fields["standing_org"]
        elif self.instance.pk:
            del self.fields["parent"]
            self.fields["standing_org"] = OrganizationChoiceField(
                user=user,
                limit=_inside(self.instance),
                required=False,
                label=capfirst(_("standing agency")),
                help_text=_("For a committee: the member agency that does its day-to-day work."),
                error_messages={"invalid_choice": _("Choose one of this committee's member agencies or units.")},
            )
        else:
            self.fields["parent"] = parent_field(user)
            # A new organisation has no member agencies yet: choose the standing agency after adding them.
            del self.fields["standing_org"]
        self.fields["admin_unit"] = AdminUnitChoiceField()
        self.fields["code"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["sort_order"].required = False

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "").strip().lower()

    def clean_sort_order(self) -> int:
        # Left empty, the organisation keeps the default place (0: before the numbered ones, by name).
        return self.cleaned_data.get("sort_order") or 0

    def service_fields(self) -> dict[str, Any]:
        """What the services take: the cleaned data without the form-only pieces."""
        return {k: v for k, v in self.cleaned_data.items() if k != "parent"}


class OrganizationMoveForm(ScopedForm):
    """Choose the new parent of an organisation among the organisations the user manages."""

    def __init__(self, *args: Any, user: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["parent"] = parent_field(
            user, exclude_subtree_of=organization, initial=organization.parent_id
        )
        self.fields["parent"].label = capfirst(_("new parent organization"))


class CommitteeMemberForm(ScopedModelForm):
    """A roster entry of one committee; the representing agency is one of the committee's own."""

    class Meta:
        model = CommitteeMember
        fields = list(COMMITTEE_MEMBER_FIELDS)
        widgets = {name: DateInput() for name in ("decision_date", "valid_from", "valid_to")}

    def __init__(self, *args: Any, user: Any, committee: Organization, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.instance.organization = committee
        self.fields["representing"] = OrganizationChoiceField(
            user=user,
            limit=_inside(committee),
            required=False,
            label=capfirst(_("representing agency")),
            error_messages={"invalid_choice": _("Choose one of this committee's member agencies or units.")},
        )


class _EffectiveDateForm(ScopedForm):
    """The date from which the change holds (the merger, the new name, the dissolution)."""

    effective_date = forms.DateField(
        label=_("Effective date"),
        help_text=_("The first day of the new situation, as in the decision (dd/mm/yyyy)."),
        widget=DateInput(),
    )

    def __init__(self, *args: Any, user: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.organization = organization


class RenameForm(_EffectiveDateForm):
    new_name = forms.CharField(label=_("New name"), max_length=255)
    new_short_name = forms.CharField(label=_("New short name"), max_length=100, required=False)
    field_order = ["new_name", "new_short_name", "effective_date"]


class MergeForm(_EffectiveDateForm):
    def __init__(self, *args: Any, user: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, user=user, organization=organization, **kwargs)
        self.fields["into"] = parent_field(user, exclude_subtree_of=organization)
        self.fields["into"].required = True
        self.fields["into"].label = capfirst(_("merged into"))
        self.fields["into"].help_text = _(
            "Its successor: the organization it becomes part of. It moves under it, with its records."
        )
        self.order_fields(["into", "effective_date"])


class DissolveForm(_EffectiveDateForm):
    pass
