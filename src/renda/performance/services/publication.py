"""What a town publishes about its deputies (Deputies Law Art. 58): the fields it chooses among
..enums.PublishField — never ID numbers or phone numbers, which are not publishable at all."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.audit import activity_record, changes
from renda.core.errors import conflict_stale
from renda.core.models import Town
from renda.core.permissions import require

from ..enums import PublishField
from ..models import PublicationSetting
from ..queries import NEVER_PUBLIC


def _clean_fields(fields) -> list[str]:
    wanted = [str(f) for f in (fields or [])]
    refused = sorted(set(wanted) & NEVER_PUBLIC)
    if refused:
        raise ValidationError({"fields": _("身份证号码、手机号码、出生日期、住址等个人信息不得公开")})
    unknown = sorted(set(wanted) - set(PublishField.values))
    if unknown:
        raise ValidationError({"fields": _("未知的公开事项：%(f)s") % {"f": "、".join(unknown)}})
    if PublishField.NAME not in wanted:
        raise ValidationError({"fields": _("公开代表信息须包括姓名")})
    return [f for f in PublishField.values if f in wanted]  # in the fixed order


@transaction.atomic
def publication_set(
    *, town: Town, fields, published: bool = True, actor, version: int | None = None
) -> PublicationSetting:
    """The town's choice of what to publish about its deputies on the public portal (town staff)."""
    require(actor, "performance.manage", town)
    cleaned = _clean_fields(fields)
    row, created = PublicationSetting.objects.select_for_update().get_or_create(town=town)
    if version is not None and not created and row.version != version:
        raise conflict_stale()
    before = {"fields": list(row.fields), "published": row.published}
    row.fields = cleaned
    row.published = bool(published)
    row.version += 1
    row.save()
    activity_record(
        code="publication.updated", actor=actor, subject=row,
        data=changes(before, {"fields": cleaned, "published": row.published}),
    )  # fmt: skip
    return row
