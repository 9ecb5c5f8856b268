import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache(settings, db):
    """Rate-limit counters live in the shared cache (a database table unless Redis is set): each test starts
    with none; no minimum fill-in time."""
    settings.RENDA = {**settings.RENDA, "APPEAL_MIN_SECONDS": 0}
    cache.clear()
    yield
    cache.clear()
