"""The registry's audit labels and the messages several of its modules say (registered in
`RegistryConfig.ready()`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.audit import CODE_LABELS

LABELS = {
    "roster.imported": _("导入花名册"),
    "person.pii_exported": _("导出完整个人信息"),
}

# Messages said in more than one place.
ID_NUMBER_TAKEN = _("本镇已有相同身份证号的人员")
NO_TOWN_CONGRESS_DEPUTIES = _("街道和开发区不设镇人民代表大会，不能登记镇级代表")
TOWN_DEPUTY_NEEDS_DISTRICT = _("镇级代表须指定选区")
DISTRICT_FULL = _("%(ed)s 的名额已满")
UPPER_DEPUTY_NEEDS_TERM = _("区、市级代表须填写届次")
ALREADY_SERVING = _("%(p)s 已是在任%(l)s代表")
ROSTER_STAFF_ONLY = _("只有本镇人大工作人员或区人大常委会工作人员可以导入导出花名册")


def register() -> None:
    for code, label in LABELS.items():
        CODE_LABELS.setdefault(code, label)
