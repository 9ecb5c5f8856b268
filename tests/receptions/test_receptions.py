"""Reception days: the proposed schedule, publishing ahead with its notice (web, PDF, DOCX with a QR code
that decodes to the appeal form), deputies' notifications and calendar feed, attendance; list query counts."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from renda.core.notifications.models import Notification
from renda.receptions import documents, services
from renda.receptions.models import ReceptionDay

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world(shared_world, db):
    return shared_world


def at(y, m, d, h=9):
    return time_machine.travel(dt.datetime(y, m, d, h, tzinfo=TZ), tick=False)


def _day(tw, date, **data):
    with scopes_disabled():  # test set-up
        return services.reception_day_create(
            town=tw.town,
            data={"date": date, "group": tw.objects["receptions.receptiongroup"], **data},
            actor=tw.users["town_staff"],
        )


def test_schedule_proposes_configured_days_with_the_rota(world, settings):
    # The days as configured (moving off rest days: tests/receptions/test_rest_days.py).
    settings.RENDA = {**settings.RENDA, "RECEPTION_ON_REST_DAY": "keep"}
    tw = world.a
    staff = tw.users["town_staff"]
    with scopes_disabled():  # test set-up
        second = services.reception_group_create(
            town=tw.town,
            data={"name": "第二组", "leader_name": "刘镇长", "place": "镇便民服务中心", "position": 5},
            actor=staff,
        )
        rows = services.reception_schedule_propose(town=tw.town, start=dt.date(2027, 3, 5), months=3)
    assert [r["date"] for r in rows] == [
        dt.date(2027, 3, 11),
        dt.date(2027, 3, 21),
        dt.date(2027, 4, 1),
        dt.date(2027, 4, 11),
        dt.date(2027, 4, 21),
        dt.date(2027, 5, 1),
        dt.date(2027, 5, 11),
        dt.date(2027, 5, 21),
    ]
    first = tw.objects["receptions.receptiongroup"]
    assert [r["group"].pk for r in rows[:4]] == [first.pk, second.pk, first.pk, second.pk]
    with scopes_disabled():  # test set-up
        services.reception_setting_save(
            town=tw.town,
            data={
                "days_of_month": "5,20",
                "start_time": dt.time(14),
                "end_time": dt.time(16),
                "notice_days": 5,
            },
            actor=staff,
        )
        created = services.reception_days_create_from_proposal(
            town=tw.town, start=dt.date(2027, 6, 1), months=1, actor=staff
        )
        again = services.reception_days_create_from_proposal(
            town=tw.town, start=dt.date(2027, 6, 1), months=1, actor=staff
        )
    assert [(d.date, d.start_time, d.state) for d in created] == [
        (dt.date(2027, 6, 5), dt.time(14), "draft"),
        (dt.date(2027, 6, 20), dt.time(14), "draft"),
    ]
    assert again == []


def test_publish_needs_the_notice_days_and_notifies_deputies(
    client, world, django_capture_on_commit_callbacks
):
    tw = world.a
    staff, deputy = tw.users["town_staff"], tw.users["deputy"]
    day = _day(tw, dt.date(2027, 3, 11))
    with at(2027, 3, 9):
        client.force_login(staff)
        late = client.post(f"/receptions/days/{day.pk}/publish/", follow=True)
        assert "公示须至少提前 3 天" in late.content.decode()
    with at(2027, 3, 8), django_capture_on_commit_callbacks(execute=True):
        client.force_login(staff)
        assert client.post(f"/receptions/days/{day.pk}/publish/").status_code == 302
    with scopes_disabled():  # test reads
        day.refresh_from_db()
        notes = list(
            Notification.unscoped.filter(user=deputy, kind="activity").values_list("params__item", "link")
        )
    assert day.state == "published"
    assert notes == [(f"{day.date.isoformat()} {day.place}", f"/receptions/days/{day.pk}/")]
    # The public notice page shows who, when, where.
    public = client.get(f"/p/notice/?place={day.token}").content.decode()
    assert day.place in public and tw.objects["registry.person"].name in public and "2027-03-11" in public


def test_printable_notice_opens_in_libreoffice_and_its_qr_decodes(world, tmp_path, settings):
    settings.RENDA = {**settings.RENDA, "SITE_URL": "https://renda.example.cn"}
    tw = world.a
    day = _day(tw, dt.date(2099, 2, 1))
    with scopes_disabled():  # test set-up
        pdf = documents.notice_pdf(day)
        docx = documents.notice_docx(day)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "notice.docx"
    path.write_bytes(docx)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (tmp_path / "notice.pdf").read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(BytesIO(docx)) as z:
        images = [n for n in z.namelist() if n.startswith("word/media/")]
        (tmp_path / "qr.png").write_bytes(z.read(images[0]))
        xml = z.read("word/document.xml").decode()
    assert "人大代表接待选民公示" in xml and day.place in xml
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "qr.png")], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert decoded == f"https://renda.example.cn/p/appeal/?place={day.token}"


def _decoded_qr(docx: bytes, tmp_path) -> str:
    with zipfile.ZipFile(BytesIO(docx)) as z:
        image = next(n for n in z.namelist() if n.startswith("word/media/"))
        (tmp_path / "qr.png").write_bytes(z.read(image))
    return subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "qr.png")], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_notice_qr_decodes_to_the_address_the_request_came_to(client, world, tmp_path, settings):
    """RENDA_SITE_URL unset: the downloaded notice's QR code opens the portal at the server's own address."""
    settings.RENDA = {**settings.RENDA, "SITE_URL": ""}
    day = world.a.objects["receptions.receptionday"]
    client.force_login(world.a.users["town_staff"])
    r = client.get(f"/receptions/days/{day.pk}/notice.docx", HTTP_HOST="localhost:8123")
    assert r.status_code == 200
    assert _decoded_qr(r.content, tmp_path) == f"http://localhost:8123/p/appeal/?place={day.token}"


def test_notice_qr_decodes_to_the_configured_address(client, world, tmp_path, settings):
    settings.RENDA = {**settings.RENDA, "SITE_URL": "https://renda.example.cn"}
    day = world.a.objects["receptions.receptionday"]
    client.force_login(world.a.users["town_staff"])
    r = client.get(f"/receptions/days/{day.pk}/notice.docx", HTTP_HOST="localhost:8123")
    assert _decoded_qr(r.content, tmp_path) == f"https://renda.example.cn/p/appeal/?place={day.token}"


def test_notice_downloads_are_for_the_town(client, world):
    day = world.a.objects["receptions.receptionday"]
    client.force_login(world.a.users["town_staff"])
    r = client.get(f"/receptions/days/{day.pk}/notice.docx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    # A deputy does not get the notice of a draft.
    client.force_login(world.a.users["deputy"])
    assert client.get(f"/receptions/days/{day.pk}/notice.pdf").status_code == 404


def test_calendar_feed_is_private_and_valid_icalendar(client, world):
    """The deputy's reception duties are in their calendar feed (renda.feeds; tests/feeds has the rest)."""
    import icalendar

    tw = world.a
    with at(2099, 2, 1):
        day = _day(tw, dt.date(2099, 3, 1), place="平望镇代表之家（一楼会议室，含逗号,分号;）")
        with scopes_disabled():  # test set-up
            ReceptionDay.objects.filter(pk=day.pk).update(state="published")
        client.force_login(tw.users["deputy"])
        client.post("/feeds/issue/")
        url = client.get("/feeds/").content.decode().split('data-testid="feed-url">')[1].split("<")[0]
        client.logout()
        feed = client.get(url.split("testserver", 1)[1])
        client.force_login(world.b.users["deputy"])
        client.post("/feeds/issue/")
        other_url = client.get("/feeds/").content.decode().split('data-testid="feed-url">')[1].split("<")[0]
        other = client.get(other_url.split("testserver", 1)[1])
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content
    lines = body.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and body.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in lines)
    unfolded = body.replace(b"\r\n ", b"").decode()
    assert f"UID:reception-{day.token}@" in unfolded
    assert "DTSTART:20990301T010000Z" in unfolded
    assert "含逗号\\,分号\\;" in unfolded
    event = next(e for e in icalendar.Calendar.from_ical(body).walk("VEVENT") if day.token in str(e["UID"]))
    assert str(event["LOCATION"]) == "平望镇代表之家（一楼会议室，含逗号,分号;）"
    assert day.token not in other.content.decode()


def test_attendance_is_recorded_by_a_deputy_on_the_rota(client, world):
    tw = world.a
    day = _day(tw, dt.date(2026, 12, 1))
    with scopes_disabled():  # test set-up
        ReceptionDay.objects.filter(pk=day.pk).update(state="published")
    person = tw.objects["registry.person"]
    with at(2026, 12, 1, 11):
        client.force_login(tw.users["deputy"])
        r = client.post(
            f"/receptions/days/{day.pk}/record/",
            {"attended": [person.pk], "visitors": 7, "summary": "接待群众 7 人"},
        )
        assert r.status_code == 302
        r = client.post(
            f"/receptions/days/{day.pk}/appeal/",
            {
                "content": "自来水水压低",
                "category": "water",
                "citizen_name": "赵六",
                "citizen_phone": "13700001234",
            },
        )
        assert r.status_code == 302
    with scopes_disabled():  # test reads
        day.refresh_from_db()
        assert (day.state, day.visitors, list(day.attended.all())) == ("held", 7, [person])
        appeal = day.appeals.get()
    assert (appeal.source, appeal.village_id) == ("reception", tw.objects["registry.village"].pk)
    # Deputies see the appeals of their receptions, masked (at the same frozen moment: the login session is dated
    # and expires when idle).
    with at(2026, 12, 1, 11):
        detail = client.get(f"/receptions/appeals/{appeal.pk}/").content.decode()
    assert "赵*" in detail and "13700001234" not in detail
    # The deputy of another town's reception cannot record this one.
    client.force_login(world.b.users["deputy"])
    assert client.get(f"/receptions/days/{day.pk}/record/").status_code == 404


def _more(tw, n):
    with scopes_disabled():  # test set-up
        for i in range(n):
            day = services.reception_day_create(
                town=tw.town,
                data={"date": dt.date(2099, 4, 1 + i), "group": tw.objects["receptions.receptiongroup"]},
                actor=tw.users["town_staff"],
            )
            services.appeal_submit(
                town=tw.town,
                data={
                    "content": f"诉求{i}",
                    "category": "other",
                    "citizen_name": "钱七",
                    "citizen_phone": "13600000000",
                },
                reception_day=day,
                actor=tw.users["town_staff"],
            )


@pytest.mark.parametrize(
    "url",
    [
        "/receptions/",
        "/receptions/?when=all",
        "/receptions/groups/",
        "/receptions/appeals/",
        "/receptions/appeals/due/",
        "/receptions/appeals/overdue/",
        "/receptions/appeals/figures/",
    ],
)
def test_list_pages_use_a_fixed_number_of_queries(client, world, url):
    client.force_login(world.district_x_staff)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _more(world.a, 4)
    _more(world.b, 4)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_figures_per_town(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    figures = client.get("/receptions/appeals/figures/").context["figures"]
    assert (figures.total, figures.replied, figures.open) == (1, 0, 1)
    assert figures.reply_rate == 0.0 and figures.categories == [("道路交通", 1)]


def test_appeal_becomes_a_suggestion_with_links_both_ways(client, world):
    from renda.suggestions.models import Suggestion

    tw = world.a
    appeal = tw.objects["receptions.appeal"]
    person = tw.objects["registry.person"]
    client.force_login(tw.users["town_staff"])
    r = client.post(
        f"/api/v1/receptions/appeals/{appeal.pk}/convert",
        {"signer_ids": [person.pk], "title": "关于修复村口道路的建议"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    with scopes_disabled():  # test reads
        suggestion = Suggestion.objects.get(pk=r.json()["suggestion_id"])
        appeal.refresh_from_db()
    assert (suggestion.title, suggestion.source_id, suggestion.town_id) == (
        "关于修复村口道路的建议",
        str(appeal.pk),
        tw.town.pk,
    )
    assert appeal.state == "submitted"  # the appeal still gets its own reply
    page = client.get(f"/receptions/appeals/{appeal.pk}/").content.decode()
    assert suggestion.get_absolute_url() in page
    again = client.post(
        f"/api/v1/receptions/appeals/{appeal.pk}/convert",
        {"signer_ids": [person.pk]},
        content_type="application/json",
    )
    assert again.status_code == 409
    # The petitions office sees the appeal but cannot convert it (the congress office does).
    client.force_login(tw.users["petitions"])
    assert client.get(f"/receptions/appeals/{appeal.pk}/convert/").status_code == 403
