"""The oversight app's audit labels (registered in OversightConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

CODE_LABELS = {
    "workplan.created": gettext_lazy("新建年度工作计划"),
    "workplan.updated": gettext_lazy("修改年度工作计划"),
    "workplan.submitted": gettext_lazy("提交主席团审议"),
    "workplan.approved": gettext_lazy("主席团通过工作计划"),
    "workplan.returned": gettext_lazy("工作计划退回修改"),
    "workplan.amended": gettext_lazy("调整年度工作计划"),
    "activity.created": gettext_lazy("新建活动"),
    "activity.updated": gettext_lazy("修改活动"),
    "activity.published": gettext_lazy("发出活动通知"),
    "activity.held": gettext_lazy("登记活动情况"),
    "activity.cancelled": gettext_lazy("取消活动"),
    "activity.document_added": gettext_lazy("上传活动材料"),
    "activity.notice_sent": gettext_lazy("活动通知已送达代表"),
    "activity.finding_suggestion": gettext_lazy("发现的问题转为代表建议"),
    "activity.finding_appeal": gettext_lazy("发现的问题转为群众诉求"),
    "invitation.replied": gettext_lazy("代表答复活动通知"),
    "opinion.created": gettext_lazy("起草审议意见"),
    "opinion.updated": gettext_lazy("修改审议意见"),
    "opinion.issued": gettext_lazy("印发审议意见"),
    "opinion.answered": gettext_lazy("登记政府书面反馈"),
    "rectification.created": gettext_lazy("交办整改事项"),
    "rectification.progress": gettext_lazy("报送整改进展"),
    "rectification.reported": gettext_lazy("报送整改完成报告"),
    "rectification.closed": gettext_lazy("验收通过，销号"),
    "rectification.rejected": gettext_lazy("验收不通过，退回整改"),
    "rectification.confirmed": gettext_lazy("回头看：整改到位"),
    "rectification.reopened": gettext_lazy("回头看：重新整改"),
    "appraisal.created": gettext_lazy("新建站所评议"),
    "appraisal.updated": gettext_lazy("修改站所评议"),
    "appraisal.opened": gettext_lazy("开始测评"),
    "appraisal.closed": gettext_lazy("结束测评"),
    "appraisal.key_problem": gettext_lazy("选取重点问题"),
    "appraisal.published": gettext_lazy("公布评议结果"),
    "scoresheet.created": gettext_lazy("提交测评表"),
}

# Event messages (core.notifications.messages.TEMPLATES): item, kind (the step's label), due (a note).
MESSAGES = {
    "rectification_event": (
        gettext_lazy("【整改事项】%(item)s：%(kind)s"),
        gettext_lazy("整改事项“%(item)s”：%(kind)s。%(due)s"),
    ),
}


def register() -> None:
    from renda.core.audit import CODE_LABELS as labels
    from renda.core.notifications.messages import TEMPLATES

    labels.update(CODE_LABELS)
    TEMPLATES.update(MESSAGES)
