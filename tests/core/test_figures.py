"""Stored work figures (工作概况): after the real services run, the stored figures equal a fresh count; a
town's work leaves the other town's row untouched; reads use a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django_scopes import scope, scopes_disabled

from renda.core.deadlines.models import Clock
from renda.core.figures import figure_sources
from renda.core.figures.models import TownFigures
from renda.core.figures.queries import town_figures_for
from renda.core.figures.services import figures_stale
from renda.receptions import services as rec
from renda.receptions.queries import appeal_figures
from renda.suggestions import reports
from renda.suggestions import services as sug
from suggestions.helpers import drive, make_suggestion, on

DAY = dt.date(2027, 3, 1)
OPEN_SUGGESTIONS = ["submitted", "accepted", "assigned", "rehandling"]
OPEN_APPEALS = ["submitted", "assigned", "reopened"]


def _rate(n: int, d: int):
    return round(100 * n / d, 1) if d else None


def fresh_count(tw, today: dt.date) -> dict:
    """The figures of one town counted from the records, the way the statistics pages define them."""
    from renda.receptions.models import Appeal
    from renda.suggestions.models import Suggestion

    town, year = tw.town, today.year
    with scopes_disabled():  # test inspection
        s = Suggestion.objects.filter(town=town)
        s_year = s.filter(year=year).exclude(state__in=["draft", "merged"])
        s_replied = s_year.filter(replied_on_time__isnull=False)
        s_on_time = s_replied.filter(replied_on_time=True).count()
        a = Appeal.objects.filter(town=town)
        a_year = a.filter(received_on__year=year)
        a_replied = a_year.filter(replied_on__isnull=False).count()
        soon = Clock.objects.filter(
            town=town,
            stopped_at=None,
            paused_since=None,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=3),
        ).count()
        counted = {
            "year": year,
            "computed_on": today.isoformat(),
            "clocks": {"due_soon": soon, "days": 3},
            "suggestions": {
                "year_total": s_year.count(),
                "open": s.filter(state__in=OPEN_SUGGESTIONS).count(),
                "overdue": s.filter(state__in=OPEN_SUGGESTIONS, due_date__lt=today).count(),
                "replied": s_replied.count(),
                "on_time": s_on_time,
                "on_time_rate": _rate(s_on_time, s_replied.count()),
            },
            "appeals": {
                "year_total": a_year.count(),
                "replied": a_replied,
                "open": a.filter(state__in=OPEN_APPEALS).count(),
                "overdue": a.filter(state__in=OPEN_APPEALS, due_date__lt=today).count(),
                "reply_rate": _rate(a_replied, a_year.count()),
            },
        }
        # The same meanings as the yearly report and the appeal statistics page.
        yearly = reports.yearly(town=town, year=year)
        report = {f.label: f.value for f in yearly.totals + yearly.replies}
        assert report["提出建议"] == counted["suggestions"]["year_total"]
        assert report["按期答复率（%）"] == counted["suggestions"]["on_time_rate"]
        stats = appeal_figures(user=tw.users["town_staff"], town_id=town.pk, today=today)
        assert (stats.open, stats.overdue) == (counted["appeals"]["open"], counted["appeals"]["overdue"])
    return counted


def stored(world, today: dt.date) -> dict:
    towns = [world.a.town, world.b.town]
    with scope(town=[t.pk for t in towns]):  # as in a request of district X's staff
        return town_figures_for(towns=towns, today=today)


def row(tw) -> TownFigures:
    with scopes_disabled():  # test inspection
        return TownFigures.objects.get(town=tw.town)


def _work_in_town(tw) -> dict:
    """Create, submit, assign, reply and close a suggestion; leave one assigned and one draft; submit, assign and
    reply an appeal and leave one open."""
    staff, clerk = tw.users["town_staff"], tw.users["unit_clerk"]
    done = drive(tw, make_suggestion(tw, "关于修缮村道的建议", "一村村道破损。"), "replied")
    with scopes_disabled():  # test set-up, as the services run in a request
        sug.suggestion_close(suggestion=done, actor=staff)
        pending = drive(tw, make_suggestion(tw, "关于增设路灯的建议", "二组路口没有路灯。"), "assigned")
        sug.suggestion_create(
            town=tw.town,
            data={"title": "草稿", "content": "尚未提交", "channel": "recess"},
            signers=[tw.objects["registry.person"]],
            actor=staff,
            submit=False,
        )
        data = {
            "content": "桥头护栏损坏。",
            "category": "roads",
            "citizen_name": "王五",
            "citizen_phone": "13900001111",
        }
        answered = rec.appeal_submit(town=tw.town, data=data, actor=staff)
        rec.appeal_assign(appeal=answered, handler=clerk, actor=staff)
        rec.appeal_reply(
            appeal=answered, method="phone", replied_on=DAY, replied_by="李", text="已修复", actor=clerk
        )
        waiting = rec.appeal_submit(town=tw.town, data={**data, "content": "垃圾清运不及时。"}, actor=staff)
    pending.refresh_from_db()
    return {"pending": pending, "waiting": waiting}


def test_stored_figures_equal_a_fresh_count_after_the_services_run(world):
    a, b = world.a, world.b
    with on(DAY):
        assert stored(world, DAY) == {a.town.pk: fresh_count(a, DAY), b.town.pk: fresh_count(b, DAY)}
        before_b = row(b)
        assert row(a).stale is False

        items = _work_in_town(a)
        assert row(a).stale is True
        after_b = row(b)
        assert (after_b.stale, after_b.version, after_b.data, after_b.updated_at) == (
            False,
            before_b.version,
            before_b.data,
            before_b.updated_at,
        )

        figures = stored(world, DAY)
        assert figures == {a.town.pk: fresh_count(a, DAY), b.town.pk: fresh_count(b, DAY)}
        assert figures[a.town.pk]["suggestions"]["year_total"] == 2  # the draft does not count
        assert figures[a.town.pk]["suggestions"]["replied"] == 1
        assert figures[a.town.pk]["appeals"]["year_total"] == 2
        assert figures[a.town.pk]["appeals"]["replied"] == 1
        assert row(a).stale is False
        assert row(b).updated_at == before_b.updated_at  # B's fresh row was not written again

    # Two days before the open appeal's reply deadline: its clock is due soon.
    soon = items["waiting"].due_date - dt.timedelta(days=2)
    with on(soon):
        figures = stored(world, soon)
        assert figures[a.town.pk] == fresh_count(a, soon)
        assert figures[a.town.pk]["clocks"]["due_soon"] >= 1

    # Past both deadlines: the assigned suggestion and the open appeal are overdue, recomputed on a new day
    # without any write.
    late = max(items["pending"].due_date, items["waiting"].due_date) + dt.timedelta(days=1)
    with on(late):
        figures = stored(world, late)
        assert figures == {a.town.pk: fresh_count(a, late), b.town.pk: fresh_count(b, late)}
        assert figures[a.town.pk]["suggestions"]["overdue"] >= 1
        assert figures[a.town.pk]["appeals"]["overdue"] >= 1
        assert row(a).computed_on == late


def test_reads_use_a_fixed_number_of_queries(world, django_assert_num_queries):
    a, b = world.a, world.b
    computing = 1 + len(figure_sources())  # the clocks, then one query per registered module
    assert computing == 3
    with on(DAY):
        with django_assert_num_queries(1 + computing + 1):  # read, compute, one INSERT for the missing rows
            stored(world, DAY)
        with django_assert_num_queries(1):  # fresh: the read only
            stored(world, DAY)
        with scopes_disabled():  # test set-up
            figures_stale(town_id=a.town.pk)
        with django_assert_num_queries(1 + computing + 1):  # read, compute, one UPDATE for A
            stored(world, DAY)
        with scopes_disabled():  # test set-up
            figures_stale(town_id=a.town.pk)
            figures_stale(town_id=b.town.pk)
        with django_assert_num_queries(1 + computing + 2):  # read, compute once for both, one UPDATE each
            stored(world, DAY)
        with django_assert_num_queries(1):
            stored(world, DAY)


def test_a_change_during_a_recompute_keeps_the_row_stale(world, monkeypatch):
    """A write that commits while a read is computing marks the row stale again; the read does not overwrite
    that with figures counted before the write."""
    import renda.core.figures as figures_module

    a = world.a
    with on(DAY):
        stored(world, DAY)
        with scopes_disabled():  # test set-up
            figures_stale(town_id=a.town.pk)

        def meanwhile(*, town_ids, today):
            with scopes_disabled():  # a concurrent service in another request
                figures_stale(town_id=a.town.pk)
            return {t: {} for t in town_ids}

        monkeypatch.setitem(figures_module._SOURCES, "probe", meanwhile)
        stored(world, DAY)
        assert row(a).stale is True
        monkeypatch.delitem(figures_module._SOURCES, "probe")
        stored(world, DAY)
        assert row(a).stale is False
        assert row(a).data == fresh_count(a, DAY)


@pytest.mark.parametrize("step", ["pause", "extend"])
def test_clock_changes_mark_the_town_stale(world, step):
    from renda.core.deadlines.services import clock_extend, clock_pause

    a = world.a
    with on(DAY):
        stored(world, DAY)
        with scopes_disabled():  # test set-up
            clock = Clock.objects.filter(town=a.town, stopped_at=None).first()
            if step == "pause":
                clock_pause(clock=clock, reason="等待代表补充材料", actor=a.users["town_staff"])
            else:
                staff = a.users["town_staff"]
                clock_extend(clock=clock, days=10, reason="需现场勘查", approver=staff, actor=staff)
        assert (row(a).stale, row(world.b).stale) == (True, False)
        assert stored(world, DAY)[a.town.pk] == fresh_count(a, DAY)


COUNT_LINK = re.compile(r'<a[^>]*href="([^"]+)"[^>]*data-testid="((?:fig|overview)-[a-z-]+)"[^>]*>(\d+)</a>')


def _count_links(html: str) -> list[tuple[str, str, int]]:
    """(link, testid, figure) of every count on the page that links to its list (rates are left out)."""
    return [
        (unescape(href), tid, int(n)) for href, tid, n in COUNT_LINK.findall(html) if href.startswith("/")
    ]


def test_every_count_links_to_a_list_of_that_many(client, world):
    """The 工作概况 figures of a town's page and the district overview (issue 14): following a figure's link as
    the same user lists exactly that many records."""
    with on(DAY):
        for tw in (world.a, world.b):
            _work_in_town(tw)
        pages = [
            (world.a.users["town_staff"], f"/registry/towns/{world.a.town.pk}/"),
            (world.district_x_staff, f"/registry/towns/{world.a.town.pk}/"),
            (world.district_x_staff, f"/registry/towns/{world.b.town.pk}/"),
            (world.district_x_staff, "/registry/district/"),
        ]
        checked = set()
        for user, url in pages:
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200, url
            links = _count_links(response.content.decode())
            assert links, url
            for link, tid, figure in links:
                listed = client.get(link)
                assert listed.status_code == 200, link
                assert listed.context["page"].paginator.count == figure, (url, tid, link)
                checked.add(tid)
    assert {
        "fig-suggestions-year",
        "fig-suggestions-open",
        "fig-appeals-year",
        "overview-deputies",
    } <= checked
