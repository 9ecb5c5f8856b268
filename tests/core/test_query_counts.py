"""Fixed query counts of the district's working-day calendar page and the lockouts page; the lockouts page is
paged (keys first, renda.core.paging), so its count does not grow with the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.core.deadlines.models import CalendarOverride
from renda.core.deadlines.services import calendar_dates_parse, calendar_year_set
from renda.core.security import login_locked_out_record


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _count(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def _lockouts(world, n):
    users = [u for u in world.a.users.values()]
    for i in range(n):
        user = users[i % len(users)]
        login_locked_out_record(
            username=user.username, ip_address=f"10.7.0.{i % 250 + 1}", path="/accounts/login/"
        )


def test_lockouts_page_is_paged_with_a_fixed_number_of_queries(client, world, settings):
    settings.RENDA = {**settings.RENDA, "PAGE_SIZE": 5}
    client.force_login(world.district_x_staff)
    _lockouts(world, 2)
    few, page = _count(client, "/accounts/lockouts/")
    assert len(page.context["history"]) == 2
    _lockouts(world, 10)
    many, page = _count(client, "/accounts/lockouts/")
    assert many == few
    assert (len(page.context["history"]), page.context["page"].paginator.num_pages) == (5, 3)
    last, page = _count(client, "/accounts/lockouts/?page=3")
    assert (last, len(page.context["history"])) == (few, 2)
    assert 'data-testid="history"' in page.content.decode() and "page=2" in page.content.decode()
    # An out-of-range page number shows the last page, never an error.
    assert len(client.get(f"/accounts/lockouts/?page={2**63}").context["history"]) == 2


def test_calendar_page_uses_a_fixed_number_of_queries(client, world):
    client.force_login(world.district_x_staff)
    bare, _page = _count(client, "/calendar/")
    today = timezone.localdate()
    with scopes_disabled():  # test set-up: an entered year and local corrections
        calendar_year_set(
            year=today.year + 1,
            holidays=calendar_dates_parse(f"{today.year + 1}-01-01~{today.year + 1}-01-03"),
            workdays=[],
            actor=world.district_x_staff,
        )
        for day in range(1, 8):
            CalendarOverride.objects.create(date=dt.date(today.year, 3, day), is_workday=day % 2 == 0)
    full, page = _count(client, "/calendar/")
    assert full == bare
    assert 'data-testid="calendar-status"' in page.content.decode()
