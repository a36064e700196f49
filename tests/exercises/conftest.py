import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _places(db):
    """The provinces and communes key targets are placed in."""
    from pckb.targets.testing import places

    return places()
