"""The suggestion app's audit labels and message templates, registered in `SuggestionsConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy, gettext_noop

LABELS = {
    "suggestion.created": gettext_lazy("新建建议"),
    "suggestion.drafted": gettext_lazy("保存草稿"),
    "suggestion.submitted": gettext_lazy("提交建议"),
    "suggestion.cosign_requested": gettext_lazy("请求附议"),
    "suggestion.cosigned": gettext_lazy("附议确认"),
    "suggestion.accepted": gettext_lazy("审查立案"),
    "suggestion.not_accepted": gettext_lazy("不予立案"),
    "suggestion.assigned": gettext_lazy("交办"),
    "suggestion.signed": gettext_lazy("签收"),
    "suggestion.returned": gettext_lazy("退办"),
    "suggestion.contacted": gettext_lazy("联系沟通"),
    "suggestion.co_opinion": gettext_lazy("协办意见"),
    "suggestion.extension_requested": gettext_lazy("申请延期"),
    "suggestion.extension_approved": gettext_lazy("批准延期"),
    "suggestion.extension_refused": gettext_lazy("不批准延期"),
    "suggestion.replied": gettext_lazy("答复"),
    "suggestion.feedback": gettext_lazy("代表反馈"),
    "suggestion.rehandling": gettext_lazy("重新办理"),
    "suggestion.closed": gettext_lazy("办结"),
    "suggestion.merged": gettext_lazy("并案"),
    "suggestion.merged_in": gettext_lazy("并入建议"),
    "suggestion.key_chosen": gettext_lazy("列为重点督办"),
    "suggestion.key_removed": gettext_lazy("取消重点督办"),
    "suggestion.key_notice": gettext_lazy("印发重点督办通知"),
    "suggestion.published": gettext_lazy("公开答复"),
    "suggestion.unpublished": gettext_lazy("撤回公开"),
    "suggestion.followup_due": gettext_lazy("后续跟踪到期"),
    "suggestion.followup_checked": gettext_lazy("后续跟踪核查"),
    "suggestion.attachment_added": gettext_lazy("上传附件"),
    # The supervision log of key suggestions (督办记录) and the flag of an unsupervised one.
    "suggestion.supervised": gettext_lazy("重点督办记录"),
    "suggestion.supervision_idle": gettext_lazy("超过一个月未督办"),
    # The extension request's own rows (its table, workflow.EXTENSION).
    "suggestion_extension.approved": gettext_lazy("批准延期"),
    "suggestion_extension.refused": gettext_lazy("不批准延期"),
}

MESSAGES = {
    "suggestion_event": (
        gettext_lazy("【代表建议】%(item)s：%(kind)s"),
        gettext_lazy("代表建议“%(item)s”：%(kind)s。%(due)s"),
    ),
}

# The labels of the default configuration lists (settings.RENDA), for the translation catalogue.
CONFIG_LABELS = [
    gettext_noop("属于代表个人事务"),
    gettext_noop("涉及具体司法案件"),
    gettext_noop("内容空泛、无实质内容"),
    gettext_noop("其他"),
    gettext_noop("已解决或采纳"),
    gettext_noop("正在解决或列入计划"),
    gettext_noop("因条件限制暂不能解决"),
    gettext_noop("留作参考"),
]


def register() -> None:
    from renda.core.audit import CODE_LABELS
    from renda.core.notifications.messages import TEMPLATES

    CODE_LABELS.update(LABELS)
    TEMPLATES.update(MESSAGES)
