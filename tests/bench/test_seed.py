"""`renda seed` at a tiny scale writes valid rows in plausible states."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from renda.core.deadlines.models import Clock
from renda.core.models import User
from renda.receptions.models import Appeal
from renda.registry.models import Mandate
from renda.seeding import generate, registry_rows
from renda.suggestions.models import State, Suggestion


@pytest.mark.django_db
def test_seed_tiny_district(monkeypatch):
    monkeypatch.setitem(generate.SCALES, "district", generate.Scale("320509", 120, 200))
    monkeypatch.setattr(registry_rows, "SEATS_PER_TOWN", (4, 6))  # read by the registry step
    call_command("seed", "--scale", "district", "--seed", "3", "--jobs", "1")
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


@pytest.mark.django_db
def test_seed_in_parts_gives_every_town_its_share_once(monkeypatch):
    """`--jobs N` runs N processes, each seeding every N-th town; here the two parts run one after the other."""
    monkeypatch.setitem(generate.SCALES, "district", generate.Scale("320509", 120, 200))
    monkeypatch.setattr(registry_rows, "SEATS_PER_TOWN", (4, 6))  # read by the registry step
    quiet = lambda *_a: None  # noqa: E731
    with scopes_disabled():  # a test looks across towns
        towns = generate.Generator(scale="district", seed=3, log=quiet).prepare()
        generate.seed_part(scale="district", seed=3, part=0, parts=2, log=quiet)
        generate.seed_part(scale="district", seed=3, part=1, parts=2, log=quiet)
        assert Suggestion.objects.count() == 120
        assert Appeal.objects.count() == 200
        codes = list(Appeal.objects.values_list("tracking_code", flat=True))
        assert len(set(codes)) == len(codes)
        with_staff = set(
            User.objects.filter(username__startswith="staff-").values_list("username", flat=True)
        )
        assert with_staff == {f"staff-{t.code}" for t in towns}
        assert set(Appeal.objects.values_list("town", flat=True)) == {t.pk for t in towns}
