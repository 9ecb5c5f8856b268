"""What the performance pages share: the year asked for, the staff user's town, the version sent."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from renda.core.models import Town
from renda.core.types import YearField, query_value

from .. import queries as q


def year_of(request) -> int:
    return query_value(request, "year", YearField(), default=timezone.localdate().year)


def staff_town(request) -> Town:
    """The town a staff user works on: the one chosen (?town=) among theirs, else their first."""
    ids = q.towns_where(request.user, q.STAFF)
    if not ids:
        raise PermissionDenied
    wanted = request.POST.get("town") or request.GET.get("town")
    pk = int(wanted) if wanted and wanted.isdigit() and int(wanted) in ids else ids[0]
    return q.town_get(pk)


def version_of(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None
