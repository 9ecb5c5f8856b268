"""Oversight records (appraisal) for the isolation test's world: one of every model its pages and API address by pk."""

from __future__ import annotations

from factories import TownWorld
from renda.oversight import services


def build(tw: TownWorld) -> None:
    """Adds the records to tw.objects under "oversight.<model>": an appraisal of the town's station (2024) with
    a deputy's sheet, closed, so its pages (the results DOCX, the key-problem form) open and the steps can be tried
    on it. No key problem is selected here: the rectification figures of other tests count the world's items."""
    staff = tw.users["town_staff"]
    unit = tw.objects["registry.handlingunit"]
    appraisal = services.appraisal_create(town=tw.town, year=2024, units=[unit], actor=staff)
    services.appraisal_open(appraisal=appraisal, actor=staff)
    station = appraisal.stations.get()
    criteria = list(appraisal.criteria.all())
    sheet = services.appraisal_score_deputy(
        station=station,
        deputy=tw.objects["registry.person"],
        scores={c.pk: 85 for c in criteria},
        opinion="办事窗口少，群众排队时间长。",
        actor=tw.users["deputy"],
    )
    services.appraisal_close(appraisal=appraisal, actor=staff)
    appraisal.refresh_from_db()
    tw.objects |= {
        "oversight.appraisal": appraisal,
        "oversight.appraisalstation": station,
        "oversight.appraisalcriterion": criteria[0],
        "oversight.scoresheet": sheet,
    }
