"""Congress history tabs and the history API speak the reader's language (issue 14): `会议类型: 年初例会`,
not `kind: regular`."""

from __future__ import annotations

import re


def _details(html: str) -> str:
    return " ".join(re.findall(r'data-testid="history-details">(.*?)</span>', html))


def test_session_history_shows_field_and_choice_labels(client, world):
    tw = world.a
    session = tw.objects["congress.session"]
    client.force_login(tw.users["town_staff"])
    shown = _details(client.get(f"/congress/sessions/{session.pk}/").content.decode())
    assert "会议类型: " + session.get_kind_display() in shown, shown
    assert "开幕日期: " in shown and "kind:" not in shown and "start_date" not in shown
    api = client.get(f"/api/v1/congress/sessions/{session.pk}/history").json()
    created = next(e for e in api if e["code"] == "session.created")
    assert created["data"]["kind"] == session.kind
    assert {"label": "会议类型", "value": str(session.get_kind_display())} in created["details"]


def test_motion_history_shows_labels(client, world):
    tw = world.a
    motion = tw.objects["congress.motion"]
    client.force_login(tw.users["town_staff"])
    shown = _details(client.get(f"/congress/motions/{motion.pk}/").content.decode())
    assert "提出方: " + motion.get_source_display() in shown, shown
    assert "source:" not in shown and "lead:" not in shown
