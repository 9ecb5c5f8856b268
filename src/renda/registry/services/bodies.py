"""Registry writes: the presidium and its members, deputy groups, liaison posts and handling units."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.models import Town

from ..enums import PresidiumPost
from ..models import DeputyGroup, HandlingUnit, LiaisonPost, Presidium, PresidiumMember
from ._base import _create, _end, _update

# --- presidium -----------------------------------------------------------------------------------


@transaction.atomic
def presidium_create(*, town: Town, data: dict[str, Any], actor) -> Presidium:
    return _create(Presidium, town=town, data=data, actor=actor, code="presidium.created")


@transaction.atomic
def presidium_update(*, presidium: Presidium, data: dict[str, Any], actor) -> Presidium:
    data = {k: v for k, v in data.items() if k != "term"}
    return _update(presidium, data=data, actor=actor, code="presidium.updated")


def _check_presidium_post(member: PresidiumMember, data: dict[str, Any]) -> None:
    post = data.get("post", member.post)
    if post in (PresidiumPost.CHAIR, PresidiumPost.VICE_CHAIR) and data.get(
        "holds_government_post", member.holds_government_post
    ):
        raise ValidationError(
            {"holds_government_post": _("人大主席、副主席不得担任国家行政机关的职务（地方组织法第十八条）")}
        )
    current = PresidiumMember.objects.filter(
        presidium=data.get("presidium", getattr(member, "presidium", None)), end_date__isnull=True, post=post
    ).exclude(pk=member.pk)
    if post == PresidiumPost.CHAIR and current.exists():
        raise ValidationError({"post": _("主席团已有主席")})
    if post == PresidiumPost.VICE_CHAIR and current.count() >= settings.RENDA["PRESIDIUM_MAX_VICE_CHAIRS"]:
        raise ValidationError(
            {"post": _("副主席至多 %(n)s 名") % {"n": settings.RENDA["PRESIDIUM_MAX_VICE_CHAIRS"]}}
        )


@transaction.atomic
def presidium_member_create(*, town: Town, data: dict[str, Any], actor) -> PresidiumMember:
    _check_presidium_post(PresidiumMember(), data)
    return _create(PresidiumMember, town=town, data=data, actor=actor, code="presidium_member.created")


@transaction.atomic
def presidium_member_update(*, member: PresidiumMember, data: dict[str, Any], actor) -> PresidiumMember:
    data = {k: v for k, v in data.items() if k not in {"presidium", "person"}}
    _check_presidium_post(member, data)
    return _update(member, data=data, actor=actor, code="presidium_member.updated")


@transaction.atomic
def presidium_member_end(*, member: PresidiumMember, end_date: dt.date, reason: str, actor):
    return _end(member, end_date=end_date, reason=reason, actor=actor, code="presidium_member.ended")


# --- deputy groups, liaison posts, handling units -----------------------------------------------


@transaction.atomic
def deputy_group_create(*, town: Town, data: dict[str, Any], actor) -> DeputyGroup:
    return _create(DeputyGroup, town=town, data=data, actor=actor, code="deputy_group.created")


@transaction.atomic
def deputy_group_update(*, group: DeputyGroup, data: dict[str, Any], actor) -> DeputyGroup:
    return _update(group, data=data, actor=actor, code="deputy_group.updated")


@transaction.atomic
def deputy_group_end(*, group: DeputyGroup, end_date: dt.date, reason: str, actor) -> DeputyGroup:
    return _end(group, end_date=end_date, reason=reason, actor=actor, code="deputy_group.ended")


@transaction.atomic
def liaison_post_create(*, town: Town, data: dict[str, Any], actor) -> LiaisonPost:
    return _create(LiaisonPost, town=town, data=data, actor=actor, code="liaison_post.created")


@transaction.atomic
def liaison_post_update(*, post: LiaisonPost, data: dict[str, Any], actor) -> LiaisonPost:
    return _update(post, data=data, actor=actor, code="liaison_post.updated")


@transaction.atomic
def liaison_post_end(*, post: LiaisonPost, end_date: dt.date, reason: str, actor) -> LiaisonPost:
    return _end(post, end_date=end_date, reason=reason, actor=actor, code="liaison_post.ended")


@transaction.atomic
def handling_unit_create(*, town: Town, data: dict[str, Any], actor) -> HandlingUnit:
    if HandlingUnit.objects.filter(town=town, name=data.get("name")).exists():
        raise ValidationError({"name": _("本镇已有同名承办单位")})
    return _create(HandlingUnit, town=town, data=data, actor=actor, code="handling_unit.created")


@transaction.atomic
def handling_unit_update(*, unit: HandlingUnit, data: dict[str, Any], actor) -> HandlingUnit:
    return _update(unit, data=data, actor=actor, code="handling_unit.updated")


@transaction.atomic
def handling_unit_end(*, unit: HandlingUnit, end_date: dt.date, reason: str, actor) -> HandlingUnit:
    return _end(unit, end_date=end_date, reason=reason, actor=actor, code="handling_unit.ended")
