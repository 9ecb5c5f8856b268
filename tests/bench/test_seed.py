"""`renda seed` at a tiny scale writes valid rows in plausible states."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from renda.core.deadlines.models import Clock
from renda.receptions.models import Appeal
from renda.registry.models import Mandate
from renda.seeding import generate
from renda.suggestions.models import State, Suggestion


@pytest.mark.django_db
def test_seed_tiny_district(monkeypatch):
    monkeypatch.setitem(generate.SCALES, "district", generate.Scale("320509", 120, 200))
    monkeypatch.setattr(generate, "SEATS_PER_TOWN", (4, 6))
    call_command("seed", "--scale", "district", "--seed", "3")
    with scopes_disabled():  # a test looks across towns
        assert Suggestion.objects.count() == 120
        assert Appeal.objects.count() == 200
        assert Mandate.objects.filter(level="town", seat__isnull=False).count() > 0
        assert Suggestion.objects.filter(state=State.CLOSED).exists()
        open_appeals = Appeal.objects.filter(state__in=["submitted", "assigned", "reopened"]).count()
        assert Clock.unscoped.filter(kind="appeal.reply", stopped_at=None).count() == open_appeals
        # Every row passes the model's own validation (ID numbers, phones, choices).
        for obj in [*Suggestion.objects.all()[:20], *Appeal.objects.all()[:20], *Mandate.objects.all()[:20]]:
            obj.full_clean()
