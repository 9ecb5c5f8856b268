"""The campaigns API: list, create, detail, launch, close, board, tasks and the town's report, with the same
rules as the pages — 403 for a wrong role, 404 for another town's or district's record, 409 for a state that does
not allow the step (or a second launch), 422 for bad input with nothing changed."""

from __future__ import annotations

import datetime as dt

from django_scopes import scopes_disabled

from renda.campaigns.models import Campaign, TownTask

from .helpers import held_activity, on

API = "/api/v1/campaigns"
DAY = dt.date(2026, 7, 6)


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {}, content_type="application/json")


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_campaign_through_the_api(client, world):
    a, b = world.a, world.b
    district, staff_a, staff_b = world.district_x_staff, a.users["town_staff"], b.users["town_staff"]
    body = {"title": "331消防安全隐患专项整治", "town_ids": [a.town.pk, b.town.pk], "categories": ["群租房"]}
    with on(DAY):
        assert post(client, staff_a, f"{API}/campaigns", body).status_code == 403
        with scopes_disabled():
            before = Campaign.objects.count()
        for bad in ({"followup_days": 0}, {"town_ids": []}, {"town_ids": [world.c.town.pk]}):
            r = post(client, district, f"{API}/campaigns", body | bad)
            assert r.status_code == 422, (bad, r.content)
            assert r.json()["detail"]
        with scopes_disabled():
            assert Campaign.objects.count() == before
        r = post(client, district, f"{API}/campaigns", body)
        assert r.status_code == 201, r.content
        c = r.json()
        pk = c["id"]
        assert (c["state"], c["followup_days"], c["actions"]) == ("draft", 7, ["launch"])
        assert sorted(c["towns"]) == sorted([a.town.pk, b.town.pk])
        # A draft is the district's own; another district's staff get 404.
        assert get(client, staff_a, f"{API}/campaigns/{pk}").status_code == 404
        assert get(client, world.district_y_staff, f"{API}/campaigns/{pk}").status_code == 404
        assert (
            post(client, district, f"{API}/campaigns/{pk}/launch", {"version": c["version"]}).status_code
            == 200
        )
        again = post(client, district, f"{API}/campaigns/{pk}/launch", {"version": c["version"]})
        assert again.status_code == 409
        with scopes_disabled():
            assert TownTask.objects.filter(campaign_id=pk).count() == 2
        assert post(client, staff_a, f"{API}/campaigns/{pk}/close", {}).status_code == 403
        mine = get(client, staff_a, f"{API}/campaigns").json()
        assert pk in [i["id"] for i in mine["items"]]
        assert mine["count"] == len(mine["items"])

        tasks = get(client, staff_a, f"{API}/tasks?campaign={pk}").json()
        assert [t["town"] for t in tasks["items"]] == [a.town.pk]
        task = tasks["items"][0]
        with scopes_disabled():
            task_b = TownTask.objects.get(campaign_id=pk, town=b.town)
        assert get(client, staff_a, f"{API}/tasks/{task_b.pk}").status_code == 404
        assert post(client, staff_a, f"{API}/tasks/{task_b.pk}/report", {"activity_id": 1}).status_code == 404

    activity = held_activity(a.town, staff_a, a.objects["registry.person"], DAY + dt.timedelta(days=8))
    other = held_activity(b.town, staff_b, b.objects["registry.person"], DAY + dt.timedelta(days=8))
    with on(DAY + dt.timedelta(days=8)):
        url = f"{API}/tasks/{task['id']}/report"
        assert post(client, staff_a, url, {"activity_id": other.pk}).status_code == 422
        assert (
            post(client, staff_a, url, {"activity_id": activity.pk, "findings": {"违建": 1}}).status_code
            == 422
        )
        r = post(client, staff_a, url, {"activity_id": activity.pk, "findings": {"群租房": 6}})
        assert r.status_code == 200, r.content
        assert (r.json()["standing"], r.json()["findings"]) == ("late", {"群租房": 6})
        assert post(client, staff_a, url, {"activity_id": activity.pk}).status_code == 409

        board = get(client, district, f"{API}/campaigns/{pk}/board").json()
        assert [(row["town"], row["standing"]) for row in board["rows"]] == [
            (a.town.pk, "late"),
            (b.town.pk, "not_yet"),
        ]
        assert board["totals"] | {"findings": None} == {
            "towns": 2, "on_time": 0, "late": 1, "not_yet": 1, "findings": None,
            "raised": 0, "closed": 0, "overdue": 0,
        }  # fmt: skip
        own = get(client, staff_b, f"{API}/campaigns/{pk}/board").json()
        assert [row["town"] for row in own["rows"]] == [b.town.pk]
        assert own["totals"] == board["totals"]

        assert post(client, district, f"{API}/campaigns/{pk}/close", {}).status_code == 200
        with scopes_disabled():
            t_b = TownTask.objects.get(campaign_id=pk, town=b.town)
        late = post(client, staff_b, f"{API}/tasks/{t_b.pk}/report", {"activity_id": other.pk})
        assert late.status_code == 409
        assert "已结束" in late.json()["detail"]
        history = get(client, district, f"{API}/campaigns/{pk}/history").json()
        assert [h["code"] for h in history] == ["campaign.closed", "campaign.launched", "campaign.created"]
        assert get(client, staff_a, f"{API}/campaigns/{pk}/history").status_code == 403
