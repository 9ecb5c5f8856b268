"""What waits for a user (the deputy's start page): co-sign requests, replies to rate, sessions, reception duty.

Core imports no app, so the apps add their own items with `waiting_register(name, source)` in their
AppConfig.ready (like figures). Each source is `source(*, user, today) -> list[Waiting]`: the items of that app
for this user, counted in a fixed number of queries (none when the user has no deputy seat), each with the
link to the list it counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Waiting:
    code: str  # stable name of the item, e.g. "suggestions.cosign" (tests and data-testid)
    label: str
    count: int
    url: str


WaitingSource = Callable[..., list[Waiting]]

_SOURCES: dict[str, WaitingSource] = {}


def waiting_register(name: str, source: WaitingSource) -> None:
    """Add (or replace) one module's items of the start page under `name`."""
    _SOURCES[name] = source


def waiting_for(*, user, today: dt.date) -> list[Waiting]:
    """Every registered module's items for this user, in the order the modules registered."""
    items: list[Waiting] = []
    for source in _SOURCES.values():
        items.extend(source(user=user, today=today))
    return items
