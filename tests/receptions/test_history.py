"""Receptions history tabs and the history API speak the reader's language (issue 14): field and choice labels,
a configured category's name, not `category: roads` or `source: liaison_post`."""

from __future__ import annotations

import re


def _details(html: str) -> str:
    return " ".join(re.findall(r'data-testid="history-details">(.*?)</span>', html))


def test_appeal_history_shows_labels(client, world):
    tw = world.a
    appeal = tw.objects["receptions.appeal"]
    client.force_login(tw.users["town_staff"])
    shown = _details(client.get(appeal.get_absolute_url()).content.decode())
    assert "类别: 道路交通" in shown and "来源: 联络站点" in shown, shown
    assert "roads" not in shown and "liaison_post" not in shown and "photos" not in shown
    api = client.get(f"/api/v1/receptions/appeals/{appeal.pk}/history").json()
    submitted = next(e for e in api if e["code"] == "appeal.submitted")
    assert submitted["data"]["category"] == "roads"  # the stored value stays in `data`
    assert {"label": "类别", "value": "道路交通"} in submitted["details"]


def test_reception_day_history_shows_labels(client, world):
    tw = world.a
    day = tw.objects["receptions.receptionday"]
    client.force_login(tw.users["town_staff"])
    shown = _details(client.get(day.get_absolute_url()).content.decode())
    assert "接待日期: 2099-01-11" in shown or "日期: 2099-01-11" in shown, shown
    assert "date:" not in shown and "group:" not in shown
    api = client.get(f"/api/v1/receptions/days/{day.pk}/history").json()
    assert all(d["label"] not in ("date", "group", "deputies") for e in api for d in e["details"]), api
