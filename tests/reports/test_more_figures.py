"""The campaign figures on the dashboards (issue 18 part 2): after real service calls in two towns each figure
equals the count from the records and the count of the task list it links to."""

from __future__ import annotations

import datetime as dt

from django_scopes import scopes_disabled

from campaigns.helpers import held_activity, launched
from renda.campaigns import services as campaigns
from reports.test_dashboard import YEAR, _cells, _list_count, on

LATER = dt.date(YEAR, 9, 1)


def test_the_campaign_figures_equal_the_records_and_their_lists(client, world):
    a, b = world.a, world.b
    before = _cells(client, world.district_x_staff)
    towns = [a.town, b.town]
    first = launched(world, towns, dt.date(YEAR, 3, 2))
    second = launched(world, towns, dt.date(YEAR, 3, 3), title="燃气安全专项督查")
    staff = a.users["town_staff"]
    soon = held_activity(a.town, staff, a.objects["registry.person"], dt.date(YEAR, 3, 5))
    late = held_activity(
        a.town, staff, a.objects["registry.person"], dt.date(YEAR, 8, 20), topic="燃气安全检查"
    )
    with scopes_disabled():  # test set-up
        t1 = first.tasks.get(town=a.town)
        t2 = second.tasks.get(town=a.town)
    with on(dt.date(YEAR, 3, 5)), scopes_disabled():
        campaigns.town_task_report(task=t1, activity=soon, findings={}, actor=staff)
    with on(dt.date(YEAR, 8, 20)), scopes_disabled():
        campaigns.town_task_report(task=t2, activity=late, findings={}, actor=staff)
    expected = {
        a.town.pk: {"tasks": 2, "on_time": 1, "late": 1, "not_yet": 0},
        b.town.pk: {"tasks": 2, "on_time": 0, "late": 0, "not_yet": 2},
    }
    client.force_login(world.district_x_staff)
    with on(LATER):
        board = client.get("/reports/", {"year": YEAR}).context["board"]
        rows = {r.town.pk: r for r in board.rows}
        for town, figures in expected.items():
            for key, value in figures.items():
                cell = rows[town].cells[f"campaigns.{key}"]
                assert cell.value == before[town][f"campaigns.{key}"] + value, (town, key)
                assert _list_count(client, cell.url) == cell.value, (town, key, cell.url)
            rate = rows[town].cells["campaigns.on_time_rate"]
            assert (rate.num, rate.den) == (
                rows[town].cells["campaigns.on_time"].value,
                rows[town].cells["campaigns.tasks"].value,
            )
        for key in ("tasks", "on_time", "late", "not_yet"):
            cell = board.total.cells[f"campaigns.{key}"]
            assert (
                _list_count(client, cell.url)
                == cell.value
                == sum(rows[t].cells[f"campaigns.{key}"].value for t in expected)
            )
        empty = client.get("/reports/", {"year": YEAR - 5}).context["board"]
        assert all(r.cells["campaigns.tasks"].value == 0 for r in empty.rows)
