import pytest

from pckb.geo.services import load_admin_units


@pytest.fixture
def current_units(db) -> None:
    load_admin_units(current_only=True)
