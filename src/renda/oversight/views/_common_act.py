"""What the plan and activity pages share: paging, the staff user's town, what a page may offer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.models import Town
from renda.core.paging import page_and_query
from renda.core.workflow import workflow_actions_for

from .. import queries_plans

page_of = page_and_query  # core.paging: the rows of a page and the filters its links keep


def staff_town_ids(request) -> set[int]:
    g = grants_of(request.user)
    return set(g.roles.get(Role.TOWN_STAFF, frozenset()) | g.roles.get(Role.DISTRICT_STAFF, frozenset()))


def staff_town(request) -> Town:
    """The town a staff user works on: the one chosen (?town=) among theirs, else their first."""
    ids = sorted(staff_town_ids(request))
    if request.user.is_superuser:
        ids = list(grants_of(request.user).visible_town_ids)
    if not ids:
        raise PermissionDenied
    wanted = request.POST.get("town") or request.GET.get("town")
    pk = int(wanted) if wanted and wanted.isdigit() and int(wanted) in ids else ids[0]
    return queries_plans.town_get(pk)


def offered(obj, user) -> dict[str, bool]:
    return {t.action: True for t in workflow_actions_for(obj, user)}
