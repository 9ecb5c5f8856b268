"""Rules are data: due-date rules and reminder steps come from settings.RENDA, and rows edited in the
admin (same code) override or switch them off. Kinds of clock carry their labels and a recipient hook."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..notifications.models import NotificationKind
from .models import DueRule, DueUnit, ReminderRule


@dataclass(frozen=True)
class Rule:
    code: str
    unit: str
    amount: int


@dataclass(frozen=True)
class Step:
    code: str
    kind: str
    offset_days: int
    recipients: tuple[str, ...]
    template: str
    escalation: bool


@dataclass(frozen=True)
class ClockKind:
    code: str
    label: object
    start_label: object  # the name of the start day in the explanation ("交办日")
    # The item's own field that mirrors the due date of its running clock (suggestion.due_date), kept in step
    # when a new calendar moves the clock.
    due_field: str = ""


# Kinds the product knows: each app registers its own with clock_kind_register() in its AppConfig.ready()
# (<app>/clocks.py); core lists none. A kind nobody registered still runs, labelled with its code.
CLOCK_KINDS: dict[str, ClockKind] = {}
# kind -> function(clock, role) -> user ids, consulted before the built-in role resolution.
RECIPIENT_RESOLVERS: dict[str, Callable] = {}


def clock_kind_register(
    code: str, label, start_label, resolver: Callable | None = None, due_field: str = ""
) -> None:
    CLOCK_KINDS[code] = ClockKind(code=code, label=label, start_label=start_label, due_field=due_field)
    if resolver is not None:
        RECIPIENT_RESOLVERS[code] = resolver


def clock_kind(code: str) -> ClockKind:
    return CLOCK_KINDS.get(code) or ClockKind(code=code, label=code, start_label=gettext_lazy("起算日"))


def notification_kind_of(clock_kind_code: str) -> str:
    prefix = clock_kind_code.split(".", 1)[0]
    return prefix if prefix in NotificationKind.values else NotificationKind.OTHER


def rule_get(code: str) -> Rule:
    row = DueRule.objects.filter(code=code).first()
    if row is not None:
        return Rule(code=row.code, unit=row.unit, amount=row.amount)
    default = settings.RENDA["DUE_RULES"].get(code)
    if default is None:
        raise ValidationError(_("未定义的期限规则：%(code)s") % {"code": code})
    unit, amount = default
    if unit not in DueUnit.values:
        raise ValidationError(_("期限规则 %(code)s 的单位无效") % {"code": code})
    return Rule(code=code, unit=unit, amount=int(amount))


def steps_by_kind(kinds: Iterable[str] | None = None) -> dict[str, list[Step]]:
    """Reminder steps per clock kind, ordered by offset: settings defaults overridden by the table."""
    wanted = set(kinds) if kinds is not None else None
    steps: dict[str, Step] = {}
    for code, (kind, offset, recipients, template, escalation) in settings.RENDA["REMINDER_RULES"].items():
        if wanted is None or kind in wanted:
            steps[code] = Step(code, kind, int(offset), tuple(recipients), template, bool(escalation))
    rows = ReminderRule.objects.all() if wanted is None else ReminderRule.objects.filter(kind__in=wanted)
    for row in rows:
        if not row.active:
            steps.pop(row.code, None)
            continue
        steps[row.code] = Step(
            row.code, row.kind, row.offset_days, tuple(row.recipients), row.template, row.escalation
        )
    out: dict[str, list[Step]] = {}
    for step in steps.values():
        out.setdefault(step.kind, []).append(step)
    for value in out.values():
        value.sort(key=lambda s: (s.offset_days, s.code))
    return out
