"""Reads of the chairs' invitations and the exchange meetings.

District events and exchange meetings belong to the district: its staff see all of them. A town's staff see the
events their town's chairs are invited to and the meetings their town's persons took part in or wrote a paper
for; an invited chair (a user bound to the person) sees the events they are invited to and the meetings they
took part in. Invitations are per person: district staff see every one of the district, a town's staff their
town's, a person their own. The summary per town and year counts exactly the rows its links list."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.figures import list_url

from .models import ChairInvitation, DistrictEvent, ExchangeMeeting, MeetingPaper


def _town_staff(user) -> list[int]:
    return sorted(grants_of(user).roles.get(Role.TOWN_STAFF, frozenset()))


def events_visible_to(*, user) -> QuerySet[DistrictEvent]:
    g = grants_of(user)
    q = Q(pk__in=[])
    if g.district_ids:
        q |= Q(district__in=list(g.district_ids))
    towns, persons = _town_staff(user), sorted(g.person_ids)
    if towns or persons:
        invited = ChairInvitation._base_manager.filter(Q(town__in=towns) | Q(person__in=persons)).values(
            "event"
        )
        q |= Q(pk__in=invited)
    return DistrictEvent._base_manager.filter(q)


def event_get_for(*, user, pk) -> DistrictEvent:
    e = events_visible_to(user=user).filter(pk=pk).select_related("district", "activity").first()
    if e is None:
        raise Http404
    return e


def invitations_visible_to(*, user) -> QuerySet[ChairInvitation]:
    g = grants_of(user)
    q = Q(pk__in=[])
    if g.district_ids:
        q |= Q(event__district__in=list(g.district_ids))
    towns, persons = _town_staff(user), sorted(g.person_ids)
    if towns:
        q |= Q(town__in=towns)
    if persons:
        q |= Q(person__in=persons)
    return ChairInvitation._base_manager.filter(q).select_related("event", "person", "town")


def invitation_get_for(*, user, pk) -> ChairInvitation:
    i = invitations_visible_to(user=user).filter(pk=pk).first()
    if i is None:
        raise Http404
    return i


def invitations_of_event(*, user, event: DistrictEvent) -> list[ChairInvitation]:
    return list(invitations_visible_to(user=user).filter(event=event).order_by("town__code", "post", "id"))


def invitations_filtered(*, user, year=None, town=None, attended=None, kind: str = "") -> QuerySet:
    qs = invitations_visible_to(user=user)
    if year:
        qs = qs.filter(event__date__year=year)
    if town:
        qs = qs.filter(town=town)
    if attended is not None:
        qs = qs.filter(attended=attended)
    if kind:
        qs = qs.filter(event__kind=kind)
    return qs


def invitation_link(*, year, town=None, attended=None) -> str:
    q = {"year": year, **({"town": town} if town else {}), **({"attended": "1"} if attended else {})}
    return list_url("campaigns:invitation-list", q)


def invitation_summary(*, user, year: int) -> list[dict]:
    """Per town (of the invitations this user may see) of `year`: invited, attended, each with its list's link.
    One query."""
    rows = (
        invitations_filtered(user=user, year=year)
        .values("town", "town__name", "town__code")
        .annotate(invited=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
        .order_by("town__code")
    )
    return [
        {
            "town": r["town"],
            "name": r["town__name"],
            "invited": r["invited"],
            "attended": r["attended"],
            "invited_url": invitation_link(year=year, town=r["town"]),
            "attended_url": invitation_link(year=year, town=r["town"], attended=True),
        }
        for r in rows
    ]


def chair_choices(*, district):
    """The persons who may be invited: serving chairs and vice-chairs of the district's towns."""
    from renda.registry.models import Person

    from .services import chair_posts_of_district

    ids = list(chair_posts_of_district(district=district))
    return Person._base_manager.filter(pk__in=ids).select_related("town").order_by("town__code", "name")


def meetings_visible_to(*, user) -> QuerySet[ExchangeMeeting]:
    g = grants_of(user)
    q = Q(pk__in=[])
    if g.district_ids:
        q |= Q(district__in=list(g.district_ids))
    towns, persons = _town_staff(user), sorted(g.person_ids)
    through = ExchangeMeeting.participants.through
    if towns:
        q |= Q(pk__in=through.objects.filter(person__town__in=towns).values("exchangemeeting"))
        q |= Q(pk__in=MeetingPaper._base_manager.filter(town__in=towns).values("meeting"))
    if persons:
        q |= Q(pk__in=through.objects.filter(person__in=persons).values("exchangemeeting"))
    return ExchangeMeeting._base_manager.filter(q)


def meeting_get_for(*, user, pk) -> ExchangeMeeting:
    m = meetings_visible_to(user=user).filter(pk=pk).select_related("district").first()
    if m is None:
        raise Http404
    return m


def meetings_filtered(*, user, kind: str = "", year=None) -> QuerySet[ExchangeMeeting]:
    qs = meetings_visible_to(user=user)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(date__year=year)
    return qs


def paper_get_for(*, user, pk) -> MeetingPaper:
    p = (
        MeetingPaper._base_manager.filter(pk=pk, meeting__in=meetings_visible_to(user=user).values("pk"))
        .select_related("meeting", "author")
        .first()
    )
    if p is None:
        raise Http404
    return p


def invitees_of_event(*, event):
    from renda.registry.models import Person

    return Person._base_manager.filter(chair_invitations__event=event)


def persons_of_district(*, district, ids: list[int]) -> list:
    """These persons when every one of them is of the district's towns (else fewer)."""
    from renda.registry.models import Person

    return list(Person._base_manager.filter(pk__in=ids, town__district=district).select_related("town"))
