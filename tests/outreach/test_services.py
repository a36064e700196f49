"""The rules of trainings, the library and dissemination, as a user meets them (bad input included)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from pckb.core.calendar import calendar_entries
from pckb.core.indicators import compute
from pckb.core.models import AuditEntry
from pckb.outreach import services
from pckb.outreach.models import LegalDocument, TrainingEvent, TrainingParticipation
from pckb.plans.models import Task

from .factories import make_dissemination, make_document, make_event, topic

pytestmark = pytest.mark.django_db
SOON = timezone.localdate() + datetime.timedelta(days=30)


class TestHeadcounts:
    def test_it_records_headcounts_per_organization_and_totals_them(self, world):
        event = make_event(world, topics=[topic("law"), topic("explosives")])
        services.do_set_participation(event, world.a, 40, actor=world.org_a_editor)
        services.do_set_participation(event, world.a1, 25, actor=world.org_a_editor)
        services.do_set_participation(event, world.a1, 30, actor=world.org_a_editor)  # changed, not added
        assert event.total_headcount() == 70
        assert AuditEntry.objects.filter(event_type="outreach.trainingevent.participants").count() == 3

    @pytest.mark.parametrize("bad", [-5, 0, 10_001, 2**40, "12", None, True])
    def test_it_refuses_negative_or_absurd_headcounts(self, world, bad):
        event = make_event(world)
        with pytest.raises(ValidationError) as err:
            services.do_set_participation(event, world.a1, bad, actor=world.org_a_editor)
        assert err.value.message_dict["headcount"] == ["Số người tham dự là số nguyên từ 1 đến 10.000."]
        assert not TrainingParticipation.objects.exists()

    def test_it_refuses_a_bad_headcount_in_a_new_event_and_creates_nothing(self, world):
        with pytest.raises(ValidationError) as err:
            make_event(world, participants=[{"organization": world.a1, "headcount": -3}])
        assert "participants" in err.value.message_dict
        assert not TrainingEvent.objects.exists()

    def test_it_refuses_an_end_before_the_start(self, world):
        with pytest.raises(ValidationError) as err:
            make_event(world, end_date=datetime.date(2026, 3, 1))
        assert "end_date" in err.value.message_dict

    def test_an_outsider_cannot_change_headcounts(self, world):
        event = make_event(world)
        with pytest.raises(Http404):
            services.do_set_participation(event, world.b, 10, actor=world.org_b_editor)


class TestLibrary:
    def test_a_repealed_document_needs_its_replacement(self, world):
        old = make_document(world)
        with pytest.raises(ValidationError) as err:
            services.do_update_legal_document(old, actor=world.org_a_editor, status="repealed")
        assert "replaced_by" in err.value.message_dict
        old.refresh_from_db()
        assert old.status == "in_force"
        new = make_document(world, number="20/KH-BCĐ")
        services.do_update_legal_document(old, actor=world.org_a_editor, status="repealed", replaced_by=new)
        old.refresh_from_db()
        assert old.status == "repealed" and old.replaced_by == new

    def test_a_replacement_the_actor_cannot_read_is_refused(self, world):
        hidden = make_document(world, world.b, actor=world.org_b_editor)
        with pytest.raises(ValidationError) as err:
            make_document(world, status="repealed", replaced_by=hidden)
        assert "replaced_by" in err.value.message_dict

    def test_the_public_core_is_read_by_everyone_and_changed_by_its_owner_only(self, world):
        added = services.seed_public_core(world.root, actor=world.superuser)
        assert added == len(services.PUBLIC_CORE)
        assert services.seed_public_core(world.root, actor=world.superuser) == 0  # idempotent
        law = LegalDocument.objects.get(number="28/2013/QH13")
        assert law.status == "amended" and law.replaced_by.number == "14/2022/QH15"
        for user in (world.org_b_editor, world.org_a_child_viewer):
            assert LegalDocument.objects.visible_to(user).filter(pk=law.pk).exists()
            assert not LegalDocument.objects.visible_to(user, "change").filter(pk=law.pk).exists()
        private = make_document(world)
        assert not LegalDocument.objects.visible_to(world.org_b_editor).filter(pk=private.pk).exists()

    def test_a_classified_document_cannot_be_public(self, world):
        with pytest.raises(ValidationError) as err:
            make_document(world, is_public=True, classification=1, actor=world.org_a_manager)
        assert "is_public" in err.value.message_dict

    def test_search_folds_diacritics_over_number_and_subject(self, world):
        services.seed_public_core(world.root, actor=world.superuser)
        found = LegalDocument.objects.visible_to(world.org_a_viewer).search("luat phong chong khung bo")
        assert "28/2013/QH13" in set(found.values_list("number", flat=True))
        # The amending decree's subject names the decree it amends: both are found.
        assert set(LegalDocument.objects.search("07/2014").values_list("number", flat=True)) == {
            "07/2014/NĐ-CP",
            "62/2023/NĐ-CP",
        }
        assert set(LegalDocument.objects.search("62/2023/nd-cp").values_list("number", flat=True)) == {
            "62/2023/NĐ-CP"
        }

    def test_a_disseminated_document_stays_in_the_library(self, world):
        record = make_dissemination(world)
        doc = record.documents.get()
        with pytest.raises(ValidationError):
            services.do_delete_legal_document(doc, actor=world.org_a_manager)
        assert LegalDocument.objects.filter(pk=doc.pk).exists()


class TestDissemination:
    @pytest.mark.parametrize("bad", [-1, 0, 1_000_001])
    def test_it_refuses_a_negative_or_absurd_audience(self, world, bad):
        doc = make_document(world)
        with pytest.raises(ValidationError) as err:
            make_dissemination(world, documents=[doc], audience_count=bad)
        assert "audience_count" in err.value.message_dict

    def test_it_needs_a_document(self, world):
        with pytest.raises(ValidationError) as err:
            make_dissemination(world, documents=[])
        assert "documents" in err.value.message_dict

    def test_the_gap_list_names_who_has_not_disseminated_and_turns_into_tasks(self, world):
        from pckb.organizations.models import Organization

        a2 = Organization.objects.create(
            name="Sở Tư pháp tỉnh A", code="a2", kind="agency", level="province", parent=world.a
        )
        Organization.objects.create(  # dissolved in the 2025 reorganisation: it disseminates nothing now
            name="Công an huyện A", code="a3", kind="agency", level="district", parent=world.a,
            valid_to=datetime.date(2025, 3, 1),
        )
        doc = make_document(world)
        assert list(services.gap_organizations(doc, world.a)) == [world.a1, a2]
        make_dissemination(world, world.a1, documents=[doc], actor=world.org_a1_editor)
        assert list(services.gap_organizations(doc, world.a)) == [a2]
        with pytest.raises(ValidationError) as err:  # a1 has done it already
            services.do_assign_dissemination_tasks(
                doc, world.a, [world.a1, a2], actor=world.org_a_editor, title="Quán triệt", deadline=SOON
            )
        assert "assignees" in err.value.message_dict
        group = services.do_assign_dissemination_tasks(
            doc, world.a, [a2], actor=world.org_a_editor, title="Quán triệt", deadline=SOON
        )
        task = Task.objects.get(group=group)
        assert task.assignee == a2 and task.source_id == doc.pk and task.source_type.model == "legaldocument"


class TestCountsAndCalendar:
    def test_each_count_reads_the_subtree_within_the_period(self, world):
        training = make_event(world, world.a1, actor=world.org_a1_editor, start_date=datetime.date(2026, 2, 5))
        services.do_set_participation(training, world.a1, 30, actor=world.org_a1_editor)
        campaign = make_event(world, kind="outreach_campaign", start_date=datetime.date(2026, 2, 20))
        services.do_set_participation(campaign, world.a, 200, actor=world.org_a_editor)
        conference = make_event(world, kind="annual_review", start_date=datetime.date(2026, 1, 10))
        services.do_set_participation(conference, world.a, 80, actor=world.org_a_editor)
        make_event(world, kind="interim_review", start_date=datetime.date(2025, 12, 31))  # before the period
        make_event(world, world.b, actor=world.org_b_editor)  # another province
        doc = make_document(world)
        make_dissemination(world, documents=[doc], audience_count=150, date=datetime.date(2026, 3, 1))
        make_dissemination(world, world.a1, documents=[doc], audience_count=45, actor=world.org_a1_editor)
        make_dissemination(world, documents=[doc], audience_count=999, date=datetime.date(2027, 1, 1))
        start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
        values = {
            code: compute(f"outreach.{code}", world.a, start, end)
            for code in (
                "trainings_held",
                "training_attendance",
                "conferences_held",
                "conference_attendance",
                "disseminations",
                "dissemination_audience",
            )
        }
        assert values == {
            "trainings_held": 2,
            "training_attendance": 230,
            "conferences_held": 1,
            "conference_attendance": 80,
            "disseminations": 2,
            "dissemination_audience": 195,
        }
        assert compute("outreach.trainings_held", world.a1, start, end) == 1

    def test_trainings_are_on_the_activities_calendar_of_those_who_may_see_them(self, world):
        event = make_event(
            world, start_date=datetime.date(2026, 5, 30), end_date=datetime.date(2026, 6, 2), title="Hội nghị sơ kết"
        )
        start, end = datetime.date(2026, 6, 1), datetime.date(2026, 6, 30)
        june = calendar_entries(world.org_a_viewer, start, end, ["trainings"])
        assert [(e.title, e.url, e.end) for e in june] == [
            ("Hội nghị sơ kết", event.get_absolute_url(), event.end_date)
        ]
        assert calendar_entries(world.org_b_editor, start, end, ["trainings"]) == []


def test_the_command_puts_the_public_core_in_the_national_library_once(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_legal_core", stdout=out)
    assert f"{len(services.PUBLIC_CORE)} document(s) added" in out.getvalue()
    assert LegalDocument.objects.filter(organization=world.root, is_public=True).count() == len(services.PUBLIC_CORE)
    call_command("seed_legal_core", stdout=out)
    assert "0 document(s) added" in out.getvalue()


def test_an_organisation_that_took_part_reads_the_event_once_but_cannot_change_it(world):
    event = make_event(world)
    assert not TrainingEvent.objects.visible_to(world.org_a1_editor).filter(pk=event.pk).exists()
    services.do_set_participation(event, world.a1, 12, actor=world.org_a_editor)
    services.do_set_participation(event, world.a, 8, actor=world.org_a_editor)
    assert list(TrainingEvent.objects.visible_to(world.org_a1_editor)) == [event]
    assert list(TrainingEvent.objects.visible_to(world.org_a_viewer)) == [event]  # no duplicate row
    assert not TrainingEvent.objects.visible_to(world.org_a1_editor, "change").exists()
    assert not TrainingEvent.objects.visible_to(world.org_b_editor).exists()
