"""Roster reads: access to a town's rosters, its current term and its villages."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.access import user_is_staff_for
from renda.core.models import Town
from renda.core.queries import towns_for

from .. import phrases
from ..models import Term, Village, chinese_number
from .columns import Problem

# --- reads ---------------------------------------------------------------------------------------


def roster_town_for(*, user, pk) -> Town:
    """The town whose rosters the user may import and export: 404 if unseen, 403 if not its staff."""
    try:
        town = towns_for(user=user).get(pk=int(pk))
    except (Town.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not user_is_staff_for(user, town.pk):
        raise PermissionDenied(phrases.ROSTER_STAFF_ONLY)
    return town


def roster_towns_for(*, user) -> list[Town]:
    """The towns whose rosters the user may import and export."""
    return [t for t in towns_for(user=user).order_by("code") if user_is_staff_for(user, t.pk)]


def roster_current_term(town: Town, on: dt.date | None = None) -> Term | None:
    """The term whose dates cover today, else the latest one."""
    on = on or timezone.localdate()
    terms = Term.objects.filter(town=town)
    return (
        terms.filter(start_date__lte=on, end_date__gte=on).order_by("-number").first()
        or terms.order_by("-number").first()
    )


class TownVillages:
    def __init__(self, town: Town):
        self.by_code: dict[str, Village] = {}
        self.by_name: dict[str, list[Village]] = defaultdict(list)
        for v in Village.objects.filter(town=town, active=True).order_by("code"):
            self.by_code[v.code] = v
            self.by_name[v.name].append(v)

    def find(self, name: str) -> Village:
        if name in self.by_code:
            return self.by_code[name]
        found = self.by_name.get(name, [])
        if len(found) > 1:
            raise Problem(_("本镇有多个名为“%(name)s”的村（社区），请填写统计用区划代码") % {"name": name})
        if not found:
            raise Problem(_("本镇没有“%(name)s”这个村（社区）") % {"name": name})
        return found[0]


def term_label_of(term: Term) -> str:
    return _("第%(n)s届") % {"n": chinese_number(term.number)}
