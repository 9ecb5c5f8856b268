"""The demo: a year of suggestions through the services (with SYSTEM where no person acts)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from renda.registry.demo import build_demo
from renda.suggestions import demo
from renda.suggestions.models import State, Suggestion


@pytest.mark.django_db
def test_demo_has_suggestions_in_the_states_it_promises():
    with scopes_disabled():  # a command works across towns
        build_demo(seed=7, towns=["pingwang"])
        demo.build(seed=7)
        states = set(Suggestion.objects.values_list("state", flat=True))
        count = Suggestion.objects.count()
        demo.build(seed=7)
        again = Suggestion.objects.count()
    assert {State.CLOSED, State.REPLIED, State.ASSIGNED, State.NOT_ACCEPTED, State.MERGED} <= states
    assert again == count
