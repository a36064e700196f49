"""The generic permission matrix (pckb.core.testing) applied to every page of periodic reports."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from pckb.core.choices import Role
from pckb.core.models import AuditEntry
from pckb.core.register.models import OutgoingDocument
from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedAddMatrix,
    ScopedChildFormMatrix,
    ScopedDetailMatrix,
    ScopedDownloadMatrix,
    ScopedEditMatrix,
)
from pckb.core.testing_world import _client
from pckb.core.workflow import do_transition
from pckb.organizations.models import Organization
from pckb.plans.models import Task
from pckb.reports import services
from pckb.reports.models import ReportingRound, ReportSubmission, ReportTemplate

from .factories import PERIOD, make_round, make_template

TEMPLATE_FORM = {
    "title": "Báo cáo chuyên đề bảo vệ mục tiêu",
    "kind": "thematic",
    "period_type": "ad_hoc",
    "cutoff_day": 14,
    "deadline_days": 5,
    "classification": 0,
    "sections_text": "Tình hình chung | Nêu khái quát\nĐề xuất, kiến nghị",
    "indicators_text": "targets | Mục tiêu trọng điểm | mục tiêu | sum | targets.targets_listed",
}


def owned_round(world: Any, org: Organization) -> ReportingRound:
    """A round of `org` whose recipients were cleared: the matrix checks the issuer's side only (the
    recipients' reading is tested in test_views.py)."""
    rnd = make_round(world, org)
    rnd.recipients.clear()
    return rnd


def own_submission(world: Any, org: Organization) -> ReportSubmission:
    """`org`'s report in a round of the committee above it (the national committee for province A)."""
    return make_round(world, org.parent, recipients=[org]).submissions.get(organization=org)


def received_submission(world: Any, org: Organization) -> ReportSubmission:
    """A report submitted to `org` by the unit below it: what `org`'s managers accept or return."""
    sub = make_round(world, org).submissions.get()
    return do_transition(sub, "submitted", actor=world.superuser)


class ManagersAddMixin:
    """Only managers add here: an outside editor manages no committee, so the form has no owner to offer
    (403, no dead-end form); an outside manager's POST names an owner not among its choices (400)."""

    def test_it_refuses_to_add_in_the_scope_of_outsiders_and_lower_roles(self, world: Any) -> None:
        org = self.owner_of(world)
        rows = self.count()
        cases = [(world.org_b_editor, 403), (world.org_b_manager, 400)] + [(u, 403) for u in self.below(world)]
        for user, status in cases:
            response = _client(user).post(self.add_url(world, org), self.add_data(world, org))
            assert response.status_code == status, (user.username, response.status_code)
        assert self.count() == rows


class TestReportTemplatePages(ManagersAddMixin, ScopedDetailMatrix, ScopedEditMatrix, ScopedAddMatrix):
    model = ReportTemplate
    url_prefix = "reports:template"
    least_role = Role.MANAGER
    below_add_status = 403  # an editor keeps no template: no committee to choose, no dead-end form

    def make_object(self, world: Any, org: Organization) -> ReportTemplate:
        return make_template(world, org, publish=False)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"organization": org.pk, **TEMPLATE_FORM}


class TestReportTemplatePublish(ScopedActionMatrix):
    model = ReportTemplate
    least_role = Role.MANAGER
    action_route = "reports:template_transition"

    def make_object(self, world: Any, org: Organization) -> ReportTemplate:
        return make_template(world, org, publish=False)

    def action_url(self, obj: ReportTemplate) -> str:
        return reverse(self.action_route, args=[obj.pk]) + "?to=published"

    def action_data(self, world: Any, obj: ReportTemplate) -> dict[str, Any]:
        return {"to": "published"}


class TestReportTemplateNewVersion(ScopedActionMatrix):
    """A published template is read by every committee (any may open a round with it): outsiders see
    it, so making a version is refused them with 403, not 404. The drafts stay in the owner's scope."""

    model = ReportTemplate
    least_role = Role.MANAGER
    action_route = "reports:template_version"

    def make_object(self, world: Any, org: Organization) -> ReportTemplate:
        return make_template(world, org)

    def state(self, obj: ReportTemplate) -> Any:
        return ReportTemplate.objects.filter(family=obj.family).count()

    def audit_count(self, obj: ReportTemplate) -> int:
        # The new version's creation is audited on the copy.
        return AuditEntry.objects.filter(object_type="reports.reporttemplate").count()

    def test_it_answers_404_to_outsiders_taking_the_action_and_changes_nothing(self, world: Any) -> None:
        obj = self.obj(world)
        before = self.state(obj)
        for user in self.outsiders(world):
            client = _client(user)
            assert client.get(self.action_url(obj)).status_code == 403, user.username
            assert client.post(self.action_url(obj)).status_code == 403, user.username
        assert self.state(obj) == before


class TestReportingRoundPages(ManagersAddMixin, ScopedDetailMatrix, ScopedEditMatrix, ScopedAddMatrix):
    model = ReportingRound
    url_prefix = "reports:round"
    least_role = Role.MANAGER
    below_add_status = 403

    def make_object(self, world: Any, org: Organization) -> ReportingRound:
        return owned_round(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        # The edit form: what an open round lets its managers change.
        return {"period_label": "6 tháng cuối năm 2026", "due_date": "05/01/2027", "notes": "Gia hạn theo đề nghị"}

    template = None

    def add_url(self, world: Any, org: Organization) -> str:
        # A round needs a published template to choose (without one the form is refused: no dead end).
        if self.template is None:
            self.template = make_template(world)
        return reverse("reports:round_add")

    def add_data(self, world: Any, org: Organization) -> dict[str, Any]:
        self.add_url(world, org)
        return {
            "organization": org.pk,
            "template": self.template.pk,
            "period_label": "Năm 2026",
            "period_start": "15/12/2025",
            "period_end": "14/12/2026",
            "due_date": "18/12/2026",
            "recipients": [world.a1.pk],
        }


class TestReportingRoundClose(ScopedActionMatrix):
    model = ReportingRound
    least_role = Role.MANAGER
    action_route = "reports:round_transition"

    def make_object(self, world: Any, org: Organization) -> ReportingRound:
        return owned_round(world, org)

    def action_url(self, obj: ReportingRound) -> str:
        return reverse(self.action_route, args=[obj.pk]) + "?to=closed"

    def action_data(self, world: Any, obj: ReportingRound) -> dict[str, Any]:
        return {"to": "closed"}


class TestReportSubmissionPages(ScopedDetailMatrix):
    model = ReportSubmission
    url_prefix = "reports:submission"

    def make_object(self, world: Any, org: Organization) -> ReportSubmission:
        return own_submission(world, org)


class TestReportSubmissionSave(ScopedActionMatrix):
    model = ReportSubmission
    action_route = "reports:submission_save"
    confirm_page = False  # GET only leads back to the editor

    def make_object(self, world: Any, org: Organization) -> ReportSubmission:
        return own_submission(world, org)

    def action_data(self, world: Any, obj: ReportSubmission) -> dict[str, Any]:
        return {"text_0": "Đã tổ chức 2 hội nghị quán triệt.", "value_trainings": "3"}


class TestReportSubmissionSubmit(ScopedActionMatrix):
    model = ReportSubmission
    action_route = "reports:submission_transition"

    def make_object(self, world: Any, org: Organization) -> ReportSubmission:
        return own_submission(world, org)

    def action_url(self, obj: ReportSubmission) -> str:
        return reverse(self.action_route, args=[obj.pk]) + "?to=submitted"

    def action_data(self, world: Any, obj: ReportSubmission) -> dict[str, Any]:
        return {"to": "submitted"}


class TestReportSubmissionReturn(ScopedActionMatrix):
    """The issuing committee's managers return a report received from the unit below it."""

    model = ReportSubmission
    least_role = Role.MANAGER
    action_route = "reports:submission_transition"

    def make_object(self, world: Any, org: Organization) -> ReportSubmission:
        return received_submission(world, org)

    def action_url(self, obj: ReportSubmission) -> str:
        return reverse(self.action_route, args=[obj.pk]) + "?to=returned"

    def action_data(self, world: Any, obj: ReportSubmission) -> dict[str, Any]:
        return {"to": "returned", "comment": "Thiếu số liệu diễn tập"}


class TestReportSubmissionRollup(ScopedActionMatrix):
    model = ReportSubmission
    action_route = "reports:submission_rollup"

    def make_object(self, world: Any, org: Organization) -> ReportSubmission:
        template = make_template(world)
        national = make_round(world, world.root, recipients=[org], template=template)
        own = make_round(world, org, recipients=[world.a1], template=template).submissions.get()
        services.do_update_submission(own, actor=world.superuser, values={"trainings": "9"})
        do_transition(own, "submitted", actor=world.superuser)
        do_transition(own, "accepted", actor=world.superuser)
        return national.submissions.get()

    def state(self, obj: ReportSubmission) -> Any:
        return sorted(map(str, obj.values.values_list("value", flat=True)))


class TestReportSubmissionRefresh(ScopedActionMatrix):
    model = ReportSubmission
    action_route = "reports:submission_refresh"

    def make_object(self, world: Any, org: Organization) -> ReportSubmission:
        sub = own_submission(world, org)
        done = timezone.make_aware(datetime.datetime.combine(PERIOD[0] + datetime.timedelta(days=20), datetime.time(9)))
        Task.objects.create(
            organization=world.root, assignee=org, title="Tổng kết", assigned_on=PERIOD[0], deadline=PERIOD[1],
            status="done", completed_at=done,
        )
        return sub

    def state(self, obj: ReportSubmission) -> Any:
        return sorted(map(str, obj.values.values_list("computed", flat=True)))


class TestReportSubmissionDocument(ScopedChildFormMatrix):
    """ "Soạn văn bản báo cáo": the unit's editors draft its Báo cáo in the register."""

    model = ReportSubmission
    form_route = "reports:submission_document"
    child_model = OutgoingDocument

    def make_object(self, world: Any, org: Organization) -> ReportSubmission:
        return own_submission(world, org)

    def child_data(self, world: Any, parent: ReportSubmission) -> dict[str, Any]:
        return {}


class TestSubmissionDocx(ScopedDownloadMatrix):
    model = ReportSubmission
    download_route = "reports:submission_docx"

    def make_object(self, world: Any, org: Organization) -> ReportSubmission:
        return own_submission(world, org)

    def check_content(self, obj: ReportSubmission, content: bytes) -> None:
        assert content[:2] == b"PK" and b"word/document.xml" in content


class TestSubmissionXlsx(TestSubmissionDocx):
    download_route = "reports:submission_xlsx"

    def check_content(self, obj: ReportSubmission, content: bytes) -> None:
        assert content[:2] == b"PK" and b"xl/workbook.xml" in content


class TestIndicatorCompare(ScopedDetailMatrix):
    """The comparison page reads one organisation's reports: outsiders get 404 for it."""

    model = Organization
    list_url = None
    covers = ("reports:indicator_compare",)

    def make_object(self, world: Any, org: Organization) -> Organization:
        own_submission(world, org)
        return org

    def detail_url(self, obj: Organization) -> str:
        return reverse("reports:indicator_compare") + f"?organization={obj.pk}"
