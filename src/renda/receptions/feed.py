"""The reception duties of a user's calendar feed (registered with renda.feeds in ReceptionsConfig.ready)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from . import queries


def feed_events(*, user, start: dt.date, end: dt.date) -> list[dict]:
    return [
        {
            "uid": f"reception-{day.token}",
            "summary": _("代表接待选民") + "：" + day.place,
            "start": timezone.make_aware(dt.datetime.combine(day.date, day.start_time)),
            "end": timezone.make_aware(dt.datetime.combine(day.date, day.end_time)),
            "location": day.place,
            "description": " ".join(x for x in [day.town.name, day.leader_title, day.leader_name] if x),
            "url": day.get_absolute_url(),
        }
        for day in queries.reception_days_in_feed(user=user, start=start, end=end)
    ]
