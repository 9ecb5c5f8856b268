"""Accounts and role grants through the API: district staff only, inside their district, every change an
ActivityLog row on the account."""

from __future__ import annotations

from django_scopes import scopes_disabled

from factories import PASSWORD
from renda.core.enums import Role
from renda.core.models import ActivityLog, RoleGrant, User

JSON = "application/json"


def _codes(user) -> list[str]:
    with scopes_disabled():
        return list(
            ActivityLog.unscoped.filter(object_id=str(user.pk), content_type__model="user")
            .order_by("id")
            .values_list("code", flat=True)
        )


def test_district_staff_open_edit_grant_and_revoke(client, world):
    b = world.b
    client.force_login(world.district_x_staff)
    created = client.post(
        "/api/v1/core/users",
        {
            "username": "clerk_new",
            "password": "Quite-long-pass-2026",
            "display_name": "钱经办",
            "grants": [{"role": Role.UNIT_CLERK, "unit_id": b.objects["registry.handlingunit"].pk}],
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    account = User.objects.get(pk=body["id"])
    assert (body["username"], body["display_name"], [g["role"] for g in body["grants"]]) == (
        "clerk_new",
        "钱经办",
        [Role.UNIT_CLERK],
    )
    assert body["grants"][0]["town_id"] == b.town.pk
    assert account.check_password("Quite-long-pass-2026")

    # The account shows up in the district's list, and not in district Y's.
    listed = client.get("/api/v1/core/users?q=clerk_new").json()
    assert [u["id"] for u in listed["items"]] == [account.pk]

    # Edit with the version just read; a stale version is a conflict.
    version = client.get(f"/api/v1/core/users/{account.pk}").json()["version"]
    patched = client.patch(
        f"/api/v1/core/users/{account.pk}",
        {"display_name": "钱经办员", "phone": "13800001111", "version": version},
        content_type=JSON,
    )
    assert (patched.status_code, patched.json()["display_name"], patched.json()["phone"]) == (
        200,
        "钱经办员",
        "13800001111",
    )
    stale = client.patch(
        f"/api/v1/core/users/{account.pk}", {"display_name": "别人", "version": version}, content_type=JSON
    )
    assert stale.status_code == 409
    assert stale.json()["detail"] == "该记录已被他人修改，请刷新后重试"

    # A further role in the same district, then revoke it; the last role cannot go.
    version = patched.json()["version"]
    added = client.post(
        f"/api/v1/core/users/{account.pk}/grants",
        {"role": Role.PETITIONS, "town_id": world.a.town.pk, "version": version},
        content_type=JSON,
    )
    assert added.status_code == 201, added.content
    grant_id = added.json()["id"]
    assert set(RoleGrant.objects.filter(user=account).values_list("role", flat=True)) == {
        Role.UNIT_CLERK,
        Role.PETITIONS,
    }
    assert client.delete(f"/api/v1/core/grants/{grant_id}").status_code == 204
    last = RoleGrant.objects.get(user=account)
    refused = client.delete(f"/api/v1/core/grants/{last.pk}")
    assert refused.status_code == 422
    assert refused.json()["detail"] == ["这是该用户的最后一个角色；如不再使用该账号，请停用账号"]

    # Deactivate: the account can no longer get a token.
    off = client.patch(f"/api/v1/core/users/{account.pk}", {"is_active": False}, content_type=JSON)
    assert (off.status_code, off.json()["is_active"]) == (200, False)
    client.logout()
    token = client.post(
        "/api/v1/auth/token", {"username": "clerk_new", "password": "Quite-long-pass-2026"}, content_type=JSON
    )
    assert token.status_code == 401

    assert _codes(account) == [
        "user.created",
        "user.granted",
        "user.updated",
        "user.granted",
        "user.revoked",
        "user.updated",
    ]
    with scopes_disabled():
        updated = (
            ActivityLog.unscoped.filter(object_id=str(account.pk), code="user.updated").order_by("id").first()
        )
    assert updated.actor == world.district_x_staff
    assert updated.data == {"display_name": ["钱经办", "钱经办员"], "phone": ["", "13800001111"]}

    client.force_login(world.district_x_staff)
    history = client.get(f"/api/v1/core/users/{account.pk}/history").json()
    assert [h["code"] for h in history] == list(reversed(_codes(account)))


def test_grants_stay_inside_the_district(client, world):
    client.force_login(world.district_x_staff)
    account = world.a.users["town_staff"]
    # A town of district Y is not visible: an unknown town, nothing granted.
    other = client.post(
        f"/api/v1/core/users/{account.pk}/grants",
        {"role": Role.PETITIONS, "town_id": world.c.town.pk},
        content_type=JSON,
    )
    assert (other.status_code, other.json()["detail"]) == (422, ["镇（街道）不存在"])
    # District staff of district Y is not theirs to grant either.
    far = client.post(
        f"/api/v1/core/users/{account.pk}/grants",
        {"role": Role.DISTRICT_STAFF, "district_id": world.y.pk},
        content_type=JSON,
    )
    assert (far.status_code, far.json()["detail"]) == (422, ["区不存在"])
    assert RoleGrant.objects.filter(user=account).count() == 1
    # An account of district Y is not found; nor is its grant.
    their = world.c.users["town_staff"]
    assert client.get(f"/api/v1/core/users/{their.pk}").status_code == 404
    assert client.delete(f"/api/v1/core/grants/{their.grants.get().pk}").status_code == 404
    assert client.get("/api/v1/core/users?q=" + their.username).json()["count"] == 0


def test_other_roles_manage_no_accounts(client, world):
    own = world.a.users["deputy"]
    for role in ("town_staff", "presidium", "unit_clerk"):
        client.force_login(world.a.users[role])
        listed = client.get("/api/v1/core/users")
        assert (listed.status_code, listed.json()["detail"]) == (
            403,
            "只有本区人大常委会工作人员可以管理账号和角色",
        )
        assert client.get(f"/api/v1/core/users/{own.pk}").status_code == 404
        assert (
            client.patch(f"/api/v1/core/users/{own.pk}", {"is_active": False}, content_type=JSON).status_code
            == 404
        )
        made = client.post(
            "/api/v1/core/users",
            {"username": f"x_{role}", "password": PASSWORD, "display_name": "某人", "grants": []},
            content_type=JSON,
        )
        assert made.status_code == 403
    assert User.objects.filter(username__startswith="x_").count() == 0
    own.refresh_from_db()
    assert own.is_active is True


def test_weak_password_and_empty_grants_are_refused(client, world):
    client.force_login(world.district_x_staff)
    weak = client.post(
        "/api/v1/core/users",
        {
            "username": "weak",
            "password": "123",
            "display_name": "弱",
            "grants": [{"role": Role.PETITIONS, "town_id": world.a.town.pk}],
        },
        content_type=JSON,
    )
    assert weak.status_code == 422
    none = client.post(
        "/api/v1/core/users",
        {"username": "nogrant", "password": "Quite-long-pass-2026", "display_name": "空", "grants": []},
        content_type=JSON,
    )
    assert (none.status_code, none.json()["detail"]) == (422, ["请至少授予一个角色"])
    assert not User.objects.filter(username__in=["weak", "nogrant"]).exists()


def test_user_list_takes_a_fixed_number_of_queries(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factories import make_user

    client.force_login(world.district_x_staff)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            body = client.get("/api/v1/core/users?limit=200").json()
        return body["count"], len(ctx.captured_queries)

    before, queries = count()
    for n in range(3):
        make_user(f"more_{n}", Role.PETITIONS, town=world.b.town)
    client.get("/api/v1/core/users?limit=200")  # new grants replaced the grants version (0007): reload once
    after, queries_after = count()
    assert (after, queries_after) == (before + 3, queries)
