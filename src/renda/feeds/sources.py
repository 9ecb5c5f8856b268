"""The event sources of the calendar feed. Each app registers in its AppConfig.ready a function
`source(*, user, start, end) -> list[event]` with `feed_source_register(name, source)`; the feed asks every
source for the events of the window [start, end] (dates) that belong to the user.

An event is a dict: uid (stable, unique across sources), summary, start (a date for an all-day event, or an
aware datetime), end (exclusive date for all-day events, or an aware datetime), and optionally location,
description, url (absolute path or URL), cancelled (bool).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

FeedEvent = dict[str, Any]
FeedSource = Callable[..., list[FeedEvent]]

_SOURCES: dict[str, FeedSource] = {}


def feed_source_register(name: str, source: FeedSource) -> None:
    """Add (or replace) the events of one module in every user's feed."""
    _SOURCES[name] = source


def feed_sources() -> dict[str, FeedSource]:
    return dict(_SOURCES)


def deadline_events(*, user, start: dt.date, end: dt.date) -> list[FeedEvent]:
    """The running deadlines the user owns: they handle it, or it is their handling unit's, or they are the
    deputy it runs for (as the inbox's "mine"); one all-day event on the due date."""
    from .queries import clocks_owned_by

    return [
        {
            "uid": f"deadline-{c.pk}",
            "summary": _("到期：%(what)s") % {"what": c.subject_repr or c.kind},
            "start": c.due_date,
            "end": c.due_date + dt.timedelta(days=1),
            "description": c.subject_repr,
            "url": c.link,
        }
        for c in clocks_owned_by(user=user, start=start, end=end)
    ]
