"""Publication (Deputies Law Art. 58): a town chooses the fields the public portal shows about its deputies;
ID numbers and phone numbers are refused when asked and never shown even when a setting holds them; the
public pages need no login, show only the town's deputies, and are rate-limited per client address."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django_scopes import scopes_disabled

from renda.performance import services
from renda.performance.models import PublicationSetting
from suggestions.helpers import on


@pytest.fixture
def world(shared_world, db):
    return shared_world


def test_id_and_phone_numbers_are_refused_and_never_published(client, world):
    tw = world.a
    person = tw.objects["registry.person"]
    staff = tw.users["town_staff"]
    with scopes_disabled():
        for asked in (["name", "phone"], ["name", "id_number"]):
            with pytest.raises(ValidationError, match="身份证号码、手机号码"):
                services.publication_set(town=tw.town, fields=asked, actor=staff)
        # Even a setting that holds them (written behind the service's back) publishes neither.
        PublicationSetting.objects.filter(town=tw.town).update(
            fields=["name", "phone", "id_number", "birth_date", "party", "summary", "lines", "points"]
        )
    client.force_login(staff)
    refused = client.put(
        "/api/v1/performance/publication", {"town_id": tw.town.pk, "fields": ["name", "phone"]},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 422
    client.logout()
    for url in (
        f"/p/deputies/?code={tw.town.code}&year=2025",
        f"/p/deputy/?code={tw.town.code}&id={person.pk}&year=2025",
    ):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert person.name in html
        assert person.phone not in html and person.id_number not in html
        assert person.phone[-4:] + "<" not in html and "手机" not in html and "身份证" not in html


def test_the_public_pages_show_only_the_chosen_fields_of_the_towns_deputies(client, world):
    tw, other = world.a, world.b
    person = tw.objects["registry.person"]
    with scopes_disabled():
        services.publication_set(town=tw.town, fields=["name", "electoral_district", "lines"],
                                 actor=tw.users["town_staff"])  # fmt: skip
    page = client.get(f"/p/deputies/?code={tw.town.code}&year=2025")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"id={person.pk}&year=2025" in html and "第一选区" in html
    assert other.objects["registry.person"].name not in html
    deputy = client.get(f"/p/deputy/?code={tw.town.code}&id={person.pk}&year=2025").content.decode()
    assert "视察农村道路交通安全" in deputy  # the group activity of the world, a line of the year
    assert "年度考核得分" not in deputy  # points not chosen
    # Another town's deputy is not found under this town's code.
    foreign = client.get(f"/p/deputy/?code={tw.town.code}&id={other.objects['registry.person'].pk}")
    assert foreign.status_code == 404
    with scopes_disabled():
        services.publication_set(town=tw.town, fields=["name"], published=False, actor=tw.users["town_staff"])
    assert person.name not in client.get(f"/p/deputies/?code={tw.town.code}").content.decode()


def test_staff_set_the_fields_on_their_page_linked_from_the_assessment(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    year_page = client.get(f"/performance/assessment/?town={tw.town.pk}").content.decode()
    assert f'href="/performance/publication/?town={tw.town.pk}"' in year_page
    form = client.get(f"/performance/publication/?town={tw.town.pk}")
    assert form.status_code == 200
    choices = [v for v, _label in form.context["form"].fields["publish"].choices]
    assert "phone" not in choices and "id_number" not in choices
    done = client.post(
        f"/performance/publication/?town={tw.town.pk}",
        {"town": tw.town.pk, "publish": ["name", "party", "points"], "published": "on",
         "version": form.context["form"].initial["version"]},
    )  # fmt: skip
    assert done.status_code == 302
    with scopes_disabled():
        assert PublicationSetting.objects.get(town=tw.town).fields == ["name", "party", "points"]
    client.force_login(tw.users["deputy"])
    assert client.get(f"/performance/publication/?town={tw.town.pk}").status_code == 403


@override_settings(RENDA_PUBLICATION_TEST=True)
def test_the_public_pages_are_rate_limited(client, world, settings):
    settings.RENDA = settings.RENDA | {"PUBLICATION_RATE_PER_IP": (3, 60)}
    url = f"/p/deputies/?code={world.a.town.code}"
    with on(dt.date(2026, 5, 4)):
        codes = [client.get(url, REMOTE_ADDR="203.0.113.9").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
