"""The dashboards (issue 18): each figure equals a count of the records made through the services in two towns,
and the count of the list it links to; a year with no data shows zeros; a town's staff see their town only
(another town's dashboard is 404); the page is a fixed number of queries; the figures API says the same."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.oversight import services as oversight
from renda.oversight.models import RectificationItem
from renda.receptions import services as receptions
from renda.suggestions import services as suggestions
from suggestions.helpers import drive, make_suggestion, on, pdf

YEAR = 2026
DAY = dt.date(YEAR, 3, 2)
LATER = dt.date(YEAR, 6, 15)  # the figures are read then: the rectification items are past their due date
BOARD = "/reports/"


def _key_closed(tw) -> None:
    """A key suggestion taken through to closed (resolved: class A), through the services."""
    staff, clerk, unit = tw.users["town_staff"], tw.users["unit_clerk"], tw.objects["registry.handlingunit"]
    s = drive(tw, make_suggestion(tw, "关于整治黑臭河道的建议", "河道黑臭"), "assigned")
    with scopes_disabled():  # test set-up
        suggestions.suggestion_key_set(
            suggestion=s, is_key=True, supervisors=[tw.objects["registry.person"]], actor=staff
        )
        suggestions.suggestion_contact_record(
            suggestion=s, unit=unit, date=timezone.localdate(), way="phone", summary="电话沟通", actor=clerk
        )
        suggestions.suggestion_reply(
            suggestion=s, unit=unit, outcome_class="A", text="已整治", letter=pdf(), actor=clerk
        )
        for signer in s.signers.all():
            suggestions.suggestion_feedback(
                suggestion=s,
                person=signer.person,
                work_score="satisfied",
                result_score="satisfied",
                actor=staff,
            )


def _appeals(tw, n: int, replied: int) -> None:
    staff, clerk = tw.users["town_staff"], tw.users["unit_clerk"]
    data = {"citizen_name": "王五", "citizen_phone": "13900001111", "category": "roads"}
    with scopes_disabled():  # test set-up
        for i in range(n):
            appeal = receptions.appeal_submit(town=tw.town, data={**data, "content": f"诉求{i}"}, actor=staff)
            if i < replied:
                receptions.appeal_assign(appeal=appeal, handler=clerk, actor=staff)
                receptions.appeal_reply(
                    appeal=appeal,
                    method="phone",
                    replied_on=timezone.localdate(),
                    replied_by="张三",
                    text="已处理",
                    actor=clerk,
                )


def _items(tw, n: int) -> None:
    with scopes_disabled():  # test set-up
        for i in range(n):
            oversight.rectification_item_create(
                town=tw.town,
                title=f"整改事项{i}",
                unit=tw.objects["registry.handlingunit"],
                actor=tw.users["town_staff"],
            )


def _work(tw, *, submitted: int, closed: int, appeals: int, replied: int, items: int) -> None:
    for i in range(submitted):
        make_suggestion(tw, f"关于增设公交站台的建议{i}", "镇区缺少公交站台")
    drive(tw, make_suggestion(tw, "关于修缮村级道路的建议", "村道破损"), "accepted")
    for i in range(closed):
        drive(tw, make_suggestion(tw, f"关于改造老旧小区的建议{i}", "小区设施陈旧"), "closed")
    _key_closed(tw)
    _appeals(tw, appeals, replied)
    _items(tw, items)


# What the two towns' records below add to the isolation world's own (the figures' definitions in
# docs/concepts.md "Dashboards"); the rates follow from the counts.
EXPECTED = {
    "a": {
        "suggestions.proposed": 2 + 1 + 2 + 1,
        "suggestions.replied": 2 + 1,
        "suggestions.on_time": 2 + 1,
        "suggestions.accepted": 1 + 2 + 1,
        "suggestions.key": 1,
        "suggestions.key_resolved": 1,
        "appeals.received": 3,
        "appeals.replied": 1,
        "appeals.on_time": 1,
        "rectification.items": 2,
        "rectification.open": 2,
        "rectification.closed": 0,
    },
    "b": {
        "suggestions.proposed": 1 + 1 + 0 + 1,
        "suggestions.replied": 1,
        "suggestions.on_time": 1,
        "suggestions.accepted": 2,
        "suggestions.key": 1,
        "suggestions.key_resolved": 1,
        "appeals.received": 2,
        "appeals.replied": 2,
        "appeals.on_time": 2,
        "rectification.items": 1,
        "rectification.open": 1,
        "rectification.closed": 0,
    },
}


def _cells(client, user, **params) -> dict:
    client.force_login(user)
    with on(LATER):
        board = client.get(BOARD, {"year": YEAR, **params}).context["board"]
    return {r.town.pk: {k: c.value for k, c in r.cells.items()} for r in board.rows}


@pytest.fixture
def district(world, client):
    # The world's own records are made on the real clock (they count when it is in YEAR).
    world.before = _cells(client, world.district_x_staff)
    client.logout()
    with on(DAY):
        _work(world.a, submitted=2, closed=2, appeals=3, replied=1, items=2)
        _work(world.b, submitted=1, closed=0, appeals=2, replied=2, items=1)
    return world


def _list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def _overdue(tw) -> int:
    """Rectification items of the town still with the unit past their due date, counted from the records."""
    with scopes_disabled():  # test check
        items = RectificationItem.objects.filter(town=tw.town)
        return sum(
            1 for i in items if i.state in ("assigned", "reopened") and i.due_date and i.due_date < LATER
        )


def test_every_figure_equals_the_records_and_its_list(client, district):
    world = district
    client.force_login(world.district_x_staff)
    with on(LATER):
        response = client.get(BOARD, {"year": YEAR})
        assert response.status_code == 200
        board = response.context["board"]
        rows = {r.town.pk: r for r in board.rows}
        assert set(rows) == {world.a.town.pk, world.b.town.pk}  # district X: both towns, never district Y's
        checked = 0
        for name, tw in (("a", world.a), ("b", world.b)):
            before = world.before[tw.town.pk]
            # A module this test makes no records of (campaigns: test_more_figures) keeps the world's own.
            expected = {
                m.key: before[m.key] + EXPECTED[name].get(m.key, 0)
                for m in board.measures
                if m.kind == "count"
            }
            expected["rectification.overdue"] = _overdue(tw)
            cells = rows[tw.town.pk].cells
            for key, value in expected.items():
                assert cells[key].value == value, (name, key)
            for m in board.measures:
                if m.kind == "rate":
                    num, den = expected[f"{m.module}.{m.num}"], expected[f"{m.module}.{m.den}"]
                    assert cells[m.key].value == (round(100 * num / den, 1) if den else None), (name, m.key)
            for key, cell in cells.items():
                if cell.den is None:  # a count: its list shows exactly that many
                    assert _list_count(client, cell.url) == cell.value, (name, key, cell.url)
                else:  # a rate: its numerator's and denominator's lists
                    assert _list_count(client, cell.num_url) == cell.num, (name, key)
                    assert _list_count(client, cell.den_url) == cell.den, (name, key)
                checked += 1
        assert _overdue(world.a) >= 2  # the items' report clocks have run out by LATER
        for key, cell in board.total.cells.items():
            a, b = rows[world.a.town.pk].cells[key], rows[world.b.town.pk].cells[key]
            if cell.den is None:
                assert cell.value == a.value + b.value, key
                assert _list_count(client, cell.url) == cell.value, (key, cell.url)
            else:
                assert (cell.num, cell.den) == (a.num + b.num, a.den + b.den), key
        assert checked == 2 * len(board.measures)
        html = response.content.decode()
        assert 'id="report-charts"' in html and "<script>" not in html.replace(" ", "")


def test_a_year_without_records_shows_zeros(client, district):
    client.force_login(district.district_x_staff)
    with on(LATER):
        response = client.get(BOARD, {"year": YEAR - 5})
    assert response.status_code == 200
    board = response.context["board"]
    for row in [*board.rows, board.total]:
        for key, cell in row.cells.items():
            assert cell.value == (0 if cell.den is None else None), key
    assert "—" in response.content.decode()


def test_town_staff_see_their_town_only(client, district):
    a, b = district.a, district.b
    client.force_login(a.users["town_staff"])
    with on(LATER):
        board = client.get(BOARD, {"year": YEAR}).context["board"]
        assert [r.town.pk for r in board.rows] == [a.town.pk]
        before = district.before[a.town.pk]["suggestions.proposed"]
        assert (
            board.total.cells["suggestions.proposed"].value == before + EXPECTED["a"]["suggestions.proposed"]
        )
        assert client.get(f"/reports/towns/{a.town.pk}/").status_code == 200
        assert client.get(f"/reports/towns/{b.town.pk}/").status_code == 404
        assert client.get(f"/api/v1/reports/figures?town={b.town.pk}").status_code == 404
    client.force_login(a.users["deputy"])
    assert client.get(BOARD).status_code == 403
    assert client.get(f"/reports/towns/{a.town.pk}/").status_code == 404


def test_the_api_holds_the_same_figures_with_their_lists(client, district):
    client.force_login(district.district_x_staff)
    with on(LATER):
        page = client.get(BOARD, {"year": YEAR}).context["board"]
        data = client.get(f"/api/v1/reports/figures?year={YEAR}").json()
        one = client.get(f"/api/v1/reports/figures?year={YEAR}&town={district.b.town.pk}").json()
    assert data["year"] == YEAR and data["count"] == 2
    for row, item in zip(page.rows, data["items"], strict=True):
        assert item["town"] == row.town.pk
        for f in item["figures"]:
            assert (f["value"], f["url"]) == (row.cells[f["key"]].value, row.cells[f["key"]].url)
    assert [i["town"] for i in one["items"]] == [district.b.town.pk]
    keys = {m["key"]: m for m in data["measures"]}
    assert (keys["suggestions.key_share"]["target_min"], keys["suggestions.key_share"]["target_max"]) == (
        15,
        20,
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_uses_a_fixed_number_of_queries(client, world):
    client.force_login(world.district_x_staff)
    town = f"/reports/towns/{world.a.town.pk}/?year={YEAR}"  # with its units' tables
    with on(LATER):
        few, few_town = _queries(client, f"{BOARD}?year={YEAR}"), _queries(client, town)
    with on(DAY):
        _work(world.a, submitted=2, closed=1, appeals=2, replied=1, items=2)
        _work(world.b, submitted=1, closed=0, appeals=1, replied=1, items=1)
    with on(LATER):
        many, many_town = _queries(client, f"{BOARD}?year={YEAR}"), _queries(client, town)
    assert (few, few_town) == (many, many_town)


def test_the_town_dashboard_shows_its_units_each_figure_its_list_the_slowest_first(client, district):
    from renda.suggestions.models import State, Suggestion

    a, b = district.a, district.b
    unit = a.objects["registry.handlingunit"]
    client.force_login(district.district_x_staff)
    with on(LATER):
        response = client.get(f"/reports/towns/{a.town.pk}/", {"year": YEAR})
        tables = {u["table"].name: u["table"] for u in response.context["unit_tables"]}
        assert set(tables) >= {"suggestions", "rectification"}
        with scopes_disabled():  # test check: the records behind the unit's row
            led = (
                Suggestion.objects.filter(town=a.town, year=YEAR, lead_unit=unit)
                .exclude(state__in=[State.DRAFT, State.MERGED])
                .count()
            )
            items = RectificationItem.objects.filter(town=a.town, created_at__year=YEAR, unit=unit).count()
        rows = {name: cells for name, cells, _slow in tables["suggestions"].rows}
        assert rows[unit.name]["suggestions.led"].value == led >= 3  # the closed and the key ones
        assert (
            {name: c for name, c, _s in tables["rectification"].rows}[unit.name]["rectification.items"].value
            == items
            >= 2
        )
        for table in tables.values():
            for _name, cells, _slow in table.rows:
                for key, cell in cells.items():
                    if cell.den is None:
                        assert _list_count(client, cell.url) == cell.value, (key, cell.url)
                    else:
                        assert _list_count(client, cell.num_url) == cell.num, key
                        assert _list_count(client, cell.den_url) == cell.den, key
            rates = [c[f"{table.name}.{k}"].value for _n, c, _s in table.rows for k in ("on_time_rate", "closed_rate")
                     if f"{table.name}.{k}" in c]  # fmt: skip
            known = [r for r in rates if r is not None]
            assert known == sorted(known)  # the slowest first
        html = response.content.decode()
        assert not re.search(rf"unit={b.objects['registry.handlingunit'].pk}(&|\")", html)  # never town B's
        assert 'data-slow="1"' in html  # the slowest marked
        # A town's staff: their own town's units on their dashboard; the district's page of many towns has none.
        client.force_login(a.users["town_staff"])
        assert client.get(BOARD, {"year": YEAR}).context["unit_tables"]
        client.force_login(district.district_x_staff)
        assert client.get(BOARD, {"year": YEAR}).context["unit_tables"] == []
