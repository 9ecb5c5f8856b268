"""Demo data of district–town joint action (renda demo), after oversight's (its 4 July fire-hazard inspections
in every town are the towns' follow-up here).

- The 331 fire-hazard campaign (331消防安全隐患专项整治), launched on 4 July of the fire year (oversight.demo's
  fire_year) with the first town's inspection as the district's launch activity: seven towns report within the
  week, one two days late; findings by category; the rectification items oversight's demo raised from those
  inspections are in every state; closed a month later.
- The 263 environmental action (263环境整治专项行动), launched four days ago with a ten-day window: the first
  three towns held an inspection and reported, the others not yet.
- District events over the last eleven months (a standing-committee meeting, an inspection, a law-enforcement
  check, a special inquiry, an appraisal) with every serving chair and vice-chair invited, their answers and the
  attendance; one ahead with answers still coming in.
- One town-chair seminar and four quarterly strategy meetings with participants, minutes, a paper or two and
  experiences tagged as practices.

Every write goes through the services by the district's staff account (or the town's staff / the chair), dated
with `on=` and `activities_dated`. Deterministic for a seed; idempotent (a district that already has a campaign
is skipped). A few seconds."""

from __future__ import annotations

import datetime as dt
import random
import time

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from renda.core.audit import activities_dated
from renda.core.enums import Role
from renda.core.models import RoleGrant
from renda.oversight.demo import PDF, Days, fire_year
from renda.oversight.enums import ActivityState
from renda.oversight.models import Activity
from renda.oversight.services import activities as act
from renda.registry.models import Person

from . import services
from .enums import EventKind, InviteReply, MeetingKind
from .models import Campaign, TownTask

FIRE_CATEGORIES = ["群租房", "电动车室内充电", "消防通道堵塞", "三合一场所"]
ENV_CATEGORIES = ["垃圾乱堆放", "河道污染", "违章搭建"]

EVENTS = [  # (kind, title, days ago, place)
    (EventKind.MEETING, "区人大常委会第十八次会议", 300, "区行政中心"),
    (EventKind.ENFORCEMENT, "《中华人民共和国食品安全法》执法检查", 240, "各镇农贸市场"),
    (EventKind.INQUIRY, "养老服务体系建设专题询问", 170, "区行政中心"),
    (EventKind.INSPECTION, "乡村振兴重点项目视察", 110, "各镇重点项目现场"),
    (EventKind.APPRAISAL, "区住房和城乡建设局工作评议", 50, "区行政中心"),
    (EventKind.MEETING, "区人大常委会第二十三次会议", -12, "区行政中心"),
]
EXCUSES = ["参加镇党委会", "外出学习培训", "镇里防汛值班", "参加市里会议"]
STRATEGY = [
    ("第一季度务虚会", "围绕全年重点工作，交流各镇人大一季度工作安排。", "“一月一主题”代表活动"),
    ("第二季度务虚会", "研究闭会期间代表活动常态化，交流代表之家建设。", "三心六有工作法"),
    ("第三季度务虚会", "交流消防安全专项督查跟进情况和整改落实做法。", "专项督查“回头看”"),
    ("第四季度务虚会", "总结全年工作，谋划明年民生实事项目票决。", "民生实事项目票决制"),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class DistrictDemo:
    def __init__(self, district, staff, rng: random.Random, days: Days):
        self.district, self.staff, self.rng, self.days = district, staff, rng, days
        self.today = days.today
        self.towns = services.campaign_towns_default(district=district)
        self.town_staff = {
            g.town_id: g.user
            for g in RoleGrant.objects.filter(
                role=Role.TOWN_STAFF, town__in=self.towns, user__username__endswith="_staff"
            )
            .select_related("user")
            .order_by("user__username")
        }
        posts = services.chair_posts_of_district(district=district)
        self.chairs = list(
            Person._base_manager.filter(pk__in=list(posts))
            .select_related("town")
            .order_by("town__code", "pk")
        )
        self.accounts = {
            g.person_id: g.user
            for g in RoleGrant.objects.filter(
                role=Role.PRESIDIUM, person__in=[p.pk for p in self.chairs]
            ).select_related("user")
        }

    # --- campaigns ----------------------------------------------------------------------------------

    def fire(self) -> Campaign:
        launch = dt.date(fire_year(self.today), 7, 4)
        held = {
            a.town_id: a
            for a in Activity._base_manager.filter(
                town__in=self.towns, start_date=launch, state=ActivityState.HELD
            ).order_by("-id")
        }
        first = held.get(self.towns[0].pk) if self.towns else None
        with activities_dated(launch - dt.timedelta(days=3)):
            c = services.campaign_create(
                district=self.district,
                data={
                    "title": "331消防安全隐患专项整治",
                    "theme": "消防安全",
                    "description": "区人大常委会主任带队，会同各镇人大主席开展消防安全隐患检查；"
                    "各镇（街道）在一周内开展跟进检查，重点排查群租房、电动车室内充电等隐患。",
                    "followup_days": 7,
                    "required_kinds": ["enforcement", "inspection"],
                    "categories": FIRE_CATEGORIES,
                    "launch_activity": first,
                },
                actor=self.staff,
            )
        with activities_dated(launch):
            services.campaign_launch(campaign=c, actor=self.staff, on=launch)
        tasks = {t.town_id: t for t in TownTask._base_manager.filter(campaign=c)}
        reported = [t for t in self.towns if t.pk in held and t.pk in self.town_staff]
        late = reported[-1].pk if len(reported) > 1 else None
        for n, town in enumerate(reported):
            due = tasks[town.pk].due_date
            day = (
                due + dt.timedelta(days=2)
                if town.pk == late
                else min(launch + dt.timedelta(days=2 + n % 5), due)
            )
            findings = {k: self.rng.randint(0, 12) for k in FIRE_CATEGORIES}
            with activities_dated(day):
                services.town_task_report(
                    task=tasks[town.pk],
                    activity=held[town.pk],
                    findings=findings,
                    note="已对排查出的隐患逐一登记，能当场整改的当场整改，其余交相关部门限期整改。",
                    actor=self.town_staff[town.pk],
                    on=day,
                )
        closed = launch + dt.timedelta(days=35)
        if closed <= self.today:
            with activities_dated(closed):
                services.campaign_close(campaign=c, actor=self.staff, on=closed)
        return c

    def environment(self) -> Campaign:
        launch = self.days.past(self.today - dt.timedelta(days=4))
        with activities_dated(launch):
            c = services.campaign_create(
                district=self.district,
                data={
                    "title": "263环境整治专项行动",
                    "theme": "生态环境",
                    "description": "聚焦河道水环境、垃圾分类和违章搭建，各镇（街道）开展跟进视察并报送发现的问题。",
                    "followup_days": 10,
                    "required_kinds": ["inspection", "enforcement"],
                    "categories": ENV_CATEGORIES,
                },
                actor=self.staff,
            )
            services.campaign_launch(campaign=c, actor=self.staff, on=launch)
        tasks = {t.town_id: t for t in TownTask._base_manager.filter(campaign=c)}
        for town in [
            t for t in self.towns if t.pk in self.town_staff and any(p.town_id == t.pk for p in self.chairs)
        ][:3]:
            staff = self.town_staff[town.pk]
            day = min(launch + dt.timedelta(days=1), self.today)
            with activities_dated(day):
                a = act.activity_create(
                    town=town,
                    data={
                        "kind": "inspection",
                        "topic": "263环境整治跟进视察",
                        "start_date": day,
                        "place": "镇区河道、农村人居环境整治点",
                        "organiser": "镇人大主席团",
                    },
                    actor=staff,
                )
                invited = [p for p in self.chairs if p.town_id == town.pk][:2]
                if invited:
                    act.activity_invite(activity=a, persons=invited, actor=staff)
                a = act.activity_publish(activity=a, actor=staff, on=day)
                a = act.activity_hold(
                    activity=a,
                    attended=invited,
                    summary="视察河道保洁和垃圾分类，发现问题现场交办。",
                    actor=staff,
                )
                services.town_task_report(
                    task=tasks[town.pk],
                    activity=a,
                    findings={k: self.rng.randint(0, 6) for k in ENV_CATEGORIES},
                    actor=staff,
                    on=day,
                )
        return c

    # --- invitations --------------------------------------------------------------------------------

    def events(self) -> int:
        n = 0
        for kind, title, ago, place in EVENTS:
            day = self.today - dt.timedelta(days=ago)
            day = self.days.past(day) if ago > 0 else self.days.ahead(day)
            sent = min(self.today, day - dt.timedelta(days=10))
            with activities_dated(sent):
                e = services.event_create(
                    district=self.district,
                    data={"kind": kind, "title": title, "date": day, "place": place},
                    persons=self.chairs,
                    actor=self.staff,
                    on=sent,
                )
            came = []
            for i in e.invitations.all().select_related("person", "town").order_by("id"):
                n += 1
                roll = self.rng.random()
                if ago < 0 and roll < 0.4:
                    continue  # answers still coming in
                answer_day = min(self.today, sent + dt.timedelta(days=self.rng.randint(1, 5)))
                excused = roll > 0.85
                who = self.accounts.get(i.person_id) or self.town_staff.get(i.town_id) or self.staff
                with activities_dated(answer_day):
                    services.invitation_reply(
                        invitation=i,
                        reply=InviteReply.EXCUSED if excused else InviteReply.ATTEND,
                        note=self.rng.choice(EXCUSES) if excused else "",
                        actor=who,
                        on=answer_day,
                    )
                if not excused and self.rng.random() < 0.92:
                    came.append(i.person)
            if ago > 0:
                with activities_dated(day):
                    services.event_attendance(event=e, attended=came, actor=self.staff, on=day)
        return n

    # --- exchange meetings --------------------------------------------------------------------------

    def meetings(self) -> int:
        chairs_only = [
            p for p in self.chairs if p.pk in set(services.chair_posts_of_district(district=self.district))
        ]
        seminar_day = self.days.past(self.today - dt.timedelta(days=200))
        specs = [
            (
                MeetingKind.SEMINAR,
                f"{seminar_day.year}年度镇人大主席工作座谈会",
                seminar_day,
                "一、各镇人大主席交流上半年工作；二、区人大常委会通报代表履职评价试点情况；"
                "三、部署下半年闭会期间代表活动。",
                "基层站所评议",
            )
        ]
        for q, (title, minutes, practice) in enumerate(STRATEGY):
            day = self.days.past(self.today - dt.timedelta(days=330 - 90 * q))
            specs.append((MeetingKind.STRATEGY, f"{day.year}年{title}", day, minutes, practice))
        for n, (kind, title, day, minutes, practice) in enumerate(specs):
            with activities_dated(day):
                m = services.meeting_create(
                    district=self.district,
                    data={
                        "kind": kind,
                        "title": title,
                        "date": day,
                        "place": "区人大常委会会议室",
                        "participants": chairs_only,
                        "minutes": minutes,
                    },
                    actor=self.staff,
                )
                authors = chairs_only[n % max(len(chairs_only), 1) :][:2] if chairs_only else []
                for k, author in enumerate(authors):
                    services.meeting_paper_add(
                        meeting=m,
                        title=f"{author.town.name}人大{('闭会期间工作', '代表活动阵地建设')[k]}的实践与思考",
                        author=author,
                        upload=_pdf(f"paper-{n}-{k}.pdf"),
                        actor=self.staff,
                    )
                if authors:
                    services.experience_add(
                        meeting=m,
                        text=f"{authors[0].town.name}：{practice}，做法已在全镇推开。",
                        town=authors[0].town,
                        practice_name=practice,
                        actor=self.staff,
                    )
                services.experience_add(
                    meeting=m, text="会前征求代表意见，会上集中交流，会后跟踪落实。", actor=self.staff
                )
        return len(specs)


def build(*, seed: int | None = None, log=None) -> dict:
    log = log or (lambda _m: None)
    seed = settings.RENDA["DEMO_SEED"] if seed is None else seed
    t0 = time.perf_counter()
    days = Days(timezone.localdate())
    totals = {"campaigns": 0, "invitations": 0, "meetings": 0}
    grants = (
        RoleGrant.objects.filter(role=Role.DISTRICT_STAFF)
        .select_related("district", "user")
        .order_by("district__code", "user__username")
    )
    seen = set()
    for grant in grants:
        district = grant.district
        if district is None or district.pk in seen:
            continue
        seen.add(district.pk)
        if Campaign._base_manager.filter(district=district).exists():
            continue
        demo = DistrictDemo(district, grant.user, random.Random(f"{seed}-campaigns-{district.code}"), days)
        if not demo.towns:
            continue
        with transaction.atomic():
            demo.fire()
            demo.environment()
            totals["campaigns"] += 2
            totals["invitations"] += demo.events()
            totals["meetings"] += demo.meetings()
    log(
        f"区镇上下联动：{totals['campaigns']} 项专项督查，{totals['invitations']} 人次邀请，"
        f"{totals['meetings']} 次交流会议，{time.perf_counter() - t0:.1f} 秒"
    )
    return totals
