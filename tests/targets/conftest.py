import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Attachments (the plans' signed documents) go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _places(db):
    """The provinces and communes every form and import of these tests chooses from."""
    from .factories import places

    return places()


@pytest.fixture(autouse=True)
def _plan_readiness_only(monkeypatch):
    """These tests judge the readiness the plans give; the dated sources other modules register
    (inspections, drills) are tested with their modules (tests/inspections/test_views.py)."""
    from pckb.targets import readiness

    monkeypatch.setattr(readiness, "_SOURCES", {})
