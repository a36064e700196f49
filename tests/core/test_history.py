"""History tabs show only the audit entries the reader may see: scope and clearance, as the audit log."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from pckb.core import audit
from pckb.core.choices import Classification
from pckb.core.models import AuditEntry
from pckb.core.views import history_for
from pckb.plans import services

SECRET_TITLE = "Phương án bảo vệ mục tiêu K7"
PUBLIC_TITLE = "Rà soát phương án bảo vệ"


def _declassified_task(world):
    """A task written while secret, then renamed and downgraded to unclassified by a cleared manager."""
    task = services.do_create_task(
        world.a,
        actor=world.org_a_manager,
        title=SECRET_TITLE,
        assignee=world.a1,
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        classification=Classification.SECRET,
    )
    return services.do_update_task(
        task, actor=world.org_a_manager, title=PUBLIC_TITLE, classification=Classification.UNCLASSIFIED
    )


def test_it_keeps_the_secret_level_on_the_entry_that_declassifies_a_record(world):
    task = _declassified_task(world)
    update = AuditEntry.objects.get(object_type="plans.task", object_id=str(task.pk), action="update")
    assert update.before["title"] == SECRET_TITLE
    assert update.classification == Classification.SECRET


def test_it_hides_a_declassified_tasks_secret_past_from_a_reader_without_clearance(world, client):
    task = _declassified_task(world)
    client.force_login(world.org_a_viewer)
    page = client.get(task.get_absolute_url())
    assert page.status_code == 200  # the task itself is unclassified now
    html = page.content.decode()
    assert PUBLIC_TITLE in html
    assert SECRET_TITLE not in html
    assert list(history_for(task, world.org_a_viewer)) == []
    assert SECRET_TITLE not in client.get(reverse("audit:entry_list")).content.decode()


def test_it_shows_the_whole_history_to_a_cleared_reader(world, client):
    task = _declassified_task(world)
    client.force_login(world.org_a_manager)
    assert SECRET_TITLE in client.get(task.get_absolute_url()).content.decode()
    assert [e.action for e in history_for(task, world.org_a_manager)] == ["update", "create"]


def test_it_hides_entries_filed_outside_the_readers_scope_from_a_history_tab(world):
    # An entry about a1 filed under province B (e.g. written while a1 sat in B's tree) stays B's.
    audit.record("other", world.a1, actor=world.org_b_manager, organization=world.b, message="trong tỉnh B")
    audit.record("other", world.a1, actor=world.org_a_manager, message="trong tỉnh A")
    messages = [e.message for e in history_for(world.a1, world.org_a_manager)]
    assert messages == ["trong tỉnh A"]
    assert {e.message for e in history_for(world.a1, world.superuser)} == {"trong tỉnh A", "trong tỉnh B"}
