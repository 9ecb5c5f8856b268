"""The site's own absolute address, for links that leave the browser (QR codes, notices, e-mail, SMS).

In order: `RENDA_SITE_URL` when it is set (the address citizens reach, behind a proxy); else, while a
request is served, the address that request came to; else (the sweep, the worker, commands) the address
`renda serve` / `renda demo` was started with (passed to its processes as RENDA_SERVED_URL)."""

from __future__ import annotations

import os
from contextvars import ContextVar

from django.conf import settings

DEFAULT_URL = "http://127.0.0.1:8000"
SERVED_URL_ENV = "RENDA_SERVED_URL"

_request_base: ContextVar[str] = ContextVar("renda_request_base", default="")


def served_url(host: str, port: int) -> str:
    """The address a server bound to host:port is reached at (a wildcard bind is reached on this machine)."""
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def site_url(request=None) -> str:
    """The site's absolute address, without a trailing slash."""
    configured = settings.RENDA.get("SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return (_request_base.get() or os.environ.get(SERVED_URL_ENV) or DEFAULT_URL).rstrip("/")


def absolute(path: str, request=None) -> str:
    """An absolute URL for a site path ("/p/appeal/…"); a URL that is already absolute is returned as it is."""
    if not path or "://" in path:
        return path
    return site_url(request) + path


class SiteUrlMiddleware:
    """Remembers, for the length of a request, the address it came to, so that links built while serving
    it (a notification sent by a step) point where the user is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_base.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
