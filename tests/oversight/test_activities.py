"""Activities: invitations by group or one by one, the notice exactly N days ahead (at once when nearer),
the deputy's reply, attendance and the voters' opinions, documents with the upload checks, deliberation
opinions issued as a DOCX and answered; the rules of each step (wrong role, other town, stale version)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from helpers import activity_codes, at, docx_text_by_libreoffice
from renda.core.errors import Conflict
from renda.core.notifications.models import Notification
from renda.oversight import documents
from renda.oversight import queries_activities as q
from renda.oversight.enums import ActivityState, InvitationReply, OpinionState
from renda.oversight.services import activities as acts
from renda.oversight.services import opinions
from renda.registry import services as reg

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _activity(tw, start, **data):
    with scopes_disabled():  # test set-up
        return acts.activity_create(
            town=tw.town,
            data={"kind": "enforcement", "topic": "消防安全执法检查", "start_date": start, "place": "镇工业园区",
                  "organiser": "镇人大主席团", **data},
            actor=tw.users["town_staff"],
        )  # fmt: skip


def _notices(user) -> list:
    with scopes_disabled():  # test inspection
        return list(
            Notification.unscoped.filter(user=user, kind="activity", template="activity_notice").values_list(
                "params__due", "link"
            )
        )


def test_notice_goes_out_exactly_n_days_ahead_and_once(world, django_capture_on_commit_callbacks):
    tw = world.a
    staff, deputy = tw.users["town_staff"], tw.users["deputy"]
    person = tw.objects["registry.person"]
    before = len(_notices(deputy))
    with at(2027, 3, 1):
        activity = _activity(tw, dt.date(2027, 3, 20))
        assert activity.notice_days == 7
        with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
            acts.activity_invite(activity=activity, persons=[person], actor=staff)
            activity = acts.activity_publish(activity=activity, actor=staff)
    assert activity.state == ActivityState.PUBLISHED and activity.published_at is None
    assert len(_notices(deputy)) == before  # 19 days ahead: not yet
    with at(2027, 3, 12), scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        assert acts.activity_notices_send() == 0
    assert len(_notices(deputy)) == before
    with at(2027, 3, 13), scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        assert acts.activity_notices_send() == 1
        assert acts.activity_notices_send() == 0  # a second run sends nothing
    assert _notices(deputy)[before:] == [("2027-03-20", activity.get_absolute_url())]
    with scopes_disabled():
        activity.refresh_from_db()
    assert activity.published_at is not None
    assert activity_codes(activity)[-1] == "activity.notice_sent"
    with scopes_disabled():
        assert q.invitations_waiting_count(user=deputy) >= 1


def test_near_activity_is_noticed_at_publication_and_late_invitees_at_once(
    world, django_capture_on_commit_callbacks
):
    tw = world.b
    staff, deputy = tw.users["town_staff"], tw.users["deputy"]
    person = tw.objects["registry.person"]
    before = len(_notices(deputy))
    with at(2027, 4, 1), scopes_disabled():
        activity = _activity(tw, dt.date(2027, 4, 5), kind="inspection", topic="环境整治视察")
        other = reg.person_create(town=tw.town, data={"name": "陈代表"}, actor=staff)
        with django_capture_on_commit_callbacks(execute=True):
            acts.activity_invite(activity=activity, group=tw.objects["registry.deputygroup"], actor=staff)
            activity = acts.activity_publish(activity=activity, actor=staff)
        assert activity.published_at is not None
        with django_capture_on_commit_callbacks(execute=True):
            created = acts.activity_invite(activity=activity, persons=[person, other], actor=staff)
    assert [i.person for i in created] == [other]  # the group's member was invited already
    assert _notices(deputy)[before:] == [("2027-04-05", activity.get_absolute_url())]


def test_reply_attendance_opinions_and_rules(world):
    tw = world.c
    staff, deputy = tw.users["town_staff"], tw.users["deputy"]
    person = tw.objects["registry.person"]
    with at(2027, 5, 1), scopes_disabled():
        activity = _activity(tw, dt.date(2027, 5, 6), kind="research", topic="养老服务调研")
        with pytest.raises(ValidationError):  # nobody invited yet
            acts.activity_publish(activity=activity, actor=staff)
        (inv,) = acts.activity_invite(activity=activity, persons=[person], actor=staff)
        with pytest.raises(Conflict):  # not published yet
            acts.invitation_reply(invitation=inv, reply=InvitationReply.ATTEND, actor=deputy)
        with pytest.raises(PermissionDenied):  # another town's staff
            acts.activity_publish(activity=activity, actor=world.a.users["town_staff"])
        with pytest.raises(PermissionDenied):  # a deputy does not arrange activities
            acts.activity_publish(activity=activity, actor=deputy)
        with pytest.raises(Conflict) as stale:
            acts.activity_publish(activity=activity, actor=staff, version=activity.version + 5)
        assert stale.value.stale
        acts.activity_publish(activity=activity, actor=staff, version=activity.version)
        with pytest.raises(PermissionDenied):  # a deputy of another town
            acts.invitation_reply(invitation=inv, reply=InvitationReply.ATTEND, actor=world.a.users["deputy"])
        with pytest.raises(ValidationError):  # excused needs a reason
            acts.invitation_reply(invitation=inv, reply=InvitationReply.EXCUSED, actor=deputy)
        inv = acts.invitation_reply(invitation=inv, reply=InvitationReply.ATTEND, actor=deputy)
        assert inv.reply == InvitationReply.ATTEND and inv.replied_at is not None
        with pytest.raises(ValidationError):  # not yet held
            acts.activity_hold(activity=activity, attended=[person], summary="座谈", actor=staff)
    with at(2027, 5, 6), scopes_disabled():
        stranger = world.a.objects["registry.person"]
        with pytest.raises(ValidationError):
            acts.activity_hold(activity=activity, attended=[stranger], summary="座谈", actor=staff)
        activity = acts.activity_hold(
            activity=activity,
            attended=[person],
            summary="走访 3 家养老机构并座谈",
            findings="护理人员不足",
            opinions={person.pk: "村民希望增设日间照料中心"},
            actor=staff,
        )
        inv.refresh_from_db()
        with pytest.raises(Conflict):  # held: the table refuses a second record and a cancellation
            acts.activity_cancel(activity=activity, reason="x", actor=staff)
    assert (activity.state, activity.findings) == (ActivityState.HELD, "护理人员不足")
    assert (inv.attended, inv.opinions) == (True, "村民希望增设日间照料中心")
    assert activity_codes(activity) == [
        "activity.created",
        "activity.updated",
        "activity.published",
        "invitation.replied",
        "activity.held",
    ]


def test_documents_checked_and_opinion_issued_as_docx_and_answered(world, tmp_path):
    tw = world.a
    staff, presidium = tw.users["town_staff"], tw.users["presidium"]
    person = tw.objects["registry.person"]
    with at(2027, 6, 1), scopes_disabled():
        activity = _activity(tw, dt.date(2027, 6, 1), kind="report", topic="听取镇政府安全生产工作报告")
        acts.activity_invite(activity=activity, persons=[person], actor=staff)
        acts.activity_publish(activity=activity, actor=staff)
        with pytest.raises(ValidationError):  # a text file named .png
            acts.activity_document_add(
                activity=activity, upload=SimpleUploadedFile("photo.png", b"not an image"), actor=staff
            )
        doc = acts.activity_document_add(
            activity=activity, upload=SimpleUploadedFile("photo.png", PNG), kind="photo", actor=staff
        )
        assert (doc.mime, doc.size, doc.name) == ("image/png", len(PNG), "photo.png")
        with pytest.raises(PermissionDenied):
            acts.activity_document_add(
                activity=activity, upload=SimpleUploadedFile("p.png", PNG), actor=tw.users["deputy"]
            )
        with pytest.raises(Conflict):  # not held yet
            opinions.opinion_create(activity=activity, data={"body": "意见"}, actor=staff)
        activity = acts.activity_hold(activity=activity, attended=[person], summary="听取报告", actor=staff)
        opinion = opinions.opinion_create(
            activity=activity, data={"body": "一、加强隐患排查。\n二、落实企业主体责任。"}, actor=staff
        )
        assert (opinion.addressee, opinion.title) == (
            "平望镇人民政府",
            "关于听取镇政府安全生产工作报告的审议意见",
        )
        with pytest.raises(PermissionDenied):
            opinions.opinion_issue(opinion=opinion, number="平人主〔2027〕3号", actor=tw.users["deputy"])
        with pytest.raises(ValidationError):
            opinions.opinion_issue(opinion=opinion, number=" ", actor=presidium)
        opinion = opinions.opinion_issue(opinion=opinion, number="平人主〔2027〕3号", actor=presidium)
        with pytest.raises(Conflict):  # issued: no more edits
            opinions.opinion_update(opinion=opinion, data={"body": "改"}, actor=staff)
    with at(2027, 6, 20), scopes_disabled():
        opinion = opinions.opinion_respond(opinion=opinion, response="已开展隐患排查 46 处", actor=staff)
    assert (opinion.state, opinion.issued_on, opinion.responded_on) == (
        OpinionState.ANSWERED,
        dt.date(2027, 6, 1),
        dt.date(2027, 6, 20),
    )
    with scopes_disabled():
        data = documents.opinion_docx(opinion).getvalue()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    for text in ("平望镇人民代表大会主席团", "平人主〔2027〕3号", "关于听取镇政府安全生产工作报告的审议意见",
                 "平望镇人民政府：", "一、加强隐患排查。", "2027年6月1日", "（盖章）"):  # fmt: skip
        assert text in xml
    # LibreOffice opens it and reads the same lines, in the official order: sender, number, title, addressee,
    # body, date and the seal line.
    lines = [line.strip() for line in docx_text_by_libreoffice(data, tmp_path, "opinion.docx").splitlines()]
    order = ["平望镇人民代表大会主席团", "平人主〔2027〕3号", "关于听取镇政府安全生产工作报告的审议意见",
             "平望镇人民政府：", "一、加强隐患排查。", "2027年6月1日", "（盖章）"]  # fmt: skip
    found = [next(i for i, line in enumerate(lines) if text in line) for text in order]
    assert found == sorted(found), lines
    assert activity_codes(opinion) == ["opinion.created", "opinion.issued", "opinion.answered"]
