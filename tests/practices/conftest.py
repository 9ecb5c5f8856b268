import pytest


@pytest.fixture
def world(shared_world, db):
    """One world per module; each test's writes are rolled back with its savepoint."""
    return shared_world
