"""Helpers for the real-browser tests (import from here; fixtures live in conftest)."""

from conftest import browser_login  # noqa: F401
