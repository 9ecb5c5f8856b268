"""Tenant resolution: every request runs inside the scope of the towns its user may see."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django_scopes import scope

from .access import towns_visible_to
from .services import user_for_token


class UserLanguageMiddleware:
    """A signed-in user's own language (User.language) wins over the cookie and the browser, from the first page
    after logging in; the cookie follows it, so that the login page after logging out speaks it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request.user, "language", "") if request.user.is_authenticated else ""
        if language and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        language = getattr(request.user, "language", "") if request.user.is_authenticated else ""
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


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
