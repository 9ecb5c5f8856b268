"""The deputy's performance record (履职档案) from what the apps already record: a registry of record sources.

Core imports no app, so each app registers in its AppConfig.ready `record_source_register(name, source, kinds)`:
`source(*, person_ids, year) -> list[RecordLine]` gives that app's lines of these persons in that year (each
with the link to its record, in a fixed number of queries), and `kinds` names the kinds of line it gives
(code → label) so that point rules and pages can list them even when a deputy has none. The performance app
reads every source through `record_lines`; no app imports performance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RecordLine:
    kind: str  # stable code of the kind of duty, e.g. "congress.attended"
    person_id: int
    town_id: int
    date: dt.date
    label: str  # what happened, in words ("出席：镇第十八届人大第三次会议")
    url: str  # the record behind the line
    source: str  # "app.model:pk", the record's identity (a line per record and kind)
    detail: str = ""  # e.g. a suggestion's outcome class and satisfaction


RecordSource = Callable[..., list[RecordLine]]

_SOURCES: dict[str, RecordSource] = {}
_KINDS: dict[str, Any] = {}


def record_source_register(name: str, source: RecordSource, kinds: dict[str, Any]) -> None:
    """Add (or replace) one app's lines under `name`, with the kinds of line it gives (code → lazy label)."""
    _SOURCES[name] = source
    _KINDS.update(kinds)


def record_kinds() -> dict[str, Any]:
    """Every registered kind of line, code → label, in the order the apps registered them."""
    return dict(_KINDS)


def record_lines(*, person_ids: Iterable[int], year: int) -> list[RecordLine]:
    """Every registered source's lines of these persons in `year`, by date."""
    ids = sorted(set(person_ids))
    if not ids:
        return []
    lines: list[RecordLine] = []
    for source in _SOURCES.values():
        lines.extend(source(person_ids=ids, year=year))
    return sorted(lines, key=lambda line: (line.date, line.kind, line.source))
