"""The practice and six-haves pages: the district's staff add a practice (bad input shown, nothing saved), roll it
out; a town's staff record their adoption (their town only) and fill in and submit the six haves; the district's
grid shows every town's cells with their evidence links; the diffusion page carries its data as JSON (no inline
script); the lists and pages use a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from campaigns.helpers import third_town
from renda.core.actors import SYSTEM
from renda.core.sixhaves import SIX_HAVES
from renda.practices import services
from renda.practices.models import Adoption, Practice, SixHaves

from .helpers import DAY, on, pdf, piloted


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _count(client, url) -> int:
    client.get(url)  # the shared cache warmed (grants, inbox count) after the set-up changed them
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def test_district_staff_add_a_practice_and_roll_it_out(client, world):
    client.force_login(world.a.users["town_staff"])
    assert client.get("/practices/new/").status_code == 403
    client.force_login(world.district_x_staff)
    with scopes_disabled():
        before = Practice.objects.count()
    with on(DAY):
        bad = client.post(
            "/practices/new/", {"name": "站所评议", "pilot_town": world.a.town.pk, "pilot_year": "2030"}
        )
        assert bad.status_code == 200 and "试点年份须在 1980 年至今年之间" in bad.content.decode()
        assert bad.context["form"]["name"].value() == "站所评议"
        other = client.post(
            "/practices/new/", {"name": "站所评议", "pilot_town": world.c.town.pk, "pilot_year": "2020"}
        )
        assert other.status_code == 200  # district Y's town is not among the choices
        with scopes_disabled():
            assert Practice.objects.count() == before
        ok = client.post(
            "/practices/new/",
            {
                "name": "站所评议",
                "pilot_town": world.a.town.pk,
                "pilot_year": "2020",
                "presented_at": "座谈会 https://example.org/x",
            },
        )
        assert ok.status_code == 302
        with scopes_disabled():
            p = Practice.objects.get(name="站所评议")
        page = client.get(p.get_absolute_url())
        assert (
            "在全区推广" in page.content.decode() and 'href="https://example.org/x"' in page.content.decode()
        )
        r = client.post(f"/practices/{p.pk}/rollout/", {"version": p.version})
        assert r.status_code == 302 and "已在全区推广" in _messages(r)[-1]
        again = client.post(f"/practices/{p.pk}/rollout/", {"version": p.version})
        assert "请刷新后重试" in _messages(again)[-1] or "不能进行此操作" in _messages(again)[-1]
    with scopes_disabled():
        p.refresh_from_db()
    assert p.state == "spreading"


def test_town_staff_record_their_own_adoption(client, world):
    p = piloted(world, world.a.town, rolled=True)
    staff = world.b.users["town_staff"]
    client.force_login(staff)
    with on(DAY):
        page = client.get(p.get_absolute_url())
        assert page.status_code == 200
        form = page.context["form"]
        assert list(form.fields["town"].queryset) == [world.b.town]  # their town only
        # Town A's row is listed but not linked for town B's staff.
        assert 'href="/practices/adoptions/' not in page.content.decode().split("adopt-form")[0]
        bad = client.post(f"/practices/{p.pk}/adopt/", {"town": world.a.town.pk, "adopted_on": "2024-04-01"})
        assert bad.status_code == 200 and bad.context["form"].errors["town"]
        r = client.post(
            f"/practices/{p.pk}/adopt/",
            {"town": world.b.town.pk, "adopted_on": "2024-04-01", "evidence": "评议派出所", "file": pdf()},
        )
        assert r.status_code == 302, r.content.decode()[:500]
        with scopes_disabled():
            a = Adoption.objects.get(practice=p, town=world.b.town)
        assert r["Location"] == a.get_absolute_url()
        detail = client.get(a.get_absolute_url())
        assert "制度汇编.pdf" in detail.content.decode()
        f = detail.context["files"][0]
        assert client.get(f.get_absolute_url()).status_code == 200
        client.force_login(world.a.users["town_staff"])
        assert client.get(a.get_absolute_url()).status_code == 404
        assert client.get(f.get_absolute_url()).status_code == 404
        assert client.get(p.get_absolute_url()).context.get("form") is None  # town A already runs it


def test_diffusion_page_carries_its_data_without_inline_script(client, world):
    p = piloted(world, world.a.town, year=2023, rolled=True)
    with on(DAY), scopes_disabled():
        services.adoption_record(
            practice=p,
            town=world.b.town,
            data={"adopted_on": dt.date(2025, 5, 1)},
            actor=world.district_x_staff,
        )
    client.force_login(world.district_x_staff)
    with on(DAY):
        r = client.get("/practices/diffusion/")
    html = r.content.decode()
    assert r.status_code == 200 and 'id="diffusion-data"' in html and "<script>" not in html.replace(" ", "")
    data = json.loads(html.split('id="diffusion-data" type="application/json">')[1].split("</script>")[0])
    s = next(x for x in data["series"] if x["name"] == "基层站所评议")
    assert dict(zip(data["years"], s["data"], strict=True))[2025] == 2 and s["url"] == p.get_absolute_url()


def test_town_staff_fill_in_and_submit_the_six_haves(client, world):
    tw = world.b
    s = tw.objects["practices.sixhaves"]
    client.force_login(tw.users["town_staff"])
    with on(DAY):
        page = client.get(s.get_absolute_url())
        assert page.status_code == 200 and set(page.context["item_forms"]) == set(SIX_HAVES)
        r = client.post(f"/practices/six-haves/{s.pk}/submit/", {"version": s.version})
        assert "以下项目尚未确认" in _messages(r)[-1]
        bad = client.post(f"/practices/six-haves/{s.pk}/budget/", {"budget": "-3"})
        assert bad.status_code == 200 and bad.context["budget_form"].errors
        assert client.post(f"/practices/six-haves/{s.pk}/budget/", {"budget": "12.5"}).status_code == 302
        for key in SIX_HAVES:
            data = {"item": key, f"{key}-key": key, f"{key}-confirmed": "on", f"{key}-note": "已落实"}
            if key == "rules":
                data[f"{key}-file"] = pdf()
            r = client.post(f"/practices/six-haves/{s.pk}/item/", data)
            assert r.status_code == 302, (key, r.content.decode()[:300])
        with scopes_disabled():
            s.refresh_from_db()
        r = client.post(f"/practices/six-haves/{s.pk}/submit/", {"version": s.version})
        assert _messages(r)[-1] == "已报送六有自评"
        done = client.get(s.get_absolute_url())
        assert "item_forms" not in done.context and "制度汇编.pdf" in done.content.decode()
        client.force_login(world.a.users["town_staff"])
        assert client.get(s.get_absolute_url()).status_code == 404
        client.force_login(world.district_x_staff)
        assert client.get(f"/practices/six-haves/{s.pk}/return/").status_code == 200
        r = client.post(f"/practices/six-haves/{s.pk}/return/", {"reason": "请补充材料"})
        assert r.status_code == 302
    with scopes_disabled():
        s.refresh_from_db()
    assert s.state == "draft" and s.returned_reason == "请补充材料"


def test_the_open_form_opens_once(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    with scopes_disabled():
        SixHaves.objects.filter(town=tw.town, year=DAY.year - 1).delete()
    with on(DAY):
        first = client.post("/practices/six-haves/open/", {"town": tw.town.pk, "year": DAY.year - 1})
        second = client.post("/practices/six-haves/open/", {"town": tw.town.pk, "year": DAY.year - 1})
        assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
        bad = client.post("/practices/six-haves/open/", {"town": tw.town.pk, "year": DAY.year + 1})
        assert bad.status_code == 200 and bad.context["form"].errors["year"]
    with scopes_disabled():
        assert SixHaves.objects.filter(town=tw.town, year=DAY.year - 1).count() == 1
    client.force_login(world.district_x_staff)
    assert client.get("/practices/six-haves/open/").status_code == 403


def test_the_grid_shows_every_town_of_the_district_with_evidence_links(client, world):
    year = world.a.objects["practices.sixhaves"].year
    client.force_login(world.district_x_staff)
    r = client.get("/practices/six-haves/grid/", {"year": year})
    assert r.status_code == 200
    rows = r.context["rows"]
    assert [row.town for row in rows] == [world.a.town, world.b.town]
    assert all(len(row.cells) == 6 for row in rows)
    platform = rows[0].cells[1]
    assert (
        platform.key == "platform" and platform.evidence and platform.evidence[0]["url"] in r.content.decode()
    )
    client.force_login(world.a.users["town_staff"])
    assert client.get("/practices/six-haves/grid/").status_code == 403
    # The list: a town's staff their own; its count is what the dashboard links to.
    r = client.get("/practices/six-haves/", {"year": year})
    assert [s.town for s in r.context["page"].object_list] == [world.a.town]


@pytest.mark.parametrize("who", ["district", "town_staff"])
def test_pages_use_a_fixed_number_of_queries(client, world, who):
    user = world.district_x_staff if who == "district" else world.a.users["town_staff"]
    year = world.a.objects["practices.sixhaves"].year
    small = piloted(world, world.b.town, name="试点一", rolled=True)
    client.force_login(user)

    def urls(p):
        pages = [
            "/practices/",
            p.get_absolute_url(),
            "/practices/diffusion/",
            f"/practices/six-haves/?year={year}",
        ]
        pages.append(world.a.objects["practices.sixhaves"].get_absolute_url())
        return pages + (["/practices/six-haves/grid/"] if who == "district" else [])

    with on(DAY):
        few = [_count(client, u) for u in urls(small)]
    town_c, staff_c = third_town(world)
    with scopes_disabled():  # on the world's clock, as town A's was made
        services.sixhaves_open(town=town_c, year=year, actor=staff_c)
    big = None
    for i in range(3):
        p = piloted(world, world.b.town, name=f"做法{i}", rolled=True)
        big = big or p
        with on(DAY), scopes_disabled():
            for town in (town_c,):  # town A may still record its own on both pages
                services.adoption_record(
                    practice=p, town=town, data={"adopted_on": dt.date(2024, 1, 1)}, actor=SYSTEM
                )
    with on(DAY):
        many = [_count(client, u) for u in urls(big)]
    assert few == many


def test_the_practice_page_links_the_exchange_meetings_where_it_was_presented(client, world):
    from renda.campaigns import services as campaigns

    a, b = world.a, world.b
    practice = piloted(world, a.town, rolled=True)
    chair = a.objects["registry.person"]
    with on(DAY), scopes_disabled():  # test set-up: a seminar where town A presented the practice
        meeting = campaigns.meeting_create(
            district=world.x,
            data={"kind": "seminar", "date": DAY, "participants": [chair], "minutes": "交流站所评议"},
            actor=world.district_x_staff,
        )
        campaigns.experience_add(
            meeting=meeting,
            text="评议结果与站所年终考核挂钩",
            town=a.town,
            practice_name=practice.name,
            actor=SYSTEM,
        )
        campaigns.experience_add(meeting=meeting, text="另一项做法", practice_name="接访日", actor=SYSTEM)
    for user, sees in (
        (world.district_x_staff, True),
        (a.users["town_staff"], True),
        (b.users["town_staff"], False),
    ):
        client.force_login(user)
        with on(DAY):
            response = client.get(practice.get_absolute_url())
        mentions = response.context["mentions"]
        assert [m.text for m in mentions] == (["评议结果与站所年终考核挂钩"] if sees else []), user
        if sees:  # the meeting opens for whoever sees the mention (town B took no part in it)
            assert mentions[0].url == meeting.get_absolute_url() and mentions[0].town == a.town.name
            assert client.get(mentions[0].url).status_code == 200
