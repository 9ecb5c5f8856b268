"""Activity reads: the activities a user may see (their town's, or those they are invited to), the access
functions (404 for absent and not yours), invitations, documents and deliberation opinions."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from renda.core.access import grants_of

from .enums import ActivityState, InvitationReply
from .models import Activity, ActivityDocument, Invitation, Opinion
from .queries_plans import READERS, towns_where

LIST_RELATED = ("town", "office", "plan_item")


def _visible(user) -> Q:
    """The town's readers, or a deputy invited (a published or later activity)."""
    q = Q(town__in=towns_where(user, READERS))
    persons = list(grants_of(user).person_ids)
    if persons:
        q |= Q(invitations__person__in=persons) & ~Q(state=ActivityState.DRAFT)
    return q


def activities_visible_to(*, user) -> QuerySet[Activity]:
    ids = Activity.objects.filter(_visible(user)).values("pk")
    return Activity.objects.filter(pk__in=ids).select_related(*LIST_RELATED)


def activity_get_for(*, user, pk: int) -> Activity:
    return get_object_or_404(activities_visible_to(user=user).select_related("deputy_group"), pk=pk)


def invitations_of(activity: Activity) -> QuerySet[Invitation]:
    return Invitation.objects.filter(activity=activity).select_related("person").order_by("id")


def invitation_get_for(*, user, pk: int) -> Invitation:
    """An invitation of an activity the user sees."""
    return get_object_or_404(
        Invitation.objects.filter(activity__in=activities_visible_to(user=user).values("pk")).select_related(
            "activity", "person"
        ),
        pk=pk,
    )


def my_invitation(*, user, activity: Activity) -> Invitation | None:
    persons = list(grants_of(user).person_ids)
    if not persons:
        return None
    return Invitation.objects.filter(activity=activity, person__in=persons).select_related("person").first()


def invitations_waiting_count(*, user, today=None) -> int:
    """The user's invitations to published activities not answered yet, whose notice has gone out (and, given
    `today`, that have not begun)."""
    persons = list(grants_of(user).person_ids)
    if not persons:
        return 0
    qs = Invitation.objects.filter(
        person__in=persons,
        reply=InvitationReply.PENDING,
        activity__state=ActivityState.PUBLISHED,
        activity__published_at__isnull=False,
    )
    if today is not None:
        qs = qs.filter(activity__start_date__gte=today)
    return qs.count()


def activity_documents_of(activity: Activity) -> QuerySet[ActivityDocument]:
    return ActivityDocument.objects.filter(activity=activity).order_by("id")


def activity_document_get_for(*, user, pk: int) -> ActivityDocument:
    return get_object_or_404(
        ActivityDocument.objects.filter(
            activity__in=activities_visible_to(user=user).values("pk")
        ).select_related("activity"),
        pk=pk,
    )


def activity_document_open(doc: ActivityDocument):
    """The stored file, opened, or None when it is gone from storage (the caller says so)."""
    try:
        return doc.file.open("rb")
    except FileNotFoundError:
        return None


def opinions_visible_to(*, user) -> QuerySet[Opinion]:
    """Deliberation opinions: the town's readers (not the invited deputies of other towns)."""
    return Opinion.objects.filter(town__in=towns_where(user, READERS)).select_related("town", "activity")


def opinion_get_for(*, user, pk: int) -> Opinion:
    return get_object_or_404(opinions_visible_to(user=user), pk=pk)


def opinions_of(activity: Activity) -> QuerySet[Opinion]:
    return Opinion.objects.filter(activity=activity).order_by("id")


def activities_in_feed(*, user, start, end) -> QuerySet[Activity]:
    """The calendar feed's activities: those the user is invited to as a deputy, and for town staff (and the
    district's) every activity of their towns, whose notice has gone out, overlapping [start, end]."""
    from renda.core.enums import Role

    invited = Invitation.objects.filter(person__in=list(grants_of(user).person_ids)).values("activity_id")
    staff_towns = towns_where(user, {Role.DISTRICT_STAFF, Role.TOWN_STAFF})
    return (
        Activity.objects.filter(Q(pk__in=invited) | Q(town__in=staff_towns), published_at__isnull=False)
        .exclude(state=ActivityState.DRAFT)
        .filter(start_date__lte=end, end_date__gte=start)
        .select_related("town")
        .order_by("start_date", "id")
    )


def attendees_of(activity: Activity) -> list:
    """The deputies who attended (one of them leads a suggestion made from the findings)."""
    from renda.registry.models import Person

    ids = Invitation.objects.filter(activity=activity, attended=True).values_list("person_id", flat=True)
    return list(Person.objects.filter(pk__in=list(ids)).order_by("pk"))


def came_from(*, user, activity: Activity) -> dict[str, list]:
    """What the activity's findings became, as far as the user may see it: suggestions whose source is the
    activity and appeals whose origin it is (each links to its page)."""
    from django.contrib.contenttypes.models import ContentType

    from renda.receptions.queries import appeals_visible_to
    from renda.suggestions.queries import suggestions_visible_to

    ct = ContentType.objects.get_for_model(Activity, for_concrete_model=False)  # cached
    return {
        "suggestions": list(
            suggestions_visible_to(user=user)
            .filter(source_type=ct, source_id=str(activity.pk))
            .order_by("id")
        ),
        "appeals": list(
            appeals_visible_to(user=user).filter(origin_type=ct, origin_id=str(activity.pk)).order_by("id")
        ),
    }


def held_by_kind(*, user, year: int) -> dict[int, dict[str, int]]:
    """Per town the user may see: the activities held in `year` by type (town id → kind → count); one query.
    The same rows as the activity list filtered by town, state held, type and year."""
    from django.db.models import Count

    rows = (
        activities_visible_to(user=user)
        .select_related(None)
        .filter(state=ActivityState.HELD, start_date__year=year)
        .values("town_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[int, dict[str, int]] = {}
    for r in rows:
        out.setdefault(r["town_id"], {})[r["kind"]] = r["n"]
    return out
