import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Rate-limit counters live in the cache: each test starts with none; no minimum fill-in time."""
    settings.RENDA = {**settings.RENDA, "APPEAL_MIN_SECONDS": 0}
    cache.clear()
    yield
    cache.clear()
