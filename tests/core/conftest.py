import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def vietnamese():
    """Each test starts in Vietnamese, whatever language an earlier request left active in this thread."""
    with translation.override("vi"):
        yield
