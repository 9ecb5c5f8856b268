"""Two people verifying the same rectification item at once (issue #15, "Bad input and conflicts"): exactly one
wins, the other is told to reload and nothing of theirs is written — by the service (a stale version is
Conflict(stale=True)), on the page (the second POST with the version its page was read at), and with two real
transactions racing on PostgreSQL (the row lock makes the second wait, then see the newer version)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from helpers import activity_codes
from renda.core.errors import Conflict
from renda.oversight import services
from renda.oversight.enums import RectificationState
from renda.oversight.models import RectificationItem


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _reported(tw) -> RectificationItem:
    with scopes_disabled():  # test set-up: an item whose unit has sent its completion report
        item = services.rectification_item_create(
            town=tw.town,
            title="消防通道整改",
            unit=tw.objects["registry.handlingunit"],
            actor=tw.users["town_staff"],
        )
        services.rectification_report_add(
            item=item, kind="completion", text="已清理", actor=tw.users["unit_clerk"]
        )
        item.refresh_from_db()
    assert item.state == RectificationState.REPORTED
    return item


def _fresh(item) -> RectificationItem:
    with scopes_disabled():  # test inspection
        return RectificationItem._base_manager.get(pk=item.pk)


def _verdicts(item) -> list[str]:
    return [c for c in activity_codes(item) if c in ("rectification.closed", "rectification.rejected")]


def test_the_service_refuses_the_second_verification_with_the_old_version(world):
    tw = world.a
    item = _reported(tw)
    seen = item.version  # both verifiers read the item at this version
    with scopes_disabled():
        services.rectification_item_accept(item=item, actor=tw.users["presidium"], version=seen)
        with pytest.raises(Conflict) as refused:
            services.rectification_item_reject(
                item=_fresh(item), reason="照片不清", actor=tw.users["town_staff"], version=seen
            )
        with pytest.raises(Conflict) as twice:
            services.rectification_item_accept(item=_fresh(item), actor=tw.users["town_staff"], version=seen)
    assert refused.value.stale and twice.value.stale
    after = _fresh(item)
    assert after.state == RectificationState.CLOSED and after.rejections == 0
    assert after.version == seen + 1
    assert _verdicts(item) == ["rectification.closed"]


def test_the_second_verifier_on_the_page_is_told_to_reload_and_nothing_changes(world):
    tw = world.a
    item = _reported(tw)
    url = item.get_absolute_url()
    first, second = Client(), Client()
    first.force_login(tw.users["presidium"])
    second.force_login(tw.users["town_staff"])
    for c in (first, second):  # both open the page: its forms carry the version read
        assert f'name="version" value="{item.version}"' in c.get(url).content.decode()
    r = first.post(
        reverse("oversight:item-accept", args=[item.pk]), {"tab": "handling", "version": item.version}
    )
    assert r.status_code == 302
    assert [str(m) for m in get_messages(r.wsgi_request)] == ["验收通过，已销号"]
    closed = _fresh(item)

    r = second.post(
        reverse("oversight:item-reject", args=[item.pk]),
        {"tab": "handling", "reason": "照片不清，请补充", "due_date": "", "version": item.version},
    )
    assert r.status_code == 302 and r["Location"].startswith(url)  # back to the page as it is now
    said = [str(m) for m in get_messages(r.wsgi_request)]
    assert len(said) == 1 and "请刷新后重试" in said[0], said
    r = second.post(
        reverse("oversight:item-accept", args=[item.pk]), {"tab": "handling", "version": item.version}
    )
    assert "请刷新后重试" in " ".join(str(m) for m in get_messages(r.wsgi_request))
    after = _fresh(item)
    assert (after.state, after.version, after.rejections, after.due_date, after.closed_on) == (
        RectificationState.CLOSED, closed.version, 0, closed.due_date, closed.closed_on,
    )  # fmt: skip
    assert _verdicts(item) == ["rectification.closed"]
    page = second.get(url).content.decode()  # after reloading: the item is closed, no verification offered
    assert "accept-submit" not in page and "reject-submit" not in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_verifications_racing_exactly_one_wins():
    from factories import build_world

    with scopes_disabled():  # test set-up
        world = build_world()
    tw = world.a
    item = _reported(tw)
    seen = item.version
    barrier = threading.Barrier(2)
    won, stale, errors = [], [], []

    def verify(step):
        from django.db import connection as conn

        try:
            barrier.wait()
            with scopes_disabled():
                step(_fresh(item))
            won.append(step)
        except Conflict as exc:
            stale.append(exc.stale)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    def accept(it):
        services.rectification_item_accept(item=it, actor=tw.users["presidium"], version=seen)

    def reject(it):
        services.rectification_item_reject(
            item=it, reason="照片不清", actor=tw.users["town_staff"], version=seen
        )

    threads = [threading.Thread(target=verify, args=(s,)) for s in (accept, reject)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(won) == 1 and stale == [True]
    after = _fresh(item)
    assert after.version > seen
    if won == [accept]:
        assert after.state == RectificationState.CLOSED and _verdicts(item) == ["rectification.closed"]
    else:
        assert after.state == RectificationState.ASSIGNED and _verdicts(item) == ["rectification.rejected"]
