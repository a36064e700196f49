"""Pages of report templates: the list, a version's page, add/edit a draft, a new version, publish."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.indicators import count_source
from pckb.core.scoping import can, get_object_for_user
from pckb.core.views import Column, ConfirmedActionView, ScopedDetailView, ScopedListView, ServiceEditView
from pckb.core.workflow.views import TransitionsMixin, TransitionView

from .. import services
from ..filters import ReportTemplateFilterSet
from ..forms import ReportTemplateForm
from ..models import ReportTemplate

__all__ = [
    "ReportTemplateListView",
    "ReportTemplateDetailView",
    "ReportTemplateEditView",
    "ReportTemplateVersionView",
    "ReportTemplateTransitionView",
]


class ReportTemplateListView(ScopedListView):
    model = ReportTemplate
    title = gettext_lazy("Report templates")
    filterset_class = ReportTemplateFilterSet
    select_related = ("organization",)
    add_url_name = "reports:template_add"
    export_name = "report-templates"
    default_sort = "title"
    columns = [
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("version", gettext_lazy("Version"), sort="version", card="meta"),
        Column("period_type", gettext_lazy("Period type"), sort="period_type"),
        Column("status", gettext_lazy("Status"), sort="status", card="primary"),
        Column("organization", gettext_lazy("Committee"), sort="organization__name", card="meta"),
    ]

    def base_queryset(self) -> QuerySet:
        return super().base_queryset().select_related("organization")


class ReportTemplateDetailView(TransitionsMixin, ScopedDetailView):
    model = ReportTemplate
    template_name = "reports/template_detail.html"
    transition_url_name = "reports:template_transition"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        template, user = self.object, self.request.user
        may_manage = can(user, "manage", template.organization)
        indicators = list(template.indicators.all())
        for ind in indicators:
            ind.count = count_source(ind.source) if ind.source else None
        ctx.update(
            indicators=indicators,
            can_edit=template.is_draft and may_manage,
            can_version=not template.is_draft and may_manage,
            versions=ReportTemplate.objects.visible_to(user).filter(family=template.family).order_by("-version"),
        )
        return ctx


class ReportTemplateEditView(ServiceEditView):
    model = ReportTemplate
    form_class = ReportTemplateForm
    template_name = "reports/template_form.html"
    title_add = gettext_lazy("New report template")
    title_edit = gettext_lazy("Edit report template")
    parent_title = gettext_lazy("Report templates")
    parent_url_name = "reports:template_list"
    create_service = services.do_create_report_template
    update_service = services.do_update_report_template
    error_rename = {"sections": "sections_text", "indicators": "indicators_text"}

    def get_object(self) -> Any:
        if "pk" in self.kwargs:
            return get_object_for_user(self.request.user, ReportTemplate, self.kwargs["pk"], "manage")
        return None

    def service_fields(self, form: Any, obj: Any) -> dict[str, Any]:
        data = dict(form.cleaned_data)
        data["sections"] = data.pop("sections_text")
        data["indicators"] = data.pop("indicators_text")
        return data

    def get_context_data(self, form: Any, obj: Any) -> dict[str, Any]:
        return super().get_context_data(form, obj) | {"count_sources": form.count_sources}


class ReportTemplateVersionView(ConfirmedActionView):
    """A draft copy of a published template, to change and publish as the next version."""

    model = ReportTemplate
    action = "manage"

    def confirmation(self, obj: ReportTemplate) -> dict[str, Any]:
        return {
            "title": _("Make a new version"),
            "message": _(
                "A draft copy of “{template}” is made. Change it and publish it: rounds already opened keep "
                "the version they used."
            ).format(template=obj),
            "confirm_label": _("Make a new version"),
        }

    def perform(self, obj: ReportTemplate) -> str:
        copy = services.do_new_template_version(obj, actor=self.request.user)
        messages.success(self.request, _("Version {version} was drafted.").format(version=copy.version))
        return reverse("reports:template_edit", args=[copy.pk])


class ReportTemplateTransitionView(TransitionView):
    workflow = services.TEMPLATE_WORKFLOW
