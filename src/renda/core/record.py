"""A deputy's record of activities (履职记录, DOMAIN C7: "a performance record assembles itself from what the system
already knows") on their person page.

Core imports no app, so the apps add their own sections with `record_register(name, source)` in their
AppConfig.ready (like core.waiting and core.figures). Each source is `source(*, person, user) -> RecordSection |
None`: that app's entries for this person as far as `user` may see them (each with its date, title, a note and
the link to its page), in a fixed number of queries; None when it has nothing to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RecordEntry:
    date: dt.date | None
    title: str
    note: str
    url: str


@dataclass(frozen=True)
class RecordSection:
    code: str  # stable name, e.g. "oversight.activities" (tests and data-testid)
    label: str
    entries: list[RecordEntry] = field(default_factory=list)


RecordSource = Callable[..., "RecordSection | None"]

_SOURCES: dict[str, RecordSource] = {}


def record_register(name: str, source: RecordSource) -> None:
    """Add (or replace) one module's section of the deputy's record under `name`."""
    _SOURCES[name] = source


def record_for(*, person, user) -> list[RecordSection]:
    """Every registered module's section for this person, in the order the modules registered."""
    sections = []
    for source in _SOURCES.values():
        found = source(person=person, user=user)
        if found is not None:
            sections.append(found)
    return sections
