"""Masking and the access log, the rate limits and the challenge, and tracking that reveals nothing
without the phone digits."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from portal.helpers import appeal_post, solve
from renda.core.models import ActivityLog
from renda.receptions import services
from renda.receptions.models import Appeal, AppealPhoto


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _post_url(tw):
    with scopes_disabled():  # test set-up
        return f"/p/appeal/?place={services.place_code_for(liaison_post=tw.objects['registry.liaisonpost']).token}"


def _count():
    with scopes_disabled():  # test reads
        return Appeal.objects.count(), AppealPhoto.objects.count()


def test_voter_data_is_masked_and_each_unmasked_view_is_logged(client, world):
    appeal = world.a.objects["receptions.appeal"]
    # The deputy (not a handler) and the discipline inspection see it masked and cannot unmask.
    for role in ("discipline", "petitions"):
        client.force_login(world.a.users[role])
        page = client.get(f"/receptions/appeals/{appeal.pk}/").content.decode()
        assert "李*" in page and "139****5678" in page
        assert "13912345678" not in page and "李四" not in page
        assert client.post(f"/receptions/appeals/{appeal.pk}/pii/").status_code == 403
        api = client.get(f"/api/v1/receptions/appeals/{appeal.pk}").json()
        assert (api["citizen_name"], api["citizen_phone"]) == ("李*", "139****5678")
    listing = client.get("/receptions/appeals/").content.decode()
    assert "13912345678" not in listing and "李四" not in listing
    # A handler (town staff) unmasks: the full data, and one log row per look.
    staff = world.a.users["town_staff"]
    client.force_login(staff)
    page = client.get(f"/receptions/appeals/{appeal.pk}/").content.decode()
    assert "13912345678" not in page
    full = client.post(f"/receptions/appeals/{appeal.pk}/pii/").content.decode()
    assert "李四" in full and "13912345678" in full
    assert client.post(f"/api/v1/receptions/appeals/{appeal.pk}/pii").json()["citizen_phone"] == "13912345678"
    with scopes_disabled():  # test reads
        logged = list(
            ActivityLog.unscoped.filter(code="appeal.pii_viewed", object_id=str(appeal.pk)).values_list(
                "actor_id", flat=True
            )
        )
    assert logged == [staff.pk, staff.pk]


def test_tracking_reveals_nothing_without_the_phone_digits(client, world):
    appeal = world.a.objects["receptions.appeal"]
    wrong = client.post("/p/track/", {"code": appeal.tracking_code, "last4": "0000"})
    assert wrong.context["appeal"] is None
    body = wrong.content.decode()
    assert "查询码或手机号后四位不正确" in body
    assert appeal.content not in body and "李" not in body.split("<main")[1]
    no_digits = client.post("/p/track/", {"code": appeal.tracking_code, "last4": ""})
    assert no_digits.context["appeal"] is None
    right = client.post("/p/track/", {"code": appeal.tracking_code, "last4": "5678"})
    assert right.context["appeal"].pk == appeal.pk
    shown = right.content.decode()
    # Status and reply only: never the voter's name, phone or the content of anyone's appeal.
    assert "李四" not in shown and "13912345678" not in shown and "5678" not in shown.split("track-result")[1]


def test_wrong_tracking_guesses_are_rate_limited(client, world, settings):
    settings.RENDA = {**settings.RENDA, "TRACK_FAILURES_PER_IP": (3, 3600)}
    appeal = world.a.objects["receptions.appeal"]
    for _ in range(3):
        assert client.post("/p/track/", {"code": "ZZZZZZZZZZ", "last4": "1234"}).context["appeal"] is None
    blocked = client.post("/p/track/", {"code": appeal.tracking_code, "last4": "5678"})
    assert blocked.context["appeal"] is None
    assert "查询失败次数过多" in blocked.content.decode()
    other_ip = client.post(
        "/p/track/", {"code": appeal.tracking_code, "last4": "5678"}, REMOTE_ADDR="10.9.9.9"
    )
    assert other_ip.context["appeal"].pk == appeal.pk


def test_tracking_codes_are_random_and_unique(world):
    with scopes_disabled():  # test set-up
        codes = [services.tracking_code_new() for _ in range(200)]
    assert len(set(codes)) == 200
    assert all(len(c) == 10 and not set(c) & set("01OIL") for c in codes)
    assert sorted(codes) != codes


def test_rate_limit_per_ip_and_per_phone(client, world, settings):
    settings.RENDA = {**settings.RENDA, "APPEAL_RATE_PER_IP": (2, 3600), "APPEAL_RATE_PER_PHONE": (1, 86400)}
    url = _post_url(world.a)
    before = _count()
    assert appeal_post(client, url, phone="13800000001").status_code == 302
    same_phone = appeal_post(client, url, phone="13800000001", ip="10.0.0.7")
    assert same_phone.status_code == 200
    assert "该手机号今日提交次数已达上限" in same_phone.content.decode()
    assert appeal_post(client, url, phone="13800000002").status_code == 302
    third = appeal_post(client, url, phone="13800000003")
    assert "提交过于频繁" in third.content.decode()
    assert _count()[0] == before[0] + 2


def test_refusals_are_clear_and_nothing_is_half_saved(client, world, settings):
    url = _post_url(world.a)
    before = _count()
    page = client.get(url).content.decode()
    token, answer = solve(page)
    base = {
        "content": "内容",
        "category": "roads",
        "citizen_name": "王",
        "citizen_phone": "13900001111",
        "challenge": token,
    }
    wrong = client.post(url, {**base, "answer": str(int(answer) + 1)})
    assert "验证题答案不正确" in wrong.content.decode()
    robot = client.post(url, {**base, "answer": answer, "website": "http://spam"})
    assert "提交未通过校验" in robot.content.decode()
    bad_phone = client.post(url, {**base, "answer": answer, "citizen_phone": "12345"})
    assert "手机号" in bad_phone.content.decode()
    # The challenge was answered right, so it is used up: each further try answers a fresh one.
    token, answer = solve(client.get(url).content.decode())
    base["challenge"] = token
    too_long = client.post(url, {**base, "answer": answer, "content": "长" * 2001})
    assert too_long.status_code == 200
    token, answer = solve(client.get(url).content.decode())
    base["challenge"] = token
    settings.RENDA = {**settings.RENDA, "APPEAL_PHOTO_MAX_BYTES": 10}
    big = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    photo = client.post(url, {**base, "answer": answer, "photos": [big]})
    assert "每张照片不超过" in photo.content.decode()
    token, answer = solve(client.get(url).content.decode())
    base["challenge"] = token
    not_image = SimpleUploadedFile("a.png", b"hello", content_type="image/png")
    settings.RENDA = {**settings.RENDA, "APPEAL_PHOTO_MAX_BYTES": 1000}
    fake = client.post(url, {**base, "answer": answer, "photos": [not_image]})
    assert "照片须为 JPEG、PNG 或 WebP 格式" in fake.content.decode()
    token, answer = solve(client.get(url).content.decode())
    base["challenge"] = token
    jpeg_named_png = SimpleUploadedFile("a.png", b"\xff\xd8\xff\xe0" + b"0" * 100, content_type="image/png")
    renamed = client.post(url, {**base, "answer": answer, "photos": [jpeg_named_png]})
    assert "照片须为 JPEG、PNG 或 WebP 格式" in renamed.content.decode()
    settings.RENDA = {**settings.RENDA, "APPEAL_MIN_SECONDS": 60}
    fast = client.post(url, {**base, "answer": answer})
    assert "提交过快" in fast.content.decode()
    assert _count() == before


def test_a_photo_is_kept_with_the_appeal(client, world):
    url = _post_url(world.a)
    png = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    assert appeal_post(client, url, photos=[png]).status_code == 302
    with scopes_disabled():  # test reads
        assert AppealPhoto.objects.filter(town=world.a.town).count() == 1


def test_portal_pages_show_no_personal_data(client, world):
    town = client.get(f"/p/town/?code={world.a.town.code}").content.decode()
    assert world.a.objects["registry.liaisonpost"].name in town
    person = world.a.objects["registry.person"]
    assert person.phone not in town and person.id_number not in town
    assert client.get("/p/town/?code=000000000000").status_code == 404
    assert client.get("/p/appeal/?place=nope").status_code == 404
    # A draft reception day is not public.
    assert (
        client.get(f"/p/notice/?place={world.a.objects['receptions.receptionday'].token}").status_code == 404
    )
