"""Station appraisal pages: the list's fixed query count and town filter, the new-appraisal form, steps as
buttons, the score page for a deputy and for staff (a paper sheet), the key-problem form, the rules (wrong role,
another town) and the results DOCX opened in LibreOffice holding the right rows."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from docx import Document

from helpers import docx_text_by_libreoffice
from oversight.appraisal_helpers import serving_deputy, station_unit
from renda.oversight import services
from renda.oversight.models import Appraisal, RectificationItem

LIST = "/oversight/appraisals/"


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    cache.clear()
    yield
    cache.clear()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _appraisals(tw, years):
    with scopes_disabled():  # test set-up
        for y in years:
            services.appraisal_create(town=tw.town, year=y, actor=tw.users["town_staff"])


@pytest.mark.parametrize("role", ["town_staff", "deputy", "district"])
def test_list_page_uses_a_fixed_number_of_queries(client, world, role):
    user = world.district_x_staff if role == "district" else world.a.users[role]
    client.force_login(user)
    few = _count(client, LIST)
    _appraisals(world.a, [2021, 2022, 2023])
    _appraisals(world.b, [2022, 2023])
    assert _count(client, LIST) == few


def test_list_as_district_staff_has_a_town_column_and_filter(client, world):
    client.force_login(world.district_x_staff)
    html = client.get(LIST).content.decode()
    assert 'data-testid="town-filter"' in html
    assert world.a.town.name in html and world.b.town.name in html and world.c.town.name not in html
    only_b = client.get(LIST, {"town": world.b.town.pk})
    assert {a.town_id for a in only_b.context["page"].object_list} == {world.b.town.pk}
    client.force_login(world.a.users["town_staff"])
    r = client.get(LIST)
    assert {a.town_id for a in r.context["page"].object_list} == {world.a.town.pk}
    assert 'data-testid="town-filter"' not in r.content.decode()


def test_staff_create_open_and_enter_a_paper_sheet_on_pages(client, world):
    tw = world.a
    staff = tw.users["town_staff"]
    unit = tw.objects["registry.handlingunit"]
    station_unit(tw, "农技站")
    client.force_login(staff)
    # Weights that do not add up to 100: a Chinese message, what was typed kept, nothing saved.
    bad = client.post(
        "/oversight/appraisals/new/",
        {"year": 2026, "criteria": "服务态度 60\n办事效率 30", "units": [unit.pk]},
    )
    assert bad.status_code == 200 and "权重合计须为 100" in bad.content.decode()
    assert "办事效率 30" in bad.content.decode()
    with scopes_disabled():  # test reads
        assert not Appraisal.objects.filter(town=tw.town, year=2026).exists()
    r = client.post(
        "/oversight/appraisals/new/",
        {"year": 2026, "criteria": "服务态度 60\n办事效率 40", "units": [unit.pk]},
    )
    assert r.status_code == 302
    with scopes_disabled():  # test reads
        a = Appraisal.objects.get(town=tw.town, year=2026)
        assert list(a.stations.values_list("unit_id", flat=True)) == [unit.pk]
        station = a.stations.get()
        c1, c2 = list(a.criteria.all())
    detail = client.get(a.get_absolute_url()).content.decode()
    assert 'data-testid="step-open"' in detail and 'data-testid="step-close"' not in detail
    r = client.post(f"/oversight/appraisals/{a.pk}/open/", {"version": 0}, follow=True)
    assert "已开始测评" in r.content.decode()
    # Staff enter a deputy's paper sheet.
    person, _user = serving_deputy(tw, "赵三")
    url = f"/oversight/appraisal-stations/{station.pk}/score/"
    page = client.get(f"/oversight/appraisals/{a.pk}/score/").content.decode()
    assert "录入纸质测评表" in page
    r = client.post(
        url,
        {f"s{station.pk}-deputy": person.pk, f"s{station.pk}-c{c1.pk}": 90, f"s{station.pk}-c{c2.pk}": 80},
    )
    assert r.status_code == 302
    again = client.post(
        url,
        {f"s{station.pk}-deputy": person.pk, f"s{station.pk}-c{c1.pk}": 70, f"s{station.pk}-c{c2.pk}": 70},
    )
    assert again.status_code == 200 and "不能重复提交" in again.content.decode()
    r = client.post(f"/oversight/appraisals/{a.pk}/close/", {}, follow=True)
    assert "排名已计算" in r.content.decode()
    # The key-problem form makes a rectification item of the station.
    form = client.get(f"/oversight/appraisal-stations/{station.pk}/key-problem/")
    assert form.status_code == 200
    r = client.post(
        f"/oversight/appraisal-stations/{station.pk}/key-problem/",
        {"title": "服务窗口午间无人", "description": "", "unit": unit.pk},
    )
    assert r.status_code == 302
    with scopes_disabled():  # test reads
        assert RectificationItem.objects.filter(station=station, title="服务窗口午间无人").exists()


def test_rules_wrong_role_and_another_town(client, world):
    tw = world.a
    a = tw.objects["oversight.appraisal"]  # closed, from the world
    station = tw.objects["oversight.appraisalstation"]
    api = "/api/v1/oversight"
    for role in ("deputy", "unit_clerk", "petitions"):
        client.force_login(tw.users[role])
        r = client.post(
            f"{api}/appraisals", {"town_id": tw.town.pk, "year": 2030}, content_type="application/json"
        )
        assert r.status_code in (403, 404), (role, r.status_code)
    client.force_login(tw.users["deputy"])
    assert (
        client.post(f"{api}/appraisals/{a.pk}/publish", {}, content_type="application/json").status_code
        == 403
    )
    r = client.post(
        f"{api}/appraisal-stations/{station.pk}/key-problems", {"title": "x"}, content_type="application/json"
    )
    assert r.status_code == 403
    assert client.get(f"/oversight/appraisal-stations/{station.pk}/key-problem/").status_code == 403
    # Another town's staff and presidium: 404 for this town's appraisal.
    for user in (world.b.users["town_staff"], world.b.users["presidium"], world.district_y_staff):
        client.force_login(user)
        assert client.get(a.get_absolute_url()).status_code == 404
        assert (
            client.post(f"{api}/appraisals/{a.pk}/publish", {}, content_type="application/json").status_code
            == 404
        )
    # The service itself refuses a wrong actor or none.
    with scopes_disabled(), pytest.raises(Exception) as exc:
        services.appraisal_publish(appraisal=a, actor=None)
    assert "未指明操作人" in str(exc.value)
    with scopes_disabled(), pytest.raises(Exception) as exc:
        services.appraisal_publish(appraisal=a, actor=world.b.users["presidium"])
    assert "无权" in str(exc.value)


def test_results_docx_opens_in_libreoffice_with_the_ranking(client, world, tmp_path):
    tw = world.a
    a = tw.objects["oversight.appraisal"]
    station = tw.objects["oversight.appraisalstation"]
    client.force_login(tw.users["presidium"])
    with scopes_disabled():  # test set-up: a key problem of the station, before the results are published
        services.appraisal_key_problem_select(
            station=station, title="办事窗口排队时间长", actor=tw.users["presidium"]
        )
        a.refresh_from_db()
    assert client.post(f"/oversight/appraisals/{a.pk}/publish/", {"version": a.version}).status_code == 302
    r = client.get(f"/oversight/appraisals/{a.pk}/results.docx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    doc = Document(io.BytesIO(r.content))
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows[0] == ["排名", "站所", "综合得分", "代表测评", "选民测评", "测评票数", "整改情况"]
    assert rows[1] == [
        "1",
        str(station.unit),
        "85.00",
        "85.00",
        "—",
        "1",
        "整改事项 1 项：未销号 1，已销号 0",
    ]
    text = docx_text_by_libreoffice(r.content, tmp_path)
    assert "人民代表大会主席团" in text and a.title in text
    assert str(station.unit) in text and "85.00" in text and "整改事项 1 项：未销号 1，已销号 0" in text
