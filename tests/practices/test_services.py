"""The practice library and the six haves through their services: 试点—铺开—总结 with each town's adoption (a town
of another district, a town not yet allowed, a double submit: a clear error and nothing saved), the six-haves
self-assessment (open once, confirm, submit with the evidence the other modules' records give, read-only until
returned), the diffusion and the dashboard figure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled

from campaigns.helpers import held_activity
from renda.core.errors import Conflict
from renda.core.models import ActivityLog
from renda.core.sixhaves import SIX_HAVES, sixhaves_evidence
from renda.practices import figures, queries, services
from renda.practices.models import Adoption, Practice, SixHaves

from .helpers import DAY, YEAR, on, pdf, piloted


def _codes(obj) -> list[str]:
    from django.contrib.contenttypes.models import ContentType

    with scopes_disabled():  # test reads
        ct = ContentType.objects.get_for_model(type(obj))
        return list(
            ActivityLog.unscoped.filter(content_type=ct, object_id=str(obj.pk))
            .order_by("id")
            .values_list("code", flat=True)
        )


def test_a_practice_is_piloted_rolled_out_and_summed_up(world):
    p = piloted(world, world.a.town)
    with scopes_disabled():
        pilot = Adoption.objects.get(practice=p)
    assert (pilot.town, pilot.adopted_on) == (world.a.town, dt.date(2022, 1, 1))
    # While piloting only the district's staff and the pilot town see it.
    assert p in queries.practices_visible_to(user=world.district_x_staff)
    assert p in queries.practices_visible_to(user=world.a.users["town_staff"])
    assert p not in queries.practices_visible_to(user=world.b.users["town_staff"])
    assert p not in queries.practices_visible_to(user=world.district_y_staff)
    assert p not in queries.practices_visible_to(user=world.a.users["deputy"])
    actor = world.district_x_staff
    with on(DAY), scopes_disabled():
        with pytest.raises(PermissionDenied):
            services.practice_rollout(practice=p, actor=world.a.users["town_staff"])
        services.practice_rollout(practice=p, actor=actor)
        with pytest.raises(Conflict):
            services.practice_rollout(practice=p, actor=actor)  # a second click: refused, nothing moves
        with pytest.raises(ValidationError) as e:
            services.practice_summarise(practice=p, summary="  ", actor=actor)
        assert "请填写经验总结" in str(e.value)
        services.practice_summarise(practice=p, summary="先试点再推开", actor=actor)
        p.refresh_from_db()
    assert p in queries.practices_visible_to(user=world.b.users["town_staff"])
    assert (p.state, p.rolled_out_on, p.summarised_on, p.summary) == ("summarised", DAY, DAY, "先试点再推开")
    assert _codes(p) == ["practice.created", "practice.rolled_out", "practice.summarised"]


def test_bad_practices_are_refused_with_nothing_saved(world):
    actor = world.district_x_staff
    with scopes_disabled():
        before = Practice.objects.count()
    with on(DAY), scopes_disabled():
        with pytest.raises(ValidationError) as e:
            services.practice_create(
                district=world.x,
                data={"name": "接访日", "pilot_town": world.c.town, "pilot_year": 2020},
                actor=actor,
            )
        assert "试点镇（街道）须是本区的镇（街道）" in str(e.value)
        with pytest.raises(ValidationError) as e:
            services.practice_create(
                district=world.x,
                data={"name": "接访日", "pilot_town": world.a.town, "pilot_year": 2030},
                actor=actor,
            )
        assert "试点年份" in str(e.value)
        with pytest.raises(PermissionDenied):
            services.practice_create(
                district=world.x,
                data={"name": "接访日", "pilot_town": world.a.town, "pilot_year": 2020},
                actor=world.a.users["town_staff"],
            )
        with pytest.raises(PermissionDenied):
            services.practice_create(
                district=world.x,
                data={"name": "接访日", "pilot_town": world.a.town, "pilot_year": 2020},
                actor=world.district_y_staff,
            )
        assert Practice.objects.count() == before
    piloted(world, world.a.town, name="接访日")
    with on(DAY), scopes_disabled(), pytest.raises(ValidationError) as e:
        services.practice_create(
            district=world.x,
            data={"name": "接访日", "pilot_town": world.b.town, "pilot_year": 2020},
            actor=actor,
        )
    assert "本区已有名为“接访日”的做法" in str(e.value)


def test_towns_record_their_adoption_once_and_only_their_own(world):
    p = piloted(world, world.a.town)
    staff_b = world.b.users["town_staff"]
    data = {"adopted_on": dt.date(2024, 4, 1), "evidence": "评议6个站所", "lessons": "先易后难"}
    with on(DAY), scopes_disabled():
        with pytest.raises(ValidationError) as e:  # still piloting in town A
            services.adoption_record(practice=p, town=world.b.town, data=data, actor=staff_b)
        assert "尚在试点" in str(e.value)
        services.practice_rollout(practice=p, actor=world.district_x_staff)
        with pytest.raises(PermissionDenied):  # town A's staff for town B
            services.adoption_record(
                practice=p, town=world.b.town, data=data, actor=world.a.users["town_staff"]
            )
        with pytest.raises(ValidationError) as e:  # a town of another district: a clear error
            services.adoption_record(practice=p, town=world.c.town, data=data, actor=world.district_y_staff)
        assert "“甪直镇”不是本区（吴江区）的镇（街道），不能登记开展情况" in e.value.message_dict["town"][0]
        with pytest.raises(ValidationError) as e:
            services.adoption_record(
                practice=p,
                town=world.b.town,
                data=data | {"adopted_on": DAY + dt.timedelta(days=1)},
                actor=staff_b,
            )
        assert "开展日期不能晚于今天" in str(e.value)
        with pytest.raises(ValidationError):
            services.adoption_record(
                practice=p,
                town=world.b.town,
                data=data | {"adopted_on": dt.date(2021, 12, 31)},
                actor=staff_b,
            )
        a = services.adoption_record(practice=p, town=world.b.town, data=data, actor=staff_b, upload=pdf())
        with pytest.raises(Conflict) as e:  # a double submit finds the first
            services.adoption_record(practice=p, town=world.b.town, data=data, actor=staff_b)
        assert "盛泽镇已登记开展该做法" in str(e.value)
        assert Adoption.objects.filter(practice=p).count() == 2
        assert [f.name for f in a.files.all()] == ["制度汇编.pdf"]
        with pytest.raises(ValidationError):
            services.adoption_file_add(
                adoption=a, upload=pdf("假的.docx"), actor=staff_b
            )  # a PDF named .docx: refused by its content
        services.adoption_update(
            adoption=a, data={"lessons": "先易后难，逐步推开"}, actor=staff_b, version=a.version
        )
        with pytest.raises(Conflict):
            services.adoption_update(adoption=a, data={"lessons": "旧版本"}, actor=staff_b, version=0)
        a.refresh_from_db()
    assert a.lessons == "先易后难，逐步推开"
    assert _codes(a) == ["adoption.recorded", "adoption.file_added", "adoption.updated"]
    with scopes_disabled():
        assert [x.town for x in queries.adoptions_of_practice(practice=p)] == [world.a.town, world.b.town]


def test_the_diffusion_counts_towns_by_the_end_of_each_year(world):
    p = piloted(world, world.a.town, year=2023, rolled=True)
    with on(DAY), scopes_disabled():
        services.adoption_record(
            practice=p,
            town=world.b.town,
            data={"adopted_on": dt.date(2025, 3, 1)},
            actor=world.district_x_staff,
        )
        d = queries.diffusion(user=world.district_x_staff)
    mine = next(s for s in d.series if s["name"] == "基层站所评议")
    at = dict(zip(d.years, mine["data"], strict=True))
    assert (at[2023], at[2024], at[2025], at[2026]) == (1, 1, 2, 2)
    assert d.towns == 2  # district X's towns
    with scopes_disabled():
        assert "基层站所评议" not in [
            s["name"] for s in queries.diffusion(user=world.district_y_staff).series
        ]


def _sixhaves(world, tw, year=YEAR):
    with on(DAY), scopes_disabled():
        return services.sixhaves_open(town=tw.town, year=year, actor=tw.users["town_staff"])


def test_six_haves_open_once_confirm_submit_and_return(world):
    staff = world.b.users["town_staff"]
    with on(DAY), scopes_disabled():
        SixHaves.objects.filter(town=world.b.town, year=YEAR - 1).delete()
    s = _sixhaves(world, world.b, YEAR - 1)
    again = _sixhaves(world, world.b, YEAR - 1)
    assert again.pk == s.pk
    with scopes_disabled():
        assert sorted(s.items.values_list("key", flat=True)) == sorted(SIX_HAVES)
    with on(DAY), scopes_disabled():
        with pytest.raises(ValidationError):
            services.sixhaves_open(town=world.b.town, year=YEAR + 1, actor=staff)
        with pytest.raises(PermissionDenied):
            services.sixhaves_open(town=world.b.town, year=YEAR, actor=world.a.users["town_staff"])
        with pytest.raises(ValidationError) as e:
            services.sixhaves_submit(assessment=s, actor=staff)
        assert "以下项目尚未确认" in str(e.value) and "请先填写本年度代表活动经费" in str(e.value)
        with pytest.raises(ValidationError):
            services.sixhaves_budget_set(assessment=s, budget="-1", actor=staff)
        with pytest.raises(ValidationError):
            services.sixhaves_item_save(assessment=s, key="nope", confirmed=True, actor=staff)
        services.sixhaves_budget_set(assessment=s, budget="25.5", budget_note="镇财政预算", actor=staff)
        for key in SIX_HAVES:
            services.sixhaves_item_save(assessment=s, key=key, confirmed=True, note=f"{key}说明", actor=staff)
        services.sixhaves_item_save(
            assessment=s, key="rules", confirmed=True, note="制度汇编", upload=pdf(), actor=staff
        )
        with pytest.raises(PermissionDenied):
            services.sixhaves_submit(assessment=s, actor=world.a.users["town_staff"])
        services.sixhaves_submit(assessment=s, actor=staff, version=s.version)
        with pytest.raises(Conflict) as e:  # read-only once submitted
            services.sixhaves_item_save(assessment=s, key="rules", confirmed=False, actor=staff)
        assert "已报送，不能修改" in str(e.value)
        with pytest.raises(Conflict):
            services.sixhaves_submit(assessment=s, actor=staff)
        with pytest.raises(PermissionDenied):  # a town cannot return its own
            services.sixhaves_return(assessment=s, reason="重填", actor=staff)
        with pytest.raises(PermissionDenied):  # another district's staff
            services.sixhaves_return(assessment=s, reason="重填", actor=world.district_y_staff)
        with pytest.raises(ValidationError):
            services.sixhaves_return(assessment=s, reason=" ", actor=world.district_x_staff)
        services.sixhaves_return(assessment=s, reason="请补充成效材料", actor=world.district_x_staff)
        s.refresh_from_db()
    assert (s.state, s.returned_reason, s.submitted_on) == ("draft", "请补充成效材料", None)
    assert str(s.budget) == "25.50"
    assert _codes(s)[-2:] == ["sixhaves.submitted", "sixhaves.returned"]


def test_the_evidence_comes_from_the_other_modules_records(world):
    """A held activity (oversight), the town's liaison post (registry), the year's assessment (performance) and a
    practice the town runs (practices) each show under their item; submitting keeps them as they stood."""
    from renda.performance.services import assessment_run

    tw = world.a
    staff = tw.users["town_staff"]
    day = dt.date(YEAR, 3, 10)
    held_activity(tw.town, staff, tw.objects["registry.person"], day)
    p = piloted(world, tw.town, name="三心六有工作法", year=YEAR - 1)
    with on(DAY), scopes_disabled():
        assessment_run(town=tw.town, year=YEAR, actor=staff)
        found = sixhaves_evidence(town_ids=[tw.town.pk, world.b.town.pk], year=YEAR)
    mine = found[tw.town.pk]
    sources = {k: {e.source for e in v} for k, v in mine.items()}
    assert "oversight.activity" in sources["character"]
    assert "practices.adoption" in sources["character"]
    assert "registry.liaisonpost" in sources["platform"]
    assert "performance.assessment" in sources["assessment"]
    held = next(e for e in mine["character"] if e.source == "oversight.activity")
    assert held.count >= 1 and f"town={tw.town.pk}" in held.url and "state=held" in held.url
    practices = next(e for e in mine["character"] if e.source == "practices.adoption")
    assert p.name in practices.label
    assert not any(e.source == "performance.assessment" for e in found[world.b.town.pk]["assessment"])
    # Submitted: the evidence is kept; a record added later does not change it.
    s = tw.objects["practices.sixhaves"]
    with on(DAY), scopes_disabled():
        services.sixhaves_budget_set(assessment=s, budget=10, actor=staff)
        for key in SIX_HAVES:
            services.sixhaves_item_save(assessment=s, key=key, confirmed=True, actor=staff)
        services.sixhaves_submit(assessment=s, actor=staff)
        s.refresh_from_db()
        before = {i.key: i.evidence for i in queries.sixhaves_items(assessment=s)}
    held_activity(tw.town, staff, tw.objects["registry.person"], dt.date(YEAR, 4, 8), topic="再次检查")
    with on(DAY), scopes_disabled():
        after = {i.key: i.evidence for i in queries.sixhaves_items(assessment=s)}
        live = sixhaves_evidence(town_ids=[tw.town.pk], year=YEAR)[tw.town.pk]["character"]
    assert after == before
    assert next(e for e in live if e.source == "oversight.activity").count == held.count + 1


def test_the_dashboard_figure_counts_the_submitted_ones(world):
    tw = world.b
    staff = tw.users["town_staff"]
    s = tw.objects["practices.sixhaves"]
    ids = [world.a.town.pk, tw.town.pk]
    with on(DAY), scopes_disabled():
        before = figures.year_counts(town_ids=ids, year=s.year, today=DAY)
        services.sixhaves_budget_set(assessment=s, budget=8, actor=staff)
        for key in SIX_HAVES:
            services.sixhaves_item_save(assessment=s, key=key, confirmed=True, actor=staff)
        services.sixhaves_submit(assessment=s, actor=staff)
        after = figures.year_counts(town_ids=ids, year=s.year, today=DAY)
    assert before[tw.town.pk] == {"opened": 1, "submitted": 0}
    assert after[tw.town.pk] == {"opened": 1, "submitted": 1}
    assert after[world.a.town.pk] == before[world.a.town.pk]
