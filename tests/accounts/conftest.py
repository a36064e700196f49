import pytest
from django.test import Client
from django.utils import translation

from pckb.core.choices import Role
from pckb.core.testing import make_user


@pytest.fixture
def org_b_admin(world):
    """An administrator of the other province: the outsider among administrators."""
    return make_user("org_b_admin", org=world.b, role=Role.ADMIN)


@pytest.fixture
def as_user():
    """A test client signed in as the given user."""

    def sign_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def vietnamese():
    """Each test starts in Vietnamese, whatever language an earlier request left active in this thread."""
    with translation.override("vi"):
        yield
