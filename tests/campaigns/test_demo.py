"""The campaigns' demo data (renda demo) on a few towns: the 331 campaign launched on 4 July of the fire year
with the towns on time and one two days late, rectification items of its inspections, closed; the 263 action
running with some towns not yet done; invitations answered and attended over the year, one event ahead; the
seminar and four strategy meetings with minutes, papers and experiences tagged as practices; fast; idempotent."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django_scopes import scopes_disabled

from renda.campaigns import demo as campaigns_demo
from renda.campaigns.models import Campaign, ChairInvitation, ExchangeMeeting
from renda.campaigns.queries import campaign_board
from renda.core.models import User
from tests.helpers import at

TOWNS = ["pingwang", "shengze", "tongli"]
TODAY = dt.date(2026, 10, 20)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with at(TODAY.year, TODAY.month, TODAY.day), scopes_disabled():
            out = StringIO()
            call_command("demo", no_serve=True, towns=TOWNS, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_both_campaigns_and_their_boards(demo, db):
    assert re.search(r"区镇上下联动：.*?[0-9.]+ 秒", demo), demo  # its progress line (its time: make bench)
    with scopes_disabled(), at(TODAY.year, TODAY.month, TODAY.day):
        staff = User.objects.get(username="district")
        fire = Campaign.objects.get(title="331消防安全隐患专项整治")
        assert (fire.state, fire.launch_date) == ("closed", dt.date(2026, 7, 4))
        board = campaign_board(user=staff, campaign=fire)
        built = [r for r in board.rows if r.task.activity_id]
        standings = Counter(r.standing for r in built)
        assert standings == {"on_time": len(built) - 1, "late": 1}, standings
        late = next(r for r in built if r.standing == "late")
        assert (late.task.done_on - late.task.due_date).days == 2
        assert sum(board.totals["findings"]) > 0
        assert board.totals["raised"] > board.totals["closed"] > 0 and board.totals["overdue"] > 0
        env = Campaign.objects.get(title="263环境整治专项行动")
        running = Counter(r.standing for r in campaign_board(user=staff, campaign=env).rows)
        assert env.state == "launched" and running["on_time"] >= 1 and running["not_yet"] >= 1


def test_invitations_and_meetings(demo, db):
    with scopes_disabled():
        rows = ChairInvitation.objects.select_related("event")
        seen = Counter((i.reply, i.attended) for i in rows)
        assert seen[("attend", True)] > seen[("excused", False)] > 0
        assert any(i.event.date > TODAY and i.attended is None for i in rows)  # one ahead, not yet attended
        kinds = Counter(m.kind for m in ExchangeMeeting.objects.all())
        assert kinds == {"seminar": 1, "strategy": 4}
        for m in ExchangeMeeting.objects.all():
            assert m.minutes and m.papers.count() >= 1 and m.participants.count() >= 1
            assert m.experiences.exclude(practice_slug="").exists()


def test_idempotent(demo, db):
    with scopes_disabled(), at(TODAY.year, TODAY.month, TODAY.day):
        before = Campaign.objects.count()
        campaigns_demo.build(seed=1)
        assert Campaign.objects.count() == before
