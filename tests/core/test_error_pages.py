"""403, 404 and 500 are pages in the base layout, in the reader's language, with a way back; the API answers JSON."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

import renda.urls


def refuse(request):
    raise PermissionDenied("no")


def fail(request):
    raise RuntimeError("boom")


urlpatterns = [path("t/refuse/", refuse), path("t/fail/", fail), *renda.urls.urlpatterns]
handler403 = renda.urls.handler403
handler404 = renda.urls.handler404
handler500 = renda.urls.handler500

PAGES = {
    403: ("/t/refuse/", "无权访问", "Access denied"),
    404: ("/no/such/page/", "页面不存在", "Page not found"),
    500: ("/t/fail/", "服务器错误", "Server error"),
}


def _client(world, signed_in: bool, language: str) -> Client:
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    if signed_in:
        client.force_login(world.a.users["deputy"])
    return client


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize(("language", "column"), [("zh-hans", 1), ("en", 2)])
@pytest.mark.parametrize("status", [403, 404, 500])
def test_each_error_is_a_page_in_the_base_layout_with_a_way_home(world, status, signed_in, language, column):
    url = PAGES[status][0]
    response = _client(world, signed_in, language).get(url, HTTP_REFERER="http://testserver/registry/")
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert f'<h1 class="h3">{PAGES[status][column]}</h1>' in body
    assert 'data-testid="error-page"' in body
    assert 'class="navbar-brand" href="/"' in body  # the base layout
    assert ("Back to home" if language == "en" else "返回首页") in body
    assert 'href="http://testserver/registry/" data-testid="error-back"' in body
    assert f'<html lang="{language}">' in body


@pytest.mark.urls(__name__)
def test_the_navigation_of_a_signed_in_user_is_on_the_403_and_404_pages(world):
    client = _client(world, True, "zh-hans")
    for status in (403, 404):
        assert 'data-testid="user-menu"' in client.get(PAGES[status][0]).content.decode()


@pytest.mark.urls(__name__)
def test_the_500_page_needs_no_database(world, django_assert_num_queries):
    from renda.core.errorpages import server_error

    request = Client().get("/").wsgi_request  # any request; the 500 page reads nothing from it but the path
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


def test_a_foreign_referer_is_no_way_back(world):
    response = _client(world, False, "zh-hans").get("/no/such/page/", HTTP_REFERER="https://evil.example/")
    assert response.status_code == 404
    assert "evil.example" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_the_api_keeps_json_errors(world):
    response = _client(world, False, "en").get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Page not found"}


@pytest.mark.urls(__name__)
def test_a_refusal_is_one_log_line_without_a_traceback(world, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        _client(world, True, "zh-hans").get("/t/refuse/")
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == ["Forbidden (Permission denied): /t/refuse/"]
    formatted = logging.Formatter().format(records[0])
    assert "Traceback" not in formatted
