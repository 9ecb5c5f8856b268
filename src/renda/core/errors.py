"""Errors services raise; pages show them as messages, the API as status codes."""

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401  (re-exported)
from django.utils.translation import gettext as _


class Conflict(Exception):
    """The object is not in a state that allows this (HTTP 409), or someone else changed it first (`stale`)."""

    def __init__(self, message="", *, stale: bool = False) -> None:
        super().__init__(message)
        self.stale = stale


def conflict_stale(message=None) -> Conflict:
    """Someone else changed the record since the caller read it: reload and try again."""
    return Conflict(message or _("该记录已被他人修改，请刷新后重试"), stale=True)


def error_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]
