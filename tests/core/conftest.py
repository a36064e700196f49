import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def vietnamese():
    """Each test starts in Vietnamese, whatever language an earlier request left active in this thread."""
    with translation.override("vi"):
        yield


@pytest.fixture
def plan(world):
    """An issued plan of committee A (the target of the plan-task importer, core's only importer so far)."""
    from django.utils import timezone

    from pckb.plans import services

    today = timezone.localdate()
    plan = services.do_create_plan(
        world.a,
        actor=world.org_a_manager,
        title="Kế hoạch PCKB năm 2026",
        kind="annual",
        period_from=today.replace(month=1, day=1),
        period_to=today.replace(month=12, day=31),
        document_number="12/KH-BCĐ",
    )
    return services.do_issue_plan(plan, actor=world.org_a_manager)
