"""Every core service that acts for someone checks its own permission: a wrong-role user and no actor (None)
are refused, and nothing is written; the system and the right people may."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from factories import PASSWORD
from renda.core import services
from renda.core.actors import SYSTEM
from renda.core.enums import Role
from renda.core.models import ActivityLog

NEW_PASSWORD = "绿水青山-2027"


def _calls(world):
    a = world.a
    deputy = a.users["deputy"]
    grant = (
        a.users["petitions"].grants.get() if "petitions" in a.users else a.users["unit_clerk"].grants.get()
    )
    return {
        "user_create": lambda actor: services.user_create(username="xin", password=PASSWORD, actor=actor),
        "user_change_password": lambda actor: services.user_change_password(
            user=deputy, old_password=PASSWORD, new_password=NEW_PASSWORD, actor=actor
        ),
        "role_grant_create": lambda actor: services.role_grant_create(
            user=deputy, role=Role.PETITIONS, town=a.town, actor=actor
        ),
        "town_update": lambda actor: services.town_update(town=a.town, data={"population": 1}, actor=actor),
        "totp_device_confirm": lambda actor: services.totp_device_confirm(
            device=services.totp_device_for_enrolment(user=deputy), token="000000", actor=actor
        ),
        "user_account_create": lambda actor: services.user_account_create(
            username="xin2",
            password=NEW_PASSWORD,
            display_name="新",
            grants=[{"role": Role.PETITIONS, "town": a.town}],
            actor=actor,
        ),
        "user_account_update": lambda actor: services.user_account_update(
            user=deputy, data={"display_name": "改"}, actor=actor
        ),
        "role_grant_add": lambda actor: services.role_grant_add(
            user=deputy, role=Role.PETITIONS, town=a.town, actor=actor
        ),
        "role_grant_revoke": lambda actor: services.role_grant_revoke(grant=grant, actor=actor),
        "login_lockout_clear": lambda actor: services.login_lockout_clear(account=deputy, actor=actor),
    }


NAMES = [
    "user_create",
    "user_change_password",
    "role_grant_create",
    "town_update",
    "totp_device_confirm",
    "user_account_create",
    "user_account_update",
    "role_grant_add",
    "role_grant_revoke",
    "login_lockout_clear",
]


# Open to any district's staff (an account is opened alone; a lockout is found among the district's accounts
# by the page before the service is called).
DISTRICT_WIDE = {"user_create", "login_lockout_clear"}


def _rows() -> int:
    with scopes_disabled():  # test reads
        return ActivityLog.unscoped.count()


@pytest.mark.parametrize("name", NAMES)
def test_each_service_refuses_a_wrong_role_and_no_actor(world, name):
    assert set(NAMES) == set(_calls(world))
    call = _calls(world)[name]
    # Town staff are the wrong role for accounts and towns; for one's own password and device it is another
    # user (the town staff acting on the deputy's account).
    wrong = [world.a.users["town_staff"], world.a.users["unit_clerk"], None]
    if name not in DISTRICT_WIDE:
        wrong.append(world.district_y_staff)  # another district's staff
    before = _rows()
    with scopes_disabled():  # the services themselves
        for actor in wrong:
            with pytest.raises(PermissionDenied):
                call(actor)
    assert _rows() == before


def test_the_right_people_may(world):
    deputy = world.a.users["deputy"]
    with scopes_disabled():  # the services themselves
        services.user_change_password(
            user=deputy, old_password=PASSWORD, new_password=NEW_PASSWORD, actor=deputy
        )
        services.town_update(town=world.a.town, data={"population": 70000}, actor=world.district_x_staff)
        services.user_create(username="xin", password=PASSWORD, actor=SYSTEM)
        with pytest.raises(PermissionDenied):  # district X's staff do not keep district Y's towns
            services.town_update(town=world.c.town, data={"population": 1}, actor=world.district_x_staff)
    deputy.refresh_from_db()
    world.a.town.refresh_from_db()
    assert (deputy.check_password(NEW_PASSWORD), world.a.town.population) == (True, 70000)


def test_entering_a_years_calendar_is_for_district_staff_only(world):
    import datetime as dt

    from renda.core.deadlines.models import CalendarYear
    from renda.core.deadlines.services import calendar_year_set

    def enter(actor):
        return calendar_year_set(year=2027, holidays=[dt.date(2027, 1, 1)], workdays=[], actor=actor)

    with scopes_disabled():
        for actor in [world.a.users["town_staff"], world.a.users["deputy"], None]:
            with pytest.raises(PermissionDenied):
                enter(actor)
        assert CalendarYear.objects.filter(year=2027).count() == 0
        enter(world.district_x_staff)
        assert CalendarYear.objects.filter(year=2027).count() == 1
