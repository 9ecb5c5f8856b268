"""Errors services raise; pages show them as messages, the API as status codes."""

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401  (re-exported)


class Conflict(Exception):
    """The object is not in a state that allows this (HTTP 409), or someone else changed it first."""


def error_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]
