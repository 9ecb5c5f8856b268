"""The receptions app's audit labels (registered in ReceptionsConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

CODE_LABELS = {
    "receptionsetting.updated": gettext_lazy("修改接待日设置"),
    "receptiongroup.created": gettext_lazy("新增接待小组"),
    "receptiongroup.updated": gettext_lazy("修改接待小组"),
    "receptionday.created": gettext_lazy("安排接待日"),
    "receptionday.updated": gettext_lazy("修改接待日"),
    "receptionday.published": gettext_lazy("公示接待日"),
    "receptionday.held": gettext_lazy("登记接待情况"),
    "receptionday.cancelled": gettext_lazy("取消接待日"),
    "appeal.submitted": gettext_lazy("登记诉求"),
    "appeal.assigned": gettext_lazy("交办诉求"),
    "appeal.replied": gettext_lazy("答复诉求"),
    "appeal.closed": gettext_lazy("诉求办结"),
    "appeal.reopened": gettext_lazy("群众不满意，申请复查"),
    "appeal.feedback": gettext_lazy("群众评价"),
    "appeal.pii_viewed": gettext_lazy("查看群众完整信息"),
    "appeal.converted": gettext_lazy("转为代表建议"),
}


def register() -> None:
    from renda.core.audit import CODE_LABELS as labels

    labels.update(CODE_LABELS)
