"""The NinjaAPI at /api/v1/: it mounts each app's router. Session auth for the browser, bearer tokens
for programs (the token is resolved by TownScopeMiddleware, so the request is scoped either way)."""

import json
from importlib import import_module

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from renda.core.errors import Conflict, error_messages
from renda.core.security import lockout_message
from renda.core.services import api_token_create


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        return request.user if getattr(request, "auth_by_token", False) else None


class SessionAuth(NinjaSessionAuth):
    """The browser's session, CSRF-checked; a request with no signed-in session (anonymous, or a wrong
    token) is unauthenticated (401), as for reads, never a CSRF failure (403) before anyone is known."""

    def __call__(self, request):
        if not request.user.is_authenticated or getattr(request, "auth_by_token", False):
            return None
        return super().__call__(request)


class LocalSwagger(Swagger):
    """Swagger UI from our own static files (swagger-ui-dist from npm, scripts/vendor.py), never a CDN, so
    that the docs page works offline and under the strict CSP (no inline script)."""

    template = "api/swagger.html"

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings), "api": api, "add_csrf": True}
        return render(request, self.template, context)


api = NinjaAPI(
    title="Renda API",
    version="1",
    urls_namespace="api",
    auth=[BearerAuth(), SessionAuth()],
    docs_url="/docs",
    docs=LocalSwagger(),
)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    return api.create_response(request, {"detail": error_messages(exc)}, status=422)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    """No signed-in session and no valid token: ninja's English "Unauthorized" becomes a Chinese message,
    JSON like every other error."""
    return api.create_response(request, {"detail": _("请先登录")}, status=401)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("无权进行此操作")}, status=403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": _("未找到")}, status=404)


@api.exception_handler(Conflict)
def on_conflict(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=409)


class TokenIn(Schema):
    username: str
    password: str
    otp: str = ""  # the TOTP code, for district and town staff when two-factor login is on


class TokenOut(Schema):
    token: str


class Message(Schema):
    detail: str


@api.post("/auth/token", auth=None, response={200: TokenOut, 401: Message, 429: Message}, tags=["auth"])
def auth_token(request, payload: TokenIn):
    """Exchange a username and password for a bearer token. Repeated failures lock the account and the
    address out (429), as on the login page."""
    try:
        key = api_token_create(
            username=payload.username, password=payload.password, otp=payload.otp, request=request
        )
    except PermissionError as exc:
        if getattr(request, "axes_locked_out", False):
            return 429, {"detail": lockout_message()}
        return 401, {"detail": str(exc)}
    return 200, {"token": key}


def _mount() -> None:
    from renda.core.api import router as core_router
    from renda.registry.api import router as registry_router
    from renda.registry.api_roster import router as roster_router

    api.add_router("/core", core_router)
    api.add_router("/registry", registry_router)
    api.add_router("/registry/roster", roster_router)
    for app in (
        "congress",
        "suggestions",
        "receptions",
        "oversight",
        "campaigns",
        "reports",
        "performance",
        "practices",
        "portal",
    ):
        api.add_router(f"/{app}", import_module(f"renda.{app}.api").router)
    # Open data: the Open Civic Data and Open311 paths sit at the API's root (/api/v1/ocd/…, /api/v1/open311/…).
    api.add_router("", import_module("renda.opendata.api").router)


_mount()
