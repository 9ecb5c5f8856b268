"""Log in, log out, change password; role grants decide where each user lands and what they see."""

from __future__ import annotations

from django.conf import settings
from django_scopes import scopes_disabled

from factories import PASSWORD
from renda.core.access import grants_of, towns_visible_to
from renda.core.models import ActivityLog


def test_production_hashing_is_argon2():
    from renda import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.LANGUAGE_CODE == "zh-hans"


def test_login_lands_each_role_on_its_work(client, world):
    staff = world.a.users["town_staff"]
    response = client.post("/accounts/login/", {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").url == f"/registry/towns/{world.a.town.pk}/"
    client.post("/accounts/logout/")
    assert client.get("/").url.startswith("/accounts/login/")

    client.post("/accounts/login/", {"username": world.district_x_staff.username, "password": PASSWORD})
    assert client.get("/").url == "/registry/district/"
    overview = client.get("/registry/district/")
    assert [r["town"] for r in overview.context["rows"]] == [world.a.town, world.b.town]


def test_wrong_password_is_refused_in_chinese(client, world):
    response = client.post(
        "/accounts/login/", {"username": world.a.users["deputy"].username, "password": "nope"}
    )
    assert response.status_code == 200
    assert (
        "请输入一个正确的" in response.content.decode() or "正确的用户名和密码" in response.content.decode()
    )


def test_change_password_is_audited(client, world):
    user = world.a.users["deputy"]
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "绿水青山-2027", "new_password2": "绿水青山-2027"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("绿水青山-2027")
    with scopes_disabled():  # test inspection
        assert ActivityLog.unscoped.filter(code="user.password_changed", actor=user).count() == 1


def test_the_password_page_changes_it_through_the_service(client, world, monkeypatch):
    """The defect of issue 12: the page wrote its own audit row and never called user_change_password. Now the
    service writes the one row (and the page stays signed in)."""
    from renda.core import services, views

    calls = []
    real = services.user_change_password

    def spy(**kwargs):
        calls.append(kwargs["user"].pk)
        return real(**kwargs)

    monkeypatch.setattr(views, "user_change_password", spy)
    user = world.a.users["deputy"]
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "绿水青山-2027", "new_password2": "绿水青山-2027"},
    )
    with scopes_disabled():  # test inspection
        rows = list(
            ActivityLog.unscoped.filter(code="user.password_changed").values_list("actor", "object_id")
        )
    assert (response.status_code, calls, rows) == (302, [user.pk], [(user.pk, str(user.pk))])
    assert client.get("/accounts/password/").status_code == 200  # the session survived the change


def test_grants_give_the_scope(world):
    assert towns_visible_to(world.a.users["unit_clerk"]) == [world.a.town.pk]
    assert towns_visible_to(world.district_x_staff) == [world.a.town.pk, world.b.town.pk]
    assert towns_visible_to(world.district_y_staff) == [world.c.town.pk]
    g = grants_of(world.a.users["deputy"])
    assert g.person_ids == frozenset({world.a.objects["registry.person"].pk})


def test_each_role_lands_on_its_own_work(client, world):
    expected = {
        "town_staff": f"/registry/towns/{world.a.town.pk}/",
        "presidium": f"/registry/towns/{world.a.town.pk}/",
        "unit_clerk": "/suggestions/",
        "petitions": "/receptions/petitions/",
        "discipline": "/receptions/discipline/",
    }
    from django.urls import reverse

    expected["petitions"] = reverse("receptions:petitions-due")
    expected["discipline"] = reverse("receptions:discipline-overdue")
    for role, url in expected.items():
        client.force_login(world.a.users[role])
        assert client.get("/").url == url, role
        assert client.get(url).status_code == 200, role
    # A deputy's start page is the home page itself: what waits for them (tests/core/test_home.py).
    client.force_login(world.a.users["deputy"])
    assert "core/home.html" in [t.name for t in client.get("/").templates]


def test_navigation_groups_by_role(client, world):
    client.force_login(world.a.users["deputy"])
    nav = client.get("/suggestions/").context["nav_items"]
    labels = [str(i["label"]) for i in nav]
    assert "各镇概览" not in labels and "代表建议" in labels
    registry = next(i for i in nav if str(i["label"]) == "名册")
    assert [str(c["label"]) for c in registry["children"]] == ["代表", "代表小组", "联络站点"]
