"""Tenant resolution: every request runs inside the scope of the towns its user may see."""

from __future__ import annotations

from django_scopes import scope

from .access import towns_visible_to
from .services import user_for_token


class TownScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header[:7].lower() == "bearer ":
            user = user_for_token(header[7:].strip())
            if user is not None:
                request.user = user
                request.auth_by_token = True
                # A program with a token carries no session cookie; CSRF does not apply to it.
                request._dont_enforce_csrf_checks = True
        with scope(town=towns_visible_to(request.user)):
            return self.get_response(request)
