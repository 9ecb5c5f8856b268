"""Steps recorded as made on an earlier day (`on=`, demo data and catching up the records): the notice of a past
activity counts as sent that day and tells nobody now; a coming one's is sent; answers, plan approval and
rectification reports carry their day; a day after the activity's start is refused as before."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from helpers import at
from renda.core.notifications.models import Notification
from renda.oversight.enums import ActivityState
from renda.oversight.services import activities as acts
from renda.oversight.services import plans
from renda.oversight.services import rectification as rc

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _activity(tw, start):
    staff, person = tw.users["town_staff"], tw.objects["registry.person"]
    a = acts.activity_create(
        town=tw.town,
        data={"kind": "inspection", "topic": "生态环境视察", "start_date": start, "place": "太浦河沿线",
              "organiser": "镇人大主席团"},
        actor=staff,
    )  # fmt: skip
    (invitation,) = acts.activity_invite(activity=a, persons=[person], actor=staff)
    return a, invitation


def _local_day(moment) -> dt.date:
    return timezone.localtime(moment).date()


def test_a_past_notice_is_dated_and_tells_nobody(world, django_capture_on_commit_callbacks):
    tw = world.a
    staff, deputy = tw.users["town_staff"], tw.users["deputy"]
    with at(2027, 5, 20), scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        before = Notification.unscoped.filter(user=deputy, template="activity_notice").count()
        past, invitation = _activity(tw, dt.date(2027, 5, 10))
        past = acts.activity_publish(activity=past, actor=staff, on=dt.date(2027, 5, 3))
        assert past.state == ActivityState.PUBLISHED and _local_day(past.published_at) == dt.date(2027, 5, 3)
        invitation = acts.invitation_reply(
            invitation=invitation, reply="attend", actor=deputy, on=dt.date(2027, 5, 4)
        )
        assert _local_day(invitation.replied_at) == dt.date(2027, 5, 4)
        # A coming activity published on an earlier day: its notice is sent now.
        coming, _inv = _activity(tw, dt.date(2027, 5, 24))
        coming = acts.activity_publish(activity=coming, actor=staff, on=dt.date(2027, 5, 18))
        assert _local_day(coming.published_at) == dt.date(2027, 5, 18)
        # Not after the start: a notice dated after the activity began is refused, nothing changed.
        late, _inv = _activity(tw, dt.date(2027, 5, 12))
        with pytest.raises(ValidationError):
            acts.activity_publish(activity=late, actor=staff, on=dt.date(2027, 5, 13))
        late.refresh_from_db()
        assert late.state == ActivityState.DRAFT and late.published_at is None
    with scopes_disabled():
        sent = Notification.unscoped.filter(user=deputy, template="activity_notice")
        assert sent.count() == before + 1
        assert sent.order_by("-id").first().link == coming.get_absolute_url()


def test_plan_approval_and_reports_carry_their_day(world):
    tw = world.a
    staff, clerk = tw.users["town_staff"], tw.users["unit_clerk"]
    with at(2027, 6, 1), scopes_disabled():
        plan = plans.plan_create(town=tw.town, data={"year": 2027}, actor=staff)
        plans.plan_item_add(
            plan=plan, data={"kind": "research", "topic": "养老服务调研", "month": 3}, actor=staff
        )
        plan = plans.plan_submit(plan=plan, actor=staff, on=dt.date(2027, 1, 6))
        plan = plans.plan_approve(plan=plan, actor=tw.users["presidium"], on=dt.date(2027, 1, 15))
        assert _local_day(plan.submitted_at) == dt.date(2027, 1, 6)
        assert _local_day(plan.approved_at) == dt.date(2027, 1, 15)
        item = rc.rectification_item_create(
            town=tw.town, title="河道保洁", unit=tw.objects["registry.handlingunit"], actor=staff,
            on=dt.date(2027, 4, 1),
        )  # fmt: skip
        report = rc.rectification_report_add(
            item=item,
            kind="completion",
            text="已完成整改。",
            file=SimpleUploadedFile("整改照片.pdf", PDF, content_type="application/pdf"),
            actor=clerk,
            on=dt.date(2027, 5, 6),
        )
        report.refresh_from_db()
        assert _local_day(report.created_at) == dt.date(2027, 5, 6)
        item.refresh_from_db()
        assert item.state == "reported"
