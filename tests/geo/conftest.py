import pytest

from pckb.geo.services import load_admin_units
from pckb.geo.testing import admin_units_loaded


@pytest.fixture
def current_units(db) -> None:
    """The 34 provinces and 3,321 communes in force (historical units skipped: faster)."""
    load_admin_units(current_only=True)


@pytest.fixture(scope="module")
def shared_units(django_db_setup, django_db_blocker):
    """Every unit, current and historical, loaded once for the module (tests must not change them)."""
    with django_db_blocker.unblock(), admin_units_loaded():
        yield


@pytest.fixture
def all_units(shared_units, db) -> None:
    return None
