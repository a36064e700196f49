import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Attachments and issued documents go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
