"""Every workflow form keeps what was typed when it fails (issue 14, "Forms").

Each POST step of suggestions, congress, receptions, registry and oversight that carries a form with the user's input is
found in the URL table (`form_views`); each has a case below that sends it with an error and asserts that the
page comes back (not a redirect) with the typed values and every chosen option still there, each error next to
its field, the tab it was sent from active, and a note that a chosen file must be chosen again. A new form
without a case fails `test_every_form_has_a_case`.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from congress.helpers import add_deputies
from renda.congress import services as cs
from renda.oversight import services as os_
from renda.registry.resources import RESOURCES
from renda.registry.resources.pages import FormViewBase
from renda.suggestions import services as ss
from suggestions.helpers import drive, make_suggestion, pdf, second_unit

APPS = ("suggestions", "congress", "receptions", "registry", "oversight", "campaigns", "performance")
FILE_AGAIN = "文件需要重新选择"


# --- discovery ---------------------------------------------------------------------------------------------


def _patterns(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x)
            yield from _patterns(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), p.callback


def _has_input_form(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return issubclass(view_class, FormViewBase)
    if hasattr(callback, "form_name"):  # a suggestion step (suggestions.views._action)
        return bool(callback.form_name)
    source = inspect.getsource(inspect.unwrap(callback))
    return "request.POST" in source and re.search(r"\b[A-Z]\w*Form\(", source) is not None


def form_views() -> list[str]:
    """The URL names of every page of these apps whose POST carries a form with the user's input."""
    return sorted(
        name
        for name, callback in _patterns(get_resolver().url_patterns)
        if name.split(":")[0] in APPS and _has_input_form(callback)
    )


# --- reading the returned page -------------------------------------------------------------------------------

VOID = {"input", "br", "img", "hr", "meta", "link", "source", "col", "area", "base", "wbr"}


class Page(HTMLParser):
    """What a page shows in its forms: the values of its fields (typed text, chosen options), the fields with an
    error next to them (inside their `data-field` block), the active tab, the file notes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self.errors: set[str] = set()
        self.active_tabs: list[str] = []
        self._stack: list[tuple[str, str | None]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._option: tuple[str, bool] | None = None
        self.unmarked: list[str] = []  # required inputs without aria-required
        self.feed(html)

    def _add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if "invalid-feedback" in classes:
            self.errors |= {f for _t, f in self._stack if f}
        if tag == "button" and "nav-link" in classes and "active" in classes:
            self.active_tabs.append(a.get("data-bs-target", ""))
        if tag in ("input", "select", "textarea") and "required" in a and a.get("aria-required") != "true":
            self.unmarked.append(a.get("name", ""))
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(a["name"], a.get("value", "on"))
            elif kind not in ("submit", "file"):
                self._add(a["name"], a.get("value") or "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select:
            self._option = (a.get("value", ""), "selected" in a)
            if "selected" in a:
                self._add(self._select, a.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []
        if tag not in VOID:
            self._stack.append((tag, a.get("data-field")))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).strip("\n"))
            self._textarea = None
        if tag in VOID:
            return
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


# --- the cases ------------------------------------------------------------------------------------------------


@dataclass
class Case:
    user: object
    url: str
    data: dict
    typed: dict  # field name -> the value (or values) the page must still show
    errors: list  # fields whose error must be next to them
    files: dict = field(default_factory=dict)
    tab: str = ""  # the tab that must be active (a detail page with tabs)


def _file(name="材料.pdf"):
    return pdf(name)


def _sg(tw, state="submitted", title="关于增设公交站的建议"):
    with scopes_disabled():  # test set-up
        s = make_suggestion(tw, title, "一村村民出行不便，建议增设公交站。")
        return drive(tw, s, state) if state != "submitted" else s


def s_new(tw):
    with scopes_disabled():  # test set-up
        others = add_deputies(tw, 2)
    return Case(
        tw.users["deputy"], reverse("suggestions:new"),
        {"title": "关于修建停车场的建议", "kind": "suggestion", "channel": "activity", "content": "",
         "co_signers": [str(p.pk) for p in others], "submit": "on"},
        {"title": "关于修建停车场的建议", "co_signers": [str(p.pk) for p in others], "channel": "activity"},
        ["content"], files={"attachment": _file("照片.pdf")},
    )  # fmt: skip


def s_key(tw):
    return Case(
        tw.users["town_staff"], reverse("suggestions:key") + f"?town={tw.town.pk}",
        {"deadline": "2026-13-45"}, {"deadline": "2026-13-45"}, ["deadline"],
    )  # fmt: skip


def s_attach(tw):
    s = _sg(tw)
    bad = SimpleUploadedFile("程序.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    return Case(
        tw.users["town_staff"], reverse("suggestions:attach", args=[s.pk]), {"tab": "content"}, {}, ["file"],
        files={"file": bad}, tab="content",
    )  # fmt: skip


def s_review(tw):
    s = _sg(tw)
    return Case(
        tw.users["town_staff"], reverse("suggestions:review", args=[s.pk]),
        {"tab": "handling", "accept": "0", "reason": "", "note": "内容需要补充", "version": s.version},
        {"accept": "0", "note": "内容需要补充"}, ["reason"], tab="handling",
    )  # fmt: skip


def s_merge(tw):
    s, other = _sg(tw), _sg(tw, title="关于增设公交站点的建议")
    return Case(
        tw.users["town_staff"], reverse("suggestions:merge", args=[s.pk]),
        {"tab": "handling", "others": [str(other.pk), "999999"]}, {"others": [str(other.pk)]}, ["others"],
        tab="handling",
    )  # fmt: skip


def s_assign(tw):
    s = _sg(tw, "accepted")
    unit2, _clerk = second_unit(tw)
    return Case(
        tw.users["town_staff"], reverse("suggestions:assign", args=[s.pk]),
        {"tab": "handling", "lead_unit": "", "co_units": [str(unit2.pk)], "difficult": "on", "version": s.version},
        {"co_units": [str(unit2.pk)], "difficult": "on"}, ["lead_unit"], tab="handling",
    )  # fmt: skip


def s_return(tw):
    s = _sg(tw, "assigned")
    return Case(
        tw.users["unit_clerk"], reverse("suggestions:return", args=[s.pk]),
        {"tab": "handling", "reason": "", "version": s.version}, {}, ["reason"], tab="handling",
    )  # fmt: skip


def s_contact(tw):
    s = _sg(tw, "assigned")
    return Case(
        tw.users["unit_clerk"], reverse("suggestions:contact", args=[s.pk]),
        {"tab": "handling", "date": "2099-01-05", "way": "visit", "summary": "上门听取代表意见"},
        {"way": "visit", "summary": "上门听取代表意见", "date": "2099-01-05"}, ["date"], tab="handling",
    )  # fmt: skip


def s_co_opinion(tw):
    unit2, clerk2 = second_unit(tw)
    s = _sg(tw, "accepted")
    with scopes_disabled():  # test set-up
        ss.suggestion_assign(
            suggestion=s,
            lead_unit=tw.objects["registry.handlingunit"],
            co_units=[unit2],
            actor=tw.users["town_staff"],
        )
    return Case(
        clerk2, reverse("suggestions:co-opinion", args=[s.pk]), {"tab": "handling", "opinion": "  "}, {},
        ["opinion"], tab="handling",
    )  # fmt: skip


def s_extension(tw):
    s = _sg(tw, "assigned")
    return Case(
        tw.users["unit_clerk"], reverse("suggestions:extension", args=[s.pk]),
        {"tab": "handling", "days": "0", "reason": "需要协调县级部门"},
        {"days": "0", "reason": "需要协调县级部门"}, ["days"], tab="handling",
    )  # fmt: skip


def s_extension_decide(tw):
    s = _sg(tw, "assigned")
    with scopes_disabled():  # test set-up
        ss.suggestion_extension_request(
            suggestion=s,
            unit=tw.objects["registry.handlingunit"],
            days=30,
            reason="协调",
            actor=tw.users["unit_clerk"],
        )
    return Case(
        tw.users["town_staff"], reverse("suggestions:extension-decide", args=[s.pk]),
        {"tab": "handling", "approve": "maybe"}, {}, ["approve"], tab="handling",
    )  # fmt: skip


def s_reply(tw):
    """The unit clerk's reply: its text and chosen class stay, the sealed letter must be chosen again."""
    s = _sg(tw, "assigned")
    with scopes_disabled():  # test set-up
        ss.suggestion_contact_record(
            suggestion=s, unit=tw.objects["registry.handlingunit"], date=timezone.localdate(), way="phone",
            summary="电话沟通", actor=tw.users["unit_clerk"],
        )  # fmt: skip
        s.refresh_from_db()
    return Case(
        tw.users["unit_clerk"], reverse("suggestions:reply", args=[s.pk]),
        {"tab": "handling", "outcome_class": "B", "text": "已列入明年计划，分两期实施。", "planned_date": "",
         "version": s.version},
        {"outcome_class": "B", "text": "已列入明年计划，分两期实施。"}, ["planned_date"],
        files={"letter": _file("答复函.pdf")}, tab="handling",
    )  # fmt: skip


def s_supervision(tw):
    from renda.suggestions.models import SupervisionKind
    from renda.suggestions.services import suggestion_key_set

    s = _sg(tw, "assigned")
    with scopes_disabled():  # test set-up
        suggestion_key_set(
            suggestion=s,
            is_key=True,
            supervisors=[tw.objects["registry.person"]],
            actor=tw.users["town_staff"],
        )
    kind = SupervisionKind.values[-1]
    return Case(
        tw.users["presidium"], reverse("suggestions:supervision", args=[s.pk]),
        {"kind": kind, "date": "2026-01-05", "notes": ""},
        {"kind": kind, "date": "2026-01-05"}, ["notes"],
    )  # fmt: skip


def s_feedback(tw):
    s = _sg(tw, "replied")
    return Case(
        tw.users["deputy"], reverse("suggestions:feedback", args=[s.pk]),
        {"tab": "content", "work_score": "satisfied", "comment": "办理及时"},
        {"work_score": "satisfied", "comment": "办理及时"}, ["result_score"], tab="content",
    )  # fmt: skip


def s_key_set(tw):
    s = _sg(tw, "assigned")
    return Case(
        tw.users["town_staff"], reverse("suggestions:key-set", args=[s.pk]),
        {"tab": "handling", "is_key": "on", "supervisors": ["999999"]}, {"is_key": "on"}, ["supervisors"],
        tab="handling",
    )  # fmt: skip


def s_followup(tw):
    with (
        scopes_disabled()
    ):  # test set-up: a B reply whose planned date has come, back to the town for a check
        s = drive(tw, make_suggestion(tw, "关于改造路灯的建议", "路灯损坏"), "closed", outcome="B",
                  planned=timezone.localdate() + dt.timedelta(days=30))  # fmt: skip
        ss.suggestions_followup_sweep(today=timezone.localdate() + dt.timedelta(days=31))
    return Case(
        tw.users["town_staff"], reverse("suggestions:followup", args=[s.pk]),
        {"tab": "handling", "note": "尚在施工", "new_date": ""}, {"note": "尚在施工"}, ["new_date"],
        tab="handling",
    )  # fmt: skip


def c_session_create(tw):
    return Case(
        tw.users["town_staff"], reverse("congress:session-create"),
        {"town": tw.town.pk, "kind": "regular", "start_date": "2026-03-02", "end_date": "", "venue": "镇政府礼堂"},
        {"kind": "regular", "start_date": "2026-03-02", "venue": "镇政府礼堂", "town": str(tw.town.pk)},
        ["end_date"],
    )  # fmt: skip


def _session(tw):
    return tw.objects["congress.session"]


def c_agenda(tw):
    return Case(
        tw.users["town_staff"], reverse("congress:session-agenda-add", args=[_session(tw).pk]),
        {"kind": "other", "title": ""}, {"kind": "other"}, ["title"],
    )  # fmt: skip


def c_document(tw):
    return Case(
        tw.users["town_staff"], reverse("congress:session-document-add", args=[_session(tw).pk]),
        {"title": "", "item": tw.objects["congress.agendaitem"].pk},
        {"item": str(tw.objects["congress.agendaitem"].pk)}, ["title"], files={"file": _file("报告.pdf")},
    )  # fmt: skip


def c_leave(tw):
    p = tw.objects["registry.person"]
    return Case(
        tw.users["town_staff"], reverse("congress:session-leave-add", args=[_session(tw).pk]),
        {"person": p.pk, "first_day": "2025-03-10", "last_day": "2025-03-11", "reason": ""},
        {"person": str(p.pk), "first_day": "2025-03-10", "last_day": "2025-03-11"}, ["reason"],
    )  # fmt: skip


def c_rollcall(tw):
    """Every bad row at once, and every choice kept (today: 62 choices reset, one deputy named per try)."""
    with scopes_disabled():  # test set-up
        deps = add_deputies(tw, 4)
    session = _session(tw)
    marks = {f"p_{deps[0].pk}": "leave", f"p_{deps[1].pk}": "leave", f"p_{deps[2].pk}": "absent",
             f"p_{deps[3].pk}": "present"}  # fmt: skip
    return Case(
        tw.users["town_staff"], reverse("congress:session-rollcall", args=[session.pk]),
        {"day": "2025-03-10", "action": "save", **marks}, marks, [f"p_{deps[0].pk}", f"p_{deps[1].pk}"],
    )  # fmt: skip


def c_vote_create(tw):
    return Case(
        tw.users["town_staff"], reverse("congress:vote-create", args=[_session(tw).pk]),
        {"kind": "decision", "title": "", "day": "2025-03-11"}, {"kind": "decision", "day": "2025-03-11"},
        ["title"],
    )  # fmt: skip


def c_opinion(tw):
    return Case(
        tw.users["town_staff"], reverse("congress:agendaitem-opinion-add", args=[tw.objects["congress.agendaitem"].pk]),
        {"group": tw.objects["registry.deputygroup"].pk, "content": ""},
        {"group": str(tw.objects["registry.deputygroup"].pk)}, ["content"],
    )  # fmt: skip


def c_vote_record(tw):
    return Case(
        tw.users["town_staff"], reverse("congress:vote-record", args=[tw.objects["congress.vote"].pk]),
        {"yes": "1", "no": "", "abstain": "0", "not_voting": "0", "action": "save"},
        {"yes": "1", "abstain": "0"}, ["no"],
    )  # fmt: skip


def c_vote_correct(tw):
    vote, staff = tw.objects["congress.vote"], tw.users["town_staff"]
    with scopes_disabled():  # test set-up: the vote counted and the session closed
        serving = cs.vote_record(
            vote=vote, counts={"yes": 1, "no": 0, "abstain": 0, "not_voting": 0}, close=True, actor=staff
        ).serving
        cs.session_close(session=_session(tw), actor=staff)
    assert serving
    return Case(
        staff, reverse("congress:vote-correct", args=[vote.pk]),
        {"yes": "1", "no": "0", "abstain": "0", "not_voting": "0", "reason": ""}, {"yes": "1"}, ["reason"],
    )  # fmt: skip


def c_motion_create(tw):
    session = _session(tw)
    return Case(
        tw.users["town_staff"], reverse("congress:motion-create"),
        {"session": session.pk, "kind": "motion", "source": "deputies", "title": "关于修缮水利设施的议案",
         "content": ""},
        {"session": str(session.pk), "title": "关于修缮水利设施的议案"}, ["content"],
    )  # fmt: skip


def _lodged_motion(tw):
    from zoneinfo import ZoneInfo

    m = tw.objects["congress.motion"]
    with scopes_disabled():  # test set-up: the presidium lodges it before the deadline
        cs.motion_lodge(
            motion=m, actor=tw.users["presidium"], override_reason="主席团特许",
            at=dt.datetime(2025, 3, 5, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        )  # fmt: skip
        m.refresh_from_db()
    return m


def c_motion_decide(tw):
    m = _lodged_motion(tw)
    return Case(
        tw.users["presidium"], reverse("congress:motion-decide", args=[m.pk]),
        {"decision": "", "reason": "事项重大"}, {"reason": "事项重大"}, ["decision"],
    )  # fmt: skip


def c_motion_withdraw(tw):
    m = tw.objects["congress.motion"]
    long = "撤回" * 151
    return Case(
        tw.users["deputy"], reverse("congress:motion-withdraw", args=[m.pk]), {"reason": long}, {"reason": long},
        ["reason"],
    )  # fmt: skip


def c_budget(tw):
    return Case(
        tw.users["town_staff"], reverse("congress:budget-adjustment-record"),
        {"town": tw.town.pk, "year": "1999", "note": "年中调整预算"},
        {"year": "1999", "note": "年中调整预算", "town": str(tw.town.pk)}, ["year"],
    )  # fmt: skip


def c_flag(tw):
    return Case(
        tw.users["town_staff"], reverse("congress:flag-resolve", args=[tw.objects["congress.absenceflag"].pk]),
        {"resolution": ""}, {}, ["resolution"],
    )  # fmt: skip


def _day(tw):
    return tw.objects["receptions.receptionday"]


def r_day_create(tw):
    p = tw.objects["registry.person"]
    return Case(
        tw.users["town_staff"], reverse("receptions:day-create"),
        {"town": tw.town.pk, "date": "", "leader_name": "王书记", "deputies": [p.pk], "place": "村委会"},
        {"leader_name": "王书记", "deputies": [str(p.pk)], "place": "村委会"}, ["date"],
    )  # fmt: skip


def r_day_edit(tw):
    return Case(
        tw.users["town_staff"], reverse("receptions:day-edit", args=[_day(tw).pk]),
        {"date": "2099-02-30", "leader_name": "李镇长", "place": "代表之家"},
        {"date": "2099-02-30", "leader_name": "李镇长", "place": "代表之家"}, ["date"],
    )  # fmt: skip


def r_day_record(tw):
    p = tw.objects["registry.person"]
    return Case(
        tw.users["town_staff"], reverse("receptions:day-record", args=[_day(tw).pk]),
        {"attended": [p.pk], "visitors": "-3", "summary": "接待群众，记录诉求"},
        {"attended": [str(p.pk)], "visitors": "-3", "summary": "接待群众，记录诉求"}, ["visitors"],
    )  # fmt: skip


def r_day_appeal(tw):
    return Case(
        tw.users["town_staff"], reverse("receptions:day-appeal-create", args=[_day(tw).pk]),
        {"content": "村口路灯不亮", "category": "roads", "citizen_name": "", "citizen_phone": "13912345678"},
        {"content": "村口路灯不亮", "category": "roads", "citizen_phone": "13912345678"}, ["citizen_name"],
    )  # fmt: skip


def r_schedule(tw):
    return Case(
        tw.users["town_staff"], reverse("receptions:schedule"), {"town": tw.town.pk, "start": "", "months": "3"},
        {"months": "3"}, ["start"],
    )  # fmt: skip


def r_setting(tw):
    return Case(
        tw.users["town_staff"], reverse("receptions:setting-edit"),
        {"town": tw.town.pk, "days_of_month": "1,15", "start_time": "09:00", "end_time": "11:00", "notice_days": "x"},
        {"days_of_month": "1,15", "start_time": "09:00", "notice_days": "x"}, ["notice_days"],
    )  # fmt: skip


def r_group_create(tw):
    p = tw.objects["registry.person"]
    return Case(
        tw.users["town_staff"], reverse("receptions:group-create"),
        {"town": tw.town.pk, "name": "", "leader_name": "王书记", "deputies": [p.pk], "active": "on"},
        {"leader_name": "王书记", "deputies": [str(p.pk)], "active": "on"}, ["name"],
    )  # fmt: skip


def r_group_edit(tw):
    p = tw.objects["registry.person"]
    return Case(
        tw.users["town_staff"], reverse("receptions:group-edit", args=[tw.objects["receptions.receptiongroup"].pk]),
        {"name": "", "leader_name": "赵主任", "deputies": [p.pk]},
        {"leader_name": "赵主任", "deputies": [str(p.pk)]}, ["name"],
    )  # fmt: skip


def r_appeal_create(tw):
    return Case(
        tw.users["town_staff"], reverse("receptions:appeal-create"),
        {"town": tw.town.pk, "content": "小区噪音扰民", "category": "roads", "citizen_name": "李四", "citizen_phone": ""},
        {"content": "小区噪音扰民", "category": "roads", "citizen_name": "李四"}, ["citizen_phone"],
    )  # fmt: skip


def _appeal(tw):
    return tw.objects["receptions.appeal"]


def r_appeal_assign(tw):
    a = _appeal(tw)
    return Case(
        tw.users["town_staff"], reverse("receptions:appeal-assign", args=[a.pk]),
        {"grant": "999999", "version": a.version}, {"version": str(a.version)}, ["grant"],
    )  # fmt: skip


def r_appeal_reply(tw):
    a = _appeal(tw)
    return Case(
        tw.users["town_staff"],
        reverse("receptions:appeal-reply", args=[a.pk]),
        {"method": "phone", "replied_on": "2026-01-05", "replied_by": "王某", "text": "", "version": a.version},
        {"method": "phone", "replied_on": "2026-01-05", "replied_by": "王某"}, ["text"],
    )  # fmt: skip


def r_appeal_feedback(tw):
    a = _appeal(tw)
    return Case(
        tw.users["town_staff"], reverse("receptions:appeal-feedback", args=[a.pk]),
        {"satisfaction": "", "note": "希望尽快处理"}, {"note": "希望尽快处理"}, ["satisfaction"],
    )  # fmt: skip


def r_appeal_convert(tw):
    a = _appeal(tw)
    return Case(
        tw.users["town_staff"], reverse("receptions:appeal-convert", args=[a.pk]),
        {"title": "关于修复村口道路的建议", "signers": ["999999"]}, {"title": "关于修复村口道路的建议"},
        ["signers"],
    )  # fmt: skip


def g_town(tw):
    return Case(
        None, reverse("registry:town-update", args=[tw.town.pk]), {"population": "三万"}, {"population": "三万"},
        ["population"],
    )  # fmt: skip


def g_roster(tw):
    return Case(
        tw.users["town_staff"], reverse("registry:roster-import"), {"town": tw.town.pk, "kind": "handling_units"},
        {"kind": "handling_units"}, ["file"],
    )  # fmt: skip


def g_divisions(tw):
    return Case(
        None, reverse("registry:divisions-load"), {"code": "9999"}, {"code": "9999"}, ["code"],
    )  # fmt: skip


def _item(tw, state="assigned"):
    """A rectification item of the town's unit, driven to `state` (assigned, reported, closed)."""
    with scopes_disabled():  # test set-up
        item = os_.rectification_item_create(
            town=tw.town,
            title="消防通道整改",
            unit=tw.objects["registry.handlingunit"],
            actor=tw.users["town_staff"],
        )
        if state in ("reported", "closed"):
            os_.rectification_report_add(
                item=item, kind="completion", text="已整改", actor=tw.users["unit_clerk"]
            )
        if state == "closed":
            os_.rectification_item_accept(item=item, actor=tw.users["town_staff"])
        item.refresh_from_db()
    return item


def o_item_new(tw):
    unit = tw.objects["registry.handlingunit"]
    return Case(
        tw.users["town_staff"], reverse("oversight:item-new"),
        {"title": "", "description": "二村出租房消防通道堵塞", "unit": str(unit.pk)},
        {"description": "二村出租房消防通道堵塞", "unit": str(unit.pk)}, ["title"],
    )  # fmt: skip


def o_item_report(tw):
    item = _item(tw)
    return Case(
        tw.users["unit_clerk"], reverse("oversight:item-report", args=[item.pk]),
        {"tab": "handling", "kind": "completion", "text": "", "version": item.version},
        {"kind": "completion"}, ["text"], files={"file": _file("整改照片.pdf")}, tab="handling",
    )  # fmt: skip


def o_item_reject(tw):
    item = _item(tw, "reported")
    return Case(
        tw.users["presidium"], reverse("oversight:item-reject", args=[item.pk]),
        {"tab": "handling", "reason": "", "due_date": "2099-01-05", "version": item.version},
        {"due_date": "2099-01-05"}, ["reason"], tab="handling",
    )  # fmt: skip


def o_item_recheck(tw):
    item = _item(tw, "closed")
    return Case(
        tw.users["presidium"], reverse("oversight:item-recheck", args=[item.pk]),
        {"tab": "handling", "confirmed": "0", "reason": "", "due_date": "2099-01-05", "version": item.version},
        {"confirmed": "0", "due_date": "2099-01-05"}, ["reason"], tab="handling",
    )  # fmt: skip


def o_appraisal_new(tw):
    unit = tw.objects["registry.handlingunit"]
    return Case(
        tw.users["town_staff"], reverse("oversight:appraisal-new"),
        {"town": tw.town.pk, "year": "2031", "title": "2031年度站所评议", "criteria": "服务态度 60\n办事效率 30",
         "units": [str(unit.pk)]},
        {"year": "2031", "title": "2031年度站所评议", "units": [str(unit.pk)]}, ["criteria"],
    )  # fmt: skip


def _scoring_station(tw):
    """A station of an appraisal that is scoring (2032), and its criteria."""
    with scopes_disabled():  # test set-up
        a = os_.appraisal_create(town=tw.town, year=2032, actor=tw.users["town_staff"])
        os_.appraisal_open(appraisal=a, actor=tw.users["town_staff"])
        return a.stations.get(), list(a.criteria.all())


def o_appraisal_score(tw):
    st, (c1, c2, *_rest) = _scoring_station(tw)
    p = f"s{st.pk}-"
    return Case(
        tw.users["deputy"], reverse("oversight:appraisal-station-score", args=[st.pk]),
        {f"{p}c{c1.pk}": "150", f"{p}c{c2.pk}": "80", f"{p}opinion": "窗口太少"},
        {f"{p}c{c2.pk}": "80", f"{p}opinion": "窗口太少"}, [f"{p}c{c1.pk}"],
    )  # fmt: skip


def o_appraisal_key_problem(tw):
    st = tw.objects["oversight.appraisalstation"]
    unit = tw.objects["registry.handlingunit"]
    return Case(
        tw.users["presidium"], reverse("oversight:appraisal-key-problem", args=[st.pk]),
        {"title": "", "description": "午间窗口无人值守", "unit": str(unit.pk), "version": st.appraisal.version},
        {"description": "午间窗口无人值守", "unit": str(unit.pk)}, ["title"],
    )  # fmt: skip


def _o(tw, key):
    return tw.objects[f"oversight.{key}"]


def _held(tw):
    """The town's held activity (of 2025, with a draft deliberation opinion)."""
    return _o(tw, "opinion").activity


LONG_REASON = "因" * 501  # longer than the form allows: the typed text must come back


def o_activity_create(tw):
    return Case(
        tw.users["town_staff"], reverse("oversight:activity-create"),
        {"town": tw.town.pk, "kind": "inspection", "topic": "", "start_date": "2099-04-08", "place": "镇敬老院",
         "organiser": "镇人大主席团"},
        {"kind": "inspection", "start_date": "2099-04-08", "place": "镇敬老院", "organiser": "镇人大主席团"},
        ["topic"],
    )  # fmt: skip


def o_activity_edit(tw):
    a = _o(tw, "activity")
    return Case(
        tw.users["town_staff"], reverse("oversight:activity-edit", args=[a.pk]),
        {"kind": a.kind, "topic": "", "start_date": "2099-03-11", "place": "镇工业园区东区",
         "organiser": a.organiser},
        {"kind": a.kind, "start_date": "2099-03-11", "place": "镇工业园区东区"}, ["topic"],
    )  # fmt: skip


def o_activity_invite(tw):
    a, group = _o(tw, "activity"), tw.objects["registry.deputygroup"]
    return Case(
        tw.users["town_staff"], reverse("oversight:activity-invite", args=[a.pk]),
        {"persons": ["999999"], "group": str(group.pk)}, {"group": str(group.pk)}, ["persons"],
    )  # fmt: skip


def o_activity_cancel(tw):
    a = _o(tw, "activity")
    return Case(
        tw.users["town_staff"], reverse("oversight:activity-cancel", args=[a.pk]),
        {"reason": LONG_REASON, "version": a.version}, {"reason": LONG_REASON}, ["reason"],
    )  # fmt: skip


def o_activity_hold(tw):
    a, person = _o(tw, "activity"), tw.objects["registry.person"]
    return Case(
        tw.users["town_staff"], reverse("oversight:activity-hold", args=[a.pk]),
        {"attended": [str(person.pk)], "summary": "", "findings": "消防通道堵塞", f"opinions_{person.pk}": "增设消防栓",
         "version": a.version},
        {"attended": str(person.pk), "findings": "消防通道堵塞", f"opinions_{person.pk}": "增设消防栓"}, ["summary"],
    )  # fmt: skip


def o_activity_to_suggestion(tw):
    a, person = _held(tw), tw.objects["registry.person"]
    return Case(
        tw.users["town_staff"], reverse("oversight:activity-to-suggestion", args=[a.pk]),
        {"lead": str(person.pk), "title": "关于清理消防通道的建议", "content": ""},
        {"lead": str(person.pk), "title": "关于清理消防通道的建议"}, ["content"],
    )  # fmt: skip


def o_activity_to_appeal(tw):
    a = _held(tw)
    return Case(
        tw.users["town_staff"], reverse("oversight:activity-to-appeal", args=[a.pk]),
        {"category": "roads", "content": "路灯损坏", "citizen_name": "王大伯", "citizen_phone": "123"},
        {"category": "roads", "content": "路灯损坏", "citizen_name": "王大伯", "citizen_phone": "123"},
        ["citizen_phone"],
    )  # fmt: skip


def o_activity_reply(tw):
    a = _o(tw, "activity")
    return Case(
        tw.users["deputy"], reverse("oversight:activity-reply", args=[a.pk]),
        {"reply": "", "note": "当天另有公务"}, {"note": "当天另有公务"}, ["reply"],
    )  # fmt: skip


def o_activity_document(tw):
    a = _o(tw, "activity")
    return Case(
        tw.users["town_staff"], reverse("oversight:activity-document-upload", args=[a.pk]),
        {"tab": "documents", "kind": "photo"}, {"kind": "photo"}, ["file"],
        files={"file": SimpleUploadedFile("现场照片.png", b"not an image at all")}, tab="documents",
    )  # fmt: skip


def o_opinion_create(tw):
    a = _held(tw)
    return Case(
        tw.users["town_staff"], reverse("oversight:opinion-create", args=[a.pk]),
        {"title": "关于安全生产工作的审议意见", "addressee": "镇人民政府", "body": ""},
        {"title": "关于安全生产工作的审议意见", "addressee": "镇人民政府"}, ["body"],
    )  # fmt: skip


def o_opinion_edit(tw):
    o = _o(tw, "opinion")
    return Case(
        tw.users["town_staff"], reverse("oversight:opinion-edit", args=[o.pk]),
        {"title": "关于安全生产工作的审议意见（修改）", "addressee": "镇人民政府", "body": "", "version": o.version},
        {"title": "关于安全生产工作的审议意见（修改）", "addressee": "镇人民政府"}, ["body"],
    )  # fmt: skip


def o_opinion_issue(tw):
    o = _o(tw, "opinion")
    return Case(
        tw.users["presidium"], reverse("oversight:opinion-issue", args=[o.pk]),
        {"number": "", "issued_on": "2025-06-20", "version": o.version}, {"issued_on": "2025-06-20"}, ["number"],
    )  # fmt: skip


def o_opinion_respond(tw):
    o = _o(tw, "opinion")
    return Case(
        tw.users["town_staff"], reverse("oversight:opinion-respond", args=[o.pk]),
        {"response": "", "responded_on": "2025-07-15", "version": o.version}, {"responded_on": "2025-07-15"},
        ["response"],
    )  # fmt: skip


def o_plan_create(tw):
    return Case(
        tw.users["town_staff"], reverse("oversight:plan-create"),
        {"town": tw.town.pk, "year": "", "title": "2100年度镇人大主席团工作计划"},
        {"title": "2100年度镇人大主席团工作计划"}, ["year"],
    )  # fmt: skip


def o_plan_item_add(tw):
    plan, person = _o(tw, "workplan"), tw.objects["registry.person"]
    return Case(
        tw.users["town_staff"], reverse("oversight:plan-item-add", args=[plan.pk]),
        {"kind": "inspection", "topic": "", "month": "13", "responsible": str(person.pk)},
        {"kind": "inspection", "month": "13", "responsible": str(person.pk)}, ["topic", "month"],
    )  # fmt: skip


def o_plan_return(tw):
    plan = _o(tw, "workplan")
    return Case(
        tw.users["presidium"], reverse("oversight:plan-return", args=[plan.pk]),
        {"reason": LONG_REASON, "version": plan.version}, {"reason": LONG_REASON}, ["reason"],
    )  # fmt: skip


def o_plan_amend(tw):
    plan, item = _o(tw, "workplan"), _o(tw, "planitem")
    return Case(
        tw.users["town_staff"], reverse("oversight:plan-amend", args=[plan.pk]),
        {"reason": "", "withdraw": [str(item.pk)], "kind": "inspection", "topic": "敬老院食品安全视察", "month": "9",
         "version": plan.version},
        {"withdraw": str(item.pk), "kind": "inspection", "topic": "敬老院食品安全视察", "month": "9"}, ["reason"],
    )  # fmt: skip


def k_campaign_new(tw):
    return Case(
        None, reverse("campaigns:campaign-new"),  # district staff
        {"title": "", "followup_days": "5", "towns": [str(tw.town.pk)], "required_kinds": ["inspection"],
         "categories": "群租房、电动车室内充电"},
        {"followup_days": "5", "towns": [str(tw.town.pk)], "required_kinds": ["inspection"],
         "categories": "群租房、电动车室内充电"}, ["title"],
    )  # fmt: skip


def k_task_report(tw):
    task = tw.objects["campaigns.towntask"]
    return Case(
        tw.users["town_staff"], reverse("campaigns:task-report", args=[task.pk]),
        {"activity": "", "finding_0": "4", "finding_1": "2", "note": "排查二村出租房", "version": task.version},
        {"finding_0": "4", "finding_1": "2", "note": "排查二村出租房"}, ["activity"],
    )  # fmt: skip


def _k_draft(tw):
    from renda.campaigns import services as ks
    from renda.core.actors import SYSTEM

    with scopes_disabled():  # test set-up
        return ks.campaign_create(
            district=tw.town.district, data={"title": "“263”专项行动", "towns": [tw.town]}, actor=SYSTEM
        )


def k_campaign_edit(tw):
    c = _k_draft(tw)
    return Case(
        None, reverse("campaigns:campaign-edit", args=[c.pk]),
        {"version": c.version, "title": "", "theme": "生态环境", "followup_days": "9", "towns": [str(tw.town.pk)],
         "required_kinds": ["inspection"], "categories": "违规排污"},
        {"theme": "生态环境", "followup_days": "9", "towns": [str(tw.town.pk)], "categories": "违规排污"}, ["title"],
    )  # fmt: skip


def k_event_new(tw):
    return Case(
        None, reverse("campaigns:event-new"),
        {"kind": "inspection", "title": "", "date": "2026-09-01", "place": "区政府会议室"},
        {"kind": "inspection", "date": "2026-09-01", "place": "区政府会议室"}, ["title"],
    )  # fmt: skip


def k_event_invite(tw):
    event = tw.objects["campaigns.districtevent"]
    return Case(
        None, reverse("campaigns:event-invite", args=[event.pk]), {"persons": ["999999"]}, {}, ["persons"]
    )


def k_event_attendance(tw):
    event = tw.objects["campaigns.districtevent"]
    return Case(
        None, reverse("campaigns:event-attendance", args=[event.pk]),
        {"version": event.version, "attended": ["999999"]}, {}, ["attended"],
    )  # fmt: skip


def k_invitation_reply(tw):
    invitation = tw.objects["campaigns.chairinvitation"]
    return Case(
        tw.users["town_staff"], reverse("campaigns:invitation-reply", args=[invitation.pk]),
        {"reply": "", "note": "另有公务"}, {"note": "另有公务"}, ["reply"],
    )  # fmt: skip


def k_meeting_new(tw):
    return Case(
        None, reverse("campaigns:meeting-new"),
        {"kind": "strategy", "title": "第三季度务虚会", "date": "", "minutes": "研究下半年工作"},
        {"kind": "strategy", "title": "第三季度务虚会", "minutes": "研究下半年工作"}, ["date"],
    )  # fmt: skip


def k_meeting_edit(tw):
    meeting = tw.objects["campaigns.exchangemeeting"]
    return Case(
        None, reverse("campaigns:meeting-edit", args=[meeting.pk]),
        {"version": meeting.version, "kind": "seminar", "title": "镇人大主席工作座谈会", "date": "",
         "minutes": "交流代表之家建设经验，补充纪要"},
        {"title": "镇人大主席工作座谈会", "minutes": "交流代表之家建设经验，补充纪要"}, ["date"],
    )  # fmt: skip


def k_meeting_paper(tw):
    meeting = tw.objects["campaigns.exchangemeeting"]
    return Case(
        None, reverse("campaigns:meeting-paper-add", args=[meeting.pk]),
        {"title": "代表联络站建设的几点思考", "author": ""}, {"title": "代表联络站建设的几点思考"}, ["author"],
        files={"file": _file("论文.pdf")},
    )  # fmt: skip


def k_meeting_experience(tw):
    meeting = tw.objects["campaigns.exchangemeeting"]
    return Case(
        None, reverse("campaigns:meeting-experience-add", args=[meeting.pk]),
        {"text": "", "town": str(tw.town.pk), "practice_name": "接访日"},
        {"town": str(tw.town.pk), "practice_name": "接访日"}, ["text"],
    )  # fmt: skip


def p_plan_file(tw):
    return Case(
        tw.users["deputy"], f"{reverse('performance:plan-file', args=[tw.objects['registry.deputygroup'].pk])}?year=2026",
        {"summariser": str(tw.objects["registry.person"].pk), "items": "第一季度 视察", "note": "春节后汇总"},
        {"items": "第一季度 视察", "note": "春节后汇总"}, ["items"],
    )  # fmt: skip


def p_group_activity_create(tw):
    return Case(
        tw.users["deputy"], reverse("performance:group-activity-create", args=[tw.objects["registry.deputygroup"].pk]),
        {"date": "2025-05-01", "kind": "visit", "topic": "", "place": "一村村委会",
         "attendees": [str(tw.objects["registry.person"].pk)]},
        {"date": "2025-05-01", "kind": "visit", "place": "一村村委会"}, ["topic"],
    )  # fmt: skip


def p_group_activity_summary(tw):
    activity = tw.objects["performance.groupactivity"]
    return Case(
        tw.users["deputy"], reverse("performance:group-activity-summary", args=[activity.pk]),
        {"summary": "长" * 5001, "version": activity.version}, {}, ["summary"],
    )  # fmt: skip


def p_publication(tw):
    return Case(
        tw.users["town_staff"], f"{reverse('performance:publication')}?town={tw.town.pk}",
        {"town": tw.town.pk, "publish": ["name", "party", "phone"], "published": "on"},
        {"publish": ["name", "party"]}, ["publish"],
    )  # fmt: skip


def p_duty_create(tw):
    return Case(
        tw.users["deputy"], reverse("performance:duty-create"),
        {"person": str(tw.objects["registry.person"].pk), "kind": "training", "date": "2025-05-01", "title": "",
         "note": "区人大组织的履职培训"},
        {"kind": "training", "date": "2025-05-01", "note": "区人大组织的履职培训"}, ["title"],
    )  # fmt: skip


def p_duty_reject(tw):
    duty = tw.objects["performance.otherduty"]
    return Case(
        tw.users["town_staff"], reverse("performance:duty-reject", args=[duty.pk]),
        {"reason": LONG_REASON, "version": duty.version}, {"reason": LONG_REASON}, ["reason"],
    )  # fmt: skip


def p_rules_edit(tw):
    return Case(
        tw.users["town_staff"], f"{reverse('performance:rules-edit')}?town={tw.town.pk}&year=2025",
        {"town": tw.town.pk, "points__congress__attended": "很多", "cap__congress__attended": "12"},
        {"cap__congress__attended": "12"}, ["points__congress__attended"],
    )  # fmt: skip


def p_score_correct(tw):
    score = tw.objects["performance.assessmentscore"]
    return Case(
        tw.users["town_staff"], reverse("performance:score-correct", args=[score.pk]),
        {"delta": "", "reason": "补录培训记录"}, {"reason": "补录培训记录"}, ["delta"],
    )  # fmt: skip


CASES = {
    "campaigns:campaign-new": k_campaign_new, "campaigns:task-report": k_task_report,
    "campaigns:campaign-edit": k_campaign_edit, "campaigns:event-new": k_event_new,
    "campaigns:event-invite": k_event_invite, "campaigns:event-attendance": k_event_attendance,
    "campaigns:invitation-reply": k_invitation_reply, "campaigns:meeting-new": k_meeting_new,
    "campaigns:meeting-edit": k_meeting_edit, "campaigns:meeting-paper-add": k_meeting_paper,
    "campaigns:meeting-experience-add": k_meeting_experience,
    "performance:duty-create": p_duty_create, "performance:duty-reject": p_duty_reject,
    "performance:rules-edit": p_rules_edit, "performance:score-correct": p_score_correct,
    "performance:plan-file": p_plan_file, "performance:group-activity-create": p_group_activity_create,
    "performance:group-activity-summary": p_group_activity_summary, "performance:publication": p_publication,
    "oversight:activity-create": o_activity_create, "oversight:activity-edit": o_activity_edit,
    "oversight:activity-invite": o_activity_invite, "oversight:activity-cancel": o_activity_cancel,
    "oversight:activity-hold": o_activity_hold, "oversight:activity-reply": o_activity_reply,
    "oversight:activity-to-suggestion": o_activity_to_suggestion, "oversight:activity-to-appeal": o_activity_to_appeal,
    "oversight:activity-document-upload": o_activity_document, "oversight:opinion-create": o_opinion_create,
    "oversight:opinion-edit": o_opinion_edit, "oversight:opinion-issue": o_opinion_issue,
    "oversight:opinion-respond": o_opinion_respond, "oversight:plan-create": o_plan_create,
    "oversight:plan-item-add": o_plan_item_add, "oversight:plan-return": o_plan_return,
    "oversight:plan-amend": o_plan_amend,
    "oversight:item-new": o_item_new, "oversight:item-report": o_item_report,
    "oversight:item-reject": o_item_reject, "oversight:item-recheck": o_item_recheck,
    "oversight:appraisal-new": o_appraisal_new, "oversight:appraisal-station-score": o_appraisal_score,
    "oversight:appraisal-key-problem": o_appraisal_key_problem,
    "suggestions:new": s_new, "suggestions:key": s_key, "suggestions:attach": s_attach,
    "suggestions:review": s_review, "suggestions:merge": s_merge, "suggestions:assign": s_assign,
    "suggestions:return": s_return, "suggestions:contact": s_contact, "suggestions:co-opinion": s_co_opinion,
    "suggestions:extension": s_extension, "suggestions:extension-decide": s_extension_decide,
    "suggestions:reply": s_reply, "suggestions:feedback": s_feedback, "suggestions:key-set": s_key_set,
    "suggestions:supervision": s_supervision,
"suggestions:followup": s_followup,
    "congress:session-create": c_session_create, "congress:session-agenda-add": c_agenda,
    "congress:session-document-add": c_document, "congress:session-leave-add": c_leave,
    "congress:session-rollcall": c_rollcall, "congress:vote-create": c_vote_create,
    "congress:agendaitem-opinion-add": c_opinion, "congress:vote-record": c_vote_record,
    "congress:vote-correct": c_vote_correct, "congress:motion-create": c_motion_create,
    "congress:motion-decide": c_motion_decide, "congress:motion-withdraw": c_motion_withdraw,
    "congress:budget-adjustment-record": c_budget, "congress:flag-resolve": c_flag,
    "receptions:day-create": r_day_create, "receptions:day-edit": r_day_edit, "receptions:day-record": r_day_record,
    "receptions:day-appeal-create": r_day_appeal, "receptions:schedule": r_schedule,
    "receptions:setting-edit": r_setting, "receptions:group-create": r_group_create,
    "receptions:group-edit": r_group_edit, "receptions:appeal-create": r_appeal_create,
    "receptions:appeal-assign": r_appeal_assign, "receptions:appeal-reply": r_appeal_reply,
    "receptions:appeal-feedback": r_appeal_feedback, "receptions:appeal-convert": r_appeal_convert,
    "registry:town-update": g_town, "registry:roster-import": g_roster, "registry:divisions-load": g_divisions,
}  # fmt: skip


# The registry's generic record pages (every resource: create, edit, end) are covered by `test_registry_forms`.
def _registry_names() -> set[str]:
    names = set()
    for r in RESOURCES:
        names |= {f"registry:{r.key}-create", f"registry:{r.key}-update", f"registry:{r.key}-end"}
    return names


def test_every_form_has_a_case():
    found = form_views()
    assert "suggestions:reply" in found and "congress:session-rollcall" in found and len(found) > 50
    missing = [n for n in found if n not in CASES and n not in _registry_names()]
    assert not missing, f"forms without a keep-input case: {missing}"


def _check(client, case: Case, name: str):
    data = dict(case.data)
    data.update(case.files)
    r = client.post(case.url, data)
    said = [str(m) for m in get_messages(r.wsgi_request)]
    assert r.status_code == 200, (name, r.status_code, r.get("Location"), said)
    html = r.content.decode()
    page = Page(html)
    for field_name, value in case.typed.items():
        wanted = value if isinstance(value, list) else [value]
        shown = page.values.get(field_name, [])
        for v in wanted:
            assert str(v) in shown, (name, field_name, v, shown)
    for field_name in case.errors:
        assert field_name in page.errors, (name, field_name, sorted(page.errors))
    if case.files:
        assert FILE_AGAIN in html, name
    if case.tab:
        assert page.active_tabs == [f"#tab-{case.tab}"], (name, page.active_tabs)
    return html


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_failed_form_keeps_what_was_typed(client, world, name):
    tw = world.a
    case = CASES[name](tw)
    user = case.user or world.district_x_staff
    client.force_login(user)
    html = _check(client, case, name)
    assert not page_unmarked(html), (name, page_unmarked(html))  # every required field is marked


def test_the_roll_call_names_every_bad_row(client, world):
    case = c_rollcall(world.a)
    client.force_login(case.user)
    html = _check(client, case, "rollcall")
    page = Page(html)
    bad = [n for n in case.errors]
    assert all(n in page.errors for n in bad) and len(bad) == 2
    assert html.count("没有经主席团批准的请假，不能登记为请假") >= 2  # next to each row (and in the message)


def page_unmarked(html: str) -> list[str]:
    return Page(html).unmarked


def _generic_data(form, instance_page: bool):
    """Type into every text field but the first required one, which is left empty (the error)."""
    from django import forms as dj

    data, typed, required = {}, {}, None
    for i, (fname, f) in enumerate(form.fields.items()):
        if f.widget.is_hidden:
            continue
        if required is None and f.required:
            required = fname
            data[fname] = ""
            continue
        if isinstance(f, dj.CharField) and not isinstance(f.widget, dj.PasswordInput):
            data[fname] = typed[fname] = f"留{i}"
    return data, typed, required


@pytest.mark.parametrize("action", ["create", "update", "end"])
def test_registry_forms(client, world, action):
    """Every registry record form (create, edit, end) keeps its input when it fails."""
    tw = world.a
    client.force_login(tw.users["town_staff"])
    checked = 0
    for r in RESOURCES:
        name = f"registry:{r.key}-{action}"
        obj = tw.objects.get(f"registry.{r.model._meta.model_name}")
        try:
            url = reverse(name) if action == "create" else reverse(name, args=[obj.pk])
        except Exception:  # noqa: BLE001 - a resource without this page (no end step)
            continue
        if action == "create":
            form = r.form_class(town=tw.town, user=tw.users["town_staff"])
        elif action == "update":
            with scopes_disabled():  # test set-up: the form's choices
                form = r.form_class(instance=obj, town=tw.town, user=tw.users["town_staff"])
            if r.edit_fields is not None:
                for n in list(form.fields):
                    if n not in r.edit_fields:
                        del form.fields[n]
        else:
            form = r.end_form_class()
        data, typed, required = _generic_data(form, action != "create")
        if required is None:
            continue  # nothing this form can leave out
        case = Case(None, url, data, typed, [required])
        _check(client, case, name)
        checked += 1
    assert checked >= 3
