"""Shared test set-up: fast hashing, immediate tasks, a scope for the test body, and a world of two districts."""

from __future__ import annotations

import os

import pytest
from django_scopes import scopes_disabled

# Playwright's sync API runs an event loop in the test thread; the Django code it drives is synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from factories import PASSWORD, World, build_world


def pytest_addoption(parser):
    parser.addoption(
        "--travel",
        default=os.environ.get("RENDA_TEST_TRAVEL") or None,
        help="run the whole session with the clock travelled: a date (2028-01-06) or days ahead (+400d). "
        "Tests freeze the dates they depend on; one that reads the real today fails here.",
    )


def _travel_destination(value: str):
    import datetime as dt

    if value.startswith("+") and value.endswith("d"):
        return dt.datetime.now(dt.UTC) + dt.timedelta(days=int(value[1:-1]))
    return dt.datetime.fromisoformat(value).replace(hour=10, tzinfo=dt.UTC)


_session_travel = None


def pytest_configure(config):
    """Travel before collection, so that module-level dates move too; tests' own time_machine calls nest inside."""
    global _session_travel
    value = config.getoption("--travel")
    if value:
        import time_machine

        _session_travel = time_machine.travel(_travel_destination(value), tick=True)
        _session_travel.start()


def pytest_unconfigure(config):
    global _session_travel
    if _session_travel is not None:
        _session_travel.stop()
        _session_travel = None


def pytest_report_header(config):
    if config.getoption("--travel"):
        import datetime as dt

        return f"clock travelled: the session runs on {dt.datetime.now(dt.UTC).date().isoformat()} (UTC)"
    return None


@pytest.fixture(scope="session", autouse=True)
def _fast_hashing():
    """Argon2 is for real passwords; tests hash thousands of throwaway ones (set before any fixture builds users)."""
    from django.conf import settings as django_settings

    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _source_language():
    """Every test starts in the source language (Chinese). A request by a user who chose English activates it
    in the thread and Django leaves it active after the response; without this a later test in the same
    process (the next module on the same xdist worker) would read English."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def unscoped():
    """Tests set up data across towns, as a command would; the code under test scopes itself."""
    with scopes_disabled():
        yield


@pytest.fixture
def world(db) -> World:
    # Test set-up writes across towns: scopes are disabled only while building.
    with scopes_disabled():
        return build_world()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for a whole module of read-only tests (each test still runs in its own savepoint).
    Built in an outer transaction that is rolled back when the module ends."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        with scopes_disabled():  # test set-up across towns
            built = build_world()
        yield built
        transaction.set_rollback(True)


def pytest_collection_modifyitems(config, items):
    """PostgreSQL and Redis tests run when their URLs are set; in CI a missing one fails instead of skipping."""
    ci = os.environ.get("CI") == "true"
    on_pg = "postgres" in os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL") or os.environ.get("RENDA_TEST_REDIS_URL")
    for item in items:
        if "postgres" in item.keywords and not on_pg:
            item.add_marker(
                pytest.mark.skip(reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://…)")
            )
        if "redis" in item.keywords and not redis_url:
            if ci:
                raise pytest.UsageError("CI needs RENDA_TEST_REDIS_URL: the Redis tests must run, not skip")
            item.add_marker(pytest.mark.skip(reason="set RENDA_TEST_REDIS_URL to run"))


# --- real browser: Debian's Chromium, never a downloaded one ---
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = __import__("pathlib").Path(__file__).resolve().parent.parent / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def browser_login(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
