"""The performance app's audit labels (registered in PerformanceConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

CODE_LABELS = {
    "otherduty.entered": gettext_lazy("填报其他履职事项"),
    "otherduty.confirmed": gettext_lazy("确认其他履职事项"),
    "otherduty.rejected": gettext_lazy("不予确认其他履职事项"),
    "pointrules.updated": gettext_lazy("调整考核计分规则"),
    "assessment.run": gettext_lazy("进行年度履职考核"),
    "assessmentscore.corrected": gettext_lazy("更正考核得分"),
    "groupplan.opened": gettext_lazy("开始年度活动计划报备"),
    "groupplan.filed": gettext_lazy("报备年度活动计划"),
    "groupactivity.recorded": gettext_lazy("登记代表小组活动"),
    "groupactivity.summarised": gettext_lazy("填写活动总结"),
    "publication.updated": gettext_lazy("调整代表履职公开事项"),
}


def register() -> None:
    from renda.core.audit import CODE_LABELS as labels

    labels.update(CODE_LABELS)
