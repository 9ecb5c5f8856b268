"""Re-handling needs a contact of its own round; suggestion numbers are unique per town and year."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from renda.suggestions import services
from renda.suggestions.models import State, Suggestion, SuggestionContact
from suggestions.helpers import drive, make_suggestion, on, pdf


def _reply(tw, s):
    with scopes_disabled():  # test set-up
        return services.suggestion_reply(
            suggestion=s,
            unit=tw.objects["registry.handlingunit"],
            outcome_class="A",
            text="再次办理，已解决",
            letter=pdf(),
            actor=tw.users["unit_clerk"],
        )


def _contact(tw, s, day):
    with scopes_disabled():  # test set-up
        return services.suggestion_contact_record(
            suggestion=s,
            unit=tw.objects["registry.handlingunit"],
            date=day,
            way="visit",
            summary="再次上门沟通",
            actor=tw.users["unit_clerk"],
        )


def test_the_second_reply_needs_a_contact_of_the_second_round(world):
    tw = world.a
    day = dt.date(2026, 3, 2)
    with on(day):
        # The first round's contact and reply are on the same day.
        s = drive(tw, make_suggestion(tw), "replied")
        with scopes_disabled():  # test set-up
            for signer in s.signers.all():
                services.suggestion_feedback(
                    suggestion=s,
                    person=signer.person,
                    work_score="unsatisfied",
                    result_score="unsatisfied",
                    actor=tw.users["town_staff"],
                )
            s.refresh_from_db()
        assert s.state == State.REHANDLING
        with pytest.raises(ValidationError, match="答复前须先与代表联系沟通并记录"):
            _reply(tw, s)
        with pytest.raises(ValidationError, match="再次办理的联系日期不能早于首次答复日期"):
            _contact(tw, s, day - dt.timedelta(days=1))
        # The round-2 contact may be dated the day of the first reply: it is the round that counts.
        _contact(tw, s, day)
        r = _reply(tw, s)
    with scopes_disabled():  # test inspection
        rounds = list(SuggestionContact.objects.filter(suggestion=s).values_list("round", "date"))
        s.refresh_from_db()
    assert rounds == [(1, day), (2, day)]
    assert (r.round, s.state) == (2, State.REPLIED)


def test_numbers_are_unique_per_town_and_year_and_skip_a_taken_one(world):
    tw = world.a
    with on(dt.date(2026, 3, 2)):
        first = make_suggestion(tw, title="关于一的建议")
        with scopes_disabled():  # test set-up: a row written in bulk with the next number already
            year = first.year
            n = int(first.number.split("-")[1])
            Suggestion.unscoped.filter(pk=tw.objects["suggestions.suggestion"].pk).update(
                number=f"{year}-{n + 1:03d}", year=year
            )
        second = make_suggestion(tw, title="关于二的建议")
        other_town = make_suggestion(world.b, title="关于乙镇的建议")
    assert second.number == f"{year}-{n + 2:03d}"
    assert other_town.town_id != tw.town.pk
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.unscoped.filter(pk=second.pk).update(number=first.number)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_submissions_at_once_get_distinct_numbers():
    from factories import build_world

    with scopes_disabled():  # test set-up
        world = build_world()
    tw = world.a
    barrier = threading.Barrier(10)
    made, errors = [], []

    def run(i):
        from django.db import connection as conn

        try:
            barrier.wait()
            with scopes_disabled():  # a service call outside a request
                made.append(make_suggestion(tw, title=f"关于第{i}件事的建议").pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with scopes_disabled():  # test inspection
        numbers = list(Suggestion.unscoped.filter(pk__in=made).values_list("number", flat=True))
        before = Suggestion.unscoped.filter(town=tw.town).exclude(number="").exclude(pk__in=made).count()
    year = numbers[0].split("-")[0]
    assert sorted(numbers) == [f"{year}-{before + k:03d}" for k in range(1, 11)]
