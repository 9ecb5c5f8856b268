"""The sessions of a user's calendar feed (registered with renda.feeds in CongressConfig.ready)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from . import queries


def feed_events(*, user, start: dt.date, end: dt.date) -> list[dict]:
    return [
        {
            "uid": f"session-{s.pk}",
            "summary": str(s),
            "start": s.start_date,
            "end": s.end_date + dt.timedelta(days=1),
            "location": s.venue,
            "url": reverse("congress:session-detail", args=[s.pk]),
        }
        for s in queries.sessions_in_feed(user=user, start=start, end=end)
    ]
