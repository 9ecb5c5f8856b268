"""The yearly handling report (Deputies Law Art. 51): counts by class, satisfaction, on-time rate, by unit,
key supervision. Every figure carries the query of the list it counts (one click to the records)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Score, State, Suggestion, SuggestionFeedback
from .services import outcome_class_rows

HANDLED = [State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED]


def _link(year: int, town_id: int, **params) -> str:
    q = {"year": year, "town": town_id, **{k: v for k, v in params.items() if v not in (None, "")}}
    return reverse("suggestions:list") + "?" + urlencode(q)


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
    assigned: int = 0
    replied: int = 0
    on_time: int = 0
    by_class: dict = field(default_factory=dict)
    satisfied: int = 0
    feedbacks: int = 0

    @property
    def on_time_rate(self):
        return _rate(self.on_time, self.replied)

    @property
    def satisfaction_rate(self):
        return _rate(self.satisfied, self.feedbacks)


@dataclass
class Report:
    town: object
    year: int
    totals: list[Figure]
    by_class: list[Figure]
    satisfaction: list[Figure]
    units: list[UnitRow]
    key: list[Figure]
    classes: list[tuple[str, str]]
    key_share_warning: str = ""

    def link(self, **params) -> str:
        return _link(self.year, self.town.pk, **params)

    def as_dict(self) -> dict:
        def figs(items):
            return [{"label": f.label, "value": f.value, "link": f.link} for f in items]

        return {
            "town": self.town.pk,
            "year": self.year,
            "totals": figs(self.totals),
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
                    "link": self.link(unit=u.unit_id),
                }
                for u in self.units
            ],
        }


def key_share(*, town, year: int) -> tuple[int, int, float | None, str]:
    """(key count, accepted count, share in %, warning) for the key-supervision page."""
    cfg = settings.RENDA
    rows = Suggestion.objects.filter(town=town, year=year).exclude(
        state__in=[State.DRAFT, State.COSIGNING, State.SUBMITTED, State.NOT_ACCEPTED, State.MERGED]
    )
    accepted = rows.count()
    key = rows.filter(is_key=True).count()
    share = _rate(key, accepted)
    lo, hi = cfg["SUGGESTION_KEY_SHARE_MIN"], cfg["SUGGESTION_KEY_SHARE_MAX"]
    warning = ""
    if share is not None and not (lo <= share <= hi):
        warning = _("重点督办建议占比 %(share)s%%，不在 %(lo)s%%–%(hi)s%% 的范围内") % {
            "share": share,
            "lo": lo,
            "hi": hi,
        }
    return key, accepted, share, warning


def yearly(*, town, year: int) -> Report:
    cfg = settings.RENDA
    rows = list(
        Suggestion.objects.filter(town=town, year=year)
        .exclude(state__in=[State.DRAFT, State.MERGED])
        .select_related("lead_unit")
        .values(
            "pk", "state", "outcome_class", "replied_on_time", "lead_unit_id", "lead_unit__name", "is_key"
        )
    )
    link = lambda **p: _link(year, town.pk, **p)  # noqa: E731
    states = Counter(r["state"] for r in rows)
    handled = [r for r in rows if r["state"] in HANDLED]
    replied = [r for r in rows if r["replied_on_time"] is not None]
    on_time = sum(1 for r in replied if r["replied_on_time"])
    totals = [
        Figure(_("提出建议"), len(rows), link()),
        Figure(_("不予立案"), states[State.NOT_ACCEPTED], link(state=State.NOT_ACCEPTED)),
        Figure(_("交办办理"), len(handled), link(state="handled")),
        Figure(_("已答复"), len(replied), link(state="replied_any")),
        Figure(_("已办结"), states[State.CLOSED], link(state=State.CLOSED)),
        Figure(_("按期答复"), on_time, link(on_time="1")),
        Figure(_("按期答复率（%）"), _rate(on_time, len(replied)), link(on_time="1")),
    ]
    classes = [(c.code, _(c.label)) for c in outcome_class_rows()]
    by_cls = Counter(r["outcome_class"] for r in rows if r["outcome_class"])
    by_class = [Figure(f"{code} {label}", by_cls[code], link(outcome_class=code)) for code, label in classes]
    # Satisfaction: each signer's last feedback on each suggestion (the final word).
    last: dict[tuple[int, int], str] = {}
    unit_of = {r["pk"]: r["lead_unit_id"] for r in rows}
    for sid, pid, score, _rnd in (
        SuggestionFeedback.objects.filter(suggestion__in=list(unit_of))
        .order_by("reply__round")
        .values_list("suggestion_id", "person_id", "result_score", "reply__round")
    ):
        last[(sid, pid)] = score
    sat = Counter(last.values())
    given = sum(sat[s] for s in (Score.SATISFIED, Score.BASICALLY, Score.UNSATISFIED))
    satisfaction = [Figure(str(label), sat[value], link(score=value)) for value, label in Score.choices]
    satisfaction.append(
        Figure(
            _("满意率（含基本满意，%）"), _rate(sat[Score.SATISFIED] + sat[Score.BASICALLY], given), link()
        )
    )
    units: dict[int, UnitRow] = {}
    for r in rows:
        if not r["lead_unit_id"]:
            continue
        u = units.setdefault(r["lead_unit_id"], UnitRow(r["lead_unit_id"], r["lead_unit__name"]))
        u.assigned += 1
        if r["replied_on_time"] is not None:
            u.replied += 1
            u.on_time += int(bool(r["replied_on_time"]))
        if r["outcome_class"]:
            u.by_class[r["outcome_class"]] = u.by_class.get(r["outcome_class"], 0) + 1
    per_unit = defaultdict(list)
    for (sid, _pid), score in last.items():
        per_unit[unit_of.get(sid)].append(score)
    for uid, scores in per_unit.items():
        if uid in units:
            counted = [s for s in scores if s != Score.NO_VIEW]
            units[uid].feedbacks = len(counted)
            units[uid].satisfied = sum(1 for s in counted if s in (Score.SATISFIED, Score.BASICALLY))
    key_rows = [r for r in rows if r["is_key"]]
    resolved = sum(
        1
        for r in key_rows
        if r["state"] == State.CLOSED and r["outcome_class"] in cfg["SUGGESTION_RESOLVED_CLASSES"]
    )
    n_key, accepted, share, warning = key_share(town=town, year=year)
    key = [
        Figure(_("重点督办建议"), n_key, link(key="1")),
        Figure(_("占立案建议比例（%）"), share, link(key="1")),
        Figure(_("已办成"), resolved, link(key="1", state=State.CLOSED)),
        Figure(_("办成率（%）"), _rate(resolved, len(key_rows)), link(key="1")),
        Figure(_("办成率目标（%）"), cfg["SUGGESTION_KEY_RESOLUTION_TARGET"], ""),
    ]
    return Report(
        town=town,
        year=year,
        totals=totals,
        by_class=by_class,
        satisfaction=satisfaction,
        units=sorted(units.values(), key=lambda u: u.name),
        key=key,
        classes=classes,
        key_share_warning=warning,
    )
