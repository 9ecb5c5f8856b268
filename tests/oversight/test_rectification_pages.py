"""The rectification pages as a unit clerk, town staff, the presidium and district staff of both towns: the list
(town column, filters, a fixed query count), the item's page with its steps as small forms, evidence downloads,
the create page, and the unit's items where it answers its suggestions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from renda.oversight import services
from renda.oversight.models import RectificationItem
from suggestions.helpers import on, pdf, second_unit

LIST = "/oversight/items/"


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _items(tw, n: int, unit=None) -> list[RectificationItem]:
    with scopes_disabled():  # test set-up
        return [
            services.rectification_item_create(
                town=tw.town,
                title=f"整改事项{i}",
                unit=unit or tw.objects["registry.handlingunit"],
                actor=tw.users["town_staff"],
            )
            for i in range(n)
        ]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("role", ["town_staff", "presidium", "unit_clerk", "district"])
def test_list_page_uses_a_fixed_number_of_queries(client, world, role):
    user = world.district_x_staff if role == "district" else world.a.users[role]
    client.force_login(user)
    few = _count(client, LIST)
    _items(world.a, 4)
    _items(world.b, 3)
    many = _count(client, LIST)
    assert few == many


def test_list_as_district_staff_shows_both_towns_with_a_town_filter(client, world):
    a, b = world.a, world.b
    client.force_login(world.district_x_staff)
    html = client.get(LIST).content.decode()
    assert 'data-testid="town-filter"' in html
    assert a.town.name in html and b.town.name in html
    assert world.c.town.name not in html
    only_b = client.get(LIST, {"town": b.town.pk})
    rows = only_b.context["rows"]
    assert {r["item"].town_id for r in rows} == {b.town.pk}
    # Town staff see their own town only, without a town column.
    client.force_login(a.users["town_staff"])
    r = client.get(LIST)
    assert {row["item"].town_id for row in r.context["rows"]} == {a.town.pk}
    assert 'data-testid="town-filter"' not in r.content.decode()


def test_list_filters_state_unit_overdue(client, world):
    tw = world.a
    unit2, _clerk2 = second_unit(tw)
    with on(dt.date(2026, 3, 2)):
        late = _items(tw, 1)[0]
        other = _items(tw, 1, unit=unit2)[0]
    client.force_login(tw.users["town_staff"])
    with on(dt.date(2026, 5, 7)):  # after the deadline (6 May)
        ids = [r["item"].pk for r in client.get(LIST, {"overdue": "1"}).context["rows"]]
        assert late.pk in ids and other.pk in ids
        html = client.get(LIST, {"overdue": "1"}).content.decode()
        assert "已超期" in html and "table-cards" in html
    ids = [r["item"].pk for r in client.get(LIST, {"unit": unit2.pk}).context["rows"]]
    assert ids == [other.pk]
    assert client.get(LIST, {"state": "closed"}).context["rows"] == []
    assert len(client.get(LIST, {"state": "assigned"}).context["rows"]) == 3  # with the world's own item


def test_unit_clerk_answers_on_the_page_and_staff_verify(client, world):
    tw = world.a
    staff, clerk, presidium = tw.users["town_staff"], tw.users["unit_clerk"], tw.users["presidium"]
    item = tw.objects["oversight.rectificationitem"]
    url = f"/oversight/items/{item.pk}/"

    # The unit sees only its items, and the steps it may take: a report form, no verification.
    client.force_login(clerk)
    rows = client.get(LIST).context["rows"]
    assert [r["item"].pk for r in rows] == [item.pk]
    page = client.get(url)
    assert "report_form" in page.context and "accept_form" not in page.context
    # The world's progress report carries evidence: its download works for the unit, not for another town.
    with scopes_disabled():  # test read
        report = item.reports.get()
    r = client.get(f"/oversight/item-reports/{report.pk}/file/")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    client.force_login(world.b.users["unit_clerk"])
    assert client.get(f"/oversight/item-reports/{report.pk}/file/").status_code == 404
    assert client.get(url).status_code == 404

    # An empty report is refused next to its field, with what was typed kept.
    client.force_login(clerk)
    r = client.post(
        f"{url}report/", {"kind": "completion", "text": "", "version": item.version, "tab": "handling"}
    )
    assert r.status_code == 200 and r.context["report_form"].errors["text"]
    r = client.post(
        f"{url}report/",
        {"kind": "completion", "text": "已全部整改", "file": pdf("完成.pdf"), "version": item.version},
    )
    assert r.status_code == 302 and _messages(r) == ["已报送"]
    item.refresh_from_db()
    assert item.state == "reported"

    # The unit cannot verify.
    assert client.post(f"{url}accept/", {"version": item.version}).status_code == 302
    item.refresh_from_db()
    assert item.state == "reported"

    # The presidium rejects with a reason and a new deadline: back to the unit.
    client.force_login(presidium)
    page = client.get(url)
    assert (
        "accept_form" in page.context and "reject_form" in page.context and "report_form" not in page.context
    )
    r = client.post(f"{url}reject/", {"reason": "", "version": item.version})
    assert r.status_code == 200 and r.context["reject_form"].errors["reason"]
    due = item.due_date + dt.timedelta(days=30)
    r = client.post(
        f"{url}reject/", {"reason": "佐证不足", "due_date": due.isoformat(), "version": item.version}
    )
    assert r.status_code == 302, r.context and r.context["reject_form"].errors
    item.refresh_from_db()
    assert (item.state, item.rejections, item.last_reason) == ("assigned", 1, "佐证不足")
    assert "佐证不足" in client.get(url).content.decode()

    # A stale form (someone acted first) is told to reload, nothing changes.
    client.force_login(clerk)
    client.post(f"{url}report/", {"kind": "completion", "text": "补充佐证", "version": item.version})
    item.refresh_from_db()
    client.force_login(staff)
    r = client.post(f"{url}accept/", {"version": item.version - 1})
    assert r.status_code == 302 and any("刷新" in m for m in _messages(r))
    item.refresh_from_db()
    assert item.state == "reported"
    r = client.post(f"{url}accept/", {"version": item.version})
    item.refresh_from_db()
    assert item.state == "closed" and item.recheck_date is not None

    # 回头看 on the page: reopening without a reason is refused; with one the item goes back to the unit.
    page = client.get(url)
    assert "recheck_form" in page.context
    r = client.post(f"{url}recheck/", {"confirmed": "0", "reason": "", "version": item.version})
    assert r.status_code == 200 and r.context["recheck_form"].errors["reason"]
    r = client.post(f"{url}recheck/", {"confirmed": "0", "reason": "问题反弹", "version": item.version})
    item.refresh_from_db()
    assert (item.state, item.reopenings) == ("reopened", 1)
    history = client.get(url).context["history"]
    assert [a.code for a, _l, _d in history if a.code.startswith("rectification.")][:3] == [
        "rectification.reopened",
        "rectification.closed",
        "rectification.reported",
    ]


def test_district_staff_see_both_towns_items_but_not_another_district(client, world):
    client.force_login(world.district_x_staff)
    for tw in (world.a, world.b):
        item = tw.objects["oversight.rectificationitem"]
        assert client.get(f"/oversight/items/{item.pk}/").status_code == 200
    assert (
        client.get(f"/oversight/items/{world.c.objects['oversight.rectificationitem'].pk}/").status_code
        == 404
    )
    client.force_login(world.district_y_staff)
    assert (
        client.get(f"/oversight/items/{world.a.objects['oversight.rectificationitem'].pk}/").status_code
        == 404
    )


def test_create_page_for_town_staff(client, world):
    tw = world.a
    unit = tw.objects["registry.handlingunit"]
    client.force_login(tw.users["unit_clerk"])
    assert client.get("/oversight/items/new/").status_code == 403
    client.force_login(tw.users["town_staff"])
    assert client.get("/oversight/items/new/").status_code == 200
    r = client.post("/oversight/items/new/", {"title": "", "unit": unit.pk})
    assert r.status_code == 200 and r.context["form"].errors["title"]
    # Another town's unit is not a choice.
    r = client.post(
        "/oversight/items/new/", {"title": "x", "unit": world.b.objects["registry.handlingunit"].pk}
    )
    assert r.status_code == 200 and r.context["form"].errors["unit"]
    with on(dt.date(2026, 3, 2)):
        r = client.post("/oversight/items/new/", {"title": "河道保洁不到位", "unit": unit.pk})
    assert r.status_code == 302
    with scopes_disabled():  # test read
        item = RectificationItem.objects.get(title="河道保洁不到位")
    assert r["Location"] == f"/oversight/items/{item.pk}/"
    assert item.due_date == dt.date(2026, 5, 6)


def test_unit_sees_its_items_where_it_answers_suggestions(client, world):
    tw = world.a
    clerk = tw.users["unit_clerk"]
    client.force_login(clerk)
    html = client.get("/suggestions/?role=unit").content.decode()
    assert 'data-testid="unit-waiting"' in html
    assert 'data-testid="oversight.rectification"' in html
    assert (
        'data-testid="oversight.rectification">本单位待整改事项<span class="badge rounded-pill text-bg-danger" data-testid="waiting-count">1</span>'
        in html
    )
    # Another unit without items sees no box; the link lists the unit's items in hand.
    _unit2, clerk2 = second_unit(tw)
    client.force_login(clerk2)
    assert 'data-testid="unit-waiting"' not in client.get("/suggestions/?role=unit").content.decode()
    client.force_login(clerk)
    r = client.get(LIST, {"role": "unit", "state": "in_hand"})
    assert [row["item"].pk for row in r.context["rows"]] == [tw.objects["oversight.rectificationitem"].pk]


@pytest.mark.parametrize("role", ["town_staff", "unit_clerk"])
def test_item_page_uses_a_fixed_number_of_queries(client, world, role):
    tw = world.a
    item = tw.objects["oversight.rectificationitem"]
    client.force_login(tw.users[role])
    url = f"/oversight/items/{item.pk}/"
    few = _count(client, url)
    with scopes_disabled():  # test set-up
        for i in range(3):
            services.rectification_report_add(
                item=item,
                kind="progress",
                text=f"第{i}次进展",
                file=pdf(f"照片{i}.pdf"),
                actor=tw.users["unit_clerk"],
            )
    assert _count(client, url) == few
