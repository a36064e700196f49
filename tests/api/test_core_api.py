"""The API base (pckb.core.api): model validation on every path, errors as field messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework.test import APIRequestFactory

from pckb.core.api import ValidatedModelSerializer, exception_handler
from pckb.organizations.models import CommitteeMember


class MemberSerializer(ValidatedModelSerializer):
    class Meta:
        model = CommitteeMember
        fields = ["organization", "full_name", "committee_role", "valid_from", "valid_to"]


def test_it_runs_the_model_rules_without_touching_the_instance(world) -> None:
    member = CommitteeMember.objects.create(organization=world.a, full_name="Nguyễn Văn An", committee_role="member")
    serializer = MemberSerializer(member, data={"valid_from": "2026-05-01", "valid_to": "2026-04-01"}, partial=True)
    assert not serializer.is_valid()
    assert serializer.errors == {"valid_to": ["Ngày kết thúc không được trước ngày bắt đầu."]}
    # The view snapshots the instance for the audit entry after validation: it must be the stored state.
    assert (member.valid_from, member.valid_to) == (None, None)
    ok = MemberSerializer(member, data={"full_name": "Nguyễn Văn Bình"}, partial=True)
    assert ok.is_valid()
    assert member.full_name == "Nguyễn Văn An"


def test_django_errors_without_a_field_become_non_field_errors(db) -> None:
    request = APIRequestFactory().get("/")
    response = exception_handler(ValidationError({"__all__": ["Sai."], "name": ["Thiếu."]}), {"request": request})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Sai."], "name": ["Thiếu."]}
    plain = exception_handler(ValidationError("Không được."), {"request": request})
    assert plain.data == {"non_field_errors": ["Không được."]}
