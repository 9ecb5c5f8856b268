"""The iCalendar document of a user's feed, built with the `icalendar` package from the registered sources."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.site import site_url

from .sources import feed_sources


def feed_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates the feed covers: RENDA["FEED_DAYS_BACK"] days back to RENDA["FEED_DAYS_AHEAD"] ahead."""
    cfg = settings.RENDA
    return today - dt.timedelta(days=cfg["FEED_DAYS_BACK"]), today + dt.timedelta(days=cfg["FEED_DAYS_AHEAD"])


def feed_events_for(*, user, today: dt.date) -> list[dict]:
    start, end = feed_window(today)
    events: list[dict] = []
    for source in feed_sources().values():
        events.extend(source(user=user, start=start, end=end))
    return events


def _when(value):
    """A date stays a date (all-day); a datetime goes out in UTC."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    return value


def feed_ical(*, user, today: dt.date) -> bytes:
    base = site_url()
    host = base.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "renda"
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Renda//Feeds//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("人大工作日历") + f" · {user}")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(dt.UTC)
    for e in feed_events_for(user=user, today=today):
        ev = icalendar.Event()
        ev.add("uid", f"{e['uid']}@{host}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", _when(e["start"]))
        ev.add("dtend", _when(e["end"]))
        ev.add("summary", e["summary"])
        for key in ("location", "description"):
            if e.get(key):
                ev.add(key, e[key])
        if e.get("url"):
            ev.add("url", e["url"] if "//" in e["url"] else f"{base}{e['url']}")
        ev.add("status", "CANCELLED" if e.get("cancelled") else "CONFIRMED")
        cal.add_component(ev)
    return cal.to_ical()
