"""The transition tables of district–town joint action (core.workflow).

Campaign: draft → launched (district staff; one task per covered town, each with its follow-up clock) →
closed (district staff; open tasks stop their clocks and stay "not yet"); a draft can be changed.
Town task: open → done (the town's staff link the activity it held and count its findings by category).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.workflow import Transition, Workflow

from .enums import CampaignState, TaskState
from .models import Campaign, TownTask


def _refused(what):
    def message(obj) -> str:
        return _("%(what)s当前状态为“%(state)s”，不能进行此操作") % {
            "what": what,
            "state": obj.get_state_display(),
        }

    return message


CAMPAIGN = Workflow(
    Campaign,
    [
        Transition(
            "launch",
            {CampaignState.DRAFT},
            CampaignState.LAUNCHED,
            perm="campaigns.manage",
            code="campaign.launched",
            label=gettext_lazy("部署，通知各镇（街道）"),
            style="success",
        ),
        Transition(
            "close",
            {CampaignState.LAUNCHED},
            CampaignState.CLOSED,
            perm="campaigns.manage",
            code="campaign.closed",
            label=gettext_lazy("结束专项督查"),
            style="secondary",
        ),
    ],
    conflict_message=_refused(gettext_lazy("专项督查")),
)

TASK = Workflow(
    TownTask,
    [
        Transition(
            "report",
            {TaskState.OPEN},
            TaskState.DONE,
            perm="campaigns.report",
            code="towntask.reported",
            label=gettext_lazy("报送跟进情况"),
            style="success",
        ),
    ],
    conflict_message=_refused(gettext_lazy("跟进任务")),
)
