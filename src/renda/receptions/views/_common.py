"""What the receptions pages share: paging, the staff user's town, what a page may offer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.models import Town
from renda.core.paging import page_and_query
from renda.core.workflow import workflow_actions_for

from .. import queries

_page = page_and_query  # core.paging: the rows of a page and the filters its links keep


def _staff_town_ids(request) -> set[int]:
    g = grants_of(request.user)
    return set(g.roles.get(Role.TOWN_STAFF, frozenset()) | g.roles.get(Role.DISTRICT_STAFF, frozenset()))


def _staff_town(request) -> Town:
    """The town a staff user works on: the one chosen (?town=) among theirs, else their first."""
    ids = sorted(_staff_town_ids(request))
    if request.user.is_superuser:
        ids = list(grants_of(request.user).visible_town_ids)
    if not ids:
        raise PermissionDenied
    wanted = request.POST.get("town") or request.GET.get("town")
    pk = int(wanted) if wanted and wanted.isdigit() and int(wanted) in ids else ids[0]
    return queries.town_get(pk)


def _is_staff_somewhere(request) -> bool:
    """Town or district staff of at least one town: read from the grants, no query."""
    return bool(_staff_town_ids(request))


def _staff_towns(request):
    return queries.towns_by_ids(_staff_town_ids(request))


def _offered(obj, user) -> dict[str, bool]:
    """The steps of the object's transition table this user may take now: {action: True} for the template."""
    return {t.action: True for t in workflow_actions_for(obj, user)}
