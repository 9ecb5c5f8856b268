"""One record of every congress model the pages and API address by pk, per town (isolation test)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from renda.congress import services as cs
from renda.congress.enums import AgendaKind, MotionKind, MotionSource, Presence, SessionKind, VoteKind
from renda.core.actors import SYSTEM

TZ = ZoneInfo("Asia/Shanghai")


def build(tw) -> None:
    town, term, person = tw.town, tw.objects["registry.term"], tw.objects["registry.person"]
    session = cs.session_create(
        town=town,
        data={
            "term": term, "kind": SessionKind.REGULAR, "start_date": dt.date(2025, 3, 10),
            "end_date": dt.date(2025, 3, 11), "venue": "镇政府大会堂", "motion_deadline": dt.date(2025, 3, 10),
        },
        actor=SYSTEM,
    )  # fmt: skip
    item = cs.agenda_item_add(
        session=session, kind=AgendaKind.GOVERNMENT_REPORT, title="政府工作报告", actor=SYSTEM
    )
    # A document row whose file was never written: the download page answers with a message and a redirect.
    doc = cs.session_document_add(
        session=session, title="政府工作报告（书面）", file="congress/world.pdf", actor=SYSTEM
    )
    leave = cs.leave_request_create(
        session=session, person=person, first_day=session.start_date, last_day=session.start_date,
        reason="出差", actor=SYSTEM,
    )  # fmt: skip
    motion = cs.motion_create(
        session=session, kind=MotionKind.MOTION, source=MotionSource.DEPUTIES, title="关于修缮村道的议案",
        content="案由、案据、方案。", lead=person, actor=SYSTEM, at=dt.datetime(2025, 3, 1, 9, tzinfo=TZ),
    )  # fmt: skip
    cs.roll_call_record(
        session=session, day=session.start_date, presence={person.pk: Presence.PRESENT}, actor=SYSTEM
    )
    cs.session_open(session=session, day=session.start_date, actor=SYSTEM)
    vote = cs.vote_create(
        session=session, kind=VoteKind.DECISION, title="关于政府工作报告的决议", day=session.end_date, item=item,
        actor=SYSTEM,
    )  # fmt: skip
    # A later session the deputy missed without leave: the absence rule's warning.
    later = cs.session_create(
        town=town,
        data={"term": term, "kind": SessionKind.BUDGET, "start_date": dt.date(2025, 9, 1),
              "end_date": dt.date(2025, 9, 2)},
        actor=SYSTEM,
    )  # fmt: skip
    flags = cs.roll_call_record(
        session=later, day=later.start_date, presence={person.pk: Presence.ABSENT}, actor=SYSTEM
    )
    tw.objects |= {
        "congress.session": session,
        "congress.agendaitem": item,
        "congress.sessiondocument": doc,
        "congress.leaverequest": leave,
        "congress.motion": motion,
        "congress.vote": vote,
        "congress.absenceflag": flags[0],
    }
