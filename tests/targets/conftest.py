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
def _own_readiness_checks(monkeypatch):
    """These tests are about the targets' own checks: the dated sources later modules register (drills of
    pckb.exercises, inspections) would mark every target here as needing attention; they are tested in
    their own modules (tests/exercises/test_services.py)."""
    from pckb.targets import readiness

    monkeypatch.setattr(readiness, "_SOURCES", {})
