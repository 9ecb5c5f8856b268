"""Registry pages: lists with filters, search and pagination in a fixed number of queries; create, edit and
end through the forms; history tab; masked personal data with a logged reveal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from renda.core.actors import SYSTEM
from renda.core.models import ActivityLog
from renda.registry import services as reg
from renda.registry.enums import Level, MandateStatus
from renda.registry.models import Mandate, Person
from renda.registry.resources import RESOURCES

LIST_URLS = [pytest.param(r.url_segment, id=r.key) for r in RESOURCES] + [
    pytest.param("district", id="district-overview")
]


def _add_people(town_world, n: int) -> None:
    tw = town_world
    with scopes_disabled():  # test set-up
        term = tw.objects["registry.term"]
        for i in range(n):
            ed = reg.electoral_district_create(
                town=tw.town,
                data={"term": term, "number": 100 + i, "name": f"加选区{i}", "seats": 1},
                actor=SYSTEM,
            )
            p = reg.person_create(town=tw.town, data={"name": f"代表{i:02d}"}, actor=SYSTEM)
            reg.mandate_create(
                town=tw.town,
                data={
                    "person": p,
                    "level": Level.TOWN,
                    "electoral_district": ed,
                    "start_date": dt.date(2022, 1, 1),
                },
                actor=SYSTEM,
            )
            reg.deputy_group_create(
                town=tw.town, data={"name": f"小组{i}", "members": [p], "leader": p}, actor=SYSTEM
            )
            reg.liaison_post_create(
                town=tw.town,
                data={"kind": "home", "name": f"站点{i}", "electoral_districts": [ed]},
                actor=SYSTEM,
            )


@pytest.mark.parametrize("segment", LIST_URLS)
def test_list_pages_use_a_fixed_number_of_queries(client, world, segment):
    """The query count of a list page does not grow with its rows."""
    client.force_login(world.district_x_staff)
    url = f"/registry/{segment}/"
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_people(world.a, 6)
    _add_people(world.b, 6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_list_filters_search_and_paginate(client, world, settings):
    settings.RENDA = {**settings.RENDA, "PAGE_SIZE": 5}
    _add_people(world.a, 7)
    client.force_login(world.a.users["town_staff"])
    page1 = client.get("/registry/mandates/", {"level": "town", "status": "serving"})
    assert page1.context["page"].paginator.count == 8
    assert len(page1.context["rows"]) == 5
    page2 = client.get("/registry/mandates/", {"level": "town", "status": "serving", "page": 2})
    assert len(page2.context["rows"]) == 3
    found = client.get("/registry/mandates/", {"q": "代表03"})
    assert [obj.person.name for obj, _ in found.context["rows"]] == ["代表03"]
    none = client.get("/registry/mandates/", {"level": "district"})
    assert none.context["page"].paginator.count == 0


def test_town_staff_create_edit_and_end_through_pages(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    response = client.post(
        "/registry/persons/new/",
        {"name": "钱七", "gender": "female", "id_number": "11010519491231002X", "phone": "13912345678"},
    )
    assert response.status_code == 302
    with scopes_disabled():  # test inspection
        person = Person.objects.get(name="钱七")
    assert (person.town, person.id_number, person.phone) == (tw.town, "11010519491231002X", "13912345678")

    bad = client.post("/registry/persons/new/", {"name": "孙八", "id_number": "110105194912310021"})
    assert "身份证号校验位不正确" in bad.content.decode()

    ed = tw.objects["registry.electoraldistrict"]
    response = client.post(
        "/registry/mandates/new/",
        {"person": person.pk, "level": "town", "electoral_district": ed.pk, "start_date": "2024-03-01"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        mandate = Mandate.objects.get(person=person)
    response = client.post(
        f"/registry/mandates/{mandate.pk}/end/",
        {"status": "resigned", "end_date": "2025-06-30", "reason": "迁居外地"},
    )
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert (mandate.status, mandate.end_date, mandate.end_reason) == (
        MandateStatus.RESIGNED, dt.date(2025, 6, 30), "迁居外地"
    )  # fmt: skip
    again = client.post(
        f"/registry/mandates/{mandate.pk}/end/",
        {"status": "recalled", "end_date": "2025-07-01", "reason": "x"},
    )
    assert "该代表资格已终止" in again.content.decode()

    history = client.get(f"/registry/mandates/{mandate.pk}/history/").content.decode()
    assert "新增" in history and "终止" in history and tw.users["town_staff"].username in history


def test_deputy_cannot_edit(client, world):
    client.force_login(world.a.users["deputy"])
    group = world.a.objects["registry.deputygroup"]
    assert client.get(f"/registry/deputy-groups/{group.pk}/").status_code == 200
    assert client.get(f"/registry/deputy-groups/{group.pk}/edit/").status_code == 403
    assert client.get("/registry/deputy-groups/new/").status_code == 403


def test_district_staff_choose_the_town(client, world):
    client.force_login(world.district_x_staff)
    form = client.get("/registry/handling-units/new/")
    assert form.context["chooser"] is not None and form.context["town"] is None
    step2 = client.get("/registry/handling-units/new/", {"t-town": world.b.town.pk})
    assert step2.context["town"] == world.b.town
    response = client.post(
        "/registry/handling-units/new/", {"t-town": world.b.town.pk, "name": "盛泽供电所", "kind": "station"}
    )
    assert response.status_code == 302
    outside = client.post(
        "/registry/handling-units/new/", {"t-town": world.c.town.pk, "name": "甪直供电所", "kind": "station"}
    )
    assert outside.status_code == 200 and outside.context["town"] is None


def test_personal_data_is_masked_and_every_reveal_is_logged(client, world):
    person = world.a.objects["registry.person"]
    client.force_login(world.a.users["town_staff"])
    page = client.get(f"/registry/persons/{person.pk}/").content.decode()
    assert f"{person.phone[:3]}****{person.phone[-4:]}" in page
    assert person.phone not in page and person.id_number not in page
    api = client.get(f"/api/v1/registry/persons/{person.pk}").json()
    assert api["phone"] == f"{person.phone[:3]}****{person.phone[-4:]}"

    revealed = client.post(f"/registry/persons/{person.pk}/pii/").content.decode()
    assert person.id_number in revealed and person.phone in revealed
    with scopes_disabled():
        log = ActivityLog.unscoped.filter(code="person.pii_viewed").get()
    assert (log.actor, log.object_id) == (world.a.users["town_staff"], str(person.pk))

    client.force_login(world.a.users["deputy"])  # the deputy's own record, but not staff: no reveal
    assert client.post(f"/registry/persons/{person.pk}/pii/").status_code == 403


def test_coverage_checks_find_the_gaps(client, world):
    tw = world.a
    with scopes_disabled():  # test set-up
        lonely = reg.village_create(
            town=tw.town, data={"code": tw.town.code[:9] + "299", "name": "孤村"}, actor=SYSTEM
        )
        assert lonely.town == tw.town
        term = tw.objects["registry.term"]
        empty_ed = reg.electoral_district_create(
            town=tw.town,
            data={"term": term, "number": 9, "name": "空选区", "seats": 1, "villages": []},
            actor=SYSTEM,
        )
        vacant = reg.village_create(
            town=tw.town, data={"code": tw.town.code[:9] + "298", "name": "空村"}, actor=SYSTEM
        )
        empty_ed.villages.set([vacant])
    client.force_login(tw.users["town_staff"])
    data = client.get(f"/api/v1/registry/towns/{tw.town.pk}/coverage").json()
    assert [v["name"] for v in data["villages_without_electoral_district"]] == ["孤村"]
    assert [v["name"] for v in data["villages_without_serving_town_deputy"]] == ["空村"]
    assert [e["id"] for e in data["electoral_districts_without_liaison_post"]] == [empty_ed.pk]
    assert [g["id"] for g in data["deputy_groups_under_minimum"]] == [tw.objects["registry.deputygroup"].pk]
    assert data["presidium_problems"] == ["副主席应为 1 至 2 名，现有 0 名", "未设秘书"]
    page = client.get(f"/registry/towns/{tw.town.pk}/").content.decode()
    assert "孤村" in page and "空村" in page and "空选区" in page


def test_district_staff_keep_the_population_that_sets_the_congress_size(client, world):
    town = world.a.town
    client.force_login(world.a.users["town_staff"])
    assert client.get(f"/registry/towns/{town.pk}/edit/").status_code == 403
    client.force_login(world.district_x_staff)
    response = client.post(f"/registry/towns/{town.pk}/edit/", {"population": "90000"})
    assert response.status_code == 302
    town.refresh_from_db()
    assert town.population == 90000
    page = client.get(f"/registry/towns/{town.pk}/").content.decode()
    assert "法定上限 105 名" in page
    with scopes_disabled():
        log = ActivityLog.unscoped.get(code="town.updated")
    assert log.data == {"population": [60000, 90000]}
