"""Station appraisal (基层站所评议) end to end — criteria, deputy and portal scores, the ranking, key problems that
become rectification items, publication — and the issue's bad input: each a clear error, nothing changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled

from helpers import activity_codes
from oversight.appraisal_helpers import API, jpost, serving_deputy, station_unit, voter_post
from renda.core.errors import Conflict
from renda.oversight import services
from renda.oversight.models import Appraisal, AppraisalStation, RectificationItem, ScoreSheet


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    cache.clear()
    yield
    cache.clear()


def sheets() -> int:
    """The sheets of the tests' appraisals (2026; the world has its own of 2024)."""
    with scopes_disabled():  # test reads
        return ScoreSheet.objects.filter(station__appraisal__year=2026).count()


def _setup(client, tw):
    staff = tw.users["town_staff"]
    u1 = tw.objects["registry.handlingunit"]  # 派出所 (a station)
    u2 = station_unit(tw, "市场监管所")
    u3 = station_unit(tw, "供电所")
    payload = {
        "town_id": tw.town.pk,
        "year": 2026,
        "criteria": [
            {"name": "服务态度", "weight": 40},
            {"name": "办事效率", "weight": 30},
            {"name": "依法办事", "weight": 30},
        ],
    }
    r = jpost(client, staff, API, payload)
    assert r.status_code == 201, r.content
    body = r.json()
    assert [c["weight"] for c in body["criteria"]] == [40, 30, 30]
    assert {s["unit"] for s in body["stations"]} == {u1.pk, u2.pk, u3.pk}
    with scopes_disabled():  # test reads
        a = Appraisal.objects.get(pk=body["id"])
        st = {s.unit_id: s for s in AppraisalStation.objects.filter(appraisal=a)}
    return a, body, [st[u1.pk], st[u2.pk], st[u3.pk]]


def _scores(body, values):
    return {c["id"]: v for c, v in zip(body["criteria"], values, strict=True)}


def test_station_appraisal_end_to_end(client, world):
    tw = world.a
    staff, presidium, deputy = tw.users["town_staff"], tw.users["presidium"], tw.users["deputy"]
    d2, d2_user = serving_deputy(tw, "王二")
    a, body, (s1, s2, s3) = _setup(client, tw)
    assert body["state"] == "draft" and body["actions"] == ["open", "update"]

    # Scoring opens; the printed notice carries the QR code of the portal form.
    r = jpost(client, staff, f"{API}/{a.pk}/open", {"version": body["version"]})
    assert r.status_code == 200 and r.json()["state"] == "scoring", r.content
    notice = client.get(f"/oversight/appraisals/{a.pk}/notice/")
    assert notice.status_code == 200 and f"/p/appraisal/?t={a.token}" in notice.content.decode()
    assert "data:image/svg+xml" in notice.content.decode()

    # A deputy scores two stations for themselves; staff enter a second deputy's paper sheet.
    url1, url2 = (
        f"/api/v1/oversight/appraisal-stations/{s1.pk}/scores",
        f"/api/v1/oversight/appraisal-stations/{s2.pk}/scores",
    )
    r = jpost(client, deputy, url1, {"scores": _scores(body, [90, 80, 70]), "opinion": "窗口服务热情"})
    assert r.status_code == 201, r.content
    assert Decimal(r.json()["total"]) == Decimal("81.00")  # 90×40% + 80×30% + 70×30%
    assert jpost(client, deputy, url2, {"scores": _scores(body, [60, 60, 60])}).status_code == 201
    r = jpost(client, staff, url1, {"scores": _scores(body, [70, 70, 70]), "deputy_id": d2.pk})
    assert r.status_code == 201, r.content
    # The deputy's score page shows their sheets as done.
    client.force_login(deputy)
    page = client.get(f"/oversight/appraisals/{a.pk}/score/").content.decode()
    assert page.count('data-testid="sheet-done"') == 2

    # Voters score on the portal, no account: one sheet per phone and station.
    client.logout()
    form = client.get(f"/p/appraisal/?t={a.token}")
    assert form.status_code == 200 and "手机号码" in form.content.decode()
    r = voter_post(client, a, s1, "13900000001", [100, 100, 100], opinion="办证排队时间太长")
    assert r.status_code == 302, r.content.decode()[:2000]
    assert "感谢您的测评" in client.get(r["Location"]).content.decode()
    assert voter_post(client, a, s2, "13900000001", [80, 80, 80]).status_code == 302
    with scopes_disabled():  # test reads
        voter_sheets = list(ScoreSheet.objects.filter(source="voter", station__appraisal=a))
    assert len(voter_sheets) == 2 and all(
        s.phone_digest and "13900000001" not in s.phone_digest for s in voter_sheets
    )
    assert all(s.deputy_id is None for s in voter_sheets)

    # Scoring ends: deputies' average 75.5 mixed 70/30 with the voters' 100 → 82.85; 60 and 80 → 66.00; the
    # third station has no sheets and no rank.
    r = jpost(client, staff, f"{API}/{a.pk}/close", {})
    assert r.status_code == 200, r.content
    ranking = [
        (s["name"], s["rank"], s["score"], s["deputy_sheets"], s["voter_sheets"])
        for s in r.json()["stations"]
    ]
    assert ranking == [
        (str(s1.unit), 1, "82.85", 2, 1),
        (str(s2.unit), 2, "66.00", 1, 1),
        (str(s3.unit), None, None, 0, 0),
    ]
    assert r.json()["actions"] == ["publish", "select"]
    # No more sheets once scoring has ended.
    assert jpost(client, d2_user, url2, {"scores": _scores(body, [50, 50, 50])}).status_code == 409

    # The presidium selects a key problem of the second station: a rectification item of that station.
    r = jpost(
        client,
        presidium,
        f"/api/v1/oversight/appraisal-stations/{s2.pk}/key-problems",
        {"title": "食品抽检公示不及时", "description": "选民反映抽检结果未按时公示"},
    )
    assert r.status_code == 201, r.content
    item_id = r.json()["id"]
    with scopes_disabled():  # test reads
        item = RectificationItem.objects.get(pk=item_id)
    assert (item.station_id, item.unit_id, item.state) == (s2.pk, s2.unit_id, "assigned")
    assert item.due_date is not None

    # Published: the ranking stays; the portal page shows it with the rectification status, no phone numbers
    # and no deputy's name.
    r = jpost(client, presidium, f"{API}/{a.pk}/publish", {})
    assert r.status_code == 200 and r.json()["state"] == "published", r.content
    assert [(s["rank"], s["score"], s["rectification_open"]) for s in r.json()["stations"]] == [
        (1, "82.85", 0),
        (2, "66.00", 1),
        (None, None, 0),
    ]
    client.logout()
    public = client.get(f"/p/appraisal/results/?t={a.token}")
    assert public.status_code == 200
    html = public.content.decode()
    assert str(s1.unit) in html and "82.85" in html and "整改事项 1 项：未销号 1，已销号 0" in html
    assert "13900000001" not in html and d2.name not in html and "窗口服务热情" not in html

    # The staff's page: ranking, rectification status and the opinions per station.
    client.force_login(staff)
    detail = client.get(f"/oversight/appraisals/{a.pk}/").content.decode()
    assert "窗口服务热情" in detail and "办事排队" not in detail and "办证排队时间太长" in detail
    assert "未销号 1，已销号 0" in detail
    codes = activity_codes(a)
    for code in ("appraisal.created", "appraisal.opened", "scoresheet.created", "appraisal.closed",
                 "appraisal.key_problem", "appraisal.published"):  # fmt: skip
        assert code in codes
    assert "rectification.created" in activity_codes(item)


def test_bad_input_is_refused_and_nothing_changes(client, world):
    tw = world.a
    staff, deputy = tw.users["town_staff"], tw.users["deputy"]
    a, body, (s1, s2, _s3) = _setup(client, tw)
    url1 = f"/api/v1/oversight/appraisal-stations/{s1.pk}/scores"

    # Scoring before it opens: 409.
    r = jpost(client, deputy, url1, {"scores": _scores(body, [80, 80, 80])})
    assert r.status_code == 409 and "不能提交测评表" in r.json()["detail"], r.content
    assert voter_post(client, a, s1, "13900000002", [80, 80, 80]).status_code == 404  # not open to voters yet
    # Weights that do not add up to 100.
    client.force_login(staff)
    r = client.patch(
        f"{API}/{a.pk}", {"criteria": [{"name": "服务态度", "weight": 50}]}, content_type="application/json"
    )
    assert r.status_code == 422 and "权重合计须为 100" in str(r.json()), r.content
    assert jpost(client, staff, f"{API}/{a.pk}/open", {}).status_code == 200
    assert sheets() == 0

    # Outside the scale: 422 by the API, a Chinese message on the page, nothing saved.
    r = jpost(client, deputy, url1, {"scores": _scores(body, [101, 80, 80])})
    assert r.status_code == 422 and "0 至 100" in str(r.json()), r.content
    client.force_login(deputy)
    page = client.post(
        f"/oversight/appraisal-stations/{s1.pk}/score/",
        {f"s{s1.pk}-c{c['id']}": v for c, v in zip(body["criteria"], [150, 80, 80], strict=True)},
    )
    assert page.status_code == 200 and "0 至 100 之间的整数" in page.content.decode()
    assert voter_post(client, a, s1, "13900000002", [80, 80, 120]).status_code == 200
    assert sheets() == 0

    # A second sheet by the same deputy or phone: 409 / a message, the first one stays alone.
    assert jpost(client, deputy, url1, {"scores": _scores(body, [80, 80, 80])}).status_code == 201
    r = jpost(client, deputy, url1, {"scores": _scores(body, [90, 90, 90])})
    assert r.status_code == 409 and "不能重复提交" in r.json()["detail"]
    client.logout()
    assert voter_post(client, a, s1, "13900000002", [70, 70, 70]).status_code == 302
    again = voter_post(client, a, s1, "13900000002", [10, 10, 10], ip="10.2.2.2")
    assert again.status_code == 200 and "该手机号已提交过" in again.content.decode()
    bad_phone = voter_post(client, a, s1, "12345", [10, 10, 10])
    assert bad_phone.status_code == 200 and "请填写正确的11位手机号码" in bad_phone.content.decode()
    assert sheets() == 2

    # A deputy of another town: the station is not theirs to see (404); staff cannot enter a paper sheet for
    # a deputy of another town (422); the service refuses it too.
    other = world.b.users["deputy"]
    assert jpost(client, other, url1, {"scores": _scores(body, [80, 80, 80])}).status_code == 404
    b_person = world.b.objects["registry.person"]
    r = jpost(client, staff, url1, {"scores": _scores(body, [80, 80, 80]), "deputy_id": b_person.pk})
    assert r.status_code == 422
    with scopes_disabled(), pytest.raises(PermissionDenied):  # a direct call with the other town's deputy
        services.appraisal_score_deputy(station=s2, deputy=b_person, scores={}, actor=other)
    with scopes_disabled(), pytest.raises(ValidationError):
        services.appraisal_score_deputy(station=s2, deputy=b_person, scores={}, actor=staff)
    assert sheets() == 2


def test_voters_are_rate_limited_per_address_and_phone(client, world, settings):
    settings.RENDA = {
        **settings.RENDA,
        "APPRAISAL_RATE_PER_IP": (2, 3600),
        "APPRAISAL_RATE_PER_PHONE": (1, 86400),
    }
    tw = world.a
    a, _body, (s1, s2, s3) = _setup(client, tw)
    with scopes_disabled():  # test set-up
        services.appraisal_open(appraisal=a, actor=tw.users["town_staff"])
    client.logout()
    assert voter_post(client, a, s1, "13900000011", [80, 80, 80]).status_code == 302
    same_phone = voter_post(client, a, s2, "13900000011", [80, 80, 80], ip="10.3.3.3")
    assert "该手机号今日提交次数已达上限" in same_phone.content.decode()
    assert voter_post(client, a, s1, "13900000012", [80, 80, 80]).status_code == 302
    third = voter_post(client, a, s3, "13900000013", [80, 80, 80])
    assert "提交过于频繁" in third.content.decode()
    assert sheets() == 2
    # A stale version is refused (someone else moved the appraisal since it was read).
    with scopes_disabled(), pytest.raises(Conflict):
        services.appraisal_close(appraisal=a, actor=tw.users["town_staff"], version=0)


def test_criteria_and_stations_change_only_in_preparation(world):
    tw = world.a
    staff = tw.users["town_staff"]
    extra = station_unit(tw, "水务站")
    office = tw.objects["registry.handlingunit"]
    with scopes_disabled():  # service calls across the test's set-up
        a = services.appraisal_create(
            town=tw.town,
            year=2026,
            criteria=[("服务态度", 60), ("办事效率", 40)],
            units=[office],
            actor=staff,
        )
        c = services.appraisal_criterion_add(appraisal=a, name="廉洁自律", weight=20, actor=staff)
        with pytest.raises(ValidationError, match="权重合计须为 100"):  # 120 now: scoring cannot open
            services.appraisal_open(appraisal=a, actor=staff)
        services.appraisal_criterion_remove(criterion=c, actor=staff)
        st = services.appraisal_station_add(appraisal=a, unit=extra, actor=staff)
        with pytest.raises(ValidationError, match="已在参评名单中"):
            services.appraisal_station_add(appraisal=a, unit=extra, actor=staff)
        services.appraisal_station_remove(station=st, actor=staff)
        assert [s.unit_id for s in a.stations.all()] == [office.pk]
        services.appraisal_open(appraisal=a, actor=staff)
        with pytest.raises(Conflict):  # scoring: the criteria stay as they are
            services.appraisal_criterion_add(appraisal=a, name="群众满意度", weight=10, actor=staff)
        with pytest.raises(PermissionDenied):
            services.appraisal_station_add(appraisal=a, unit=extra, actor=tw.users["deputy"])
        assert [(x.name, x.weight) for x in a.criteria.all()] == [("服务态度", 60), ("办事效率", 40)]
    assert activity_codes(a).count("appraisal.updated") == 4


def test_staff_enter_a_pile_of_paper_sheets_all_or_nothing(client, world):
    tw = world.a
    staff = tw.users["town_staff"]
    a, body, (s1, _s2, _s3) = _setup(client, tw)
    d1 = tw.objects["registry.person"]
    d2, _u = serving_deputy(tw, "钱四")
    scores = _scores(body, [80, 90, 70])
    with scopes_disabled():  # service calls
        services.appraisal_open(appraisal=a, actor=staff)
        pile = [
            {"deputy": d1, "scores": scores},
            {"deputy": world.b.objects["registry.person"], "scores": scores},
        ]
        with pytest.raises(ValidationError, match="不是本镇"):  # a deputy of another town in the pile
            services.appraisal_paper_sheets_enter(station=s1, sheets=pile, actor=staff)
        with pytest.raises(ValidationError, match="之间的整数"):  # one sheet off the scale
            services.appraisal_paper_sheets_enter(
                station=s1, sheets=[{"deputy": d1, "scores": scores}, {"deputy": d2, "scores": _scores(body, [1, 2, 300])}],
                actor=staff,
            )  # fmt: skip
        assert sheets() == 0
        with pytest.raises(PermissionDenied):
            services.appraisal_paper_sheets_enter(station=s1, sheets=pile[:1], actor=tw.users["deputy"])
        made = services.appraisal_paper_sheets_enter(
            station=s1, sheets=[{"deputy": d1, "scores": scores, "opinion": "好"}, {"deputy": d2, "scores": scores}],
            actor=staff,
        )  # fmt: skip
        assert [m.total for m in made] == [Decimal("80.00"), Decimal("80.00")]  # 32 + 27 + 21
        with pytest.raises(Conflict, match="不能重复提交"):
            services.appraisal_paper_sheets_enter(
                station=s1, sheets=[{"deputy": d2, "scores": scores}], actor=staff
            )
        s1.refresh_from_db()
    assert sheets() == 2 and s1.sheets == 2
    assert activity_codes(a).count("scoresheet.created") == 2
