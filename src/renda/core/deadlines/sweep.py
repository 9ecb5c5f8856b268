"""The reminder sweep: finds the clocks whose next reminder day has arrived (an index on
`next_reminder_on`, so its cost follows the number of clocks due, not all clocks stored), sends every step
that fell due since the clock was last swept, and advances the clock.

Exactly once: each (clock, step, day, recipient) is one ReminderLog row under a unique constraint. A batch
inserts its rows with ON CONFLICT DO NOTHING, tagged with the batch's own token, and notifies only the rows
carrying that token, i.e. the ones it actually inserted. Overlapping sweeps, two workers, a late sweep or
a worker that catches up after days down can neither drop nor repeat a reminder.

No step is lost without a trace: a step whose roles have no one in the clock's town falls back along
settings.RENDA["REMINDER_FALLBACK"] (town staff, then the district's staff; the row's `fallback` names the
role), and a step nobody can receive is one row without a recipient (undelivered), under its own unique
constraint, so it too is recorded once. Escalations write their `clock.escalated` row either way.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy

from renda.core.actors import SYSTEM

from ..audit import CODE_LABELS, activity_record
from ..enums import Role
from ..models import RoleGrant
from ..notifications.models import Notification
from ..notifications.services import notifications_create
from .models import Clock, Recipient, ReminderLog
from .rules import RECIPIENT_RESOLVERS, Step, notification_kind_of, steps_by_kind
from .services import next_reminder_day

log = logging.getLogger(__name__)

CODE_LABELS["clock.escalated"] = gettext_lazy("超期督办")

TOWN_ROLES = {
    Recipient.TOWN_STAFF: Role.TOWN_STAFF,
    Recipient.PETITIONS: Role.PETITIONS,
    Recipient.DISCIPLINE: Role.DISCIPLINE,
    Recipient.PRESIDIUM: Role.PRESIDIUM,
}


@dataclass
class SweepResult:
    today: dt.date
    clocks: int = 0
    reminders: int = 0
    skipped: int = 0  # reminders another sweep had already sent
    undelivered: int = 0  # steps nobody could receive, recorded without a recipient

    def __str__(self) -> str:
        text = f"{self.today}: {self.clocks} clocks, {self.reminders} reminders sent, {self.skipped} already sent"
        return text + (f", {self.undelivered} undelivered" if self.undelivered else "")


class _Recipients:
    """Role → user ids for one batch of clocks, in three queries at most."""

    def __init__(self, clocks: list[Clock]):
        town_ids = {c.town_id for c in clocks}
        unit_ids = {c.unit_id for c in clocks if c.unit_id}
        person_ids = {c.person_id for c in clocks if c.person_id}
        self.by_town: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.by_unit: dict[int, list[int]] = defaultdict(list)
        self.by_person: dict[int, list[int]] = defaultdict(list)
        for town, role, user in RoleGrant.objects.filter(
            town_id__in=town_ids, role__in=list(TOWN_ROLES.values())
        ).values_list("town_id", "role", "user_id"):
            self.by_town[(town, role)].append(user)
        if unit_ids:
            for unit, user in RoleGrant.objects.filter(
                role=Role.UNIT_CLERK, unit_id__in=unit_ids
            ).values_list("unit_id", "user_id"):
                self.by_unit[unit].append(user)
        if person_ids:
            for person, user in RoleGrant.objects.filter(
                role=Role.DEPUTY, person_id__in=person_ids
            ).values_list("person_id", "user_id"):
                self.by_person[person].append(user)
        self._town_ids = town_ids
        self._by_district: dict[int, list[int]] | None = None

    def district_staff(self, town_id: int) -> list[int]:
        """The standing-committee staff of the town's district (read once per batch, when first needed)."""
        if self._by_district is None:
            self._by_district = defaultdict(list)
            for town, user in RoleGrant.objects.filter(
                role=Role.DISTRICT_STAFF, district__towns__id__in=self._town_ids
            ).values_list("district__towns__id", "user_id"):
                self._by_district[town].append(user)
        return self._by_district.get(town_id, [])

    def for_step(self, clock: Clock, step: Step) -> tuple[list[int], str]:
        """The step's recipients, else the first role of the fallback chain with someone (and that role)."""
        users = self.resolve(clock, step.recipients)
        if users:
            return users, ""
        for role in settings.RENDA.get("REMINDER_FALLBACK", []):
            users = self.resolve(clock, [role])
            if users:
                return users, role
        return [], ""

    def resolve(self, clock: Clock, roles) -> list[int]:
        users: list[int] = []
        custom = RECIPIENT_RESOLVERS.get(clock.kind)
        for role in roles:
            found = custom(clock, role) if custom else None
            if found is None:
                if role == Recipient.HANDLER:
                    found = (
                        [clock.handler_id] if clock.handler_id else self.by_unit.get(clock.unit_id or 0, [])
                    )
                elif role == Recipient.UNIT:
                    found = self.by_unit.get(clock.unit_id, []) if clock.unit_id else []
                elif role == Recipient.DEPUTY:
                    found = self.by_person.get(clock.person_id, []) if clock.person_id else []
                elif role in TOWN_ROLES:
                    found = self.by_town.get((clock.town_id, TOWN_ROLES[role]), [])
                elif role == Recipient.DISTRICT_STAFF:
                    found = self.district_staff(clock.town_id)
                else:
                    found = []
            users.extend(u for u in found if u not in users)
        return users


def _params(clock: Clock, today: dt.date) -> dict:
    return {
        "clock_kind": clock.kind,
        "item": clock.subject_repr,
        "due": clock.due_date.isoformat(),
        "days": abs((clock.due_date - today).days),
    }


def _sweep_batch(today: dt.date, steps: dict[str, list[Step]], size: int, result: SweepResult) -> int:
    token = get_random_string(32)
    with transaction.atomic():
        clocks = list(
            Clock.unscoped.filter(next_reminder_on__lte=today)
            .select_for_update(skip_locked=True)
            .order_by("next_reminder_on", "id")[:size]
        )
        if not clocks:
            return 0
        recipients = _Recipients(clocks)
        logs: list[ReminderLog] = []
        planned: dict[tuple[int, str, dt.date], Step] = {}
        for clock in clocks:
            kind_steps = steps.get(clock.kind, [])
            after = clock.reminded_through
            for step in kind_steps:
                day = clock.due_date + dt.timedelta(days=step.offset_days)
                if (after is not None and day <= after) or day > today:
                    continue
                planned[(clock.pk, step.code, day)] = step
                users, fallback = recipients.for_step(clock, step)
                # Nobody at all: one row without a recipient records the step as undelivered.
                targets: list[int | None] = [*users] or [None]
                for user_id in targets:
                    logs.append(
                        ReminderLog(
                            town_id=clock.town_id,
                            clock_id=clock.pk,
                            step=step.code,
                            remind_on=day,
                            recipient_id=user_id,
                            fallback=fallback,
                            sweep=token,
                        )
                    )
            clock.reminded_through = max(after, today) if after else today
            clock.next_reminder_on = next_reminder_day(clock, kind_steps)
        ReminderLog.unscoped.bulk_create(logs, ignore_conflicts=True, batch_size=500)
        mine = list(
            ReminderLog.unscoped.filter(sweep=token).values_list(
                "clock_id", "step", "remind_on", "recipient_id", "fallback"
            )
        )
        by_id = {c.pk: c for c in clocks}
        notes = []
        escalated: dict[tuple[int, str, dt.date], dict] = {}
        undelivered = 0
        for clock_id, step_code, day, user_id, fallback in mine:
            clock, step = by_id[clock_id], planned[(clock_id, step_code, day)]
            if step.escalation:
                how = {"fallback": fallback} if fallback else {}
                escalated[(clock_id, step_code, day)] = how if user_id else {"undelivered": True}
            if user_id is None:
                undelivered += 1
                log.warning("reminder %s of clock %s on %s has no recipient", step_code, clock_id, day)
                continue
            notes.append(
                Notification(
                    town_id=clock.town_id,
                    user_id=user_id,
                    kind=notification_kind_of(clock.kind),
                    template=step.template,
                    params=_params(clock, today),
                    link=clock.link,
                    clock_id=clock.pk,
                    statutory=step.escalation,
                )
            )
        notifications_create(notes)
        for (clock_id, step_code, day), how in sorted(escalated.items()):
            clock = by_id[clock_id]
            activity_record(
                code="clock.escalated",
                actor=SYSTEM,
                subject=clock.subject or clock,
                town=clock.town,
                data={"kind": clock.kind, "step": step_code, "day": day, "due_date": clock.due_date, **how},
            )
        # Few distinct (reminded_through, next_reminder_on) pairs per batch: one UPDATE per pair.
        groups: dict[tuple, list[int]] = defaultdict(list)
        for clock in clocks:
            groups[(clock.reminded_through, clock.next_reminder_on)].append(clock.pk)
        for (through, nxt), ids in groups.items():
            Clock.unscoped.filter(pk__in=ids).update(reminded_through=through, next_reminder_on=nxt)
        result.clocks += len(clocks)
        result.reminders += len(mine) - undelivered
        result.undelivered += undelivered
        result.skipped += len(logs) - len(mine)
        return len(clocks)


def deadlines_sweep(*, today: dt.date | None = None, batch_size: int | None = None) -> SweepResult:
    """Send every reminder due up to `today` (default: today in the project's time zone)."""
    today = today or timezone.localdate()
    size = batch_size or settings.RENDA.get("SWEEP_BATCH_SIZE", 500)
    steps = steps_by_kind()
    result = SweepResult(today=today)
    while _sweep_batch(today, steps, size, result):
        pass
    if result.clocks:
        log.info("deadline sweep %s", result)
    return result
