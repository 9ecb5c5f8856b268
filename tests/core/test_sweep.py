"""The reminder sweep: rule kinds, recipients by role, exactly-once under catch-up, overlap and concurrency."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from helpers import GRANTS, SESSION
from renda.core.deadlines.models import Clock, ReminderLog, ReminderRule
from renda.core.deadlines.rules import steps_by_kind
from renda.core.deadlines.services import clock_pause, clock_resume, clock_start
from renda.core.deadlines.sweep import deadlines_sweep
from renda.core.notifications.models import Delivery, Notification
from renda.core.notifications.services import notification_preferences_set
from renda.core.notifications.sms import MemorySmsBackend

D = dt.date


@pytest.fixture(autouse=True)
def huey_immediate(settings):
    """Tasks run in-process (Huey's immediate mode, memory storage); SMS into a memory outbox."""
    from huey.contrib.djhuey import HUEY

    settings.RENDA = {**settings.RENDA, "SMS_BACKEND": "renda.core.notifications.sms.MemorySmsBackend"}
    MemorySmsBackend.outbox.clear()
    before = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = before


def quiet() -> None:
    """Clocks and messages other modules' world builders made stay out of these tests' counts."""
    with scopes_disabled():
        Clock.objects.update(next_reminder_on=None)
        Notification.objects.all().delete()


@pytest.fixture
def world(world):
    quiet()
    return world


def start(tw, kind, start_date, n=0, **kw):
    subject = [tw.objects["registry.village"], tw.objects["registry.person"], tw.objects["registry.term"]][n]
    with scopes_disabled():
        return clock_start(
            subject=subject,
            kind=kind,
            start_date=start_date,
            actor=tw.users["town_staff"],
            unit=tw.objects["registry.handlingunit"],
            person=tw.objects["registry.person"],
            link="/registry/",
            **kw,
        )


def sent(clock=None):
    with scopes_disabled():
        qs = ReminderLog.objects.all() if clock is None else ReminderLog.objects.filter(clock=clock)
        return sorted(
            (r.step, r.remind_on.isoformat(), r.recipient.username) for r in qs.select_related("recipient")
        )


def sweep(day):
    with scopes_disabled():
        return deadlines_sweep(today=day)


def test_suggestion_reply_steps_and_recipients(world):
    a = world.a.users
    clock = start(world.a, "suggestion.reply", D(2026, 3, 2))  # due 2026-06-02
    assert clock.next_reminder_on == D(2026, 5, 3)  # 30 days before
    assert sweep(D(2026, 5, 2)).reminders == 0
    assert sweep(D(2026, 5, 3)).reminders == 1
    assert sent(clock) == [("suggestion.reply.before30", "2026-05-03", a["unit_clerk"].username)]
    sweep(D(2026, 6, 2))
    sweep(D(2026, 6, 3))
    sweep(D(2026, 6, 17))
    assert sent(clock) == sorted(
        [
            ("suggestion.reply.before30", "2026-05-03", a["unit_clerk"].username),
            ("suggestion.reply.before7", "2026-05-26", a["unit_clerk"].username),
            ("suggestion.reply.today", "2026-06-02", a["unit_clerk"].username),
            ("suggestion.reply.today", "2026-06-02", a["town_staff"].username),
            ("suggestion.reply.overdue", "2026-06-03", a["unit_clerk"].username),
            ("suggestion.reply.overdue", "2026-06-03", a["town_staff"].username),
            ("suggestion.reply.overdue", "2026-06-03", a["deputy"].username),
            ("suggestion.reply.escalate", "2026-06-17", a["presidium"].username),
        ]
    )
    clock.refresh_from_db()
    assert clock.next_reminder_on is None
    with scopes_disabled():
        escalation = Notification.objects.get(user=a["presidium"])
    assert (escalation.statutory, escalation.kind, str(escalation)) == (
        True,
        "suggestion",
        "【督办】建议答复：平望镇一村 已超期",
    )


def test_appeal_escalates_to_discipline_inspection(world):
    a = world.a.users
    clock = start(world.a, "appeal.reply", D(2026, 3, 2), handler=a["town_staff"])  # due 2026-04-02
    sweep(D(2026, 4, 3))
    assert sent(clock) == sorted(
        [
            ("appeal.reply.before7", "2026-03-26", a["town_staff"].username),
            ("appeal.reply.before7", "2026-03-26", a["petitions"].username),
            ("appeal.reply.today", "2026-04-02", a["town_staff"].username),
            ("appeal.reply.today", "2026-04-02", a["petitions"].username),
            ("appeal.reply.escalate", "2026-04-03", a["discipline"].username),
            ("appeal.reply.escalate", "2026-04-03", a["petitions"].username),
        ]
    )
    with scopes_disabled():
        from renda.core.audit import activities_for

        assert "clock.escalated" in [
            x.code for x in activities_for(subject=world.a.objects["registry.village"])
        ]


def test_campaign_rectification_and_activity_kinds(world):
    campaign = start(world.a, "campaign.followup", D(2026, 3, 2))  # due 2026-03-09
    # two months: 2026-05-02 is in the Labour Day holiday (5/1-5/5), so due on 2026-05-06
    rect = start(world.a, "rectification.report", D(2026, 3, 2), n=1)
    notice = start(world.a, "activity.notice", D(2026, 3, 2), n=2)  # due 2026-03-05
    sweep(D(2026, 6, 3))
    staff, clerk, presidium, deputy = (
        world.a.users[k].username for k in ("town_staff", "unit_clerk", "presidium", "deputy")
    )
    assert sent(campaign) == [
        ("campaign.followup.before2", "2026-03-07", staff),
        ("campaign.followup.escalate", "2026-03-10", world.district_x_staff.username),
        ("campaign.followup.overdue", "2026-03-10", staff),
    ]
    assert sent(rect) == sorted(
        [
            ("rectification.report.before7", "2026-04-29", clerk),
            ("rectification.report.overdue", "2026-05-07", clerk),
            ("rectification.report.overdue", "2026-05-07", presidium),
            ("rectification.report.overdue", "2026-05-07", staff),  # escalation to town staff (issue 15)
        ]
    )
    assert sent(notice) == [("activity.notice.before", "2026-03-05", deputy)]


def test_rules_are_data_an_admin_row_overrides_or_disables_a_default(world):
    ReminderRule.objects.create(
        code="appeal.reply.before7", kind="appeal.reply", offset_days=-7, recipients=[], active=False
    )
    ReminderRule.objects.create(
        code="appeal.reply.before3",
        kind="appeal.reply",
        offset_days=-3,
        recipients=["town_staff"],
        template="reminder",
    )
    assert [s.code for s in steps_by_kind(["appeal.reply"])["appeal.reply"]] == [
        "appeal.reply.before3",
        "appeal.reply.today",
        "appeal.reply.escalate",
    ]
    clock = start(world.a, "appeal.reply", D(2026, 3, 2))
    sweep(D(2026, 3, 30))
    assert sent(clock) == [("appeal.reply.before3", "2026-03-30", world.a.users["town_staff"].username)]


def test_worker_down_ten_days_then_catches_up_exactly_once(world):
    """Daily sweeps, then the worker is down for ten days, then one sweep: every due reminder once."""
    clocks = [
        start(world.a, "suggestion.reply", D(2026, 3, 2)),  # due 06-02
        start(world.a, "appeal.reply", D(2026, 4, 24), n=1),  # due 05-25
        start(world.b, "campaign.followup", D(2026, 5, 27)),  # due 06-03
        start(world.c, "rectification.report", D(2026, 3, 4)),  # due 06-04
    ]
    day = D(2026, 5, 20)
    while day <= D(2026, 5, 28):
        with time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC), tick=False):
            sweep(None)
        day += dt.timedelta(days=1)
    before = len(sent())
    # Down from 05-29 to 06-07 (ten days): no sweep runs. Then the worker starts and sweeps.
    with time_machine.travel(dt.datetime(2026, 6, 8, 1, tzinfo=dt.UTC), tick=False):
        out = StringIO()
        call_command("sweep", stdout=out)
    assert "2026-06-08" in out.getvalue()
    after = sent()
    expected = set()
    all_steps = steps_by_kind()
    with scopes_disabled():
        from renda.core.deadlines.sweep import _Recipients

        for clock in clocks:
            clock.refresh_from_db()
            who = _Recipients([clock])
            for step in all_steps[clock.kind]:
                when = clock.due_date + dt.timedelta(days=step.offset_days)
                if clock.start_date <= when <= D(2026, 6, 8):
                    for uid in who.resolve(clock, step.recipients):
                        expected.add((clock.pk, step.code, when, uid))
        logged = set(ReminderLog.objects.values_list("clock_id", "step", "remind_on", "recipient_id"))
        assert logged == expected
        assert len(after) == len(expected) > before
        assert Notification.objects.count() == len(expected)
    # Running again, late or twice, sends nothing more.
    assert sweep(D(2026, 6, 8)).reminders == 0
    assert sweep(D(2026, 6, 5)).reminders == 0
    assert len(sent()) == len(expected)


def test_pause_holds_reminders_and_resume_moves_them(world):
    clock = start(world.a, "appeal.reply", D(2026, 3, 2))  # due 04-02
    with scopes_disabled():
        clock_pause(
            clock=clock, reason="等待群众补充材料", actor=world.a.users["town_staff"], on=D(2026, 3, 20)
        )
    assert sweep(D(2026, 4, 10)).reminders == 0
    with scopes_disabled():
        clock = clock_resume(clock=clock, actor=world.a.users["town_staff"], on=D(2026, 4, 10))
    assert clock.due_date == D(2026, 4, 23)
    assert clock.next_reminder_on == D(2026, 4, 16)
    assert sweep(D(2026, 4, 16)).reminders == 2  # the unit's clerk and the petitions office


def test_sweep_reads_only_due_clocks(world, settings):
    """The query count does not grow with stored clocks that are not due, and the plan uses the index."""
    proto = start(world.a, "appeal.reply", D(2026, 3, 2))
    with CaptureQueriesContext(connection) as few:
        sweep(D(2026, 3, 1))
    with scopes_disabled():
        Clock.objects.bulk_create(
            [
                Clock(
                    town=proto.town,
                    content_type=proto.content_type,
                    object_id=f"x{i}",
                    kind="appeal.reply",
                    rule_code="appeal.reply",
                    rule_unit="months",
                    rule_amount=1,
                    start_date=D(2026, 3, 2),
                    due_date=D(2026, 9, 2),
                    next_reminder_on=D(2026, 8, 26),
                )
                for i in range(200)
            ]
        )
    with CaptureQueriesContext(connection) as many:
        assert sweep(D(2026, 3, 1)).clocks == 0
    assert len(many) == len(few)
    if connection.vendor == "sqlite":
        sql = str(
            Clock.unscoped.filter(next_reminder_on__lte=D(2026, 3, 1))
            .order_by("next_reminder_on", "id")
            .query
        )
        with connection.cursor() as cur:
            cur.execute("EXPLAIN QUERY PLAN " + sql.replace("2026-03-01", "'2026-03-01'"))
            plan = " ".join(str(r) for r in cur.fetchall())
        assert "clock_next_reminder_idx" in plan


def test_delivery_by_preference_email_sms_digest_off(world, django_capture_on_commit_callbacks):
    a = world.a.users
    for key, email, phone in [
        ("unit_clerk", "clerk@example.cn", "13800000001"),
        ("town_staff", "staff@example.cn", ""),
        ("deputy", "deputy@example.cn", ""),
        ("presidium", "presidium@example.cn", "13800000004"),
    ]:
        a[key].email, a[key].phone = email, phone
        a[key].save()
    notification_preferences_set(
        user=a["town_staff"], values={"suggestion": Delivery.DIGEST}, actor=a["town_staff"]
    )
    notification_preferences_set(user=a["deputy"], values={"suggestion": Delivery.OFF}, actor=a["deputy"])
    notification_preferences_set(
        user=a["presidium"], values={"suggestion": Delivery.OFF}, actor=a["presidium"]
    )
    start(world.a, "suggestion.reply", D(2026, 3, 2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(D(2026, 6, 3))
    # Immediate: the unit clerk (three steps, e-mail and SMS); digest and off: nothing yet.
    assert sorted(m.to[0] for m in mail.outbox) == ["clerk@example.cn"] * 4
    assert [p for p, _t in MemorySmsBackend.outbox] == ["13800000001"] * 4
    mail.outbox.clear()
    from renda.core.tasks import notifications_digest_task

    assert notifications_digest_task.enqueue().status is not None
    assert [(m.to, m.subject) for m in mail.outbox] == [(["staff@example.cn"], "【每日汇总】您有 2 条新消息")]
    mail.outbox.clear()
    # Statutory escalation: sent at once, although the presidium member turned "suggestion" off.
    with django_capture_on_commit_callbacks(execute=True):
        sweep(D(2026, 6, 17))
    assert [m.to for m in mail.outbox] == [["presidium@example.cn"]]
    assert MemorySmsBackend.outbox[-1][0] == "13800000004"
    with scopes_disabled():
        assert Notification.objects.filter(user=a["deputy"]).count() == 1  # in the inbox all the same


def test_worker_sweeps_before_consuming(world, monkeypatch):
    calls = []
    monkeypatch.setattr("renda.core.management.commands.worker.call_command", lambda name: calls.append(name))
    start(world.a, "appeal.reply", D(2026, 3, 2))
    with time_machine.travel(dt.datetime(2026, 5, 1, 1, tzinfo=dt.UTC), tick=False):
        out = StringIO()
        call_command("worker", stdout=out)
    assert calls == ["run_huey"]
    assert "6 reminders sent" in out.getvalue()


def test_periodic_tasks_are_registered():
    from huey.contrib.djhuey import HUEY

    import renda.core.tasks  # noqa: F401

    names = set(HUEY._registry._registry)
    assert {
        "renda.core.tasks.deadlines_sweep_periodic",
        "renda.core.tasks.notifications_digest_periodic",
    } <= names


@pytest.mark.redis
def test_sweep_task_through_the_redis_queue(world, monkeypatch, huey_immediate):
    """The django.tasks backend hands the sweep to a RedisHuey queue; a consumer dequeues and runs it."""
    import os
    import uuid

    from huey import RedisHuey

    import renda.core.taskqueue as taskqueue
    from renda.core.tasks import deadlines_sweep_task

    url = os.environ.get("RENDA_TEST_REDIS_URL") or os.environ["REDIS_URL"]
    queue = RedisHuey(f"renda-test-{uuid.uuid4().hex[:8]}", url=url)
    redis_task = queue.task(retries=3, name="run_django_task")(taskqueue.run_django_task.func)
    monkeypatch.setattr(taskqueue, "run_django_task", redis_task)
    try:
        start(world.a, "appeal.reply", D(2026, 3, 2))
        deadlines_sweep_task.enqueue("2026-04-03")
        assert queue.pending_count() == 1
        assert sent() == []
        message = queue.dequeue()
        queue.execute(message)
        assert len(sent()) == 6
        assert queue.pending_count() == 0
    finally:
        queue.storage.flush_queue()
        queue.storage.flush_results()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_no_duplicate():
    from factories import build_world

    with scopes_disabled():
        world = build_world()
    quiet()
    clocks = [
        start(tw, kind, D(2026, 3, 2), n=i)
        for tw in world.towns()
        for i, kind in enumerate(["suggestion.reply", "appeal.reply", "rectification.report"])
    ]
    assert len(clocks) == 9
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        from django.db import connection as conn

        try:
            barrier.wait()
            with scopes_disabled():
                results.append(deadlines_sweep(today=D(2026, 6, 20), batch_size=2))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with scopes_disabled():
        total = ReminderLog.objects.count()
        assert sum(r.reminders for r in results) == total
        assert Notification.objects.count() == total
        keys = list(ReminderLog.objects.values_list("clock_id", "step", "remind_on", "recipient_id"))
        assert len(keys) == len(set(keys))
    # per town: the reply clock's 8 reminders, the appeal's 6, rectification's 4 (before7 to the clerk; overdue to
    # the clerk, the presidium and town staff)
    assert total == 3 * (8 + 6 + 4)


def _drop_grants(**filters) -> None:
    from renda.core.models import RoleGrant

    RoleGrant.objects.filter(**filters).delete()


def test_every_due_step_is_logged_recipients_or_not(world):
    """The log holds every due (clock, step): sent to its roles, fallen back, or recorded undelivered."""
    from renda.core.audit import ActivityLog
    from renda.core.enums import Role

    a, b, c = world.a, world.b, world.c
    # Town A: no petitions office, no discipline inspection, a unit without clerk -> town staff.
    _drop_grants(town=a.town, role__in=[Role.PETITIONS, Role.DISCIPLINE])
    _drop_grants(role=Role.UNIT_CLERK, unit=a.objects["registry.handlingunit"])
    # Town B: nobody in the town office either -> the district's staff.
    _drop_grants(town=b.town, role__in=[Role.PETITIONS, Role.DISCIPLINE, Role.TOWN_STAFF])
    # Town C: no town office and no district staff: what its roles cannot take is undelivered.
    _drop_grants(town=c.town, role__in=[Role.TOWN_STAFF, Role.PRESIDIUM, Role.PETITIONS, Role.DISCIPLINE])
    _drop_grants(role=Role.DISTRICT_STAFF, district=world.y)
    clocks = [
        start(tw, kind, D(2026, 3, 2), n=n)
        for tw in (a, b, c)
        for n, kind in enumerate(["appeal.reply", "suggestion.reply", "campaign.followup"])
    ]
    with scopes_disabled():
        escalations_before = ActivityLog.unscoped.filter(code="clock.escalated").count()
    today = D(2026, 6, 20)
    with time_machine.travel(dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC), tick=False):
        result = sweep(None)
    all_steps = steps_by_kind()
    expected = {
        (clock.pk, step.code, clock.due_date + dt.timedelta(days=step.offset_days))
        for clock in clocks
        for step in all_steps[clock.kind]
        if clock.start_date <= clock.due_date + dt.timedelta(days=step.offset_days) <= today
    }
    with scopes_disabled():
        rows = list(
            ReminderLog.objects.values_list("clock_id", "step", "remind_on", "recipient_id", "fallback")
        )
        assert {(k, s, d) for k, s, d, _u, _f in rows} == expected
        undelivered = {(k, s) for k, s, _d, u, _f in rows if u is None}
        # An undelivered step is one row and nothing else.
        assert sorted((k, s) for k, s, _d, _u, _f in rows if (k, s) in undelivered) == sorted(undelivered)
        by_step = {(k, s): (u, f) for k, s, _d, u, f in rows}
        appeal_a, reply_a, _camp_a, appeal_b, _reply_b, camp_b, appeal_c, reply_c, camp_c = clocks
        assert by_step[(appeal_a.pk, "appeal.reply.escalate")] == (a.users["town_staff"].pk, "town_staff")
        assert by_step[(appeal_b.pk, "appeal.reply.escalate")] == (
            world.district_x_staff.pk,
            "district_staff",
        )
        assert by_step[(camp_b.pk, "campaign.followup.overdue")] == (
            world.district_x_staff.pk,
            "district_staff",
        )
        assert undelivered == {
            (appeal_c.pk, "appeal.reply.escalate"),
            (reply_c.pk, "suggestion.reply.escalate"),
            (camp_c.pk, "campaign.followup.before2"),
            (camp_c.pk, "campaign.followup.escalate"),
            (camp_c.pk, "campaign.followup.overdue"),
        }
        # Town C's appeal reminders still reach its unit clerk (the handler role resolves to the unit).
        assert by_step[(appeal_c.pk, "appeal.reply.today")] == (c.users["unit_clerk"].pk, "")
        assert result.undelivered == 5
        assert result.reminders == len(rows) - 5 == Notification.objects.count()
        # Every escalation is in the history, fallen back or undelivered.
        escalations = list(
            ActivityLog.unscoped.filter(code="clock.escalated").order_by("id").values_list("data", flat=True)
        )[escalations_before:]
        due_escalations = {(k, s) for k, s, _d in expected if s.endswith(".escalate")}
        # three towns × (appeal, suggestion reply, campaign follow-up to the district's staff)
        assert len(escalations) == len(due_escalations) == 9
        assert sorted(
            e.get("fallback", "") or ("undelivered" if e.get("undelivered") else "") for e in escalations
        ) == [
            "",
            "",
            "",
            "",
            "district_staff",
            "town_staff",
            "undelivered",
            "undelivered",
            "undelivered",
        ]
        assert reply_a.pk in {k for k, _s in due_escalations}
    # A second sweep, the same day or later, adds nothing.
    with time_machine.travel(dt.datetime.combine(today, dt.time(15), tzinfo=dt.UTC), tick=False):
        again = sweep(None)
    assert (again.reminders, again.undelivered) == (0, 0)
    with scopes_disabled():
        assert ReminderLog.objects.count() == len(rows)
        assert ActivityLog.unscoped.filter(code="clock.escalated").count() == escalations_before + 9


def _undelivered(tw, settings, kinds=("suggestion.reply",), subjects=1):
    """Clocks in the town whose escalation nobody can receive: no presidium, petitions office or discipline
    inspection, and no fallback chain."""
    from renda.core.enums import Role

    settings.RENDA = {**settings.RENDA, "REMINDER_FALLBACK": []}
    _drop_grants(town=tw.town, role__in=[Role.PRESIDIUM, Role.PETITIONS, Role.DISCIPLINE])
    for kind in kinds:
        for i in range(subjects):
            start(tw, kind, D(2026, 3, 2), n=i)
    sweep(D(2026, 6, 17))


def test_undelivered_page_shows_the_staff_their_towns(client, world, settings):
    _undelivered(world.a, settings)
    _undelivered(world.b, settings, subjects=2)
    _undelivered(world.c, settings)
    client.force_login(world.a.users["town_staff"])
    page = client.get("/reminders/undelivered/").content.decode()
    assert page.count('data-testid="undelivered-row"') == 1
    assert "suggestion.reply.escalate" in page and "主席团" in page
    assert world.b.town.name not in page
    client.force_login(world.district_x_staff)
    page = client.get("/reminders/undelivered/").content.decode()
    assert page.count('data-testid="undelivered-row"') == 3
    assert (world.a.town.name in page, world.b.town.name in page, world.c.town.name in page) == (
        True,
        True,
        False,
    )
    client.force_login(world.a.users["deputy"])
    assert client.get("/reminders/undelivered/").status_code == 404
    client.force_login(world.a.users["town_staff"])
    assert 'data-testid="undelivered-link"' in client.get("/inbox/").content.decode()


@pytest.mark.parametrize(
    # the inbox badge comes with the grants' cache look-up (5 + SESSION + GRANTS before)
    ("who", "expected"),
    [("town_staff", 4 + SESSION + GRANTS), ("district", 4 + SESSION + GRANTS)],
)
def test_undelivered_page_uses_a_fixed_number_of_queries(client, world, settings, who, expected):
    _undelivered(world.a, settings)
    client.force_login(world.district_x_staff if who == "district" else world.a.users[who])
    client.get("/reminders/undelivered/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/reminders/undelivered/").status_code == 200
    with scopes_disabled():
        Clock.objects.update(stopped_at=dt.datetime(2026, 6, 18, tzinfo=dt.UTC))
    for tw in (world.a, world.b):
        _undelivered(tw, settings, kinds=("suggestion.reply", "appeal.reply"), subjects=3)
    with scopes_disabled():
        assert ReminderLog.objects.filter(recipient=None, town=world.a.town).count() == 7
    client.get("/reminders/undelivered/")  # new accounts replaced the grants version (0007): reload once
    with CaptureQueriesContext(connection) as many:
        assert client.get("/reminders/undelivered/").status_code == 200
    assert len(many) == len(few) == expected, [q["sql"] for q in many.captured_queries]
