"""Where a practice was presented (试点—铺开—总结): a registry of finders, so that the practice library links to
the exchange meetings that talked about a practice without reading the meetings' tables.

An app that records such meetings registers in its AppConfig.ready `practice_mentions_register(name, finder)`:
`finder(*, user, district_id, name) -> [Mention]` gives the mentions of the practice called `name` in the
district that this user may open (one query); the practices app reads them all through `practice_mentions`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    title: str  # the meeting ("2026年度镇人大主席工作座谈会")
    date: dt.date
    text: str  # what was said of the practice there
    town: str  # the town that presented it ("" when none)
    url: str  # the meeting's page


MentionFinder = Callable[..., list[Mention]]

_FINDERS: dict[str, MentionFinder] = {}


def practice_mentions_register(name: str, finder: MentionFinder) -> None:
    _FINDERS[name] = finder


def practice_mentions(*, user, district_id: int, name: str) -> list[Mention]:
    """Every registered app's mentions of the practice, newest first."""
    found = [m for finder in _FINDERS.values() for m in finder(user=user, district_id=district_id, name=name)]
    return sorted(found, key=lambda m: (m.date, m.title), reverse=True)
