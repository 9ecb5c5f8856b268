"""Login defences: lockout per account and per address (django-axes), audited; the bearer-token login is
throttled too; staff two-factor login (django-otp TOTP) when RENDA["STAFF_2FA"] is on; idle sessions expire;
password rules."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from factories import PASSWORD
from renda.core.actors import SYSTEM
from renda.core.enums import Role
from renda.core.models import ActivityLog, District, Town, User
from renda.core.services import role_grant_create, user_create

WRONG = "not-the-password"
LIMIT = 5


@pytest.fixture
def people(db):
    """A district with one town; a district staff member, a town staff member and a deputy-less plain user."""
    with scopes_disabled():  # test set-up
        district = District.objects.create(code="320509", name="吴江区")
        town = Town.objects.create(district=district, code="320509100", name="松陵镇")
        district_staff = user_create(
            username="qu_gzry", password=PASSWORD, display_name="区工作人员", actor=SYSTEM
        )
        role_grant_create(user=district_staff, role=Role.DISTRICT_STAFF, district=district, actor=SYSTEM)
        town_staff = user_create(
            username="zhen_gzry", password=PASSWORD, display_name="镇工作人员", actor=SYSTEM
        )
        role_grant_create(user=town_staff, role=Role.TOWN_STAFF, town=town, actor=SYSTEM)
        plain = user_create(username="putong", password=PASSWORD, display_name="普通用户", actor=SYSTEM)
    return {"district_staff": district_staff, "town_staff": town_staff, "plain": plain, "town": town}


def login(client, username, password, addr="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=addr, follow=False
    )


def locked_rows():
    with scopes_disabled():  # test inspection of the district-level audit rows
        return list(ActivityLog.unscoped.filter(code="user.locked_out").order_by("id"))


def test_the_throttle_numbers_are_settings():
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert dt.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_an_account_is_locked_after_repeated_failures_and_it_is_audited(client, people):
    user = people["town_staff"]
    for _ in range(LIMIT - 1):
        assert login(client, user.username, WRONG).status_code == 200
    assert locked_rows() == []
    response = login(client, user.username, WRONG)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    # The right password from another address is refused too while the account is locked.
    response = login(client, user.username, PASSWORD, addr="10.0.0.2")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    rows = locked_rows()
    assert [(r.object_id, r.data["username"], r.data["ip_address"]) for r in rows] == [
        (str(user.pk), user.username, "10.0.0.1")
    ]
    assert rows[0].town_id is None and rows[0].actor_id is None
    # After the cool-off the account logs in again.
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16), tick=False):
        assert login(client, user.username, PASSWORD, addr="10.0.0.2").status_code == 302
    # A test's force_login is not a login attempt and is never throttled.
    client.force_login(people["plain"])
    assert client.get("/").status_code in (200, 302)


def test_an_address_is_locked_after_failures_on_many_accounts(client, people):
    for i in range(LIMIT):
        login(client, f"guess{i}", WRONG, addr="10.9.9.9")
    # The address is locked, even for a real account with the right password...
    assert login(client, people["plain"].username, PASSWORD, addr="10.9.9.9").status_code == 429
    # ...while the same account from another address is fine.
    assert login(client, people["plain"].username, PASSWORD, addr="10.0.0.3").status_code == 302
    rows = locked_rows()
    assert [(r.data["username"], r.data["ip_address"]) for r in rows] == [(f"guess{LIMIT - 1}", "10.9.9.9")]


def test_a_success_resets_the_count(client, people):
    user = people["plain"]
    for _ in range(LIMIT - 1):
        login(client, user.username, WRONG)
    assert login(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert login(client, user.username, WRONG).status_code == 200
    assert login(client, user.username, PASSWORD).status_code == 302


def test_the_token_login_is_throttled(client, people):
    user = people["plain"]
    body = {"username": user.username, "password": WRONG}
    codes = [
        client.post(
            "/api/v1/auth/token", body, content_type="application/json", REMOTE_ADDR="10.1.1.1"
        ).status_code
        for _ in range(LIMIT)
    ]
    assert codes == [401] * (LIMIT - 1) + [429]
    response = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="10.1.1.2",
    )
    assert response.status_code == 429
    assert "登录失败次数过多" in response.json()["detail"]
    assert len(locked_rows()) == 1


def test_lockout_page_is_english_in_english(client, people):
    client.cookies["django_language"] = "en"
    for _ in range(LIMIT):
        response = client.post(
            "/accounts/login/",
            {"username": "x", "password": WRONG},
            REMOTE_ADDR="10.2.2.2",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


# --- two-factor login for staff ---


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def test_two_factor_is_off_by_default(client, people):
    assert settings.RENDA["STAFF_2FA"] is False
    assert login(client, people["town_staff"].username, PASSWORD).status_code == 302
    assert client.get("/").url == f"/registry/towns/{people['town'].pk}/"


@pytest.fixture
def staff_2fa(settings):
    settings.RENDA = {**settings.RENDA, "STAFF_2FA": True}


def test_staff_enrol_a_totp_device_then_enter_its_code(client, people, staff_2fa):
    staff = people["town_staff"]
    assert login(client, staff.username, PASSWORD).status_code == 302
    # Every page but the two-factor step sends the staff member there; the API answers 401.
    response = client.get(f"/registry/towns/{people['town'].pk}/")
    assert response.status_code == 302 and response.url.startswith("/accounts/two-factor/?next=")
    assert client.get("/api/v1/core/notifications").status_code == 401
    page = client.get("/accounts/two-factor/")
    html = page.content.decode()
    assert page.status_code == 200 and "扫描下面的二维码" in html and 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed is False and page.context["secret"] in html
    # A wrong code is refused; the right one confirms the device and opens the session.
    refused = client.post(
        "/accounts/two-factor/", {"token": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert refused.status_code == 200 and "动态口令不正确" in refused.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the device's own throttle delays the next try; the test skips it
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post("/accounts/two-factor/", {"token": current_code(device), "next": "/inbox/"})
    assert done.status_code == 302 and done.url == "/inbox/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/inbox/").status_code == 200
    with scopes_disabled():  # test inspection
        assert ActivityLog.unscoped.filter(code="user.otp_enrolled", actor=staff).count() == 1
    # The next login asks for the code of the enrolled device (no new QR code).
    client.post("/accounts/logout/")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2), tick=False):
        login(client, staff.username, PASSWORD)
        page = client.get("/accounts/two-factor/")
        assert page.context["enrolling"] is False and "二维码" not in page.content.decode()
        assert client.post("/accounts/two-factor/", {"token": current_code(device)}).status_code == 302
        assert client.get("/").url == f"/registry/towns/{people['town'].pk}/"


def test_district_staff_need_it_too_and_other_users_do_not(client, people, staff_2fa):
    login(client, people["district_staff"].username, PASSWORD)
    assert client.get("/").url.startswith("/accounts/two-factor/")
    client.post("/accounts/logout/")
    login(client, people["plain"].username, PASSWORD)
    assert client.get("/").status_code == 200


def test_staff_tokens_need_the_totp_code(client, people, staff_2fa):
    staff = people["district_staff"]
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    url = "/api/v1/auth/token"
    no_code = client.post(
        url, {"username": staff.username, "password": PASSWORD}, content_type="application/json"
    )
    assert no_code.status_code == 401 and no_code.json()["detail"] == "动态口令不正确"
    ok = client.post(
        url,
        {"username": staff.username, "password": PASSWORD, "otp": current_code(device)},
        content_type="application/json",
    )
    assert ok.status_code == 200
    token = ok.json()["token"]
    assert client.get("/api/v1/core/notifications", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


# --- idle sessions, password rules ---


def test_an_idle_session_expires_and_an_active_one_does_not(client, people, settings):
    # The database engine: with Redis, cached_db sessions also expire by the cache's own time-to-live, which
    # runs on the real clock, not the travelled one (in service both clocks are the same).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 == 30 * 60
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    user = people["plain"]
    with time_machine.travel(start, tick=False):
        client.force_login(user)
    # Active: a request every 20 minutes keeps the session for an hour and more.
    for minutes in (20, 40, 60, 80):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200, minutes
    # Idle for 31 minutes: the session is gone and the page asks for a login.
    with time_machine.travel(start + dt.timedelta(minutes=80 + 31), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_session_is_not_written_on_every_request(client, people):
    client.force_login(people["plain"])
    client.get("/")
    seen = client.session["_renda_seen"]
    assert abs(seen - int(time.time())) <= 2
    client.get("/")
    assert client.session["_renda_seen"] == seen


@pytest.mark.parametrize(
    "password,code",
    [
        ("abc12", "password_too_short"),
        ("20260611", "password_entirely_numeric"),
        ("password123", "password_too_common"),
        ("putong2026", "password_too_similar"),
    ],
)
def test_password_rules(people, password, code):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user=people["plain"])
    assert code in [e.code for e in exc.value.error_list]
    assert all(m.isascii() is False for m in exc.value.messages)  # in Chinese


def test_a_good_password_passes(people):
    assert validate_password("绿水青山-2027", user=people["plain"]) is None


# --- district staff's page of lockouts ---


def lock_out(client, username, addr):
    for _ in range(LIMIT):
        login(client, username, WRONG, addr=addr)


def test_district_staff_see_and_lift_their_accounts_lockouts(client, people):
    with scopes_disabled():  # test set-up: another district and its staff
        other = District.objects.create(code="320506", name="吴中区")
        other_staff = user_create(username="wuzhong", password=PASSWORD, actor=SYSTEM)
        role_grant_create(user=other_staff, role=Role.DISTRICT_STAFF, district=other, actor=SYSTEM)
    staff = people["town_staff"]
    lock_out(client, staff.username, "10.3.3.3")
    lock_out(client, "nobody_here", "10.4.4.4")  # an unknown name: administrators only

    client.force_login(people["district_staff"])
    page = client.get("/accounts/lockouts/")
    assert page.status_code == 200
    assert [a.username for a in page.context["locked"]] == [staff.username]
    assert [r.data["username"] for r in page.context["history"]] == [staff.username]
    assert "登录锁定记录" in client.get("/inbox/").content.decode()  # the user menu links it

    client.force_login(other_staff)
    page = client.get("/accounts/lockouts/")
    assert page.context["locked"] == [] and page.context["history"] == []
    assert client.post("/accounts/lockouts/unlock/", {"username": staff.username}).status_code == 404

    client.force_login(staff)
    assert client.get("/accounts/lockouts/").status_code == 404
    assert "登录锁定记录" not in client.get("/inbox/").content.decode()

    client.force_login(people["district_staff"])
    assert (
        client.post("/accounts/lockouts/unlock/", {"username": staff.username}).url == "/accounts/lockouts/"
    )
    assert client.get("/accounts/lockouts/").context["locked"] == []
    with scopes_disabled():  # test inspection
        row = ActivityLog.unscoped.get(code="user.unlocked")
    assert (row.actor_id, row.object_id) == (people["district_staff"].pk, str(staff.pk))
    client.logout()
    assert login(client, staff.username, PASSWORD, addr="10.5.5.5").status_code == 302


def test_lockouts_page_query_count_is_fixed(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.force_login(people["district_staff"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/accounts/lockouts/").status_code == 200
        return len(ctx.captured_queries)

    with scopes_disabled():  # test set-up
        names = [user_create(username=f"zhen{i}", password=PASSWORD, actor=SYSTEM).username for i in range(3)]
        for name in names:
            role_grant_create(
                user=User.objects.get(username=name), role=Role.TOWN_STAFF, town=people["town"], actor=SYSTEM
            )
    lock_out(client, names[0], "10.6.0.1")
    one = count()
    lock_out(client, names[1], "10.6.0.2")
    lock_out(client, names[2], "10.6.0.3")
    assert count() == one
