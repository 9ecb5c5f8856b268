"""The chairs' invitations and the exchange meetings (issue 16): the district's staff invite serving chairs and
vice-chairs to a district event, the invitee or their town's staff answer, the district records attendance; the
summary per town and year, its links, the dashboard figure and the performance record line; exchange meetings
with minutes, papers (checked uploads) and experiences tagged as practices; bad input refused with nothing
changed; history for every step; the API with the same rules; fixed query counts on the new list pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from factories import make_id_number, make_phone
from helpers import activity_codes
from renda.campaigns import services
from renda.campaigns.figures import invitation_counts as year_counts
from renda.campaigns.models import ChairInvitation, ExchangeMeeting, MeetingPaper
from renda.campaigns.performance_source import record_lines
from renda.core.actors import SYSTEM
from renda.core.errors import Conflict
from renda.registry import services as reg
from renda.registry.enums import PresidiumPost

from .helpers import on

DAY = dt.date(2026, 9, 14)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def vice_chair(tw, name="王副"):
    """A second person of the town, vice-chair of its presidium (and a plain person who is neither)."""
    with scopes_disabled():  # test set-up
        p = reg.person_create(
            town=tw.town,
            data={"name": name, "id_number": make_id_number(), "phone": make_phone()},
            actor=SYSTEM,
        )
        reg.presidium_member_create(
            town=tw.town,
            data={
                "presidium": tw.objects["registry.presidium"],
                "person": p,
                "post": PresidiumPost.VICE_CHAIR,
                "start_date": dt.date(2022, 1, 1),
            },
            actor=SYSTEM,
        )
        plain = reg.person_create(
            town=tw.town,
            data={"name": f"{name}群众", "id_number": make_id_number(), "phone": make_phone()},
            actor=SYSTEM,
        )
    return p, plain


def _event(world, persons, day=DAY + dt.timedelta(days=10), **data):
    with on(DAY), scopes_disabled():
        return services.event_create(
            district=world.x,
            data={"kind": "enforcement", "title": "食品安全法执法检查", "date": day} | data,
            persons=persons,
            actor=world.district_x_staff,
        )


def test_invite_reply_and_attendance(world):
    a, b = world.a, world.b
    chair_a, chair_b = a.objects["registry.person"], b.objects["registry.person"]
    vice_a, plain_a = vice_chair(a)
    staff = world.district_x_staff
    with on(DAY), scopes_disabled():
        posts = services.chair_posts_of_district(district=world.x)
        assert posts[chair_a.pk] == "chair" and posts[vice_a.pk] == "vice_chair" and plain_a.pk not in posts
        assert world.c.objects["registry.person"].pk not in posts  # district Y's chair
        before = ChairInvitation.objects.count()
        for who in (a.users["town_staff"], world.district_y_staff, None):
            with pytest.raises(PermissionDenied):
                services.event_create(
                    district=world.x, data={"kind": "meeting", "title": "x", "date": DAY}, actor=who
                )
        for data, name in (
            ({"kind": "picnic", "title": "x", "date": DAY}, "kind"),
            ({"kind": "meeting", "title": " ", "date": DAY}, "title"),
            ({"kind": "meeting", "title": "x", "date": None}, "date"),
        ):
            with pytest.raises(ValidationError) as e:
                services.event_create(district=world.x, data=data, actor=staff)
            assert name in e.value.message_dict
        with pytest.raises(ValidationError):  # not a chair: nothing saved, the event neither
            services.event_create(
                district=world.x,
                data={"kind": "meeting", "title": "常委会第二十次会议", "date": DAY},
                persons=[plain_a],
                actor=staff,
            )
        assert ChairInvitation.objects.count() == before
    event = _event(world, [chair_a, vice_a])
    with on(DAY), scopes_disabled():
        with pytest.raises(ValidationError):
            services.event_invite(event=event, persons=[world.c.objects["registry.person"]], actor=staff)
        with pytest.raises(PermissionDenied):
            services.event_invite(event=event, persons=[chair_b], actor=a.users["town_staff"])
        made = services.event_invite(event=event, persons=[chair_a, chair_b], actor=staff)  # A again: skipped
        assert [i.person_id for i in made] == [chair_b.pk]
        rows = {i.person_id: i for i in ChairInvitation.objects.filter(event=event)}
        assert (
            len(rows) == 3 and rows[vice_a.pk].post == "vice_chair" and rows[chair_b.pk].town_id == b.town.pk
        )

        # The invitee answers (a user bound to the person), the town's staff for another; B's staff not for A's.
        services.invitation_reply(invitation=rows[chair_a.pk], reply="attend", actor=a.users["deputy"])
        with pytest.raises(PermissionDenied):
            services.invitation_reply(invitation=rows[vice_a.pk], reply="attend", actor=b.users["town_staff"])
        with pytest.raises(ValidationError):
            services.invitation_reply(
                invitation=rows[vice_a.pk], reply="excused", actor=a.users["town_staff"]
            )
        with pytest.raises(ValidationError):
            services.invitation_reply(invitation=rows[vice_a.pk], reply="maybe", actor=a.users["town_staff"])
        services.invitation_reply(
            invitation=rows[vice_a.pk], reply="excused", note="参加县里培训", actor=a.users["town_staff"]
        )
        with pytest.raises(Conflict):  # before its day
            services.event_attendance(event=event, attended=[chair_a], actor=staff)
    with on(event.date), scopes_disabled():
        with pytest.raises(PermissionDenied):
            services.event_attendance(event=event, attended=[chair_a], actor=a.users["town_staff"])
        with pytest.raises(ValidationError):
            services.event_attendance(event=event, attended=[plain_a], actor=staff)
        services.event_attendance(event=event, attended=[chair_a, chair_b], actor=staff)
    with on(event.date + dt.timedelta(days=1)), scopes_disabled():
        with pytest.raises(Conflict):  # after the day: no more answers, no more invitations
            services.invitation_reply(
                invitation=rows[chair_b.pk], reply="attend", actor=b.users["town_staff"]
            )
        with pytest.raises(Conflict):
            services.event_invite(event=event, persons=[vice_a], actor=staff)
        got = {i.person_id: (i.reply, i.attended) for i in ChairInvitation.objects.filter(event=event)}
        assert got == {
            chair_a.pk: ("attend", True),
            vice_a.pk: ("excused", False),
            chair_b.pk: ("pending", True),
        }
        assert activity_codes(event) == [
            "chairevent.created",
            "chairevent.invited",
            "chairevent.invited",
            "chairevent.replied",
            "chairevent.replied",
            "chairevent.attendance",
        ]
        # The dashboard's figure and the performance record line.
        counts = year_counts(town_ids=[a.town.pk, b.town.pk, world.c.town.pk], year=DAY.year, today=DAY)
        assert counts[a.town.pk]["invited"] >= 2 and counts[world.c.town.pk] == {"invited": 0, "attended": 0}
        lines = [
            ln
            for ln in record_lines(person_ids=[chair_a.pk, vice_a.pk], year=DAY.year)
            if ln.source.endswith(f":{event.pk}")
        ]
        assert [(ln.person_id, ln.kind) for ln in lines] == [(chair_a.pk, "campaigns.chair_attended")]


def test_summary_figures_equal_the_lists_and_the_pages(client, world):
    a, b = world.a, world.b
    chair_a, chair_b = a.objects["registry.person"], b.objects["registry.person"]
    event = _event(world, [chair_a, chair_b])
    with on(event.date), scopes_disabled():
        services.event_attendance(event=event, attended=[chair_a], actor=world.district_x_staff)
    with on(event.date):
        client.force_login(world.district_x_staff)
        page = client.get(f"/campaigns/invitations/summary/?year={DAY.year}")
        assert page.status_code == 200
        rows = {r["town"]: r for r in page.context["rows"]}
        for row in rows.values():
            for key in ("invited", "attended"):
                listed = client.get(row[f"{key}_url"])
                assert len(listed.context["rows"]) == row[key], (row["name"], key)
        assert rows[a.town.pk]["attended"] >= 1
        api = client.get(f"/api/v1/campaigns/invitations/summary?year={DAY.year}").json()
        assert {r["town"]: r["invited"] for r in api} == {t: r["invited"] for t, r in rows.items()}
        # Town B's staff: their own town's row only; the event page without A's invitation.
        client.force_login(b.users["town_staff"])
        own = client.get(f"/campaigns/invitations/summary/?year={DAY.year}").context["rows"]
        assert [r["town"] for r in own] == [b.town.pk]
        detail = client.get(event.get_absolute_url())
        assert [r["i"].person_id for r in detail.context["rows"]] == [chair_b.pk]


def test_event_pages_invite_reply_attend(client, world):
    a = world.a
    chair = a.objects["registry.person"]
    vice, _plain = vice_chair(a, "赵副")
    client.force_login(a.users["town_staff"])
    assert client.get("/campaigns/events/new/").status_code == 403
    client.force_login(world.district_x_staff)
    with on(DAY):
        bad = client.post("/campaigns/events/new/", {"kind": "inquiry", "title": "", "date": "2026-09-20"})
        assert bad.status_code == 200 and bad.context["form"].errors["title"]
        ok = client.post(
            "/campaigns/events/new/",
            {"kind": "inquiry", "title": "养老服务专题询问", "date": "2026-09-20", "persons": [chair.pk]},
        )
        assert ok.status_code == 302
        with scopes_disabled():
            event = ChairInvitation.objects.get(person=chair, event__title="养老服务专题询问").event
        assert client.post(f"/campaigns/events/{event.pk}/invite/", {"persons": [vice.pk]}).status_code == 302
        client.force_login(a.users["deputy"])  # the chair answers themself
        page = client.get(event.get_absolute_url())
        assert 'data-testid="reply-form"' in page.content.decode()
        with scopes_disabled():
            mine = ChairInvitation.objects.get(event=event, person=chair)
            theirs = ChairInvitation.objects.get(event=event, person=vice)
        assert [r["i"].pk for r in page.context["rows"] if r["can_reply"]] == [mine.pk]
        assert client.post(f"/campaigns/invitations/{mine.pk}/reply/", {"reply": "attend"}).status_code == 302
        client.force_login(a.users["town_staff"])
        refused = client.post(f"/campaigns/invitations/{theirs.pk}/reply/", {"reply": "excused", "note": ""})
        assert refused.status_code == 200  # the reason is asked for; nothing saved
    with on(dt.date(2026, 9, 20)):
        client.force_login(world.district_x_staff)
        r = client.post(
            f"/campaigns/events/{event.pk}/attendance/", {"attended": [chair.pk], "version": event.version}
        )
        assert r.status_code == 302
    with scopes_disabled():
        got = {i.person_id: (i.reply, i.attended) for i in ChairInvitation.objects.filter(event=event)}
    assert got == {chair.pk: ("attend", True), vice.pk: ("pending", False)}


def _pdf(name="paper.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_meetings_papers_experiences(client, world):
    a, b = world.a, world.b
    staff = world.district_x_staff
    chair_a, chair_b = a.objects["registry.person"], b.objects["registry.person"]
    with on(DAY), scopes_disabled():
        with pytest.raises(PermissionDenied):
            services.meeting_create(
                district=world.x, data={"kind": "strategy", "date": DAY}, actor=a.users["town_staff"]
            )
        with pytest.raises(ValidationError):
            services.meeting_create(
                district=world.x,
                data={"kind": "strategy", "date": DAY, "participants": [world.c.objects["registry.person"]]},
                actor=staff,
            )
        m = services.meeting_create(
            district=world.x,
            data={
                "kind": "strategy",
                "date": DAY,
                "place": "区人大常委会",
                "participants": [chair_a, chair_b],
            },
            actor=staff,
        )
        assert m.title == "务虚会"
        with pytest.raises(ValidationError):  # the name says PDF, the bytes do not
            services.meeting_paper_add(
                meeting=m,
                title="论文",
                author=chair_a,
                upload=SimpleUploadedFile("x.pdf", b"GIF89a..."),
                actor=staff,
            )
        with pytest.raises(ValidationError):
            services.meeting_paper_add(
                meeting=m, title="论文", author=world.c.objects["registry.person"], upload=_pdf(), actor=staff
            )
        assert MeetingPaper.objects.filter(meeting=m).count() == 0
        paper = services.meeting_paper_add(
            meeting=m, title="关于代表履职评价的思考", author=chair_b, upload=_pdf(), actor=staff
        )
        assert paper.town_id == b.town.pk
        x = services.experience_add(meeting=m, text="选民点单、代表接单", town=a.town, actor=staff)
        services.experience_tag(experience=x, practice_name="民生实事项目票决", actor=staff)
        x.refresh_from_db()
        assert (x.practice_name, x.practice_slug) == ("民生实事项目票决", "民生实事项目票决")
        with pytest.raises(ValidationError):
            services.experience_add(meeting=m, text=" ", actor=staff)
        version = m.version
        services.meeting_update(
            meeting=m, data={"minutes": "一、交流了上半年工作。"}, actor=staff, version=version
        )
        with pytest.raises(Conflict):
            services.meeting_update(meeting=m, data={"minutes": "覆盖"}, actor=staff, version=version)
        m.refresh_from_db()
        assert m.minutes == "一、交流了上半年工作。"
        assert activity_codes(m) == [
            "meeting.created",
            "meeting.paper_added",
            "meeting.experience_added",
            "meeting.experience_tagged",
            "meeting.updated",
        ]
    # Pages: B's staff see the meeting (their chair took part) and the paper; district Y's staff do not.
    client.force_login(b.users["town_staff"])
    page = client.get(m.get_absolute_url())
    assert page.status_code == 200 and "关于代表履职评价的思考" in page.content.decode()
    assert "paper_form" not in page.context
    download = client.get(f"/campaigns/papers/{paper.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(world.district_y_staff)
    assert client.get(m.get_absolute_url()).status_code == 404
    client.force_login(staff)
    bad = client.post(
        f"/campaigns/meetings/{m.pk}/papers/",
        {"title": "x", "author": chair_a.pk, "file": SimpleUploadedFile("a.docx", b"not a docx")},
    )
    assert bad.status_code == 200 and bad.context["open_form"] == "paper_form"
    ok = client.post(
        f"/campaigns/meetings/{m.pk}/experiences/",
        {"text": "代表联络站每月活动", "practice_name": "站点评议"},
    )
    assert ok.status_code == 302
    with scopes_disabled():
        assert m.experiences.filter(practice_slug="站点评议").exists()


def test_exchange_api(client, world):
    a = world.a
    chair = a.objects["registry.person"]
    api = "/api/v1/campaigns"
    with on(DAY):
        client.force_login(a.users["town_staff"])
        body = {"kind": "appraisal", "title": "工作评议", "date": "2026-09-30", "person_ids": [chair.pk]}
        assert client.post(f"{api}/events", body, content_type="application/json").status_code == 403
        client.force_login(world.district_x_staff)
        bad = client.post(
            f"{api}/events",
            body | {"person_ids": [world.c.objects["registry.person"].pk]},
            content_type="application/json",
        )
        assert bad.status_code == 422
        r = client.post(f"{api}/events", body, content_type="application/json")
        assert r.status_code == 201, r.content
        event = r.json()
        inv = event["invitations"][0]
        client.force_login(a.users["deputy"])
        rep = client.post(
            f"{api}/invitations/{inv['id']}/reply",
            {"reply": "excused", "note": "出差"},
            content_type="application/json",
        )
        assert rep.status_code == 200 and rep.json()["reply"] == "excused"
        assert (
            client.post(
                f"{api}/events/{event['id']}/attendance", {"person_ids": []}, content_type="application/json"
            ).status_code
            == 403
        )
        mine = client.get(f"{api}/invitations").json()
        assert {i["person"] for i in mine["items"]} == {chair.pk}
        client.force_login(world.district_x_staff)
        early = client.post(
            f"{api}/events/{event['id']}/attendance",
            {"person_ids": [chair.pk]},
            content_type="application/json",
        )
        assert early.status_code == 409
        m = client.post(
            f"{api}/meetings",
            {"kind": "theory", "date": "2026-09-14", "participant_ids": [chair.pk]},
            content_type="application/json",
        )
        assert m.status_code == 201, m.content
        pk = m.json()["id"]
        up = client.post(
            f"{api}/meetings/{pk}/papers", {"title": "理论研究", "author_id": chair.pk, "file": _pdf()}
        )
        assert up.status_code == 201, up.content
        x = client.post(
            f"{api}/meetings/{pk}/experiences",
            {"text": "票决制", "practice_name": "票决制"},
            content_type="application/json",
        )
        assert x.status_code == 201 and x.json()["practice_slug"] == "票决制"
        patch = client.patch(
            f"{api}/meetings/{pk}", {"minutes": "纪要", "version": 0}, content_type="application/json"
        )
        assert patch.status_code == 200 and patch.json()["minutes"] == "纪要"
        hist = client.get(f"{api}/meetings/{pk}/history").json()
        assert len(hist) == 4
        client.force_login(world.b.users["town_staff"])
        assert client.get(f"{api}/meetings/{pk}").status_code == 404


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["district", "town_staff"])
def test_list_pages_use_a_fixed_number_of_queries(client, world, who):
    a, b = world.a, world.b
    user = world.district_x_staff if who == "district" else a.users["town_staff"]
    urls = (
        "/campaigns/events/",
        f"/campaigns/invitations/?year={DAY.year}",
        f"/campaigns/invitations/summary/?year={DAY.year}",
        "/campaigns/meetings/",
    )
    _event(world, [a.objects["registry.person"]])
    with on(DAY), scopes_disabled():
        services.meeting_create(
            district=world.x,
            data={"kind": "seminar", "date": DAY, "participants": [a.objects["registry.person"]]},
            actor=world.district_x_staff,
        )
    client.force_login(user)
    with on(DAY):
        few = [_count(client, u) for u in urls]
    vice, _plain = vice_chair(a, "钱副")
    for _i in range(3):
        _event(world, [a.objects["registry.person"], vice, b.objects["registry.person"]])
        with on(DAY), scopes_disabled():
            services.meeting_create(
                district=world.x,
                data={"kind": "strategy", "date": DAY, "participants": [vice, b.objects["registry.person"]]},
                actor=world.district_x_staff,
            )
    with on(DAY):
        many = [_count(client, u) for u in urls]
    assert few == many
    with scopes_disabled():
        assert ExchangeMeeting.objects.filter(district=world.x).count() >= 4
