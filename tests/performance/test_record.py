"""The issue's "Done when": a deputy's year built through the real services of the other modules gives the
record and the points the rules say; changing a source record changes the record; the frozen assessment
does not move."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from congress.helpers import make_session, roll_call, serving_all
from renda.core.errors import Conflict
from renda.oversight.services import activities
from renda.performance import queries as q
from renda.performance import services
from renda.receptions import services as rs
from suggestions.helpers import drive, make_suggestion, on

pytestmark = pytest.mark.django_db
RULES = {
    "congress.attended": 5,
    "suggestions.led": 5,
    "receptions.served": 4,
    "oversight.attended": 4,
    "performance.training": 2,
}


def _year(tw):
    """2025 of the town's deputy: a session day attended, a suggestion led to a reply rated 满意, a reception
    day served, an activity joined, a training confirmed."""
    staff, person = tw.users["town_staff"], tw.objects["registry.person"]
    session = make_session(tw, start=dt.date(2025, 3, 10), days=1)
    roll_call(session, serving_all(tw), present=len(serving_all(tw)))
    with on(dt.date(2025, 4, 1)):
        suggestion = drive(tw, make_suggestion(tw, signers=[person]), "closed")
    with on(dt.date(2025, 5, 1)):
        day = rs.reception_day_create(
            town=tw.town, data={"date": dt.date(2025, 5, 15), "place": "一村便民服务中心", "deputies": [person]},
            actor=staff,
        )  # fmt: skip
        rs.reception_day_publish(day=day, actor=staff)
    with on(dt.date(2025, 5, 15)):
        rs.reception_day_record(day=day, attended=[person], visitors=4, summary="接待群众", actor=staff)
    with on(dt.date(2025, 6, 2)):
        activity = activities.activity_create(
            town=tw.town,
            data={"kind": "inspection", "topic": "视察农村人居环境整治", "start_date": dt.date(2025, 6, 2),
                  "place": "各村", "organiser": "镇人大主席团"},
            actor=staff,
        )  # fmt: skip
        activities.activity_invite(activity=activity, persons=[person], actor=staff)
        activities.activity_publish(activity=activity, actor=staff)
        activities.activity_hold(activity=activity, attended=[person], summary="视察", actor=staff)
    with on(dt.date(2025, 7, 1)):
        duty = services.duty_enter(
            person=person, data={"kind": "training", "date": dt.date(2025, 6, 20), "title": "参加履职培训"},
            actor=tw.users["deputy"],
        )  # fmt: skip
        services.duty_confirm(duty=duty, actor=staff)
    return session, suggestion, day, activity


def test_the_record_assembles_itself_and_the_assessment_freezes(world):
    tw = world.a
    person = tw.objects["registry.person"]
    with scopes_disabled():
        session, suggestion, day, activity = _year(tw)
        record = q.record_of(person=person, year=2025)
        by_kind = {k.kind: k for k in record.kinds}
        for kind in RULES:
            assert by_kind[kind].count >= 1, kind
        urls = {line.url for line in record.lines}
        assert f"/congress/sessions/{session.pk}/" in urls
        assert f"/suggestions/{suggestion.pk}/" in urls
        assert f"/receptions/days/{day.pk}/" in urls
        assert f"/oversight/activities/{activity.pk}/" in urls
        led = next(line for line in record.lines if line.kind == "suggestions.led")
        assert "A类" in led.detail and "满意" in led.detail
        # The points are what the default rules give: count × points per kind, capped.
        rules = q.default_rules()
        expected = sum(
            min(Decimal(str(r["points"])) * by_kind[k].count, Decimal(str(r["cap"])))
            if r["cap"] is not None
            else Decimal(str(r["points"])) * by_kind[k].count
            for k, r in rules.items()
            if k in by_kind
        )
        assert record.total == expected
        assert record.total == sum(RULES[k] * by_kind[k].count for k in RULES) + sum(
            by_kind[k].total for k in by_kind if k not in RULES
        )

        assessment = services.assessment_run(town=tw.town, year=2025, actor=tw.users["town_staff"])
        score = assessment.scores.get(person=person)
        assert score.total == record.total and score.rank == 1

        # A source record changes: the deputy is marked absent instead; the record follows, the score not.
        roll_call(session, serving_all(tw), present=0)
        changed = q.record_of(person=person, year=2025)
        kinds = {k.kind: k.count for k in changed.kinds}
        assert kinds["congress.attended"] == by_kind["congress.attended"].count - 1
        assert kinds["congress.absent"] == by_kind["congress.absent"].count + 1
        score.refresh_from_db()
        assert score.total == record.total
        assert changed.total != record.total  # the record is live; the frozen rules still apply
        # the assessed year's rules are frozen
        with pytest.raises(Conflict):
            services.point_rules_set(
                town=tw.town, year=2025, rules={"congress.attended": {"points": 9, "cap": None}},
                actor=tw.users["town_staff"],
            )  # fmt: skip
        with pytest.raises(Conflict):
            services.assessment_run(town=tw.town, year=2025, actor=tw.users["town_staff"])


def test_town_rules_change_the_points_before_the_year_is_assessed(world):
    tw = world.a
    person = tw.objects["registry.person"]
    with scopes_disabled():
        _year(tw)
        before = q.record_of(person=person, year=2025).total
        services.point_rules_set(
            town=tw.town, year=2025, rules={"receptions.served": {"points": 10, "cap": None}},
            actor=tw.users["town_staff"],
        )  # fmt: skip
        assert q.record_of(person=person, year=2025).total == before + 6
        score = services.assessment_run(town=tw.town, year=2025, actor=tw.users["town_staff"]).scores.get(
            person=person
        )
        assert score.assessment.rules["receptions.served"]["points"] == 10
        corrected = services.score_correct(
            score=score, delta=-3, reason="培训签到不全", actor=tw.users["town_staff"]
        )
        assert corrected.total == score.total - 3
        assert corrected.corrections.get().reason == "培训签到不全"


def test_a_deputy_may_not_confirm_their_own_duty_and_a_rejection_needs_a_reason(world):
    tw = world.a
    person = tw.objects["registry.person"]
    with scopes_disabled(), on(dt.date(2025, 7, 1)):
        duty = services.duty_enter(
            person=person, data={"kind": "other", "date": dt.date(2025, 6, 1), "title": "走访选民"},
            actor=tw.users["deputy"],
        )  # fmt: skip
        with pytest.raises(PermissionDenied):
            services.duty_confirm(duty=duty, actor=tw.users["deputy"])
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            services.duty_reject(duty=duty, reason=" ", actor=tw.users["town_staff"])
        services.duty_reject(duty=duty, reason="无佐证材料", actor=tw.users["town_staff"])
        duty.refresh_from_db()
        assert duty.state == "rejected"
        assert f"performance.otherduty:{duty.pk}" not in {
            ln.source for ln in q.record_of(person=person, year=2025).lines
        }
