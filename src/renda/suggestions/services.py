"""Suggestion writes (C3). Views, forms and the API call these; each writes its audit row.

The state changes only in `_transition`, along `TRANSITIONS`; every write locks the suggestion row
(`_lock`) and, when the caller read a `version`, refuses a stale one (Conflict: 请刷新后重试).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.audit import CODE_LABELS, activity_record
from renda.core.errors import Conflict
from renda.registry.models import Person

from .models import Channel, State, Suggestion, SuggestionSigner
from .similarity import tokens_of

CODE_LABELS.update(
    {
        "suggestion.created": gettext_lazy("新建建议"),
        "suggestion.drafted": gettext_lazy("保存草稿"),
        "suggestion.submitted": gettext_lazy("提交建议"),
        "suggestion.cosign_requested": gettext_lazy("请求附议"),
        "suggestion.cosigned": gettext_lazy("附议确认"),
        "suggestion.accepted": gettext_lazy("审查立案"),
        "suggestion.not_accepted": gettext_lazy("不予立案"),
        "suggestion.assigned": gettext_lazy("交办"),
        "suggestion.signed": gettext_lazy("签收"),
        "suggestion.returned": gettext_lazy("退办"),
        "suggestion.contacted": gettext_lazy("联系沟通"),
        "suggestion.co_opinion": gettext_lazy("协办意见"),
        "suggestion.extension_requested": gettext_lazy("申请延期"),
        "suggestion.extension_approved": gettext_lazy("批准延期"),
        "suggestion.extension_refused": gettext_lazy("不批准延期"),
        "suggestion.replied": gettext_lazy("答复"),
        "suggestion.feedback": gettext_lazy("代表反馈"),
        "suggestion.rehandling": gettext_lazy("重新办理"),
        "suggestion.closed": gettext_lazy("办结"),
        "suggestion.merged": gettext_lazy("并案"),
        "suggestion.merged_in": gettext_lazy("并入建议"),
        "suggestion.key_chosen": gettext_lazy("列为重点督办"),
        "suggestion.key_removed": gettext_lazy("取消重点督办"),
        "suggestion.key_notice": gettext_lazy("印发重点督办通知"),
        "suggestion.published": gettext_lazy("公开答复"),
        "suggestion.unpublished": gettext_lazy("撤回公开"),
        "suggestion.followup_due": gettext_lazy("后续跟踪到期"),
        "suggestion.followup_checked": gettext_lazy("后续跟踪核查"),
        "suggestion.attachment_added": gettext_lazy("上传附件"),
    }
)

# The one table of allowed state changes.
TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.COSIGNING, State.SUBMITTED},
    State.COSIGNING: {State.SUBMITTED, State.DRAFT},
    State.SUBMITTED: {State.ACCEPTED, State.NOT_ACCEPTED, State.MERGED},
    State.ACCEPTED: {State.ASSIGNED, State.MERGED},
    State.ASSIGNED: {State.ACCEPTED, State.REPLIED},
    State.REPLIED: {State.CLOSED, State.REHANDLING},
    State.REHANDLING: {State.REPLIED},
    State.NOT_ACCEPTED: set(),
    State.CLOSED: set(),
    State.MERGED: set(),
}


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return timezone.localdate()


def _lock(suggestion: Suggestion, version: int | None = None) -> Suggestion:
    """Lock the row; a stale `version` (someone else acted first) is a Conflict."""
    fresh = Suggestion.unscoped.select_for_update().get(pk=suggestion.pk)
    if version is not None and fresh.version != version:
        raise Conflict(_("该建议已被他人修改，请刷新后重试"))
    return fresh


def _transition(suggestion: Suggestion, to: str, *, actor, code: str, data: dict | None = None) -> Suggestion:
    """The only writer of `.state`: checks the table, bumps the version, records the change."""
    if to not in TRANSITIONS[suggestion.state]:
        raise Conflict(
            _("建议当前状态为“%(state)s”，不能进行此操作") % {"state": State(suggestion.state).label}
        )
    before = suggestion.state
    suggestion.state = to
    suggestion.version += 1
    suggestion.save()
    activity_record(
        code=code,
        actor=actor,
        subject=suggestion,
        data={"from": before, "to": to, **(data or {})},
    )
    return suggestion


def _touch(suggestion: Suggestion, *, actor, code: str, data: dict | None = None, fields=None) -> None:
    """A change that keeps the state: bump the version, save, record."""
    suggestion.version += 1
    suggestion.save()
    activity_record(code=code, actor=actor, subject=suggestion, data=data or {})


def _check_state(suggestion: Suggestion, *states: str) -> None:
    if suggestion.state not in states:
        raise Conflict(
            _("建议当前状态为“%(state)s”，不能进行此操作") % {"state": State(suggestion.state).label}
        )


def _number(town, year: int) -> str:
    count = Suggestion.unscoped.filter(town=town, year=year).exclude(number="").count()
    return f"{year}-{count + 1:03d}"


def _signers_check(town, signers: list[Person]) -> list[Person]:
    if not signers:
        raise ValidationError(_("至少需要一名领衔代表"))
    seen: list[Person] = []
    for p in signers:
        if p.town_id != town.pk:
            raise ValidationError(_("只能选择本镇（街道）的代表"))
        if p.pk not in {s.pk for s in seen}:
            seen.append(p)
    return seen


def _source_fields(source) -> dict:
    if source is None:
        return {"source_type": None, "source_id": "", "source_label": ""}
    return {
        "source_type": ContentType.objects.get_for_model(source, for_concrete_model=False),
        "source_id": str(source.pk),
        "source_label": str(source)[:200],
    }


def _start_assign_clock(suggestion: Suggestion, actor, on: dt.date) -> None:
    from renda.core.deadlines.services import clock_start

    clock_start(
        subject=suggestion,
        kind="suggestion.assign",
        actor=actor,
        start_date=on,
        person=suggestion.lead_person,
    )


def _build(
    *,
    town,
    title: str,
    content: str,
    signers: list[Person],
    channel: str,
    actor,
    kind: str = "suggestion",
    topic: str = "",
    source=None,
    on_behalf: bool = False,
    year: int | None = None,
) -> Suggestion:
    if not (title or "").strip():
        raise ValidationError({"title": _("请填写标题")})
    if not (content or "").strip():
        raise ValidationError({"content": _("请填写内容")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("提出渠道无效")})
    signers = _signers_check(town, signers)
    s = Suggestion(
        town=town,
        year=year or _today().year,
        kind=kind,
        title=title.strip(),
        content=content.strip(),
        topic=topic,
        channel=channel,
        state=State.DRAFT,
        lead_person=signers[0],
        created_by=actor if getattr(actor, "pk", None) else None,
        on_behalf=on_behalf,
        tokens=" ".join(tokens_of(f"{title} {content}")),
        **_source_fields(source),
    )
    s.full_clean(exclude=["number", "tokens"])
    s.save()
    SuggestionSigner.objects.bulk_create(
        [
            SuggestionSigner(town=town, suggestion=s, person=p, lead=(i == 0), position=i)
            for i, p in enumerate(signers)
        ]
    )
    activity_record(
        code="suggestion.created",
        actor=actor,
        subject=s,
        data={
            "title": s.title,
            "channel": channel,
            "signers": [str(p) for p in signers],
            "on_behalf": on_behalf,
            "source": s.source_label,
        },
    )
    return s


def _submit(s: Suggestion, *, actor, at: dt.datetime | None = None) -> Suggestion:
    at = at or _now()
    s.submitted_at = at
    s.number = s.number or _number(s.town, s.year)
    _transition(s, State.SUBMITTED, actor=actor, code="suggestion.submitted", data={"number": s.number})
    _start_assign_clock(s, actor, timezone.localdate(at))
    return s


@transaction.atomic
def suggestion_create_from(
    *, source, town, title: str, content: str, signers: list[Person], channel: str, actor
) -> Suggestion:
    """Turn an appeal, a non-agenda motion, a session or an activity into a SUBMITTED suggestion.

    The first person is the lead signer; all signers are taken as confirmed (their own item at the
    source); the assignment clock (7 working days) starts today."""
    s = _build(
        town=town,
        title=title,
        content=content,
        signers=list(signers),
        channel=channel,
        actor=actor,
        source=source,
        on_behalf=True,
    )
    SuggestionSigner.objects.filter(suggestion=s).update(confirmed_at=_now())
    return _submit(s, actor=actor)


def suggestions_ids(items: Iterable[Suggestion]) -> list[int]:
    return [s.pk for s in items]


__all__ = [
    "PermissionDenied",
    "TRANSITIONS",
    "models",
    "settings",
    "suggestion_create_from",
]
