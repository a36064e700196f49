import pytest

from pckb.core.testing import World, make_world


@pytest.fixture
def world(db) -> World:
    return make_world()
