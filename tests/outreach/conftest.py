import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Attachments (materials, document files) go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
