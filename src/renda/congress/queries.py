"""Congress reads: rows each user may see, the registry read of serving deputies on a date, and the yearly
compliance table (a fixed number of queries for any number of towns)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.models import Town
from renda.core.permissions import allowed
from renda.registry.enums import Level
from renda.registry.models import Mandate, Person, Term

from .enums import LeaveState, MotionState, Presence, SessionKind, SessionState
from .models import (
    AbsenceFlag,
    AgendaItem,
    BudgetAdjustment,
    LeaveRequest,
    Motion,
    Session,
    SessionDocument,
    Vote,
)

STAFF = {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM}
MEMBERS = STAFF | {Role.DEPUTY}


def _towns_where(user, roles: set[str]) -> list[int]:
    g = grants_of(user)
    ids: set[int] = set()
    for role in roles:
        ids |= g.roles.get(role, frozenset())
    if getattr(user, "is_superuser", False):
        ids |= set(g.visible_town_ids)
    return sorted(ids)


# --- the registry read: who serves on a given day -------------------------------------------------


def serving_mandates(*, term: Term, on: dt.date) -> QuerySet[Mandate]:
    """Town-level mandates of the term held on `on` (dated, so later endings do not rewrite the past)."""
    return Mandate.objects.filter(
        term=term, level=Level.TOWN, start_date__lte=on
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))  # fmt: skip


def serving_count(*, term: Term, on: dt.date) -> int:
    return serving_mandates(term=term, on=on).count()


def serving_persons(*, term: Term, on: dt.date) -> QuerySet[Person]:
    ids = serving_mandates(term=term, on=on).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("name", "id")


# --- visible rows ---------------------------------------------------------------------------------


def sessions_visible_to(*, user) -> QuerySet[Session]:
    return (
        Session.objects.filter(town__in=_towns_where(user, MEMBERS))
        .select_related("town", "term", "term__town")
        .annotate(n_motions=Count("motions", distinct=True), n_votes=Count("votes", distinct=True))
    )


def session_get_for(*, user, pk) -> Session:
    try:
        return (
            Session.objects.filter(town__in=_towns_where(user, MEMBERS))
            .select_related("town", "town__district", "term", "term__town")
            .get(pk=pk)
        )
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _get(qs, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def agenda_item_get_for(*, user, pk) -> AgendaItem:
    qs = AgendaItem.objects.filter(town__in=_towns_where(user, MEMBERS))
    return _get(qs.select_related("session", "session__town", "session__term", "town"), pk)


def document_get_for(*, user, pk) -> SessionDocument:
    return _get(
        SessionDocument.objects.filter(town__in=_towns_where(user, MEMBERS)).select_related("session"), pk
    )


def leave_request_get_for(*, user, pk) -> LeaveRequest:
    qs = LeaveRequest.objects.filter(town__in=_towns_where(user, STAFF)) | LeaveRequest.objects.filter(
        person__in=grants_of(user).person_ids
    )
    return _get(qs.select_related("session", "session__town", "session__term", "person", "town"), pk)


def motions_visible_to(*, user) -> QuerySet[Motion]:
    return (
        Motion.objects.filter(town__in=_towns_where(user, MEMBERS))
        .select_related("town", "session", "session__term", "session__town", "lead")
        .annotate(n_signers=Count("signers"))
    )


def motion_get_for(*, user, pk) -> Motion:
    return _get(
        Motion.objects.filter(town__in=_towns_where(user, MEMBERS)).select_related(
            "town", "session", "session__town", "session__term", "lead"
        ),
        pk,
    )


def votes_visible_to(*, user) -> QuerySet[Vote]:
    return Vote.objects.filter(town__in=_towns_where(user, MEMBERS)).select_related(
        "town", "session", "session__town", "session__term", "item", "motion"
    )


def vote_get_for(*, user, pk) -> Vote:
    return _get(votes_visible_to(user=user), pk)


def absence_flags_visible_to(*, user) -> QuerySet[AbsenceFlag]:
    """Staff and the presidium see their towns' flags; a deputy sees their own."""
    return (
        AbsenceFlag.objects.filter(
            Q(town__in=_towns_where(user, STAFF)) | Q(person__in=grants_of(user).person_ids)
        )
        .select_related("town", "term", "term__town", "person", "mandate")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.select_related("town", "term")))
    )


def absence_flag_get_for(*, user, pk) -> AbsenceFlag:
    return _get(absence_flags_visible_to(user=user), pk)


def congress_towns_for(*, user, roles=None) -> list[Town]:
    ids = _towns_where(user, roles or {Role.DISTRICT_STAFF, Role.TOWN_STAFF})
    return [
        t
        for t in Town.objects.filter(pk__in=ids).select_related("district").order_by("code")
        if t.has_congress
    ]


def compliance_open_to(*, user, towns: list[Town]) -> bool:
    """Whether the user may open the compliance check (staff and presidium of a town that has a congress), for
    the pages that link to it; `towns` are the user's congress towns already read (no query here)."""
    staff = set(_towns_where(user, STAFF))
    return any(t.pk in staff for t in towns)


# --- compliance ------------------------------------------------------------------------------------


@dataclass
class Cell:
    ok: bool | None  # None: not applicable
    text: str
    url: str = ""


def _list_url(name: str, **params) -> str:
    return reverse(name) + "?" + urlencode({k: v for k, v in params.items() if v is not None})


def _session_url(s: Session) -> str:
    return reverse("congress:session-detail", kwargs={"pk": s.pk})


def compliance_rows(*, user, year: int) -> list[dict]:
    """One row per visible town with a congress for `year`: six queries whatever the number of towns."""
    cfg = settings.RENDA
    towns = congress_towns_for(user=user, roles={Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM})
    ids = [t.pk for t in towns]
    sessions_by_town: dict[int, list[Session]] = defaultdict(list)
    for s in (
        Session.objects.filter(town__in=ids, start_date__year=year)
        .select_related("town", "term")
        .order_by("start_date")
    ):
        sessions_by_town[s.town_id].append(s)
    kinds_by_session: dict[int, set[str]] = defaultdict(set)
    for session_id, kind in AgendaItem.objects.filter(
        town__in=ids, session__start_date__year=year
    ).values_list("session_id", "kind"):
        kinds_by_session[session_id].add(kind)
    # Lodged motions the presidium has not yet decided on (drafts never lodged are not motions yet).
    undecided = dict(
        Motion.objects.filter(town__in=ids, session__start_date__year=year, state=MotionState.LODGED)
        .values_list("town").annotate(n=Count("id")).values_list("town", "n")
    )  # fmt: skip
    adjusted = set(BudgetAdjustment.objects.filter(town__in=ids, year=year).values_list("town_id", flat=True))
    main_items = cfg["SESSION_MAIN_ITEMS"]
    min_days = cfg["SESSION_MIN_DAYS"]
    rows = []
    for town in towns:
        held = [s for s in sessions_by_town[town.pk] if s.state != SessionState.PLANNED]
        list_url = _list_url("congress:session-list", town=town.pk, year=year)

        def held_cell(kind: str, town=town, held=held, list_url=list_url) -> Cell:
            found = [s for s in held if s.kind == kind]
            if found:
                return Cell(True, _("已召开（%(d)s）") % {"d": found[0].start_date}, _session_url(found[0]))
            return Cell(False, _("未召开"), list_url)

        adjustment = (
            held_cell(SessionKind.BUDGET_ADJUSTMENT)
            if town.pk in adjusted
            else Cell(None, _("本年未调整预算"))
        )
        short = [s for s in held if s.days < min_days.get(s.kind, 0)]
        no_quorum = [s for s in held if s.quorum_met is not True]
        missing = [s for s in held if set(main_items.get(s.kind, [])) - kinds_by_session[s.pk]]

        def check(bad: list[Session], ok_text: str, bad_text: str, held=held, list_url=list_url) -> Cell:
            if not held:
                return Cell(None, _("无会议"), list_url)
            if bad:
                return Cell(False, bad_text % {"n": len(bad)}, _session_url(bad[0]))
            return Cell(True, ok_text, list_url)

        n_undecided = undecided.get(town.pk, 0)
        motions = Cell(
            n_undecided == 0,
            _("均已决定") if n_undecided == 0 else _("%(n)s 件未决定") % {"n": n_undecided},
            _list_url(
                "congress:motion-list",
                town=town.pk,
                year=year,
                state="" if n_undecided == 0 else MotionState.LODGED,
            ),
        )
        cells = {
            "regular": held_cell(SessionKind.REGULAR),
            "budget": held_cell(SessionKind.BUDGET),
            "adjustment": adjustment,
            "min_days": check(short, _("会期均符合规定"), _("%(n)s 次会期不足")),
            "quorum": check(no_quorum, _("均达法定人数"), _("%(n)s 次未达法定人数")),
            "main_items": check(missing, _("主要议程齐全"), _("%(n)s 次缺少主要议程")),
            "motions": motions,
        }
        rows.append(
            {
                "town": town,
                "cells": cells,
                "failing": sum(1 for c in cells.values() if c.ok is False),
            }
        )
    return rows


COMPLIANCE_COLUMNS = [
    ("regular", gettext_lazy("年初例会")),
    ("budget", gettext_lazy("预算审查会议")),
    ("adjustment", gettext_lazy("预算调整会议")),
    ("min_days", gettext_lazy("会期")),
    ("quorum", gettext_lazy("法定人数")),
    ("main_items", gettext_lazy("主要议程")),
    ("motions", gettext_lazy("议案处理")),
]


def own_person_in_town(*, user, town):
    """The person record the user acts as in that town (a deputy's own), or None."""
    return Person.objects.filter(pk__in=grants_of(user).person_ids, town=town).first()


def session_leaves_for(*, user, session: Session) -> list[LeaveRequest]:
    """A session's leave requests: all of them for its staff and presidium, a deputy's own otherwise."""
    leaves = list(session.leaves.select_related("person", "decided_by"))
    if allowed(user, "congress.leaves_view_all", session):
        return leaves
    own = grants_of(user).person_ids
    return [leave for leave in leaves if leave.person_id in own]


@dataclass
class RollCall:
    """One day's roll call: every deputy serving that day with the recorded (or proposed) presence."""

    day: dt.date
    rows: list[dict]
    present: int
    serving: int
    needed: int
    recorded: int

    @property
    def quorum_reached(self) -> bool:
        """Enough deputies present to open the session (the same share `session_open` checks)."""
        return self.present >= self.needed


def roll_call_for(*, session: Session, day: dt.date) -> RollCall:
    persons = list(serving_persons(term=session.term, on=day))
    recorded = {a.person_id: a for a in session.attendance.filter(day=day)}
    leaves = {
        leave.person_id
        for leave in session.leaves.filter(state=LeaveState.APPROVED, first_day__lte=day, last_day__gte=day)
    }
    rows = []
    for p in persons:
        a = recorded.get(p.pk)
        value = a.presence if a else (Presence.LEAVE if p.pk in leaves else Presence.PRESENT)
        rows.append({"person": p, "value": value, "recorded": a is not None, "has_leave": p.pk in leaves})
    num, den = settings.RENDA["SESSION_QUORUM"]
    serving = len(persons)
    return RollCall(
        day=day,
        rows=rows,
        present=sum(1 for a in recorded.values() if a.presence == Presence.PRESENT),
        serving=serving,
        needed=-(-serving * num // den),  # ceiling of serving * num / den
        recorded=len(recorded),
    )


def persons_of_town(*, town) -> QuerySet[Person]:
    """The town's people a session record may name (leave, requesters): the page's choice list."""
    return Person.objects.filter(town=town)


def own_persons_in_town(*, user, town) -> QuerySet[Person]:
    """The person records the user acts as in that town (a deputy's own)."""
    return Person.objects.filter(pk__in=grants_of(user).person_ids, town=town)


def motion_lead_choices(*, user) -> QuerySet[Person]:
    """Who staff may name as a motion's lead: the town deputies of the towns they run."""
    manageable = [t.pk for t in congress_towns_for(user=user, roles=STAFF)]
    return Person.objects.filter(town__in=manageable, mandates__level=Level.TOWN).distinct().order_by("name")


def absences_of_flag(*, flag: AbsenceFlag) -> list:
    """The unapproved absences behind an absence flag, day by day."""
    return list(
        flag.person.session_attendance.filter(session__term=flag.term, presence=Presence.ABSENT)
        .select_related("session", "session__town", "session__term")
        .order_by("day")
    )


def sessions_in_feed(*, user, start: dt.date, end: dt.date) -> QuerySet[Session]:
    """The calendar feed's sessions: those of the towns where the user is staff, presidium or a deputy,
    overlapping [start, end]."""
    return (
        Session.objects.filter(town__in=_towns_where(user, MEMBERS), start_date__lte=end, end_date__gte=start)
        .select_related("town", "term")
        .order_by("start_date", "id")
    )
