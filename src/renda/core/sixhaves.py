"""The town's "six haves" (六有) self-assessment: a registry of evidence providers.

Core imports no app, so each app registers in its AppConfig.ready `sixhaves_source_register(name, source)`:
`source(*, town_ids, year) -> {town_id: [Evidence]}` gives, for each town asked, what that app's own records
show for one or more of the six items in `year` (each with the link to the list or record it counts), in a
fixed number of queries for any number of towns. The practices app reads every provider through
`sixhaves_evidence`; it never reads another app's tables itself.

The six items are the seed's wording of the "三心六有工作法": 活动常态有制度、工作开展有平台、代表活动有特色、
履职情况有考核、活动经费有保障、常抓不懈有成果.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The six items, in the seed's order: key → label.
SIX_HAVES = {
    "rules": _("活动常态有制度"),
    "platform": _("工作开展有平台"),
    "character": _("代表活动有特色"),
    "assessment": _("履职情况有考核"),
    "funds": _("活动经费有保障"),
    "results": _("常抓不懈有成果"),
}


@dataclass(frozen=True)
class Evidence:
    item: str  # a key of SIX_HAVES
    label: str  # what the records show, in words ("主席团已通过2026年度工作计划")
    count: int  # how many records it stands for (0: the system has none to show)
    url: str  # the list or record behind it
    source: str  # the provider's name and kind ("oversight.plan")


EvidenceSource = Callable[..., dict[int, list[Evidence]]]

_SOURCES: dict[str, EvidenceSource] = {}


def sixhaves_source_register(name: str, source: EvidenceSource) -> None:
    """Add (or replace) one app's evidence under `name`."""
    _SOURCES[name] = source


def sixhaves_sources() -> dict[str, EvidenceSource]:
    return dict(_SOURCES)


def sixhaves_evidence(*, town_ids: Iterable[int], year: int) -> dict[int, dict[str, list[Evidence]]]:
    """Every provider's evidence per town and item: {town_id: {item: [Evidence]}} (every town and item present)."""
    ids = sorted(set(town_ids))
    out: dict[int, dict[str, list[Evidence]]] = {t: {k: [] for k in SIX_HAVES} for t in ids}
    if not ids:
        return out
    for source in _SOURCES.values():
        for town_id, rows in source(town_ids=ids, year=year).items():
            if town_id not in out:
                continue
            for e in rows:
                if e.item in SIX_HAVES:
                    out[town_id][e.item].append(e)
    return out
