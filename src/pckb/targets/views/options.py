"""The search boxes of the target form: communes of the chosen province, and organisations among thousands."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from pckb.core.related import related_choices
from pckb.core.text import vn_fold
from pckb.core.widgets import OPTIONS_LIMIT, options_response, results_heading
from pckb.geo.forms import unit_label
from pckb.organizations.models import Organization
from pckb.organizations.queries import org_label

from ..forms import by_path
from ..places import PROVINCE_COMMUNES_LIMIT, communes_of, read_date, read_id

__all__ = ["commune_options", "owner_options", "organization_options"]


@require_GET
@login_required
def commune_options(request: HttpRequest) -> HttpResponse:
    """`<option>`s of the communes of `?province=` matching `?q=` (public reference data)."""
    province = read_id(request.GET.get("province"))
    if province is None:
        return options_response([], unit_label, heading=_("choose the province first"), empty=_("Choose…"))
    qs = communes_of(province, read_date(request.GET.get("listing_decision_date")))
    text = vn_fold(request.GET.get("q", ""))
    if text:
        units = list(qs.filter(search_name__contains=text)[:OPTIONS_LIMIT])
        heading = results_heading(len(units))
    else:
        units = list(qs[:PROVINCE_COMMUNES_LIMIT])
        heading = ngettext("%(n)d commune", "%(n)d communes", len(units)) % {"n": len(units)}
    return options_response(units, unit_label, heading=heading, empty=_("Choose…"))


@require_GET
@login_required
def owner_options(request: HttpRequest) -> HttpResponse:
    """`<option>`s of the organisations the user may add targets to (the owner's search box)."""
    return _organizations(request, "add")


@require_GET
@login_required
def organization_options(request: HttpRequest) -> HttpResponse:
    """`<option>`s of the organisations the user sees (the listing committee and the protection force)."""
    return _organizations(request, "view")


def _organizations(request: HttpRequest, action: str) -> HttpResponse:
    # The same rows as the form's scoped fields offer (related_choices with the form's limit).
    qs = related_choices(request.user, Organization, action, by_path)
    text = vn_fold(request.GET.get("q", ""))
    if text:
        qs = qs.filter(search_name__contains=text)
    found = list(qs.select_related("parent")[:OPTIONS_LIMIT])
    return options_response(
        found, lambda org: org_label(org, request.user), heading=results_heading(len(found)), empty=_("Choose…")
    )
