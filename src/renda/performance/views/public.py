"""Public pages (no login, routed by the portal under /p/): a town's deputies and one deputy's published
summary of the year — only the fields the town chose to publish (never ID numbers or phone numbers). The town
is resolved from its code; reads then run inside its scope; each client address is rate-limited."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from renda.core.types import IdField, YearField, query_value
from renda.portal import services as portal

from .. import queries as q


def _public(view):
    view.public = True
    return view


def _limited(request) -> bool:
    limit, window = settings.RENDA["PUBLICATION_RATE_PER_IP"]
    return not portal.rate_limit_hit(
        name="deputies-ip", ident=portal.client_address(request), limit=limit, window=window
    )


def _too_many() -> HttpResponse:
    return HttpResponse(_("访问过于频繁，请稍后再试"), status=429, content_type="text/plain; charset=utf-8")


def _year(request) -> int:
    return query_value(request, "year", YearField(), default=timezone.localdate().year)


@_public
def deputies(request):
    """The town's deputies of the year with what the town publishes."""
    if _limited(request):
        return _too_many()
    town = portal.town_by_code(request.GET.get("code", ""))
    if town is None:
        raise Http404
    year = _year(request)
    with scope(town=[town.pk]):  # tenant resolution for a public page
        rows = q.public_deputies(town=town, year=year)
        fields, published, _row = q.publication_fields(town)
    return render(
        request,
        "performance/public_deputies.html",
        {"town": town, "year": year, "rows": rows, "published": published, "fields": fields},
    )


@_public
def deputy(request):
    """One deputy's published information and summary of the year."""
    if _limited(request):
        return _too_many()
    town = portal.town_by_code(request.GET.get("code", ""))
    pk = query_value(request, "id", IdField(), default=None)
    if town is None or pk is None:
        raise Http404
    year = _year(request)
    with scope(town=[town.pk]):  # tenant resolution for a public page
        rows = q.public_deputies(town=town, year=year, person_pk=pk)
        fields, _published, _row = q.publication_fields(town)
    if not rows:
        raise Http404
    return render(
        request,
        "performance/public_deputy.html",
        {"town": town, "year": year, "d": rows[0], "fields": fields, "years": [year - 1, year]},
    )
