"""Demo data: a lived-in year of presidium work in recess in every town with a congress (renda demo).

Each town gets its yearly work plan (approved in January; the year of the fire-hazard campaign amended in June,
so a revision keeps the old lines), activities of all seven kinds spread over the last eleven months — held ones
with the invited deputies' answers, attendance, the voters' opinions they brought and the findings; one
cancelled; upcoming ones published (the notice already in the deputies' inbox, or waiting for its day) and one
draft — including the fire-hazard inspection (消防安全隐患排查) from 4 July and an environmental inspection tour
(生态环境视察); deliberation opinions issued and answered by the government; and rectification items of every
responsible unit in every state: assigned with progress reports, reported, closed, confirmed or reopened by the
re-check (回头看), rejected once, overdue. The first town gets the full year, the others a share of it (every
kind held, every state at least once). A subdistrict with a deputy account (no congress) gets an inspection
tour of its working committee with its district deputies, so its deputy and first units have something to open.

Every write goes through the oversight services by the account that makes it in real use (staff, the presidium,
the unit's clerk, the deputy), dated with `on=` and `activities_dated`, so clocks, history and figures are what
real use gives. Dates fall on working days of the town's calendar and never after today. Deterministic for a
seed; idempotent (a town that already has a work plan, a subdistrict that already has activities, is skipped).
Kept small on purpose (a few seconds for the district): the services write a clock, a history row and a
notification per step."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from renda.core.audit import activities_dated
from renda.core.deadlines.calendar import WorkCalendar, add_months
from renda.core.enums import Role, TownKind
from renda.core.models import RoleGrant, Town, User
from renda.registry.enums import MandateStatus
from renda.registry.models import DeputyGroup, HandlingUnit, Person, PresidiumMember

from .enums import ActivityKind as K
from .enums import ReportKind
from .models import Activity, PlanItem, WorkPlan
from .services import activities as act
from .services import opinions as op
from .services import plans as pl
from .services import rectification as rc

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
FIRE, ECOLOGY = "fire", "ecology"
SHARES = (0.25, 0.4, 0.15, 0.3, 0.2, 0.35)  # of the first town's optional records, by the town's place


@dataclass(frozen=True)
class Spec:
    """One activity of the year: `ago` days before today (negative: ahead); `fate` held, cancelled, notice (the
    notice out, answers pending), waiting (published, the notice not yet due) or draft; `late`: planned for an
    earlier month than it was held; `opinion`: deliberation opinions follow."""

    key: str
    kind: str
    topic: str
    ago: int
    office: str
    place: str
    fate: str = "held"
    findings: str = ""
    late: bool = False
    opinion: str = ""  # "answered", "issued" or "draft"
    every: bool = True  # in every town (else in the first town and a share of the others)


SPECS = [
    Spec("budget", K.REPORT, "听取镇政府关于财政预算执行情况的报告", 312, "党政办", "镇政府三楼会议室",
         findings="部分专项资金支出进度偏慢，绩效评价结果运用不够。", opinion="answered"),
    Spec("village", K.RESEARCH, "农村人居环境长效管护情况调研", 281, "农业农村局", "各行政村",
         findings="部分村生活垃圾收集点设置不合理，违章搭建回潮。", late=True),
    Spec("school", K.INQUIRY, "义务教育优质均衡发展专题询问", 252, "社会事业局", "镇人大代表之家",
         findings="学校周边上下学时段交通拥堵，部分校舍需维修。", opinion="answered"),
    Spec(ECOLOGY, K.INSPECTION, "生态环境视察：河道水环境和工业废水治理", 236, "区生态环境局", "太浦河沿线、工业集中区",
         findings="个别企业废水预处理设施运行不正常，部分河道淤积，畜禽散养污染仍有反弹。", opinion="answered"),
    Spec(FIRE, K.ENFORCEMENT, "消防安全隐患排查（群租房、电动自行车室内充电）", 0, "派出所", "镇区群租房、沿街商铺",
         findings="发现群租房消防通道堵塞、电动自行车室内和飞线充电、“三合一”场所住人等隐患。"),
    Spec("joint", K.JOINT, "联席活动：代表小组助力乡村振兴", 158, "经济发展局", "代表工作站",
         findings="农产品销售渠道单一，村级集体经济增收乏力。"),
    Spec("appraisal", K.APPRAISAL, "评议镇政府民生实事项目推进情况", 121, "党政办", "镇政府三楼会议室",
         findings="两项民生实事进度滞后，卫生院门诊和办税服务厅群众等候时间长。", opinion="answered"),
    Spec("safety", K.REPORT, "听取镇政府关于安全生产工作情况的报告", 86, "建设管理局", "镇政府三楼会议室",
         findings="危化品企业安全管理台账不全。", late=True, opinion="answered"),
    Spec("market", K.RESEARCH, "农贸市场食品安全调研", 64, "市场监管所", "镇农贸市场", fate="cancelled",
         every=False),
    Spec("elderly", K.RESEARCH, "居家养老服务情况调研", 47, "社会事业局", "各居家养老服务站",
         findings="部分服务站助餐服务覆盖面小。", opinion="draft", every=False),
    Spec("project", K.INSPECTION, "视察重点工程项目建设", 21, "建设管理局", "镇重点工程工地",
         findings="施工扬尘防控不到位，施工路段交通组织不完善。", opinion="issued"),
    Spec("waste", K.INQUIRY, "生活垃圾分类和处理专题询问", -4, "农业农村局", "镇人大代表之家", fate="notice"),
    Spec("food", K.ENFORCEMENT, "《中华人民共和国食品安全法》执法检查", -6, "市场监管所", "镇区餐饮单位",
         fate="notice", every=False),
    Spec("roads", K.INSPECTION, "视察农村公路提档升级工程", -17, "区交通局", "各村农村公路", fate="waiting"),
    Spec("heritage", K.JOINT, "联席活动：代表小组视察文化遗产保护", -30, "社会事业局", "古镇保护区", fate="draft",
         every=False),
]  # fmt: skip

# (source activity, responsible unit, title, description, fate). Every unit of a town gets at least one.
ITEMS = [
    ("budget", "党政办", "专项资金支出进度和绩效评价整改", "专项资金支出进度偏慢，绩效评价结果未用于预算安排。", "confirmed"),
    ("village", "自然资源所", "农村违章搭建回潮整治", "部分村违章搭建拆后回潮。", "confirmed"),
    ("village", "农业农村局", "生活垃圾收集点设置整改", "部分村垃圾收集点离住户过近、清运不及时。", "reopened"),
    ("school", "区住建局", "校舍维修", "两所小学部分校舍屋面渗漏。", "confirmed"),
    ("school", "区交通局", "学校周边上下学交通组织", "上下学时段学校门口车辆乱停、交通拥堵。", "reopened"),
    (ECOLOGY, "区生态环境局", "企业废水预处理设施整改", "个别企业废水预处理设施运行不正常。", "closed"),
    (ECOLOGY, "区水务局", "河道清淤和岸坡保洁", "部分河道淤积、岸坡垃圾未及时清理。", "confirmed"),
    (FIRE, "派出所", "群租房消防通道堵塞整治", "群租房消防通道被杂物和电动自行车堵塞，安全出口不足。", "overdue"),
    (FIRE, "供电所", "电动自行车室内和飞线充电整治", "居民楼道内和飞线充电现象普遍，需建设集中充电设施。", "reported"),
    (FIRE, "市场监管所", "“三合一”场所违规住人整治", "沿街商铺生产、经营、住宿混在一起。", "closed"),
    (FIRE, "建设管理局", "老旧小区消防设施维护", "老旧小区消火栓无水、灭火器过期。", "rejected"),
    ("joint", "经济发展局", "拓宽农产品销售渠道", "农产品销售依赖收购商，缺少电商和订单渠道。", "rejected"),
    ("appraisal", "党政办", "民生实事项目进度滞后整改", "两项民生实事项目未按计划开工。", "overdue"),
    ("appraisal", "卫生院", "门诊就诊等候时间长整改", "上午门诊高峰时段群众等候时间长。", "reported"),
    ("appraisal", "税务所", "办税服务厅排队时间长整改", "申报期办税服务厅窗口不足。", "closed"),
    ("safety", "市场监管所", "危化品经营企业安全管理台账", "危化品经营企业安全管理台账不全。", "overdue"),
    ("elderly", "社会事业局", "居家养老助餐服务扩面", "部分服务站助餐服务覆盖面小。", "assigned"),
    ("project", "区住建局", "施工扬尘防控整改", "工地裸土未覆盖，车辆冲洗设施未正常使用。", "assigned"),
    ("project", "区交通局", "施工路段交通组织完善", "施工路段警示标志和临时便道不完善。", "assigned"),
]  # fmt: skip
# Plan lines with no activity: not held (its month over) and still to come (this month).
MISSED = (K.INQUIRY, "农村集体资产管理专题询问")
PENDING = (K.REPORT, "听取镇政府关于年度民生实事项目完成情况的报告")
DROPPED = (K.RESEARCH, "农村电子商务发展情况调研")  # withdrawn by the amendment
AMEND_REASON = "根据区人大常委会“331”整治火灾隐患专项行动部署，增加消防安全隐患排查，调整部分调研安排"
EXCUSES = ["外出务工，不能参加", "单位有重要会议", "身体不适", "在外地出差"]
OPINIONS = [
    "{who}发现的问题：{findings}",
    "一、提高认识，压实责任，对照问题清单逐项整改。",
    "二、建立长效机制，定期向镇人大主席团报告整改进展。",
    "三、加强与人大代表的联系，主动听取群众意见。",
]
RESPONSE = "镇政府高度重视，已召开专题会议研究，明确责任单位和整改时限，逐项推进落实，整改情况将按期报告。"
VOICES = [
    "选民反映：希望相关部门定期公开整改进展。",
    "选民反映：问题在村里存在多年，希望彻底解决。",
    "选民反映：建议多听取老年人的意见。",
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def fire_year(today: dt.date) -> int:
    """The year of the fire-hazard campaign (4 July): this year once its rectification has had time to run
    (seven weeks), else last year."""
    return today.year if dt.date(today.year, 7, 4) + dt.timedelta(days=50) <= today else today.year - 1


class Days:
    """Working days of the calendar around today: a step in the past lands on a working day, never after
    today; one ahead on a working day."""

    def __init__(self, today: dt.date):
        self.today = today
        self.cal = WorkCalendar.load(today - dt.timedelta(days=480), today + dt.timedelta(days=90))

    def past(self, day: dt.date) -> dt.date:
        """`day` moved to the next working day, or back to the last working day up to today."""
        d = self.cal.next_workday(day)
        if d <= self.today:
            return d
        d = min(day, self.today)
        while not self.cal.is_workday(d) and d > self.today - dt.timedelta(days=10):
            d -= dt.timedelta(days=1)
        return d

    def after(self, day: dt.date, n: int) -> dt.date:
        return self.past(day + dt.timedelta(days=n))

    def ahead(self, day: dt.date) -> dt.date:
        return self.cal.next_workday(day)


class TownDemo:
    def __init__(self, town: Town, staff: User, rng: random.Random, days: Days, index: int):
        self.town, self.staff, self.rng, self.days, self.index = town, staff, rng, days, index
        # The first town (the one the README's demo accounts open) gets the full year; the others a share of
        # it that differs from town to town (every kind held, every state at least once).
        self.full = index == 1
        self.share = 1.0 if self.full else SHARES[index % len(SHARES)]
        self.today = days.today
        slug = staff.username.removesuffix("_staff")
        self.deciders = User.objects.filter(username=f"{slug}_presidium").first() or staff
        self.roll = list(
            Person.objects.filter(town=town, mandates__status=MandateStatus.SERVING).distinct().order_by("pk")
        )
        grants = RoleGrant.objects.filter(role=Role.DEPUTY, person__town=town).select_related("user")
        self.accounts = {g.person_id: g.user for g in grants.order_by("user__username")}
        self.members = [
            m.person
            for m in PresidiumMember.objects.filter(town=town, end_date=None)
            .select_related("person")
            .order_by("pk")
        ]
        self.groups = list(DeputyGroup.objects.filter(town=town, end_date=None).order_by("pk"))
        self.units: dict[str, HandlingUnit] = {}
        for unit in HandlingUnit.objects.filter(town=town, end_date=None).order_by("pk"):
            for key in {s.office for s in SPECS} | {i[1] for i in ITEMS}:
                if unit.name.endswith(key) and key not in self.units:
                    self.units[key] = unit
        self.clerks = {
            g.unit_id: g.user
            for g in RoleGrant.objects.filter(role=Role.UNIT_CLERK, unit__town=town)
            .select_related("user")
            .order_by("user__username")
        }
        self.short = town.name[0]
        self.numbers = 0

    # --- dates --------------------------------------------------------------------------------------

    def dates(self, spec: Spec) -> tuple[dt.date, dt.date]:
        if spec.key == FIRE:
            start = dt.date(
                fire_year(self.today), 7, 4
            )  # the district's campaign day; the towns within a week
            return start, self.days.cal.add_working_days(start, 2 + self.index % 3)
        ago = spec.ago + (self.rng.randint(-4, 4) if spec.ago > 10 else 0)
        day = self.today - dt.timedelta(days=ago)
        start = self.days.past(day) if ago > 0 else self.days.ahead(day)
        end = start
        if spec.kind in (K.RESEARCH, K.ENFORCEMENT) and ago > 5:
            end = self.days.past(self.days.cal.add_working_days(start, 1))
        return start, end

    # --- the year's plans ---------------------------------------------------------------------------

    def plan(self, year: int, lines: list[tuple[Spec | None, str, str, int]]) -> dict:
        """The plan of `year` with its lines (spec, kind, topic, month); returns {spec key: line} and the plan.
        Approved mid-January (only submitted while that day is still to come)."""
        today, staff = self.today, self.staff
        drawn = self.days.past(min(dt.date(year, 1, 6), today))
        with activities_dated(drawn):
            plan = pl.plan_create(town=self.town, data={"year": year}, actor=staff)
            made = {}
            for n, (spec, kind, topic, month) in enumerate(lines):
                responsible = self.members[n % len(self.members)] if self.members else None
                item = pl.plan_item_add(
                    plan=plan,
                    data={"kind": kind, "topic": topic, "month": month, "responsible": responsible},
                    actor=staff,
                )
                made[spec.key if spec else topic] = item
            plan = pl.plan_submit(plan=plan, actor=staff, on=drawn)
        approved = self.days.ahead(dt.date(year, 1, 15))
        if approved <= today:
            with activities_dated(approved):
                plan = pl.plan_approve(plan=plan, actor=self.deciders, on=approved)
        return {"plan": plan, "approved": approved if approved <= today else None, "items": made}

    def plans(self, specs: list[Spec], dated: dict[str, tuple[dt.date, dt.date]]) -> dict[str, PlanItem]:
        """Every year the activities touch (and this one): its plan; the fire year's plan amended in June to
        add the fire-hazard inspection. Returns the line each activity carries out."""
        # Next year's plan is not drawn up yet: a coming activity of January carries no line.
        years = sorted({start.year for start, _end in dated.values() if start.year < self.today.year})
        years.append(self.today.year)
        fy = fire_year(self.today)
        carried: dict[str, PlanItem] = {}
        for year in years:
            lines: list[tuple[Spec | None, str, str, int]] = []
            for spec in specs:
                start = dated[spec.key][0]
                if start.year != year or spec.key == FIRE or spec.fate == "draft":
                    continue
                month = start.month - 1 if spec.late and start.month > 1 else start.month
                lines.append((spec, spec.kind, spec.topic, month))
            if year < self.today.year:
                lines.append((None, *MISSED, 11))
            elif self.today.month > 2:
                lines.append((None, *MISSED, self.today.month - 2))
            if year == self.today.year:
                lines.append((None, *PENDING, self.today.month))
            if year == fy:
                lines.append((None, *DROPPED, 9))
            built = self.plan(year, lines)
            plan, approved = built["plan"], built["approved"]
            if approved is None:
                continue
            for key, item in built["items"].items():
                if key in dated and dated[key][0] >= approved + dt.timedelta(days=14):
                    carried[key] = item
            if year == fy:
                carried[FIRE] = self.amend(plan, built["items"])
        # As they are now (the plans approved, a line withdrawn by the amendment).
        fresh = PlanItem.objects.select_related("plan").in_bulk([i.pk for i in carried.values()])
        return {key: fresh[i.pk] for key, i in carried.items() if not fresh[i.pk].withdrawn}

    def amend(self, plan: WorkPlan, items: dict[str, PlanItem]) -> PlanItem:
        on = self.days.past(dt.date(plan.year, 6, 10))
        kept = [{"id": i.pk} for key, i in items.items() if key != DROPPED[1]]
        fire = next(s for s in SPECS if s.key == FIRE)
        with activities_dated(on):
            pl.plan_amend(
                plan=plan,
                reason=AMEND_REASON,
                items=[*kept, {"kind": fire.kind, "topic": fire.topic, "month": 7, "responsible": None}],
                actor=self.staff,
            )
        return PlanItem.objects.filter(plan=plan, topic=fire.topic).get()

    # --- activities ---------------------------------------------------------------------------------

    def invitees(self, n: int, *, every_account: bool = False) -> list[Person]:
        """The deputy accounts (the second one not always, but always when `every_account`: a coming activity
        whose notice is out, so that each account has one waiting for its answer) and a share of the roll."""
        mine = list(self.accounts)
        people = [p for p in self.roll if p.pk in mine[: len(mine) if every_account else 1 + (n % 3 != 2)]]
        others = [p for p in self.roll if p.pk not in self.accounts]
        people += self.rng.sample(others, k=min(len(others), 5 + self.rng.randint(0, 3)))
        if self.members and self.members[0] not in people:
            people.append(self.members[0])
        return people

    def activity(self, n: int, spec: Spec, start: dt.date, end: dt.date, line: PlanItem | None) -> Activity:
        today, staff, rng = self.today, self.staff, self.rng
        notice = settings.RENDA["ACTIVITY_NOTICE_DAYS"]
        created = self.days.past(start - dt.timedelta(days=notice + 7)) if start <= today else today
        created = min(created, today)
        group = self.groups[n % len(self.groups)] if spec.kind == K.JOINT and self.groups else None
        unit = self.units.get(spec.office)
        data = {
            "kind": spec.kind,
            "topic": spec.topic,
            "plan_item": line,
            "start_date": start,
            "end_date": end,
            "place": f"{self.town.name}{spec.place}",
            "organiser": f"{self.town.name}人大主席团",
            "office": unit,
            "deputy_group": group,
        }
        with activities_dated(created):
            a = act.activity_create(town=self.town, data=data, actor=staff)
            notice_out = today < start <= today + dt.timedelta(days=notice)
            persons = self.invitees(n, every_account=notice_out)
            invited = act.activity_invite(activity=a, persons=persons, group=group, actor=staff)
        if spec.fate == "draft":
            return a
        told = max(created, start - dt.timedelta(days=notice)) if start <= today else today
        with activities_dated(told):
            a = act.activity_publish(activity=a, actor=staff, on=told)
        # Answers: the deputy accounts answer (ahead of a coming activity they still have to); one asks leave.
        # Answers, once the notice is out: in the first town the deputy accounts answer (a coming activity's
        # invitation waits in their inbox), one deputy asks leave and a few others answer; elsewhere one deputy
        # asks leave now and then (few answers: each is a locked write with its history row).
        excused = invited[-1] if self.full or n % 2 == 0 else None
        answer_day = min(self.days.after(told, 1), today) if start <= today else today
        upcoming = start > today
        for inv in invited if spec.fate != "waiting" else []:
            who = self.accounts.get(inv.person_id, staff)
            mine = inv.person_id in self.accounts
            if inv is excused:
                reply, note = "excused", EXCUSES[(n + self.index) % len(EXCUSES)]
            elif self.full and ((mine and not upcoming) or (not mine and rng.random() < 0.3)):
                reply, note = "attend", ""
            else:
                continue
            with activities_dated(answer_day):
                act.invitation_reply(invitation=inv, reply=reply, note=note, actor=who, on=answer_day)
        if spec.fate == "cancelled":
            with activities_dated(self.days.past(start - dt.timedelta(days=3))):
                return act.activity_cancel(
                    activity=a, reason="因防汛防台工作安排，活动改期另行通知", actor=staff
                )
        if start > today:
            return a
        came = [
            i.person
            for i in invited
            if i is not excused and (i.person_id in self.accounts or rng.random() < 0.9)
        ]
        voices = {p.pk: VOICES[(k + n) % len(VOICES)] for k, p in enumerate(came[:2])}
        with activities_dated(dt.datetime.combine(end, dt.time(17), tzinfo=timezone.get_current_timezone())):
            a = act.activity_hold(
                activity=a,
                attended=came,
                summary=f"{len(came)} 名代表参加{spec.topic}，听取情况介绍，实地察看，座谈交流。",
                findings=spec.findings,
                opinions=voices,
                actor=staff,
            )
            if spec.key in (FIRE, ECOLOGY):
                act.activity_document_add(
                    activity=a, upload=_pdf(f"{spec.topic[:10]}报告.pdf"), kind="report", actor=staff
                )
        return a

    def opinion(self, spec: Spec, a: Activity, end: dt.date):
        drafted = self.days.after(end, 3)
        who = self.town.name.removesuffix("镇")
        body = "\n".join(OPINIONS).format(
            who=f"{who}人大代表在{a.get_kind_display()}中", findings=spec.findings
        )
        with activities_dated(drafted):
            o = op.opinion_create(activity=a, data={"body": body}, actor=self.staff)
        if spec.opinion == "draft":
            return o
        issued = self.days.after(drafted, 4)
        self.numbers += 1
        number = f"{self.short}人大〔{issued.year}〕{self.numbers}号"
        with activities_dated(issued):
            o = op.opinion_issue(opinion=o, number=number, issued_on=issued, actor=self.deciders)
        answered = self.days.after(issued, 30)
        if spec.opinion == "answered" and answered < self.today:
            with activities_dated(answered):
                o = op.opinion_respond(opinion=o, response=RESPONSE, responded_on=answered, actor=self.staff)
        return o

    # --- rectification ------------------------------------------------------------------------------

    def item(self, n: int, source: Activity, end: dt.date, opinion, spec_row: tuple) -> None:
        _src, unit_key, title, description, fate = spec_row
        unit = self.units.get(unit_key)
        if unit is None:
            return
        today, days, staff, verifier = self.today, self.days, self.staff, self.deciders
        clerk = self.clerks.get(unit.pk, staff)
        made = days.after(end, 5 + n % 3)
        with activities_dated(made):
            item = rc.rectification_item_create(
                town=self.town,
                title=title,
                description=description,
                unit=unit,
                activity=source,
                opinion=opinion,
                actor=staff,
                on=made,
            )
        age = (today - made).days

        def report(kind: str, on: dt.date, text: str, file: bool = False) -> None:
            with activities_dated(on):
                rc.rectification_report_add(
                    item=item,
                    kind=kind,
                    text=text,
                    file=_pdf("整改佐证材料.pdf") if file else None,
                    actor=clerk,
                    on=on,
                )

        if fate in ("assigned", "overdue"):
            if age >= 8:
                report(
                    ReportKind.PROGRESS,
                    days.after(made, min(age - 2, 7 + n % 5)),
                    "已制定整改方案，正在推进。",
                )
            if fate == "overdue" and age > 70:
                report(ReportKind.PROGRESS, days.after(made, 40), "部分问题已整改，其余正在协调。")
            return
        if fate == "rejected" and age >= 31:
            # The completion report came late (at most six weeks ago), the verification a week after it.
            done = max(days.after(made, 20), days.past(today - dt.timedelta(days=40)))
            report(ReportKind.COMPLETION, done, "已完成整改。")
            back = days.after(done, 6)
            with activities_dated(back):
                rc.rectification_item_reject(
                    item=item,
                    reason="整改不彻底，现场仍有问题，请继续整改并附佐证材料。",
                    due_date=back + dt.timedelta(days=45),
                    actor=verifier,
                    on=back,
                )
            report(ReportKind.PROGRESS, days.after(back, 7), "按验收意见重新整改，已完成大部分。")
            return
        # reported, closed, confirmed, reopened: the completion report first.
        if fate in ("confirmed", "reopened"):
            done = days.after(made, 30 + n % 10)
        elif fate == "closed":
            done = max(days.after(made, 30), days.past(today - dt.timedelta(days=80)))
        else:
            done = max(days.after(made, 20), days.past(today - dt.timedelta(days=12)))
        if age < 3 or done <= made:
            return
        if self.full or n % 3 == 0:
            report(ReportKind.PROGRESS, days.after(made, (done - made).days // 2), "整改正在推进。")
        report(ReportKind.COMPLETION, done, "已完成整改，附整改前后照片。", file=n % 4 == 0)
        if fate == "reported":
            return
        accepted = days.after(done, 5)
        if accepted >= today:
            return
        with activities_dated(accepted):
            rc.rectification_item_accept(item=item, actor=verifier, on=accepted)
        if fate == "closed":
            return
        recheck = days.after(add_months(accepted, 6), 3 + n % 5)
        if recheck >= today or recheck <= accepted:
            return  # too early for the re-check: it stays closed
        with activities_dated(recheck):
            rc.rectification_item_recheck(
                item=item,
                confirmed=fate == "confirmed",
                reason="" if fate == "confirmed" else "回头看发现问题反弹，需重新整改。",
                due_date=None if fate == "confirmed" else recheck + dt.timedelta(days=40),
                actor=verifier,
                on=recheck,
            )

    # --- the town -----------------------------------------------------------------------------------

    def build(self) -> dict:
        specs = [s for s in SPECS if s.every or self.full or self.rng.random() < self.share]
        dated = {spec.key: self.dates(spec) for spec in specs}
        carried = self.plans(specs, dated)
        made: dict[str, tuple[Activity, object]] = {}
        for n, spec in enumerate(sorted(specs, key=lambda s: dated[s.key][0])):
            start, end = dated[spec.key]
            a = self.activity(n, spec, start, end, carried.get(spec.key))
            opinion = self.opinion(spec, a, end) if spec.opinion and a.state == "held" else None
            made[spec.key] = (a, opinion)
        items, fates = 0, set()
        for n, row in enumerate(ITEMS):
            source, opinion = made.get(row[0], (None, None))
            if source is None or source.state != "held":
                continue
            if not self.full and row[4] in fates and self.rng.random() >= self.share / 2:
                continue
            fates.add(row[4])
            self.item(n, source, dated[row[0]][1], opinion if n % 2 == 0 else None, row)
            items += 1
        return {"activities": len(made), "items": items}


def _subdistrict(town: Town, staff: User, rng: random.Random, days: Days) -> int:
    """The working committee's inspection tour with its district deputies (held, findings, rectification items
    of its first units), and a research visit coming up (the notice out)."""
    people = list(
        Person.objects.filter(town=town, mandates__status=MandateStatus.SERVING).distinct().order_by("pk")
    )
    units = list(HandlingUnit.objects.filter(town=town, end_date=None).order_by("pk")[:3])
    if not people or not units:
        return 0
    today = days.today
    clerks = {g.unit_id: g.user for g in RoleGrant.objects.filter(role=Role.UNIT_CLERK, unit__in=units)}
    held = days.past(today - dt.timedelta(days=40 + rng.randint(0, 6)))
    organiser = f"{town.name}人大工委"
    with activities_dated(held - dt.timedelta(days=14)):
        a = act.activity_create(
            town=town,
            data={"kind": K.INSPECTION, "topic": "视察老旧小区改造和背街小巷整治", "start_date": held,
                  "place": f"{town.name}各社区", "organiser": organiser},
            actor=staff,
        )  # fmt: skip
        act.activity_invite(activity=a, persons=people, actor=staff)
    with activities_dated(held - dt.timedelta(days=7)):
        a = act.activity_publish(activity=a, actor=staff, on=held - dt.timedelta(days=7))
    with activities_dated(held):
        a = act.activity_hold(
            activity=a,
            attended=people[:-1],
            summary="区人大代表实地察看老旧小区改造工地和背街小巷，听取街道情况介绍。",
            findings="部分小区雨污分流未完成，背街小巷路灯和停车设施不足。",
            actor=staff,
        )
    for n, unit in enumerate(units):
        made = days.after(held, 5)
        with activities_dated(made):
            item = rc.rectification_item_create(
                town=town,
                title=f"{unit.name}：视察发现问题整改",
                description="区人大代表视察老旧小区改造和背街小巷整治时发现的问题。",
                unit=unit,
                activity=a,
                actor=staff,
                on=made,
            )
        if n % 2:
            on = days.after(made, 10)
            with activities_dated(on):
                rc.rectification_report_add(
                    item=item,
                    kind=ReportKind.PROGRESS if n % 4 == 1 else ReportKind.COMPLETION,
                    text="已制定整改方案，正在推进。" if n % 4 == 1 else "已完成整改。",
                    actor=clerks.get(unit.pk, staff),
                    on=on,
                )
    coming = days.ahead(today + dt.timedelta(days=5))
    b = act.activity_create(
        town=town,
        data={"kind": K.RESEARCH, "topic": "社区养老服务设施建设调研", "start_date": coming,
              "place": f"{town.name}社区养老服务中心", "organiser": organiser},
        actor=staff,
    )  # fmt: skip
    act.activity_invite(activity=b, persons=people, actor=staff)
    act.activity_publish(activity=b, actor=staff)
    return len(units)


def build(*, seed: int | None = None, log=None) -> dict:
    log = log or (lambda _m: None)
    seed = settings.RENDA["DEMO_SEED"] if seed is None else seed
    days = Days(timezone.localdate())
    totals = {"towns": 0, "activities": 0, "items": 0}
    t0 = time.perf_counter()
    grants = RoleGrant.objects.filter(role=Role.TOWN_STAFF, user__username__endswith="_staff").select_related(
        "town", "user"
    )
    index = 0
    for grant in grants.order_by("town__code"):
        town, staff = grant.town, grant.user
        rng = random.Random(f"{seed}-oversight-{town.code}")
        if town.kind == TownKind.TOWN:
            index += 1
            if WorkPlan.objects.filter(town=town).exists() or not PresidiumMember.objects.filter(town=town):
                continue
            with transaction.atomic():
                counts = TownDemo(town, staff, rng, days, index).build()
            totals["towns"] += 1
            totals["activities"] += counts["activities"]
            totals["items"] += counts["items"]
        elif (
            RoleGrant.objects.filter(role=Role.DEPUTY, person__town=town).exists()
            and not Activity.objects.filter(town=town).exists()
        ):  # a subdistrict with a deputy account
            with transaction.atomic():
                totals["items"] += _subdistrict(town, staff, rng, days)
            totals["activities"] += 2
    log(
        f"闭会期间活动与整改：{totals['towns']} 个镇，{totals['activities']} 项活动，"
        f"{totals['items']} 件整改事项，{time.perf_counter() - t0:.1f} 秒"
    )
    return totals
