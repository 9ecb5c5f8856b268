"""The congress module's words for the shared catalogues: audit labels (`CODE_LABELS`) and the message
templates of the absence rule, added when the app is ready (`CongressConfig.ready`)."""

from django.utils.translation import gettext_lazy as _

CODE_LABELS = {
    "session.created": _("新建会议"),
    "session.opened": _("宣布开会"),
    "session.closed": _("闭幕"),
    "session.agenda_item_added": _("增加议程"),
    "session.agenda_item_updated": _("修改议程"),
    "session.document_added": _("上传会议文件"),
    "session.roll_call": _("登记签到"),
    "session.opinion_added": _("登记审议意见"),
    "leave.requested": _("申请请假"),
    "leave.approved": _("批准请假"),
    "leave.refused": _("不批准请假"),
    "absence.warned": _("缺席提醒"),
    "absence.flagged": _("提请资格审查"),
    "absence.resolved": _("处理资格审查"),
    "motion.created": _("起草议案"),
    "motion.cosigned": _("附议"),
    "motion.lodged": _("提出议案"),
    "motion.on_agenda": _("列入会议议程"),
    "motion.not_on_agenda": _("不列入议程，转为代表建议"),
    "motion.voted": _("已表决"),
    "motion.withdrawn": _("撤回"),
    "motion.suggestion_created": _("转为代表建议"),
    "vote.created": _("新建表决事项"),
    "vote.recorded": _("登记表决票数"),
    "vote.closed": _("计票"),
    "vote.corrected": _("更正表决结果"),
    "budget_adjustment.recorded": _("登记预算调整"),
}

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


# Audit data keys that are not the models' own fields (core.audit.activity_details).
KEY_LABELS = {
    "congress.session.requesters": _("提议代表"),
    "congress.session.day": _("日期"),
    "congress.session.item": _("议程"),
    "congress.session.group": _("分组"),
    "congress.session.present": _("出席人数"),
    "congress.session.serving": _("在任代表数"),
    "congress.session.title": _("文件名称"),
    "congress.motion.lead": _("领衔代表"),
    "congress.motion.person": _("附议代表"),
    "congress.motion.signers": _("联名人数"),
    "congress.motion.override_reason": _("不足人数仍予登记的理由"),
    "congress.motion.suggestion": _("转为代表建议"),
    "congress.motion.presidium_consent": _("主席团同意"),
    "congress.absenceflag.absences": _("缺席次数"),
    "congress.vote.serving": _("在任代表数"),
    "congress.vote.passed": _("通过"),
    "congress.vote.vote": _("表决"),
}


def register() -> None:
    from renda.core.audit import CODE_LABELS as AUDIT
    from renda.core.audit import KEY_LABELS as KEYS
    from renda.core.notifications.messages import TEMPLATES as CORE

    AUDIT.update(CODE_LABELS)
    KEYS.update(KEY_LABELS)
    CORE.update(TEMPLATES)
