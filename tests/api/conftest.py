import pytest
from rest_framework.test import APIClient

from pckb.geo.testing import admin_units_loaded


@pytest.fixture(scope="module")
def shared_units(django_db_setup, django_db_blocker):
    """Every administrative unit loaded once for the module (tests must not change them)."""
    with django_db_blocker.unblock(), admin_units_loaded():
        yield


@pytest.fixture
def all_units(shared_units, db) -> None:
    return None


@pytest.fixture
def api():
    """An API client signed in as the given user: api(user)."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make
