"""Commendations' rules: the proposer's scope, the proposal flow, the batch's decision, the counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pckb.awards import services
from pckb.awards.models import Commendation
from pckb.core import indicators
from pckb.core.models import AuditEntry
from pckb.core.register.services import (
    do_draft_document,
    do_issue_document,
    do_save_header_settings,
    do_update_document,
)
from pckb.core.testing import _api_client, _client

from .factories import make_batch, make_commendation, proposal_fields


def test_it_refuses_a_commendation_to_an_organization_outside_the_proposers_scope(world: Any) -> None:
    with pytest.raises(ValidationError) as err:
        services.do_propose_commendation(
            world.a1, actor=world.superuser, **proposal_fields(world, world.a1, recipient_organization=world.a)
        )
    assert "recipient_organization" in err.value.message_dict
    assert Commendation.objects.count() == 0


def test_the_api_answers_400_for_a_recipient_outside_the_scope(world: Any) -> None:
    body = {
        "organization": world.a.pk,
        "recipient_kind": "collective",
        "recipient_organization": world.b1.pk,
        "form": "commendation_letter",
        "issuing_authority": "Trưởng Ban Chỉ đạo",
        "reason": "Có thành tích",
        "year": 2025,
    }
    response = _api_client(world.superuser).post("/api/v1/commendations/", body, format="json")
    assert response.status_code == 400 and "recipient_organization" in response.json()
    assert Commendation.objects.count() == 0


def test_the_form_shows_the_scope_error_and_saves_nothing(world: Any) -> None:
    data = {
        "organization": world.a1.pk,
        "recipient_kind": "collective",
        "recipient_organization": world.a.pk,
        "form": "commendation_letter",
        "issuing_authority": "Giám đốc Sở",
        "reason": "Có thành tích",
        "year": 2025,
        "classification": 0,
    }
    response = _client(world.org_a_manager).post(reverse("awards:commendation_add"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["recipient_organization"]
    assert Commendation.objects.count() == 0


def test_an_individual_needs_a_name_and_a_title(world: Any) -> None:
    with pytest.raises(ValidationError) as err:
        make_commendation(world, recipient_kind="individual", recipient_name=" ", recipient_title="")
    assert {"recipient_name", "recipient_title"} <= set(err.value.message_dict)


def test_the_proposal_flow_records_proposer_and_approver(world: Any) -> None:
    fields = proposal_fields(world, world.a)
    commendation = services.do_propose_commendation(world.a, actor=world.org_a_editor, **fields)
    approved = services.do_approve_commendation(commendation, actor=world.org_a_manager)
    assert (approved.created_by, approved.decided_by) == (world.org_a_editor, world.org_a_manager)
    assert approved.decided_on == timezone.localdate()
    events = AuditEntry.objects.filter(object_id=str(commendation.pk), object_type="awards.commendation")
    assert {e.event_type: e.actor for e in events} == {
        "awards.commendation.create": world.org_a_editor,
        "awards.commendation.approved": world.org_a_manager,
    }
    with pytest.raises(ValidationError):
        services.do_update_commendation(approved, actor=world.org_a_manager, reason="Khác")


def test_a_rejection_needs_its_reason(world: Any) -> None:
    commendation = make_commendation(world)
    with pytest.raises(ValidationError):
        services.do_reject_commendation(commendation, actor=world.org_a_manager, comment=" ")
    assert Commendation.objects.get(pk=commendation.pk).status == "proposed"


def test_an_achievement_must_be_a_visible_record(world: Any) -> None:
    other = make_commendation(world, world.b)
    commendation = make_commendation(world)
    with pytest.raises(ValidationError) as err:
        services.do_update_commendation(commendation, actor=world.org_a_editor, achievements=[other])
    assert "achievements" in err.value.message_dict


def test_a_batch_takes_only_approved_commendations_of_its_tree(world: Any) -> None:
    proposed = make_commendation(world)
    foreign = make_commendation(world, world.b, approved=True)
    for chosen in ([proposed], [foreign], []):
        with pytest.raises(ValidationError):
            services.do_create_batch(world.a, actor=world.superuser, title="Đợt 1", year=2025, commendations=chosen)


def test_issuing_the_batchs_decision_numbers_its_commendations(world: Any) -> None:
    do_save_header_settings(
        world.a, actor=world.superuser, parent_line="UBND TỈNH A", body_name="BAN CHỈ ĐẠO", symbol="BCĐ", place_name="A"
    )
    batch = make_batch(world)
    draft = do_draft_document(batch, actor=world.org_a_manager)
    assert draft.doc_type == "QD"
    draft = do_update_document(
        draft, actor=world.org_a_manager, signer_name="Nguyễn Văn An", signer_position="Trưởng ban"
    )
    doc = do_issue_document(draft, actor=world.org_a_manager)
    commendation = batch.commendations.get()
    assert (commendation.decision_number, commendation.decision_date) == (doc.symbol, doc.date)
    assert doc.symbol == "01/QĐ-BCĐ"


def test_the_counts_of_collectives_and_individuals_commended(world: Any) -> None:
    make_commendation(world, world.a, approved=True)
    make_commendation(world, world.a1, approved=True)
    make_commendation(
        world,
        world.a,
        approved=True,
        recipient_kind="individual",
        recipient_name="Lê Văn Cường",
        recipient_title="Đội trưởng",
    )
    make_commendation(world, world.a)  # proposed only
    make_commendation(world, world.b, approved=True)
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=30), today
    assert indicators.compute("awards.commendations_collective", world.a, start, end) == 2
    assert indicators.compute("awards.commendations_individual", world.a, start, end) == 1
    assert indicators.compute("awards.commendations_collective", world.a1, start, end) == 1
    earlier = start - datetime.timedelta(days=60)
    assert indicators.compute("awards.commendations_collective", world.a, earlier, earlier) == 0


def test_the_proposer_is_told_of_the_decision(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    from pckb.notifications.models import Notification

    fields = proposal_fields(world, world.a)
    commendation = services.do_propose_commendation(world.a, actor=world.org_a_editor, **fields)
    with django_capture_on_commit_callbacks(execute=True):
        services.do_reject_commendation(commendation, actor=world.org_a_manager, comment="Chưa đủ thành tích")
    note = Notification.objects.get(kind="commendation.decided")
    assert note.recipient == world.org_a_editor and note.body == "Chưa đủ thành tích"
    assert "không phê duyệt" in note.title
