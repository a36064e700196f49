"""The one write path in core: scoped choice fields in every form, and services that lock what they change."""

from __future__ import annotations

import datetime
import inspect
from importlib import import_module

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from pckb.accounts import services as account_services
from pckb.core.models import AuditEntry
from pckb.organizations import services as organization_services
from pckb.organizations.models import CommitteeMember, Membership, Organization
from pckb.plans import services as plan_services
from pckb.plans.models import Plan, Task

pytestmark = pytest.mark.django_db

def _app_forms():
    for config in apps.get_app_configs():
        if not config.name.startswith("pckb."):
            continue
        try:
            module = import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_record_choice_of_every_form_is_a_scoped_field():
    from pckb.core.forms import ScopedModelChoiceField, ScopedModelMultipleChoiceField

    checked = 0
    for form_class in _app_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.ModelChoiceField):
                scoped = isinstance(field, (ScopedModelChoiceField, ScopedModelMultipleChoiceField))
                assert scoped, f"{form_class.__module__}.{form_class.__name__}.{name}"
                checked += 1
    assert checked >= 8


def test_a_scoped_form_refuses_an_unscoped_choice_field(world):
    from pckb.core.forms import ScopedForm

    class Careless(ScopedForm):
        plan = forms.ModelChoiceField(queryset=Plan.objects.all())

    with pytest.raises(TypeError):
        Careless(user=world.org_a_editor)


def test_a_page_answers_a_hidden_and_a_missing_plan_alike(world, client):
    day = timezone.localdate()
    hidden = plan_services.do_create_plan(
        world.a, actor=world.org_a_manager, title="Kế hoạch A", kind="annual", period_from=day, period_to=day
    )
    client.force_login(world.org_b_editor)
    data = {
        "organization": world.b.pk,
        "title": "Việc",
        "assignee": world.b1.pk,
        "assigned_on": day.isoformat(),
        "deadline": (day + datetime.timedelta(days=5)).isoformat(),
        "priority": "normal",
        "recurrence": "none",
        "classification": 0,
    }
    errors = []
    for plan in (hidden.pk, 987_654):
        response = client.post("/plans/tasks/add/", {**data, "plan": plan})
        assert response.status_code == 400
        errors.append(response.context["form"].errors.get_json_data())
    assert errors[0] == errors[1] and list(errors[0]) == ["plan"]
    assert not Task.objects.exists()


@pytest.fixture
def locks(monkeypatch):
    """The models whose rows a service selected FOR UPDATE."""
    seen: list = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        seen.append(self.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    return seen


def test_organisation_services_lock_the_row_they_change(world, locks):
    organization_services.do_update_organization(world.a1, actor=world.org_a_manager, short_name="SYT")
    assert Organization in locks
    member = CommitteeMember.objects.create(organization=world.a, full_name="Lê Văn Cường", committee_role="member")
    locks.clear()
    organization_services.do_update_committee_member(member, actor=world.org_a_manager, title="Phó Giám đốc")
    assert CommitteeMember in locks
    member.refresh_from_db()
    world.a1.refresh_from_db()
    assert (member.title, world.a1.short_name) == ("Phó Giám đốc", "SYT")


def test_account_services_lock_the_row_they_change(world, locks):
    user_model = get_user_model()
    account_services.do_update_user(world.org_a_viewer, actor=world.org_a_admin, full_name="Phạm An")
    assert user_model in locks
    locks.clear()
    account_services.do_update_profile(world.org_a_viewer, actor=world.org_a_viewer, phone="0900000000")
    assert user_model in locks
    locks.clear()
    membership = world.org_a_child_viewer.memberships.get()
    account_services.do_change_membership(membership, 20, actor=world.org_a_admin)
    assert Membership in locks
    assert AuditEntry.objects.count() == 3
