"""The 403, 404 and 500 pages: Chinese pages in the base layout with a way back; the API keeps JSON errors.

The 500 page renders without the request's context processors (they read the database, which may be what
failed): only the base layout, the active language and two links."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _texts(status: int) -> tuple[str, str]:
    if status == 403:
        return _("无权访问"), _("您没有权限查看此页面。如需访问，请联系本镇人大办。")
    if status == 404:
        return _("页面不存在"), _("您要找的页面不存在，或已被移除。")
    return _("服务器错误"), _("系统暂时出现问题，我们已记录此错误。请稍后再试。")


def _back_url(request: HttpRequest) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _page(request: HttpRequest, status: int, *, with_request: bool) -> HttpResponse:
    title, text = _texts(status)
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": title}, status=status)
    context = {"error_title": title, "error_text": text, "back_url": _back_url(request)}
    template = loader.get_template(f"{status}.html")
    body = template.render(context, request if with_request else None)
    return HttpResponse(body, status=status)


def page_forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403, with_request=True)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404, with_request=True)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, 500, with_request=False)


class ForbiddenOneLine(logging.Filter):
    """A refused request (PermissionDenied) is logged as one line: the traceback says nothing a 403 does not."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
