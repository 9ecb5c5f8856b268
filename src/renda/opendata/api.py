"""Open data at /api/v1/ (public, no login, the portal's rate limit per address):

- `GET /ocd/town?jurisdiction_id=<town code>`: the town's congress, presidiums, posts, deputies and their
  memberships with dates, the Open Civic Data way (person, post, membership, organization).
- `GET /open311/v2/services.json` and `GET /open311/v2/requests.json?jurisdiction_id=<town code>`: the appeal
  categories and the town's appeals as Open311 GeoReport v2 service requests (public fields, masked text).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404
from django_scopes import scope
from ninja import Query, Router, Schema

from renda.core.security import client_address
from renda.portal.services import rate_limit_hit, town_by_code

from . import queries

router = Router(tags=["open data"])


class Message(Schema):
    detail: str


class Jurisdiction(Schema):
    id: str
    name: str
    code: str


class Organization(Schema):
    id: str
    name: str
    classification: str
    parent_id: str | None


class Post(Schema):
    id: str
    label: str
    role: str
    organization_id: str
    division_id: str
    num_seats: int
    start_date: str
    end_date: str


class Person(Schema):
    id: str
    name: str
    gender: str
    party: str
    sector: str


class Membership(Schema):
    id: str
    person_id: str
    organization_id: str
    post_id: str | None
    role: str
    label: str
    start_date: str
    end_date: str


class OcdTown(Schema):
    jurisdiction: Jurisdiction
    organizations: list[Organization]
    posts: list[Post]
    people: list[Person]
    memberships: list[Membership]


class Service(Schema):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


class ServiceRequest(Schema):
    service_request_id: str
    status: str
    status_notes: str
    service_name: str
    service_code: str
    description: str
    agency_responsible: str
    service_notice: str
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str
    address: str
    address_id: str
    zipcode: str
    lat: float | None
    long: float | None
    media_url: str


class TownIn(Schema):
    jurisdiction_id: str  # the town's 12-digit division code


class RequestsIn(TownIn):
    status: str = ""  # open | closed
    service_code: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None


def _allowed(request) -> bool:
    limit, window = settings.RENDA["OPEN_DATA_RATE_PER_IP"]
    return rate_limit_hit(name="opendata-ip", ident=client_address(request), limit=limit, window=window)


def _town(code: str):
    town = town_by_code(code[:20])
    if town is None:
        raise Http404
    return town


def _too_many():
    from django.utils.translation import gettext as _

    return 429, {"detail": _("请求过于频繁，请稍后再试")}


@router.get("/ocd/town", auth=None, response={200: OcdTown, 404: Message, 429: Message})
def ocd_town(request, params: Query[TownIn]):
    """A town's deputies the Open Civic Data way: its congress and presidiums (organizations), the electoral
    districts (posts), the persons who held a seat or a presidium post (name, gender, party, sector only) and
    their memberships with start and end dates."""
    if not _allowed(request):
        return _too_many()
    town = _town(params.jurisdiction_id)
    with scope(town=[town.pk]):  # tenant resolution for a public read
        return 200, queries.ocd_town(town=town)


@router.get("/open311/v2/services.json", auth=None, response={200: list[Service], 429: Message})
def open311_services(request):
    """The appeal categories as Open311 GeoReport v2 services."""
    if not _allowed(request):
        return _too_many()
    return 200, queries.open311_services()


@router.get(
    "/open311/v2/requests.json", auth=None, response={200: list[ServiceRequest], 404: Message, 429: Message}
)
def open311_requests(request, params: Query[RequestsIn]):
    """A town's appeals as Open311 GeoReport v2 service requests, newest first (at most the configured
    number): category, status, dates, the handling unit and the village; the text with the citizen's name and
    long numbers masked; never the citizen's name, phone or tracking code."""
    if not _allowed(request):
        return _too_many()
    town = _town(params.jurisdiction_id)
    with scope(town=[town.pk]):  # tenant resolution for a public read
        qs = queries.open311_appeals(
            town=town,
            status=params.status,
            service_code=params.service_code[:30],
            start=params.start_date,
            end=params.end_date,
        )
        rows = qs[: settings.RENDA["OPEN311_MAX_REQUESTS"]]
        return 200, [queries.open311_request(a, town=town) for a in rows]
