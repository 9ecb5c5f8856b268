"""The demo: three months of reception days and appeals in every state; a second run adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.receptions import demo
from renda.receptions.enums import AppealState, DayState
from renda.receptions.models import Appeal, ReceptionDay
from renda.registry.demo import build_demo


@pytest.mark.django_db
def test_demo_has_days_and_appeals_in_every_state():
    with scopes_disabled():  # a command works across towns
        build_demo(seed=7, towns=["pingwang"])
        first = demo.build(seed=7)
        again = demo.build(seed=7)
        states = set(Appeal.objects.values_list("state", flat=True))
        day_states = set(ReceptionDay.objects.values_list("state", flat=True))
        months = {d.strftime("%Y-%m") for d in ReceptionDay.objects.values_list("date", flat=True)}
        overdue = Appeal.objects.filter(
            state="assigned", replied_on=None, due_date__lt=timezone.localdate()
        ).count()
    assert first["towns"] == 1 and first["appeals"] == 13
    assert again == {"towns": 0, "days": 0, "appeals": 0}
    assert states == set(AppealState.values)
    assert day_states == set(DayState.values)
    assert len(months) == 3
    assert overdue >= 1
