"""The practices app's audit labels (registered in PracticesConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

CODE_LABELS = {
    "practice.created": gettext_lazy("新建工作经验做法"),
    "practice.updated": gettext_lazy("修改工作经验做法"),
    "practice.rolled_out": gettext_lazy("在全区推广"),
    "practice.summarised": gettext_lazy("总结经验"),
    "adoption.recorded": gettext_lazy("登记开展情况"),
    "adoption.updated": gettext_lazy("修改开展情况"),
    "adoption.file_added": gettext_lazy("上传佐证材料"),
    "sixhaves.opened": gettext_lazy("开始填报六有自评"),
    "sixhaves.budget_set": gettext_lazy("填写代表活动经费"),
    "sixhaves.item_saved": gettext_lazy("确认六有项目"),
    "sixhaves.file_added": gettext_lazy("上传佐证材料"),
    "sixhaves.submitted": gettext_lazy("报送六有自评"),
    "sixhaves.returned": gettext_lazy("退回六有自评"),
}


def register() -> None:
    from renda.core.audit import CODE_LABELS as labels

    labels.update(CODE_LABELS)
