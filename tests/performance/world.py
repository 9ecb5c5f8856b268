"""Performance records for the isolation test's world: an other duty entered by the town's deputy (waiting
for confirmation), the town's assessment of 2024 with the deputy's score, the group's plan of 2025 filed by its
leader, a group activity with its summary, and the town's publication settings."""

from __future__ import annotations

import datetime as dt

from factories import TownWorld
from renda.performance import services


def build(tw: TownWorld) -> None:
    person = tw.objects["registry.person"]
    staff, deputy = tw.users["town_staff"], tw.users["deputy"]
    duty = services.duty_enter(
        person=person,
        data={"kind": "training", "date": dt.date(2025, 5, 1), "title": "参加区人大代表履职培训"},
        actor=deputy,
    )
    assessment = services.assessment_run(town=tw.town, year=2024, actor=staff)
    score = assessment.scores.get(person=person)
    group = tw.objects["registry.deputygroup"]
    services.plans_open(town=tw.town, year=2025, actor=staff)
    plan = services.plan_file(
        group=group, year=2025, items=[{"month": 4, "kind": "inspection", "topic": "视察农村道路交通安全"}],
        summariser=person, actor=deputy,
    )  # fmt: skip
    activity = services.group_activity_record(
        group=group,
        data={"date": dt.date(2025, 4, 18), "kind": "inspection", "topic": "视察农村道路交通安全",
              "attendees": [person]},
        actor=deputy,
    )  # fmt: skip
    services.group_activity_summarise(
        activity=activity, summary="视察了三条村道，提出两条意见。", actor=deputy
    )
    setting = services.publication_set(
        town=tw.town, fields=["name", "level", "electoral_district", "summary"], actor=staff
    )
    tw.objects |= {
        "performance.otherduty": duty,
        "performance.assessment": assessment,
        "performance.assessmentscore": score,
        "performance.groupplan": plan,
        "performance.groupactivity": activity,
        "performance.publicationsetting": setting,
    }
