"""`renda demo` on a few towns looks like real use: counts differ from town to town, sessions lie inside their
term, reception days moved off weekends and holidays, history dated at its events, free seats in every town."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.congress.models import Session
from renda.core.deadlines.calendar import WorkCalendar
from renda.core.enums import TownKind
from renda.core.models import ActivityLog, Town
from renda.receptions.models import Appeal, ReceptionDay
from renda.receptions.services import reception_setting_for
from renda.registry.enums import MandateStatus
from renda.registry.models import Seat, Term
from renda.suggestions.models import Suggestion
from tests.helpers import at

TOWNS = ["songling", "pingwang", "shengze", "tongli"]  # a subdistrict and three towns


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo built once for the module (about a minute), rolled back when the module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        with at(2026, 10, 20), scopes_disabled():  # the command works across towns
            out = StringIO()
            call_command("demo", no_serve=True, towns=TOWNS, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _per_town(model, towns) -> list[int]:
    counts = Counter(model.objects.filter(town__in=towns).values_list("town_id", flat=True))
    return [counts[t.pk] for t in towns]


def test_counts_differ_from_town_to_town(demo, db):
    with scopes_disabled():  # test reads across towns
        units = list(Town.objects.filter(village_set__isnull=False).distinct().order_by("code"))
        built = [t for t in units if ReceptionDay.objects.filter(town=t).exists()]
        towns = [t for t in built if t.kind == TownKind.TOWN]
        suggestions = _per_town(Suggestion, towns)
        appeals = _per_town(Appeal, built)
        days = _per_town(ReceptionDay, built)
    assert len(built) == 4 and len(towns) == 3
    assert min(suggestions) > 0 and len(set(suggestions)) == 3, suggestions
    assert min(appeals) > 0 and len(set(appeals)) > 1, appeals
    assert min(days) > 0 and len(set(days)) > 1, days


def test_sessions_lie_inside_their_term_and_are_past(demo, db):
    with scopes_disabled():  # test reads across towns
        sessions = list(Session.objects.select_related("term"))
        towns_with_terms = set(Term.objects.values_list("town_id", flat=True))
    assert {s.town_id for s in sessions} == towns_with_terms and len(towns_with_terms) == 3
    for s in sessions:
        assert s.term.start_date <= s.start_date <= s.end_date <= s.term.end_date, s
        assert s.end_date < dt.date(2026, 10, 20), s


def test_no_reception_day_on_a_rest_day_where_the_town_moves_them(demo, db):
    with scopes_disabled():  # test reads across towns
        days = list(ReceptionDay.objects.select_related("town"))
        rules = {t.pk: reception_setting_for(town=t).on_rest_day for t in {d.town for d in days}}
        songling = sorted(d.date for d in days if d.town.code.startswith("320509001"))
    cal = WorkCalendar.load(min(d.date for d in days), max(d.date for d in days))
    assert set(rules.values()) == {"move"}
    assert [d for d in days if not cal.is_workday(d.date)] == []
    # 松陵街道 receives on the 5th, 15th and 25th: Saturday 5 September, 25 September (中秋) and 5 October (国庆)
    # moved to the next working day.
    assert songling[:4] == [
        dt.date(2026, 9, 7),
        dt.date(2026, 9, 15),
        dt.date(2026, 9, 28),
        dt.date(2026, 10, 8),
    ]


def test_history_is_dated_at_the_events_over_past_months(demo, db):
    now = dt.datetime(2026, 10, 20, 9, tzinfo=timezone.get_current_timezone())
    with scopes_disabled():  # test reads across towns
        stamps = list(ActivityLog.unscoped.exclude(town=None).values_list("created_at", flat=True))
    months = {timezone.localtime(s).strftime("%Y-%m") for s in stamps}
    in_build_minute = [s for s in stamps if s >= now - dt.timedelta(minutes=1)]
    assert max(stamps) <= now
    assert len(in_build_minute) < len(stamps) / 10, (len(in_build_minute), len(stamps))
    # The register as the term began (2022), two years of sessions, this year's suggestions, recent receptions.
    assert {"2022-01", "2025-02", "2026-02", "2026-08", "2026-09", "2026-10"} <= months, sorted(months)
    assert len(months) >= 8


def test_every_town_keeps_a_free_seat(demo, db):
    with scopes_disabled():  # test reads across towns
        towns = list(Town.objects.filter(term_set__isnull=False).distinct())
        free = {
            t.name: Seat.objects.filter(town=t).exclude(Q(mandates__status=MandateStatus.SERVING)).count()
            for t in towns
        }
    assert len(free) == 3 and min(free.values()) >= 1, free
    assert "空余席位" in demo
