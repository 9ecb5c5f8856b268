"""Message templates: Chinese source strings, rendered in the reader's language when shown or sent."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# code -> (title, body). Parameters: kind (label of the clock kind), item, due, days, link.
TEMPLATES = {
    "reminder": (
        _("【提醒】%(kind)s：%(item)s 将于 %(due)s 到期"),
        _("%(kind)s“%(item)s”将于 %(due)s 到期，还有 %(days)s 天，请及时办理。"),
    ),
    "due_today": (
        _("【今日到期】%(kind)s：%(item)s"),
        _("%(kind)s“%(item)s”今天（%(due)s）到期，请于今日办结。"),
    ),
    "overdue": (
        _("【已超期】%(kind)s：%(item)s"),
        _("%(kind)s“%(item)s”已于 %(due)s 到期，已超期 %(days)s 天，请尽快办理并说明原因。"),
    ),
    "escalation": (
        _("【督办】%(kind)s：%(item)s 已超期"),
        _("%(kind)s“%(item)s”已于 %(due)s 到期，超期 %(days)s 天仍未办结，依规提请督办。"),
    ),
    "due_moved": (
        _("【期限调整】%(kind)s：%(item)s 改为 %(due)s 到期"),
        _("%(year)s 年法定节假日安排已录入，%(kind)s“%(item)s”的到期日由 %(old)s 改为 %(due)s。"),
    ),
    "due_moved_override": (
        _("【期限调整】%(kind)s：%(item)s 改为 %(due)s 到期"),
        _("本地工作日调整（%(override)s）已更新，%(kind)s“%(item)s”的到期日由 %(old)s 改为 %(due)s。"),
    ),
    "activity_notice": (
        _("【活动通知】%(item)s"),
        _("%(kind)s：%(item)s 定于 %(due)s 举行，请提前收集选民意见。"),
    ),
    "digest": (
        _("【每日汇总】您有 %(count)s 条新消息"),
        _("您有 %(count)s 条新消息："),
    ),
}


def _render(template: str, index: int, params: dict) -> str:
    pair = TEMPLATES.get(template) or TEMPLATES["reminder"]
    safe = {
        "kind": "",
        "item": "",
        "due": "",
        "days": "",
        "count": "",
        "old": "",
        "year": "",
        "override": "",
        **params,
    }
    if params.get("clock_kind"):
        from ..deadlines.rules import clock_kind

        safe["kind"] = str(clock_kind(params["clock_kind"]).label)
    try:
        return str(pair[index]) % safe
    except (KeyError, TypeError, ValueError):
        return str(pair[index])


def render_title(notification) -> str:
    return _render(notification.template, 0, notification.params)


def render_body(notification) -> str:
    return _render(notification.template, 1, notification.params)
