"""Message templates of the absence rule, added to the core catalogue when the app is ready."""

from django.utils.translation import gettext_lazy as _

TEMPLATES = {
    "congress.absence_warning": (
        _("【缺席提醒】%(item)s 未经批准缺席人代会"),
        _(
            "%(item)s 代表本届已有 %(days)s 次会议未经批准缺席。依照代表法第六十二条，"
            "未经批准两次不出席本级人民代表大会会议的，其代表资格终止。请今后按规定请假。"
        ),
    ),
    "congress.mandate_review": (
        _("【资格审查】%(item)s 两次未经批准缺席人代会"),
        _(
            "%(item)s 代表本届已有 %(days)s 次会议未经批准缺席，依照代表法第六十二条应提请主席团审查其代表资格。"
            "系统不会自动终止代表资格，请主席团处理并记录结果。"
        ),
    ),
}


def register() -> None:
    from renda.core.notifications.messages import TEMPLATES as CORE

    CORE.update(TEMPLATES)
