"""Oversight records (activities) for the isolation test's world: one of every model its pages and API address by pk."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from factories import TownWorld
from helpers import TZ
from renda.oversight.services import activities, opinions

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def build(tw: TownWorld) -> None:
    """Adds the records to tw.objects under "oversight.<model>" (filled in with the activities services): an
    activity of the plan's line, published, with the town's deputy invited and a photo; a held activity of 2025
    with a draft deliberation opinion."""
    staff = tw.users["town_staff"]
    person = tw.objects["registry.person"]
    activity = activities.activity_create(
        town=tw.town,
        data={"kind": "enforcement", "topic": "消防安全执法检查", "plan_item": tw.objects["oversight.planitem"],
              "start_date": dt.date(2099, 3, 10), "place": "镇工业园区", "organiser": "镇人大主席团",
              "office": tw.objects["registry.handlingunit"]},
        actor=staff,
    )  # fmt: skip
    (invitation,) = activities.activity_invite(activity=activity, persons=[person], actor=staff)
    activity = activities.activity_publish(activity=activity, actor=staff)
    document = activities.activity_document_add(
        activity=activity, upload=SimpleUploadedFile("photo.png", PNG), kind="photo", actor=staff
    )
    with time_machine.travel(dt.datetime(2025, 6, 2, 9, tzinfo=TZ), tick=False):
        held = activities.activity_create(
            town=tw.town,
            data={"kind": "report", "topic": "听取镇政府安全生产工作报告", "start_date": dt.date(2025, 6, 2),
                  "place": "镇政府会议室", "organiser": "镇人大主席团"},
            actor=staff,
        )  # fmt: skip
        activities.activity_invite(activity=held, persons=[person], actor=staff)
        activities.activity_publish(activity=held, actor=staff)
        held = activities.activity_hold(
            activity=held, attended=[person], summary="听取报告并审议", actor=staff
        )
        opinion = opinions.opinion_create(activity=held, data={"body": "一、加强隐患排查。"}, actor=staff)
    tw.objects |= {
        "oversight.activity": activity,
        "oversight.invitation": invitation,
        "oversight.activitydocument": document,
        "oversight.opinion": opinion,
    }
