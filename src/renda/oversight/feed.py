"""The activities of a user's calendar feed (registered with renda.feeds in OversightConfig.ready)."""

from __future__ import annotations

import datetime as dt

from . import queries_activities as q


def feed_events(*, user, start: dt.date, end: dt.date) -> list[dict]:
    return [
        {
            "uid": f"activity-{a.pk}",
            "summary": f"{a.get_kind_display()}：{a.topic}",
            "start": a.start_date,
            "end": a.end_date + dt.timedelta(days=1),
            "location": a.place,
            "description": a.organiser,
            "url": a.get_absolute_url(),
            "cancelled": a.state == "cancelled",
        }
        for a in q.activities_in_feed(user=user, start=start, end=end)
    ]
