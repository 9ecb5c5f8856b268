"""Demo reception days and appeals for every demo town with a staff account, built through the services.

Three months of reception days around today (the last two months held, one cancelled; the coming month
partly published, partly draft) with a rota of three groups, and appeals in every state: just submitted,
being handled, due soon, overdue (escalated), replied and waiting for the voter, closed satisfied or basically
satisfied, closed after a second look, reopened, and replied late. Idempotent: a town that already has
reception groups is skipped. Deterministic for a seed, except the tracking codes (random by design)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from renda.core.audit import activities_dated
from renda.core.enums import Role
from renda.core.models import RoleGrant, User
from renda.registry.enums import MandateStatus
from renda.registry.models import LiaisonPost, Person, Village

from . import services
from .enums import DayState, RestDayRule
from .models import Appeal, ReceptionDay, ReceptionGroup

CONTENTS = [
    ("roads", "村口道路坑洼，雨天积水严重，希望尽快修补。"),
    ("environment", "河道漂浮垃圾较多，夏天有异味。"),
    ("water", "自来水水压偏低，高层住户用水困难。"),
    ("housing", "老旧小区屋顶漏水，希望纳入改造计划。"),
    ("social", "高龄老人补贴申请流程不清楚，希望有人指导。"),
    ("safety", "学校门口上下学时段车辆乱停，存在安全隐患。"),
    ("agriculture", "农田灌溉渠道淤塞，影响春耕。"),
    ("other", "希望在社区增设公共健身器材。"),
    ("roads", "路灯损坏多日无人维修，夜间出行不便。"),
    ("environment", "工厂夜间噪音扰民。"),
]
DAYS_OF_MONTH = ["1,11,21", "5,15,25", "10,20", "8,18", "1,15", "6,16,26"]  # by the town's number
KEEP_DAYS = {"320509108"}  # 震泽镇 receives on its days even on a weekend or holiday; the others move them
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡"
GIVEN = ["建国", "秀英", "志强", "桂兰", "海峰", "美华", "国平", "晓燕", "伟", "芳"]


def _first(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _month_start(day: dt.date, back: int) -> dt.date:
    y, m = day.year, day.month - back
    while m < 1:
        y, m = y - 1, m + 12
    return dt.date(y, m, 1)


def build(*, seed: int, log=None) -> dict:
    log = log or (lambda _m: None)
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    totals = {"towns": 0, "days": 0, "appeals": 0}
    staff_grants = RoleGrant.objects.filter(
        role=Role.TOWN_STAFF, user__username__endswith="_staff"
    ).select_related("town", "user")
    for grant in staff_grants.order_by("town__code"):
        town, staff = grant.town, grant.user
        if ReceptionGroup.objects.filter(town=town).exists():
            continue
        slug = staff.username.removesuffix("_staff")
        index = int(town.code[6:9])  # the town's own number: its share of the data whatever else is built
        rng = random.Random(seed + int(town.code))
        deputies = list(
            # Town deputies; a subdistrict has no congress: its district deputies receive voters.
            Person.objects.filter(town=town, mandates__status=MandateStatus.SERVING)
            .distinct()
            .order_by("pk")[:9]
        )
        if len(deputies) < 3:
            continue
        villages = list(Village.objects.filter(town=town, active=True).order_by("code")[:6])
        posts = list(LiaisonPost.objects.filter(town=town, end_date=None).order_by("pk")[:3])
        start = _month_start(today, 1)
        set_up = start - dt.timedelta(days=10)  # the rota was drawn up before the first of these months
        # Towns differ: their own days of the month (so their number of reception days), and one town keeps
        # its days on a weekend or holiday where the others move them to the next working day.
        with activities_dated(set_up):
            services.reception_setting_save(
                town=town,
                data={
                    "days_of_month": DAYS_OF_MONTH[index % len(DAYS_OF_MONTH)],
                    "on_rest_day": RestDayRule.KEEP if town.code[:9] in KEEP_DAYS else RestDayRule.MOVE,
                },
                actor=staff,
            )
        leaders = [("党委书记", "周"), ("镇长", "沈"), ("人大主席", "顾")]
        for i, (title, surname) in enumerate(leaders):
            with activities_dated(set_up):
                services.reception_group_create(
                    town=town,
                    data={
                        "name": f"第{'一二三'[i]}接待组",
                        "leader_name": f"{surname}{GIVEN[(i + rng.randrange(5)) % len(GIVEN)]}",
                        "leader_title": title,
                        "deputies": deputies[i * 3 : i * 3 + 3] or deputies[:3],
                        "village": villages[i % len(villages)] if villages else None,
                        "liaison_post": posts[i % len(posts)] if posts else None,
                        "place": (str(posts[i % len(posts)]) if posts else f"{town.name}人民政府接待室"),
                        "position": i + 1,
                    },
                    actor=staff,
                )
        with activities_dated(set_up):
            days = services.reception_days_create_from_proposal(town=town, start=start, months=3, actor=staff)
        past = [d for d in days if d.date < today]
        future = [d for d in days if d.date >= today]
        for n, day in enumerate(past):
            if n == 1:
                with activities_dated(day.date - dt.timedelta(days=1)):
                    services.reception_day_cancel(day=day, reason="遇台风天气，改期举行", actor=staff)
                continue
            with activities_dated(day.date - dt.timedelta(days=5)):
                day = services.reception_day_publish(day=day, actor=staff, on=day.date - dt.timedelta(days=5))
            present = [p for p in day.deputies.all() if rng.random() > 0.2]
            with activities_dated(dt.datetime.combine(day.date, day.end_time, tzinfo=tz)):
                services.reception_day_record(
                    day=day,
                    attended=present,
                    visitors=rng.randint(3, 15),
                    summary="接待群众来访，现场解答政策咨询。",
                    actor=staff,
                )
        notice = services.reception_setting_for(town=town).notice_days
        for day in future:
            if day.date >= today + dt.timedelta(days=notice) and day.date <= today + dt.timedelta(days=20):
                services.reception_day_publish(day=day, actor=staff)
        held = list(ReceptionDay.objects.filter(town=town, state=DayState.HELD).order_by("date"))
        _appeals(town, staff, slug, held, posts, villages, rng, today, extra=index % 4)
        totals["towns"] += 1
        totals["days"] += len(days)
        totals["appeals"] += Appeal.objects.filter(town=town).count()
    log(
        f"接待日与群众诉求：{totals['towns']} 个镇（街道），{totals['days']} 个接待日，{totals['appeals']} 件诉求"
    )
    return totals


def _appeals(town, staff, slug, held, posts, villages, rng, today, extra: int = 0) -> None:
    clerk = _first(f"{slug}_clerk")
    petitions = _first(f"{slug}_petitions") or staff
    handler = clerk or staff
    # (days ago received, what happens next)
    plan = [
        (1, "submitted"),
        (3, "submitted"),
        (10, "assigned"),
        (26, "assigned"),  # due within the week: on the petitions office's list
        (45, "assigned"),  # overdue: escalated to discipline inspection
        (52, "assigned"),
        (20, "replied"),
        (30, "satisfied"),
        (40, "basically"),
        (50, "satisfied"),
        (55, "late"),  # replied after the deadline, then satisfied
        (48, "second_look"),  # unsatisfied, second look, then closed
        (35, "reopened"),
    ]
    # Towns differ: some had more visitors (a few more appeals, spread over the same weeks).
    more = [(8, "assigned"), (15, "satisfied"), (24, "replied"), (33, "satisfied"), (42, "basically")]
    plan += more[:extra]
    for n, (ago, fate) in enumerate(plan):
        received = today - dt.timedelta(days=ago)
        category, content = CONTENTS[(n + rng.randrange(len(CONTENTS))) % len(CONTENTS)]
        day = next((d for d in reversed(held) if d.date <= received), None) if n % 3 == 0 else None
        post = posts[n % len(posts)] if posts and n % 3 == 1 and day is None else None
        with activities_dated(received):
            appeal = services.appeal_submit(
                town=town,
                data={
                    "content": content,
                    "category": category,
                    "village": villages[n % len(villages)] if villages else None,
                    "citizen_name": f"{SURNAMES[rng.randrange(len(SURNAMES))]}{GIVEN[rng.randrange(len(GIVEN))]}",
                    "citizen_phone": f"139{rng.randrange(10**8):08d}",
                },
                reception_day=day,
                liaison_post=post,
                actor=staff,
                on=received,
            )
        if fate == "submitted":
            continue
        with activities_dated(min(received + dt.timedelta(days=1), today)):
            appeal = services.appeal_assign(appeal=appeal, handler=handler, actor=staff)
        if fate == "assigned":
            continue
        reply_day = received + dt.timedelta(days=40 if fate == "late" else min(ago - 1, rng.randint(5, 20)))
        reply_day = min(reply_day, today)
        feedback_day = min(reply_day + dt.timedelta(days=3), today)
        with activities_dated(reply_day):
            appeal = services.appeal_reply(
                appeal=appeal,
                method=["phone", "visit", "written"][n % 3],
                replied_on=reply_day,
                replied_by=str(handler.display_name or handler),
                text="经实地查看，已协调相关部门处理，预计两周内完成。感谢您的监督。",
                actor=handler,
            )
        if fate == "replied":
            continue
        if fate in ("second_look", "reopened"):
            with activities_dated(feedback_day):
                appeal = services.appeal_feedback_record(
                    appeal=appeal,
                    satisfaction="unsatisfied",
                    note="处理不彻底",
                    second_look=True,
                    actor=petitions,
                )
            if fate == "reopened":
                continue
            appeal = services.appeal_reply(
                appeal=appeal,
                method="visit",
                replied_on=today,
                replied_by=str(handler.display_name or handler),
                text="复查后已彻底整改，并上门说明情况。",
                actor=handler,
            )
            services.appeal_feedback_record(appeal=appeal, satisfaction="basically", actor=petitions)
            continue
        with activities_dated(feedback_day):
            services.appeal_feedback_record(
                appeal=appeal,
                satisfaction="basically" if fate == "basically" else "satisfied",
                actor=petitions,
            )
