"""The yearly handling report (Deputies Law Art. 51): counts by class, satisfaction, on-time rate, by unit,
key supervision. Every figure carries the query of the list it counts (one click to the records)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.figures import list_url

from .models import Score, State, Suggestion, SuggestionFeedback
from .services import outcome_class_rows

HANDLED = [State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED]
# The suggestions a report counts: the year's, drafts and merged ones left out (the list's state=proposed).
LEFT_OUT = [State.DRAFT, State.MERGED]
# Each counted suggestion is in exactly one of these buckets (their sum is the total): (list state=, label, states).
BUCKETS = [
    ("reviewing", gettext_lazy("待审查"), [State.COSIGNING, State.SUBMITTED]),
    ("not_accepted", gettext_lazy("不予立案"), [State.NOT_ACCEPTED]),
    ("accepted", gettext_lazy("已立案待交办"), [State.ACCEPTED]),
    ("handling", gettext_lazy("办理中"), [State.ASSIGNED, State.REHANDLING]),
    ("replied", gettext_lazy("已答复待反馈"), [State.REPLIED]),
    ("closed", gettext_lazy("已办结"), [State.CLOSED]),
]
BUCKET_OF = {state: code for code, _label, states in BUCKETS for state in states}


def _link(year: int, town_id: int | None, **params) -> str:
    q = {"year": year, **({"town": town_id} if town_id else {})}
    q |= {k: v for k, v in params.items() if v not in (None, "")}
    return list_url("suggestions:list", q)


def _rate(n: int, d: int) -> float | None:
    return round(100 * n / d, 1) if d else None


@dataclass
class Figure:
    label: str
    value: object
    link: str = ""


@dataclass
class UnitRow:
    unit_id: int
    name: str
    town_id: int | None = None
    assigned: int = 0
    replied: int = 0
    on_time: int = 0
    by_class: dict = field(default_factory=dict)
    satisfied: int = 0
    feedbacks: int = 0
    link: str = ""
    replied_link: str = ""

    @property
    def on_time_rate(self):
        return _rate(self.on_time, self.replied)

    @property
    def satisfaction_rate(self):
        return _rate(self.satisfied, self.feedbacks)


@dataclass
class TownRow:
    """One town's line of a district report: the state buckets, the replies and the key figures."""

    town: object
    total: Figure
    buckets: list[Figure]
    replies: list[Figure]
    key: list[Figure]  # as the report's key figures
    key_share_warning: str = ""


@dataclass
class Report:
    town: object  # the town reported on, or None for a district report (a row per town in `towns`)
    year: int
    totals: list[Figure]
    by_class: list[Figure]
    satisfaction: list[Figure]
    units: list[UnitRow]
    key: list[Figure]
    classes: list[tuple[str, str]]
    key_share_warning: str = ""
    replies: list[Figure] = field(default_factory=list)
    towns: list[TownRow] = field(default_factory=list)
    district_total: TownRow | None = None
    name: str = ""  # the town's name, or the district's

    def link(self, **params) -> str:
        return _link(self.year, self.town.pk if self.town else None, **params)

    def as_dict(self) -> dict:
        def figs(items):
            return [{"label": f.label, "value": f.value, "link": f.link} for f in items]

        return {
            "town": self.town.pk if self.town else None,
            "year": self.year,
            "totals": figs(self.totals + self.replies),
            "by_class": figs(self.by_class),
            "satisfaction": figs(self.satisfaction),
            "key": figs(self.key),
            "key_share_warning": self.key_share_warning,
            "units": [
                {
                    "unit": u.unit_id,
                    "name": u.name,
                    "assigned": u.assigned,
                    "replied": u.replied,
                    "on_time": u.on_time,
                    "on_time_rate": u.on_time_rate,
                    "by_class": u.by_class,
                    "satisfaction_rate": u.satisfaction_rate,
                    "link": u.link,
                }
                for u in self.units
            ],
        }


ACCEPTED_ANY = [State.ACCEPTED, State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED]


def _share_warning(share: float | None) -> str:
    cfg = settings.RENDA
    lo, hi = cfg["SUGGESTION_KEY_SHARE_MIN"], cfg["SUGGESTION_KEY_SHARE_MAX"]
    if share is None or lo <= share <= hi:
        return ""
    return _("重点督办建议占比 %(share)s%%，不在 %(lo)s%%–%(hi)s%% 的范围内") % {
        "share": share,
        "lo": lo,
        "hi": hi,
    }


def key_share(*, year: int, town=None, towns=None) -> tuple[int, int, float | None, str]:
    """(key count, accepted count, share in %, warning) of a town or of several (a district): one query."""
    ids = [town.pk] if town is not None else [t.pk for t in towns or []]
    counts = Suggestion.objects.filter(town__in=ids, year=year, state__in=ACCEPTED_ANY).aggregate(
        accepted=Count("id"), key=Count("id", filter=Q(is_key=True))
    )
    share = _rate(counts["key"], counts["accepted"])
    return counts["key"], counts["accepted"], share, _share_warning(share)


def _state_figures(rows: list[dict], link) -> tuple[Figure, list[Figure], list[Figure]]:
    """The total, the disjoint state buckets (summing to the total) and the reply figures, which count across
    the buckets (a closed suggestion was replied to) and say so in their labels."""
    by_bucket = Counter(BUCKET_OF.get(r["state"]) for r in rows)
    replied = [r for r in rows if r["replied_on_time"] is not None]
    on_time = sum(1 for r in replied if r["replied_on_time"])
    total = Figure(_("提出建议"), len(rows), link(state="proposed"))
    buckets = [Figure(str(label), by_bucket[code], link(state=code)) for code, label, _states in BUCKETS]
    replies = [
        Figure(
            _("交办办理（含已答复、已办结）"),
            sum(1 for r in rows if r["state"] in HANDLED),
            link(state="handled"),
        ),
        Figure(_("已答复（含已办结）"), len(replied), link(state="replied_any")),
        Figure(_("按期答复"), on_time, link(state="proposed", on_time="1")),
        Figure(_("按期答复率（%）"), _rate(on_time, len(replied)), link(state="replied_any")),
    ]
    return total, buckets, replies


def _key_figures(rows: list[dict], link) -> tuple[list[Figure], str]:
    cfg = settings.RENDA
    accepted = [r for r in rows if r["state"] in ACCEPTED_ANY]
    key_rows = [r for r in accepted if r["is_key"]]
    resolved = sum(
        1
        for r in key_rows
        if r["state"] == State.CLOSED and r["outcome_class"] in cfg["SUGGESTION_RESOLVED_CLASSES"]
    )
    share = _rate(len(key_rows), len(accepted))
    key = [
        Figure(_("重点督办建议"), len(key_rows), link(key="1", state="accepted_any")),
        Figure(_("占立案建议比例（%）"), share, link(key="1", state="accepted_any")),
        Figure(_("已办成"), resolved, link(key="1", state=State.CLOSED, resolved="1")),
        Figure(_("办成率（%）"), _rate(resolved, len(key_rows)), link(key="1", state="accepted_any")),
        Figure(_("办成率目标（%）"), cfg["SUGGESTION_KEY_RESOLUTION_TARGET"], ""),
    ]
    return key, _share_warning(share)


def _final_feedbacks(suggestion_ids: list[int]) -> dict[tuple[int, int], str]:
    """Each signer's last feedback on each suggestion (the final word): {(suggestion, person): score}."""
    last: dict[tuple[int, int], str] = {}
    for sid, pid, score in (
        SuggestionFeedback.objects.filter(suggestion__in=suggestion_ids)
        .order_by("reply__round", "reply_id")
        .values_list("suggestion_id", "person_id", "result_score")
    ):
        last[(sid, pid)] = score
    return last


def yearly(*, year: int, town=None, towns=None) -> Report:
    """The report of one town, or of several (`towns`, a district's): then with a row per town and the
    district's totals. A fixed number of queries for any number of towns."""
    single = town is not None
    towns = [town] if single else list(towns or [])
    rows = list(
        Suggestion.objects.filter(town__in=[t.pk for t in towns], year=year)
        .exclude(state__in=LEFT_OUT)
        .values(
            "pk",
            "town_id",
            "state",
            "outcome_class",
            "replied_on_time",
            "lead_unit_id",
            "lead_unit__name",
            "is_key",
        )
    )
    link = lambda **p: _link(year, town.pk if single else None, **p)  # noqa: E731
    total, buckets, replies = _state_figures(rows, link)
    classes = [(c.code, _(c.label)) for c in outcome_class_rows()]
    by_cls = Counter(r["outcome_class"] for r in rows if r["outcome_class"])
    by_class = [
        Figure(f"{code} {label}", by_cls[code], link(outcome_class=code, state="proposed"))
        for code, label in classes
    ]
    # Satisfaction: each signer's final word; a suggestion counts once under each score its signers gave last
    # (signers who differ put it under each of theirs, as the page says). The rate counts the signers' words.
    last = _final_feedbacks([r["pk"] for r in rows])
    by_score: dict[str, set[int]] = defaultdict(set)
    for (sid, _pid), score in last.items():
        by_score[score].add(sid)
    sat = Counter(last.values())
    given = sum(sat[s] for s in (Score.SATISFIED, Score.BASICALLY, Score.UNSATISFIED))
    satisfaction = [
        Figure(str(label), len(by_score[value]), link(score=value, state="proposed"))
        for value, label in Score.choices
    ]
    satisfaction.append(
        Figure(_("满意率（含基本满意，%）"), _rate(sat[Score.SATISFIED] + sat[Score.BASICALLY], given), "")
    )
    units: dict[int, UnitRow] = {}
    for r in rows:
        if not r["lead_unit_id"]:
            continue
        u = units.get(r["lead_unit_id"])
        if u is None:
            u = units[r["lead_unit_id"]] = UnitRow(
                r["lead_unit_id"],
                r["lead_unit__name"],
                town_id=r["town_id"],
                link=_link(year, r["town_id"], unit=r["lead_unit_id"], state="proposed"),
                replied_link=_link(year, r["town_id"], unit=r["lead_unit_id"], state="replied_any"),
            )
        u.assigned += 1
        if r["replied_on_time"] is not None:
            u.replied += 1
            u.on_time += int(bool(r["replied_on_time"]))
        if r["outcome_class"]:
            u.by_class[r["outcome_class"]] = u.by_class.get(r["outcome_class"], 0) + 1
    unit_of = {r["pk"]: r["lead_unit_id"] for r in rows}
    per_unit = defaultdict(list)
    for (sid, _pid), score in last.items():
        per_unit[unit_of.get(sid)].append(score)
    for uid, scores in per_unit.items():
        if uid in units:
            counted = [s for s in scores if s != Score.NO_VIEW]
            units[uid].feedbacks = len(counted)
            units[uid].satisfied = sum(1 for s in counted if s in (Score.SATISFIED, Score.BASICALLY))
    key, warning = _key_figures(rows, link)
    report = Report(
        town=town if single else None,
        year=year,
        totals=[total, *buckets],
        replies=replies,
        by_class=by_class,
        satisfaction=satisfaction,
        units=sorted(units.values(), key=lambda u: (u.town_id or 0, u.name)),
        key=key,
        classes=classes,
        key_share_warning=warning,
        name=town.name if single else _district_name(towns),
    )
    if not single:
        report.towns = [_town_row(t, [r for r in rows if r["town_id"] == t.pk], year) for t in towns]
        report.district_total = TownRow(None, total, buckets, replies[1:], key, warning)
    return report


def _town_row(town, rows: list[dict], year: int) -> TownRow:
    link = lambda **p: _link(year, town.pk, **p)  # noqa: E731
    total, buckets, replies = _state_figures(rows, link)
    key, warning = _key_figures(rows, link)
    return TownRow(town, total, buckets, replies[1:], key, warning)


def _district_name(towns) -> str:
    districts = {t.district_id: t.district for t in towns}
    if len(districts) == 1:
        return str(next(iter(districts.values())).name)
    return _("全部镇（街道）")
