"""Suggestion reads: which suggestions a user may see, in which capacity, and the figures of a year.

Town staff (and district staff) see every submitted suggestion of their towns, and drafts they entered;
a deputy sees what they signed; a unit clerk sees what is assigned to their unit; a presidium member
sees the key suggestions they supervise. The request's town scope limits every query further."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from renda.core.access import grants_of, user_is_staff_for
from renda.core.enums import Role

from .models import (
    KeyNotice,
    KeySupervisor,
    State,
    Suggestion,
    SuggestionAssignment,
    SuggestionAttachment,
    SuggestionContact,
    SuggestionExtension,
    SuggestionFeedback,
    SuggestionReply,
    SuggestionSigner,
    SupervisionEntry,
    UnitRole,
)
from .search import suggestions_matching
from .workflow import ATTACHABLE, EXTENSION, FOLLOWUP, can_start

STAFF_ROLES = (Role.TOWN_STAFF, Role.DISTRICT_STAFF)
# Not yet replied: waiting for review or assignment, or being handled (again). The list's state=open.
OPEN_STATES = [State.SUBMITTED, State.ACCEPTED, State.ASSIGNED, State.REHANDLING]
# The list's state= groups (besides one state): those the figures of the report and the work figures link to.
# `proposed` (every state but draft and merged) and `replied_any` (replied at least once) are read apart.
STATE_GROUPS = {
    "open": OPEN_STATES,
    "reviewing": [State.COSIGNING, State.SUBMITTED],
    "handling": [State.ASSIGNED, State.REHANDLING],
    "handled": [State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED],
    "accepted_any": [State.ACCEPTED, State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED],
}


def staff_town_ids(user) -> list[int]:
    g = grants_of(user)
    ids: set[int] = set()
    for role in STAFF_ROLES:
        ids |= g.roles.get(role, frozenset())
    if getattr(user, "is_superuser", False):
        ids |= set(g.visible_town_ids)
    return sorted(ids)


def _visibility(user) -> Q:
    g = grants_of(user)
    q = Q(pk__in=[])
    staff = staff_town_ids(user)
    if staff:
        q |= Q(town__in=staff) & (~Q(state=State.DRAFT) | Q(created_by=user))
    if g.person_ids:
        q |= Q(signers__person__in=list(g.person_ids))
        q |= Q(is_key=True, supervisors__person__in=list(g.person_ids))
    if g.unit_ids:
        q |= Q(assignments__unit__in=list(g.unit_ids)) & ~Q(state=State.DRAFT)
    return q


def suggestions_visible_to(*, user) -> QuerySet[Suggestion]:
    g = grants_of(user)
    if g.person_ids or g.unit_ids:
        # Signers, supervisors and assignments are joins that can repeat a row: each suggestion once.
        rows = Suggestion.objects.filter(pk__in=Suggestion.objects.filter(_visibility(user)).values("pk"))
    else:
        # Staff see by town and state alone: no join, so the (town, year, id) index serves the list's order.
        rows = Suggestion.objects.filter(_visibility(user))
    return rows.select_related("town", "lead_person", "lead_unit")


def suggestion_get_for(*, user, pk) -> Suggestion:
    s = suggestions_visible_to(user=user).filter(pk=pk).first()
    if s is None:
        raise Http404
    return s


def suggestion_visible(*, user, pk: int | None) -> bool:
    """Whether the user may open the suggestion's page, for the pages that link to one (a motion turned into it)."""
    return pk is not None and suggestions_visible_to(user=user).filter(pk=pk).exists()


def suggestion_page_get_for(*, user, pk) -> Suggestion:
    """suggestion_get_for with everything the suggestion's page shows, one query per relation. The action
    checks (actions_for) read these same rows instead of asking the database again."""
    s = (
        suggestions_visible_to(user=user)
        .filter(pk=pk)
        .select_related("created_by", "merged_into")
        # Whether 答复期限 rests on a provisional calendar year (its running reply clock says so).
        .annotate(due_provisional=Exists(provisional_reply_clocks()))
        .prefetch_related(
            Prefetch("signers", queryset=SuggestionSigner.objects.select_related("person")),
            Prefetch("assignments", queryset=SuggestionAssignment.objects.select_related("unit")),
            Prefetch("contacts", queryset=SuggestionContact.objects.select_related("unit")),
            Prefetch(
                "replies",
                queryset=SuggestionReply.objects.select_related("unit", "letter").prefetch_related(
                    Prefetch("feedbacks", queryset=SuggestionFeedback.objects.select_related("person"))
                ),
            ),
            Prefetch("extensions", queryset=SuggestionExtension.objects.select_related("unit")),
            "attachments",
            Prefetch("supervisors", queryset=KeySupervisor.objects.select_related("person")),
        )
        .first()
    )
    if s is None:
        raise Http404
    return s


def user_is_staff_of(user, suggestion: Suggestion) -> bool:
    return user_is_staff_for(user, suggestion.town_id)


def unit_ids_of(user) -> frozenset[int]:
    return grants_of(user).unit_ids


def person_ids_of(user) -> frozenset[int]:
    return grants_of(user).person_ids


def attachment_get_for(*, user, pk) -> SuggestionAttachment:
    a = SuggestionAttachment.objects.filter(pk=pk).select_related("suggestion").first()
    if a is None or not suggestions_visible_to(user=user).filter(pk=a.suggestion_id).exists():
        raise Http404
    return a


def key_notices_visible_to(*, user) -> QuerySet[KeyNotice]:
    return KeyNotice.objects.filter(town__in=staff_town_ids(user)).select_related("town")


def key_notice_get_for(*, user, pk) -> KeyNotice:
    n = key_notices_visible_to(user=user).filter(pk=pk).first()
    if n is None:
        raise Http404
    return n


def acting_unit(*, user, suggestion: Suggestion):
    """The user's own unit among the suggestion's active assignments (lead first), or None."""
    ids = list(unit_ids_of(user))
    if not ids:
        return None
    a = (
        SuggestionAssignment.objects.filter(suggestion=suggestion, active=True, unit__in=ids)
        .select_related("unit")
        .order_by("role")
        .first()
    )
    return a.unit if a else None


def acting_person(*, user, suggestion: Suggestion):
    """The signer the user is (a deputy on their own suggestion), or None."""
    ids = list(person_ids_of(user))
    signer = suggestion.signers.filter(person__in=ids).select_related("person").first() if ids else None
    return signer.person if signer else None


def similar_to(*, suggestion: Suggestion | None = None, town=None, year=None, text: str = "", limit=None):
    """The most similar suggestions of the same town and year: [(suggestion, score)], best first."""
    from django.conf import settings

    from .similarity import rank, tokens_of

    cfg = settings.RENDA
    town = town or suggestion.town
    year = year or suggestion.year
    query = suggestion.tokens.split() if suggestion is not None else tokens_of(text)
    rows = Suggestion.objects.filter(town=town, year=year).exclude(state__in=[State.DRAFT, State.MERGED])
    if suggestion is not None:
        rows = rows.exclude(pk=suggestion.pk)
    corpus = list(rows.values_list("pk", "tokens"))
    ranked = rank(
        query, corpus, limit or cfg["SUGGESTION_SIMILAR_COUNT"], cfg["SUGGESTION_SIMILAR_MIN_SCORE"]
    )
    by_id = Suggestion.objects.in_bulk([pk for pk, _s in ranked])
    return [(by_id[pk], score) for pk, score in ranked if pk in by_id]


def supervisor_candidates(*, suggestion: Suggestion):
    """Current presidium members, those whose expertise tags match the suggestion's topic or text first:
    [(person, matched tags)]."""
    import re

    from renda.registry.models import PresidiumMember

    members = (
        PresidiumMember.objects.filter(town=suggestion.town, end_date=None)
        .select_related("person")
        .order_by("post", "id")
    )
    text = f"{suggestion.topic} {suggestion.title} {suggestion.content}"
    out = []
    for m in members:
        tags = [t for t in re.split(r"[、,，;；\s]+", m.person.expertise or "") if t]
        matched = [t for t in tags if t in text]
        out.append((m.person, matched))
    out.sort(key=lambda x: -len(x[1]))
    seen, unique = set(), []
    for person, matched in out:
        if person.pk not in seen:
            seen.add(person.pk)
            unique.append((person, matched))
    return unique


def require_staff(user, suggestion: Suggestion) -> None:
    from django.core.exceptions import PermissionDenied

    if not user_is_staff_of(user, suggestion):
        raise PermissionDenied


def require_staff_town(user, town) -> None:
    from django.core.exceptions import PermissionDenied

    if not user_is_staff_for(user, town.pk):
        raise PermissionDenied


def suggestions_filtered(
    *,
    user,
    state="",
    year=None,
    unit=None,
    outcome_class="",
    key=None,
    followup="",
    on_time=None,
    q="",
    town=None,
    score="",
    role="",
    overdue=False,
    resolved=False,
) -> QuerySet[Suggestion]:
    """The list behind every figure: the same filters the yearly report links with."""
    qs = suggestions_visible_to(user=user)
    if state == "replied_any":
        qs = qs.filter(replied_on_time__isnull=False).exclude(state__in=[State.DRAFT, State.MERGED])
    elif state == "proposed":
        qs = qs.exclude(state__in=[State.DRAFT, State.MERGED])
    elif state in STATE_GROUPS:
        qs = qs.filter(state__in=STATE_GROUPS[state])
    elif state:
        qs = qs.filter(state=state)
    if resolved:
        qs = qs.filter(outcome_class__in=settings.RENDA["SUGGESTION_RESOLVED_CLASSES"])
    if town:
        qs = qs.filter(town=town)
    if overdue:
        qs = qs.filter(state__in=OPEN_STATES, due_date__lt=timezone.localdate())
    if score:  # a signer's final word on the suggestion (their feedback on its latest reply) was this score
        later = SuggestionFeedback.objects.filter(
            suggestion=OuterRef("suggestion"), person=OuterRef("person")
        ).filter(
            Q(reply__round__gt=OuterRef("reply__round"))
            | Q(reply__round=OuterRef("reply__round"), reply_id__gt=OuterRef("reply_id"))
        )
        final = SuggestionFeedback.objects.filter(result_score=score).exclude(Exists(later))
        qs = qs.filter(pk__in=final.values("suggestion"))
    if role == "unit":
        qs = qs.filter(assignments__unit__in=list(unit_ids_of(user)), assignments__active=True).distinct()
    elif role == "signer":
        qs = qs.filter(signers__person__in=list(person_ids_of(user))).distinct()
    elif role == "supervisor":
        qs = qs.filter(supervisors__person__in=list(person_ids_of(user))).distinct()
    if year:
        qs = qs.filter(year=year)
    if unit:
        qs = qs.filter(lead_unit=unit)
    if outcome_class:
        qs = qs.filter(outcome_class=outcome_class)
    if key is not None:
        qs = qs.filter(is_key=key)
    if followup:
        qs = qs.filter(followup=followup)
    if on_time is not None:
        qs = qs.filter(replied_on_time=on_time)
    if q:
        qs = suggestions_matching(qs, q)
    return qs


def attachment_open(a: SuggestionAttachment):
    """The stored file, opened, or None when it is gone from storage (the caller says so)."""
    try:
        return a.file.open("rb")
    except FileNotFoundError:
        return None


def actions_for(*, user, suggestion: Suggestion) -> dict[str, bool]:
    """Which steps this user may take now (the services check again). Reads the suggestion's signers,
    assignments, replies with their feedbacks and extensions once each (none when the page prefetched them)."""
    s = suggestion
    staff = user_is_staff_of(user, s)
    units, persons = unit_ids_of(user), person_ids_of(user)
    # The user's unit among the active assignments, co-units first (as acting_unit), and its assignment.
    active = sorted((a for a in s.assignments.all() if a.active), key=lambda a: (a.role, a.pk))
    mine = [a for a in active if a.unit_id in units]
    unit = mine[0].unit if mine else None
    assignment = next((a for a in active if a.unit_id == unit.pk), None) if unit else None
    # The signer the user is (as acting_person): signers come in their order (position, id).
    signer_row = next((x for x in s.signers.all() if x.person_id in persons), None) if persons else None
    person = signer_row.person if signer_row else None
    lead_unit = unit is not None and unit.pk == s.lead_unit_id
    # What the state allows is read from the tables (suggestions/workflow.py); who, from the grants above.
    state = s.state

    def may(action: str) -> bool:
        return can_start(action, state)

    feedback_given = False
    if person and may("feedback"):
        last = max(s.replies.all(), key=lambda r: r.round, default=None)
        feedback_given = last is not None and any(f.person_id == person.pk for f in last.feedbacks.all())
    return {
        "staff": staff,
        "unit": unit is not None,
        "lead_unit": lead_unit,
        "submit": may("cosign_request") and (staff or (person is not None and person.pk == s.lead_person_id)),
        "cosign": state == State.COSIGNING and signer_row is not None and signer_row.confirmed_at is None,
        "attach": state in ATTACHABLE and (staff or person is not None),
        "review": staff and may("accept"),
        "assign": staff and may("assign"),
        "merge": staff and may("merge"),
        "sign": may("sign") and assignment is not None and assignment.signed_at is None,
        "return": may("return") and assignment is not None,
        "contact": may("contact") and assignment is not None,
        "co_opinion": may("co_opinion")
        and assignment is not None
        and assignment.role == UnitRole.CO
        and not assignment.opinion,
        "extension": may("extension_request") and lead_unit,
        "decide": staff and any(can_start("approve", e.state, EXTENSION) for e in s.extensions.all()),
        "reply": may("reply") and lead_unit,
        "feedback": may("feedback") and person is not None and not feedback_given,
        "close": staff and may("close"),
        "key": staff and may("key_set"),
        "publish": staff and may("publish"),
        "followup": staff and state == State.CLOSED and can_start("followup_done", s.followup, FOLLOWUP),
    }


# The clocks behind a suggestion's 答复期限 (due_date), the newest running one first.
REPLY_CLOCKS = ["suggestion.second_reply", "suggestion.reply"]


def provisional_reply_clocks():
    """The running reply clocks of the outer suggestion whose due date rests on a provisional calendar year."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import OuterRef
    from django.db.models.functions import Cast

    from renda.core.deadlines.models import Clock

    return Clock.objects.filter(
        content_type=ContentType.objects.get_for_model(Suggestion),
        object_id=Cast(OuterRef("pk"), output_field=Clock._meta.get_field("object_id")),
        kind__in=REPLY_CLOCKS,
        stopped_at=None,
        calendar_uncertain=True,
    )


# The columns the suggestion list shows (and its deadline reads): a list row loads these, not all 40.
LIST_COLUMNS = (
    "town_id", "year", "number", "is_key", "title", "state", "outcome_class", "due_date",
    "town__name", "lead_person__name", "lead_unit__name",
)  # fmt: skip


def suggestion_list_columns(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    return qs.only(*LIST_COLUMNS)


def deadline_of(s: Suggestion):
    """The date that matters now: the assignment window before assignment, else the reply due date."""
    return getattr(s, "assign_due", None) if s.state in (State.SUBMITTED, State.ACCEPTED) else s.due_date


def with_deadlines(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Cast

    from renda.core.deadlines.models import Clock

    ct = ContentType.objects.get_for_model(Suggestion)
    running = Clock.objects.filter(
        content_type=ct,
        object_id=Cast(OuterRef("pk"), output_field=Clock._meta.get_field("object_id")),
        kind="suggestion.assign",
        stopped_at=None,
    ).values("due_date")[:1]
    return qs.annotate(assign_due=Subquery(running))


def own_person(*, user):
    """The deputy the user is (their person grant), or None."""
    from renda.registry.models import Person

    ids = list(person_ids_of(user))
    return Person.objects.filter(pk__in=ids).select_related("town").order_by("pk").first() if ids else None


def persons_in_town(*, town, ids: list[int]) -> dict:
    from renda.registry.models import Person

    return Person.objects.filter(town=town).in_bulk(ids)


def units_in_town(*, town, ids: list[int]) -> dict:
    from renda.registry.models import HandlingUnit

    return HandlingUnit.objects.filter(town=town).in_bulk(ids)


def key_items(*, year: int, town=None, towns=None) -> QuerySet[Suggestion]:
    """A town's (or several towns': a district's) key suggestions of a year, each with `supervision_idle` (超过一个月未督办: overdue with no
    supervision entry for the configured period) and `last_supervised` (the newest entry's date)."""
    from django.db.models import BooleanField, ExpressionWrapper, Max

    today = timezone.localdate()
    return (
        Suggestion.objects.filter(
            town__in=[town.pk] if town is not None else [t.pk for t in towns or []], year=year, is_key=True
        )
        .select_related("town", "lead_unit", "lead_person")
        .prefetch_related("supervisors__person")
        .annotate(
            last_supervised=Max("supervision_entries__date"),
            supervision_idle=ExpressionWrapper(supervision_idle_q(today), output_field=BooleanField()),
        )
    )


def key_notices_of(*, town, year: int) -> QuerySet[KeyNotice]:
    return KeyNotice.objects.filter(town=town, year=year)


def source_url(suggestion: Suggestion) -> str:
    """The page of the suggestion's source (an appeal, a motion, an activity), if it has one."""
    if suggestion.source_type_id is None:
        return ""
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(suggestion.source_type_id).model_class()  # cached, no query
    if model is None or not hasattr(model, "get_absolute_url"):
        return ""
    obj = model._default_manager.filter(pk=suggestion.source_id).first()
    return obj.get_absolute_url() if obj is not None else ""


# --- the supervision log of key suggestions (督办记录) ----------------------------------------------------


def supervision_idle_q(today) -> Q:
    """Key suggestions past their reply date, not yet replied, that no supervisor has recorded anything on for
    `SUGGESTION_SUPERVISION_IDLE_DAYS` (and that have been key suggestions for at least that long)."""
    import datetime as dt

    from django.conf import settings

    since = today - dt.timedelta(days=settings.RENDA["SUGGESTION_SUPERVISION_IDLE_DAYS"])
    recent = SupervisionEntry._base_manager.filter(suggestion=OuterRef("pk"), date__gt=since)
    return (
        Q(is_key=True, state__in=OPEN_STATES, due_date__lt=today)
        & (Q(key_since__isnull=True) | Q(key_since__lte=since))
        & Q(~Exists(recent))
    )


def supervision_is_idle(suggestion: Suggestion) -> bool:
    """Whether one suggestion is flagged 超过一个月未督办 today (one query; none when it is not a key one)."""
    if not suggestion.is_key:
        return False
    q = supervision_idle_q(timezone.localdate())
    return Suggestion.objects.filter(q, pk=suggestion.pk).exists()


def supervision_suggestion_get_for(*, user, pk) -> Suggestion:
    """suggestion_get_for with its supervisors and their persons (the log page lists them, the permission reads
    them): one query for the relation."""
    s = (
        suggestions_visible_to(user=user)
        .filter(pk=pk)
        .prefetch_related(Prefetch("supervisors", queryset=KeySupervisor.objects.select_related("person")))
        .first()
    )
    if s is None:
        raise Http404
    return s


def supervision_entries_of(*, suggestion: Suggestion) -> QuerySet[SupervisionEntry]:
    """The log of one suggestion, newest first. Call after the suggestion's access check: whoever may see the
    suggestion (its units, town staff, its deputies and supervisors) sees its log."""
    return SupervisionEntry.objects.filter(suggestion=suggestion).select_related("supervisor", "created_by")


def supervision_entry_get_for(*, user, pk) -> SupervisionEntry:
    e = SupervisionEntry.objects.filter(pk=pk).select_related("suggestion").first()
    if e is None or not suggestions_visible_to(user=user).filter(pk=e.suggestion_id).exists():
        raise Http404
    return e


def supervision_attachment_open(e: SupervisionEntry):
    """An entry's stored file, opened, or None when it has none or it is gone from storage."""
    if not e.attachment:
        return None
    try:
        return e.attachment.open("rb")
    except FileNotFoundError:
        return None


def supervision_can_record(*, user, suggestion: Suggestion) -> bool:
    """What the page offers: the permission and the state the service checks again."""
    from renda.core.permissions import allowed

    from .services import SUPERVISABLE

    return bool(
        suggestion.is_key
        and suggestion.state in SUPERVISABLE
        and allowed(user, "suggestions.supervise", suggestion)
    )


def _year_range(year: int):
    import datetime as dt

    return (dt.date(year, 1, 1), dt.date(year, 12, 31))


def supervision_entries_count(*, person, year: int) -> int:
    """How many supervision entries a presidium member recorded in a year (by the entry's date): one point
    each on their performance record."""
    return SupervisionEntry.objects.filter(supervisor=person, date__range=_year_range(year)).count()


def supervision_entry_counts(*, town, year: int) -> dict[int, int]:
    """Per supervisor (person id) of a town, their supervision entries of a year, in one query."""
    from django.db.models import Count

    rows = (
        SupervisionEntry.objects.filter(town=town, date__range=_year_range(year))
        .values("supervisor")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["supervisor"]: r["n"] for r in rows}
