"""The language a user chooses is kept on the account and applies again at the next login."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from factories import PASSWORD
from renda.core.models import User


def _login(client: Client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD}, follow=True)


def test_a_switch_to_english_survives_logging_out_and_in_again(world):
    user = world.a.users["deputy"]
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    _login(client, user.username)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with scopes_disabled():
        assert User.objects.get(pk=user.pk).language == "en"
    client.post(reverse("logout"))

    fresh = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")  # another browser: no language cookie
    response = _login(fresh, user.username)
    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "en"
    assert '<html lang="en">' in response.content.decode()
    assert fresh.cookies["django_language"].value == "en"


def test_a_switch_back_to_chinese_is_kept_too(world):
    user = world.a.users["deputy"]
    with scopes_disabled():
        User.objects.filter(pk=user.pk).update(language="en")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    assert '<html lang="en">' in client.get(reverse("home"), follow=True).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    with scopes_disabled():
        assert User.objects.get(pk=user.pk).language == "zh-hans"
    assert '<html lang="zh-hans">' in client.get(reverse("home"), follow=True).content.decode()


def test_without_a_choice_the_browser_decides(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.a.users["deputy"])
    assert '<html lang="en">' in client.get(reverse("home"), follow=True).content.decode()
    with scopes_disabled():
        assert User.objects.get(pk=world.a.users["deputy"].pk).language == ""


def test_an_anonymous_switch_keeps_nothing_but_the_cookie(world):
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/p/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
