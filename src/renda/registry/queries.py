"""Registry reads: one "rows this user may see" function per aggregate, the coverage checks and the
district overview figures. The request's town scope (middleware) already limits every query to the
user's towns; these functions add the role rules on top."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.figures.queries import town_figures_for
from renda.core.models import Town

from .enums import Level, MandateStatus, PresidiumPost
from .models import (
    DeputyGroup,
    ElectoralDistrict,
    HandlingUnit,
    LiaisonPost,
    Mandate,
    Person,
    Presidium,
    PresidiumMember,
    Term,
    Village,
    congress_size_limit,
)

STAFF = {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM}
EVERYONE = set(Role)


def _towns_where(user, roles: set[str]) -> list[int]:
    g = grants_of(user)
    ids: set[int] = set()
    for role in roles:
        ids |= g.roles.get(role, frozenset())
    if getattr(user, "is_superuser", False):
        ids |= set(g.visible_town_ids)
    return sorted(ids)


def villages_visible_to(*, user) -> QuerySet[Village]:
    return Village.objects.filter(town__in=_towns_where(user, STAFF)).select_related("town", "division_town")


def terms_visible_to(*, user) -> QuerySet[Term]:
    return Term.objects.filter(town__in=_towns_where(user, STAFF)).select_related("town")


def electoral_districts_visible_to(*, user) -> QuerySet[ElectoralDistrict]:
    return (
        ElectoralDistrict.objects.filter(town__in=_towns_where(user, STAFF))
        .select_related("town", "term", "term__town")
        .prefetch_related("villages")
        .annotate(
            n_serving=Count(
                "mandates", filter=Q(mandates__status=MandateStatus.SERVING, mandates__level=Level.TOWN)
            )
        )
        .order_by("town", "term", "number", "pk")  # a grouped query ignores Meta.ordering: say it
    )


def persons_for_choices(qs: QuerySet[Person]) -> QuerySet[Person]:
    """People to choose from, with what Person.choice_label reads (the village, the serving mandates) in one
    join and one query for the whole list. The mandates are those of people already in the caller's scope."""
    serving = Mandate._base_manager.filter(status=MandateStatus.SERVING).order_by("level")
    return qs.select_related("village").prefetch_related(
        Prefetch("mandates", queryset=serving, to_attr="serving_mandates")
    )


def persons_visible_to(*, user) -> QuerySet[Person]:
    """Staff see their towns' persons; a deputy sees their own record."""
    own = grants_of(user).person_ids
    return Person.objects.filter(
        Q(town__in=_towns_where(user, {Role.DISTRICT_STAFF, Role.TOWN_STAFF})) | Q(pk__in=own)
    ).select_related("town", "village")


def mandates_visible_to(*, user) -> QuerySet[Mandate]:
    """Deputies' basic information is public to everyone working in the town (Deputies Law Art. 58)."""
    level_order = Case(
        *(When(level=lv, then=Value(i)) for i, lv in enumerate(Level.values)), output_field=IntegerField()
    )
    return (
        Mandate.objects.filter(town__in=_towns_where(user, EVERYONE))
        .select_related(
            "town", "person", "person__village", "electoral_district", "term", "term__town", "seat"
        )
        .annotate(level_order=level_order)
        .order_by("town__code", "level_order", "electoral_district__number", "person__name", "pk")
    )


def presidiums_visible_to(*, user) -> QuerySet[Presidium]:
    return (
        Presidium.objects.filter(town__in=_towns_where(user, STAFF))
        .select_related("town", "term", "term__town")
        .order_by("town", "term", "pk")  # by town, newest term first (a page needs a fixed order)
    )


def presidium_members_visible_to(*, user) -> QuerySet[PresidiumMember]:
    return (
        PresidiumMember.objects.filter(town__in=_towns_where(user, STAFF))
        .select_related("town", "person", "presidium", "presidium__term", "presidium__term__town")
        .order_by(*PresidiumMember._meta.ordering, "pk")
    )


def deputy_groups_visible_to(*, user) -> QuerySet[DeputyGroup]:
    return (
        DeputyGroup.objects.filter(town__in=_towns_where(user, EVERYONE))
        .select_related("town", "leader", "summariser")
        .prefetch_related("members", "villages")
        .annotate(n_members=Count("members", distinct=True))
        .order_by(*DeputyGroup._meta.ordering, "pk")  # a grouped query ignores Meta.ordering
    )


def liaison_posts_visible_to(*, user) -> QuerySet[LiaisonPost]:
    return (
        LiaisonPost.objects.filter(town__in=_towns_where(user, EVERYONE))
        .select_related("town", "village")
        .prefetch_related("electoral_districts")
        .order_by(*LiaisonPost._meta.ordering, "pk")
    )


def handling_units_visible_to(*, user) -> QuerySet[HandlingUnit]:
    return HandlingUnit.objects.filter(town__in=_towns_where(user, EVERYONE)).select_related("town")


def town_get_for(*, user, pk) -> Town:
    from django.http import Http404

    town = (
        Town.objects.select_related("district").filter(pk=pk, pk__in=grants_of(user).visible_town_ids).first()
    )
    if town is None:
        raise Http404
    return town


def current_term(town: Town, on=None) -> Term | None:
    on = on or timezone.localdate()
    terms = Term.objects.filter(town=town)
    term = (
        terms.filter(start_date__lte=on, end_date__gte=on).order_by("-number").first()
        or terms.order_by("-number").first()
    )
    if term is not None:
        term.town = town  # the town is known: str(term) names it without a query
    return term


# --- coverage checks -----------------------------------------------------------------------------


@dataclass
class Coverage:
    """The gaps of one town's registry. Each list holds the records at fault."""

    town: Town
    term: Term | None
    villages_without_district: list[Village] = field(default_factory=list)
    villages_without_deputy: list[Village] = field(default_factory=list)
    districts_without_post: list[ElectoralDistrict] = field(default_factory=list)
    small_groups: list[DeputyGroup] = field(default_factory=list)
    presidium_problems: list[str] = field(default_factory=list)
    seats: int = 0
    seat_limit: int | None = None

    @property
    def seats_over_limit(self) -> bool:
        return self.seat_limit is not None and self.seats > self.seat_limit

    @property
    def gap_count(self) -> int:
        return (
            len(self.villages_without_district)
            + len(self.villages_without_deputy)
            + len(self.districts_without_post)
            + len(self.small_groups)
            + len(self.presidium_problems)
            + int(self.seats_over_limit)
        )

    def as_dict(self) -> dict:
        def ref(o):
            return {"id": o.pk, "name": str(o)}

        return {
            "town": ref(self.town),
            "term": ref(self.term) if self.term else None,
            "villages_without_electoral_district": [ref(v) for v in self.villages_without_district],
            "villages_without_serving_town_deputy": [ref(v) for v in self.villages_without_deputy],
            "electoral_districts_without_liaison_post": [ref(e) for e in self.districts_without_post],
            "deputy_groups_under_minimum": [ref(g) for g in self.small_groups],
            "presidium_problems": self.presidium_problems,
            "seats": self.seats,
            "seat_limit": self.seat_limit,
            "seats_over_limit": self.seats_over_limit,
            "gap_count": self.gap_count,
        }


def town_coverage(*, town: Town) -> Coverage:
    """Every check of C1 for one town, in a fixed number of queries."""
    cfg = settings.RENDA
    term = current_term(town)
    cov = Coverage(town=town, term=term)
    villages = Village.objects.filter(town=town, active=True).order_by("code")
    if not town.has_congress:
        # Subdistricts and zones elect no town deputies: only the groups check applies.
        cov.small_groups = _small_groups(town, cfg)
        return cov
    in_term = ElectoralDistrict.objects.filter(term=term, villages=OuterRef("pk"))
    serving = Mandate.objects.filter(
        level=Level.TOWN, status=MandateStatus.SERVING, electoral_district__term=term,
        electoral_district__villages=OuterRef("pk"),
    )  # fmt: skip
    rows = villages.annotate(has_district=Exists(in_term), has_deputy=Exists(serving))
    for v in rows:
        if not v.has_district:
            cov.villages_without_district.append(v)
        elif not v.has_deputy:
            cov.villages_without_deputy.append(v)
    eds = ElectoralDistrict.objects.filter(term=term).annotate(
        has_post=Exists(LiaisonPost.objects.filter(electoral_districts=OuterRef("pk"), end_date__isnull=True))
    )
    eds_list = list(eds.order_by("number"))  # one query for both the posts check and the seat count
    cov.districts_without_post = [e for e in eds_list if not e.has_post]
    cov.small_groups = _small_groups(town, cfg)
    cov.presidium_problems = _presidium_problems(term)
    cov.seats = sum(e.seats for e in eds_list)
    cov.seat_limit = congress_size_limit(town.population)
    return cov


def _small_groups(town: Town, cfg) -> list[DeputyGroup]:
    return list(
        DeputyGroup.objects.filter(town=town, end_date__isnull=True)
        .annotate(n=Count("members"))
        .filter(n__lt=cfg["DEPUTY_GROUP_MIN_MEMBERS"])
        .order_by("name")
    )


def _presidium_problems(term: Term | None) -> list[str]:
    if term is None:
        return [_("尚未建立届次")]
    presidium = Presidium.objects.filter(term=term).first()
    if presidium is None:
        return [_("尚未建立本届主席团")]
    members = list(
        PresidiumMember.objects.filter(presidium=presidium, end_date__isnull=True).select_related("person")
    )
    chairs = [m for m in members if m.post == PresidiumPost.CHAIR]
    vices = [m for m in members if m.post == PresidiumPost.VICE_CHAIR]
    cfg = settings.RENDA
    problems = []
    if len(chairs) != 1:
        problems.append(_("主席应为 1 名，现有 %(n)s 名") % {"n": len(chairs)})
    if not cfg["PRESIDIUM_MIN_VICE_CHAIRS"] <= len(vices) <= cfg["PRESIDIUM_MAX_VICE_CHAIRS"]:
        problems.append(
            _("副主席应为 %(lo)s 至 %(hi)s 名，现有 %(n)s 名")
            % {
                "lo": cfg["PRESIDIUM_MIN_VICE_CHAIRS"],
                "hi": cfg["PRESIDIUM_MAX_VICE_CHAIRS"],
                "n": len(vices),
            }
        )
    for m in chairs + vices:
        if m.holds_government_post:
            problems.append(
                _("%(p)s 担任%(post)s，不得兼任政府职务") % {"p": m.person.name, "post": m.get_post_display()}
            )
    if not any(m.post == PresidiumPost.SECRETARY for m in members):
        problems.append(_("未设秘书"))
    return problems


def district_overview_rows(*, user) -> list[dict]:
    """Each visible town with its registry figures: a fixed number of queries for any number of towns."""
    towns = list(
        Town.objects.filter(pk__in=grants_of(user).visible_town_ids)
        .select_related("district")
        .order_by("code")
    )
    ids = [t.pk for t in towns]
    deputies = dict(
        Mandate.objects.filter(town__in=ids, status=MandateStatus.SERVING, level=Level.TOWN)
        .values_list("town").annotate(n=Count("id")).values_list("town", "n")
    )  # fmt: skip
    others = dict(
        Mandate.objects.filter(town__in=ids, status=MandateStatus.SERVING).exclude(level=Level.TOWN)
        .values_list("town").annotate(n=Count("id")).values_list("town", "n")
    )  # fmt: skip
    villages = dict(
        Village.objects.filter(town__in=ids, active=True)
        .values_list("town")
        .annotate(n=Count("id"))
        .values_list("town", "n")
    )
    uncovered = dict(
        Village.objects.filter(town__in=ids, active=True, electoral_districts__isnull=True)
        .values_list("town").annotate(n=Count("id")).values_list("town", "n")
    )  # fmt: skip
    posts = dict(
        LiaisonPost.objects.filter(town__in=ids, end_date__isnull=True)
        .values_list("town").annotate(n=Count("id")).values_list("town", "n")
    )  # fmt: skip
    work = town_figures_for(towns=ids)  # 工作概况: one query once the figures are fresh
    return [
        {
            "town": t,
            "deputies": deputies.get(t.pk, 0),
            "other_deputies": others.get(t.pk, 0),
            "villages": villages.get(t.pk, 0),
            "villages_uncovered": uncovered.get(t.pk, 0) if t.has_congress else None,
            "liaison_posts": posts.get(t.pk, 0),
            "seat_limit": congress_size_limit(t.population) if t.has_congress else None,
            "work": work[t.pk],
        }
        for t in towns
    ]


def towns_with_ids(ids) -> QuerySet:
    """The towns of these ids (already those the user may see), in code order."""
    return Town.objects.filter(pk__in=list(ids)).order_by("code")
