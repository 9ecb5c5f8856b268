"""Performance records for the isolation test's world: an other duty entered by the town's deputy (waiting
for confirmation), and the town's assessment of 2024 with the deputy's score."""

from __future__ import annotations

import datetime as dt

from factories import TownWorld
from renda.performance import services


def build(tw: TownWorld) -> None:
    person = tw.objects["registry.person"]
    duty = services.duty_enter(
        person=person,
        data={"kind": "training", "date": dt.date(2025, 5, 1), "title": "参加区人大代表履职培训"},
        actor=tw.users["deputy"],
    )
    assessment = services.assessment_run(town=tw.town, year=2024, actor=tw.users["town_staff"])
    score = assessment.scores.get(person=person)
    tw.objects |= {
        "performance.otherduty": duty,
        "performance.assessment": assessment,
        "performance.assessmentscore": score,
    }
