"""The campaigns app's audit labels and message templates (registered in CampaignsConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

CODE_LABELS = {
    "campaign.created": gettext_lazy("新建专项督查"),
    "campaign.launched": gettext_lazy("部署专项督查"),
    "campaign.closed": gettext_lazy("结束专项督查"),
    "towntask.created": gettext_lazy("下达镇级跟进任务"),
    "towntask.reported": gettext_lazy("报送跟进情况"),
    "campaign.updated": gettext_lazy("修改专项督查"),
    "chairevent.created": gettext_lazy("登记区级活动"),
    "chairevent.invited": gettext_lazy("邀请镇人大主席、副主席"),
    "chairevent.replied": gettext_lazy("答复邀请"),
    "chairevent.attendance": gettext_lazy("登记出席情况"),
    "meeting.created": gettext_lazy("登记交流会议"),
    "meeting.updated": gettext_lazy("修改交流会议"),
    "meeting.paper_added": gettext_lazy("上传交流材料"),
    "meeting.experience_added": gettext_lazy("记录经验做法"),
    "meeting.experience_tagged": gettext_lazy("标注实践名称"),
}

# Event messages (core.notifications.messages.TEMPLATES): campaign, due.
MESSAGES = {
    "campaign_task": (
        gettext_lazy("【专项督查】%(campaign)s：请按时跟进"),
        gettext_lazy("区人大常委会部署了专项督查“%(campaign)s”，请在 %(due)s 前开展跟进活动并报送情况。"),
    ),
}


def register() -> None:
    from renda.core.audit import CODE_LABELS as labels
    from renda.core.notifications.messages import TEMPLATES

    labels.update(CODE_LABELS)
    TEMPLATES.update(MESSAGES)
