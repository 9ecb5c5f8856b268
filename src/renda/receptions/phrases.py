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


# Audit data keys that are not the models' own fields (core.audit.activity_details).
KEY_LABELS = {
    "receptions.appeal.photos": gettext_lazy("照片数"),
    "receptions.appeal.method": gettext_lazy("答复方式"),
    "receptions.appeal.on_time": gettext_lazy("按期答复"),
    "receptions.appeal.suggestion": gettext_lazy("代表建议"),
    "receptions.appeal.signers": gettext_lazy("提出建议的代表"),
    "receptions.receptionday.on": gettext_lazy("公示日期"),
}


def _category(code) -> str:
    from .queries import category_label

    return category_label(str(code)) if code not in (None, "") else "—"


def register() -> None:
    from renda.core.audit import CODE_LABELS as labels
    from renda.core.audit import KEY_LABELS as keys
    from renda.core.audit import VALUE_LABELS as values

    labels.update(CODE_LABELS)
    keys.update(KEY_LABELS)
    values["receptions.appeal.category"] = _category
