"""The practices API: practices (create, roll out, sum up, the towns' adoptions, the diffusion) and the six haves
(open, budget, items, submit, return, the grid) with the same rules as the pages — 403 for a wrong role, 404 for
another town's or district's record, 409 for a state that does not allow the step, 422 for bad input with nothing
changed."""

from __future__ import annotations

from django_scopes import scopes_disabled

from renda.core.sixhaves import SIX_HAVES
from renda.practices.models import Adoption, Practice

from .helpers import DAY, on

API = "/api/v1/practices"


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {}, content_type="application/json")


def patch(client, user, url, data):
    client.force_login(user)
    return client.patch(url, data, content_type="application/json")


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_practice_through_the_api(client, world):
    district, staff_a, staff_b = (
        world.district_x_staff,
        world.a.users["town_staff"],
        world.b.users["town_staff"],
    )
    body = {
        "name": "接访日",
        "pilot_town_id": world.a.town.pk,
        "pilot_year": 2021,
        "description": "每月1、11、21日接访",
    }
    with on(DAY):
        assert post(client, staff_a, f"{API}/practices", body).status_code == 403
        with scopes_disabled():
            before = Practice.objects.count()
        for bad in ({"pilot_town_id": world.c.town.pk}, {"pilot_year": 2031}, {"name": ""}):
            r = post(client, district, f"{API}/practices", body | bad)
            assert r.status_code == 422, (bad, r.content)
        with scopes_disabled():
            assert Practice.objects.count() == before
        r = post(client, district, f"{API}/practices", body)
        assert r.status_code == 201, r.content
        p = r.json()
        pk = p["id"]
        assert (p["state"], p["actions"], [a["town_name"] for a in p["adoptions"]]) == (
            "piloting",
            ["rollout"],
            [world.a.town.name],
        )
        assert get(client, staff_b, f"{API}/practices/{pk}").status_code == 404  # piloting in town A
        assert get(client, world.district_y_staff, f"{API}/practices/{pk}").status_code == 404
        adopt = {"town_id": world.b.town.pk, "adopted_on": "2023-04-01", "evidence": "进村接访"}
        assert post(client, district, f"{API}/practices/{pk}/adoptions", adopt).status_code == 422  # piloting
        assert (
            post(client, district, f"{API}/practices/{pk}/rollout", {"version": p["version"]}).status_code
            == 200
        )
        assert post(client, district, f"{API}/practices/{pk}/rollout", {}).status_code == 409
        other = post(
            client, district, f"{API}/practices/{pk}/adoptions", adopt | {"town_id": world.c.town.pk}
        )
        assert other.status_code == 422 and "不是本区" in str(other.json()["detail"])
        assert post(client, staff_a, f"{API}/practices/{pk}/adoptions", adopt).status_code == 403
        r = post(client, staff_b, f"{API}/practices/{pk}/adoptions", adopt)
        assert r.status_code == 201, r.content
        apk = r.json()["id"]
        assert post(client, staff_b, f"{API}/practices/{pk}/adoptions", adopt).status_code == 409
        with scopes_disabled():
            assert Adoption.objects.filter(practice_id=pk).count() == 2
        r = patch(client, staff_b, f"{API}/adoptions/{apk}", {"lessons": "责任到人", "version": 0})
        assert r.status_code == 200 and r.json()["lessons"] == "责任到人"
        assert get(client, staff_a, f"{API}/adoptions/{apk}").status_code == 404
        assert [i["id"] for i in get(client, staff_b, f"{API}/adoptions?practice={pk}").json()["items"]] == [
            apk
        ]
        assert get(client, staff_b, f"{API}/adoptions/{apk}/history").json()[0]["code"] == "adoption.updated"
        assert post(client, district, f"{API}/practices/{pk}/summarise", {"summary": ""}).status_code == 422
        r = post(client, district, f"{API}/practices/{pk}/summarise", {"summary": "有诉必复"})
        assert r.status_code == 200 and r.json()["state"] == "summarised"
        d = get(client, district, f"{API}/practices/diffusion").json()
        s = next(x for x in d["series"] if x["name"] == "接访日")
        assert dict(zip(d["years"], s["data"], strict=True))[2023] == 2
        codes = [h["code"] for h in get(client, district, f"{API}/practices/{pk}/history").json()]
        assert codes == ["practice.summarised", "practice.rolled_out", "practice.created"]


def test_six_haves_through_the_api(client, world):
    tw = world.b
    staff, s = tw.users["town_staff"], tw.objects["practices.sixhaves"]
    url = f"{API}/six-haves/{s.pk}"
    r = post(client, staff, f"{API}/six-haves", {"year": s.year})  # on the world's clock, as it was made
    assert r.status_code == 201 and r.json()["id"] == s.pk  # opened once
    with on(DAY):
        assert get(client, world.a.users["town_staff"], url).status_code == 404
        assert post(client, staff, f"{url}/submit", {}).status_code == 422
        assert patch(client, staff, url, {"budget": -1}).status_code == 422
        assert patch(client, staff, url, {"budget": "15.00"}).status_code == 200
        assert post(client, staff, f"{url}/items", {"key": "x", "confirmed": True}).status_code == 422
        for key in SIX_HAVES:
            assert post(client, staff, f"{url}/items", {"key": key, "confirmed": True}).status_code == 200
        r = post(client, staff, f"{url}/submit", {})
        assert r.status_code == 200, r.content
        body = r.json()
        assert (body["state"], body["confirmed"]) == ("submitted", 6)
        platform = next(i for i in body["items"] if i["key"] == "platform")
        assert platform["evidence"] and platform["evidence"][0]["count"] >= 1
        assert post(client, staff, f"{url}/items", {"key": "rules", "confirmed": False}).status_code == 409
        assert post(client, staff, f"{url}/return", {"reason": "补充"}).status_code == 403
        grid = get(client, world.district_x_staff, f"{API}/six-haves/grid?year={s.year}").json()
        assert [g["town"] for g in grid] == [world.a.town.pk, tw.town.pk]
        assert grid[1]["state"] == "submitted" and all(c["confirmed"] for c in grid[1]["cells"])
        assert get(client, staff, f"{API}/six-haves/grid?year={s.year}").status_code == 403
        r = post(client, world.district_x_staff, f"{url}/return", {"reason": "请补充成效材料"})
        assert r.status_code == 200 and r.json()["state"] == "draft"
        listed = get(client, staff, f"{API}/six-haves?year={s.year}").json()
        assert [i["town"] for i in listed["items"]] == [tw.town.pk]
