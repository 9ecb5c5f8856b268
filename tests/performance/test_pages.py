"""Performance pages and API: my record (each line a link that opens), the lists with a fixed number of
queries, the yearly report DOCX opened in LibreOffice, the rules form refused for an assessed year, the API."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from docx import Document

from congress.helpers import add_deputies
from renda.performance import services
from suggestions.helpers import on


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _duties(tw, n: int) -> None:
    with scopes_disabled(), on(dt.date(2025, 8, 1)):
        for i in range(n):
            services.duty_enter(
                person=tw.objects["registry.person"],
                data={"kind": "other", "date": dt.date(2025, 7, 1 + i), "title": f"走访选民{i}"},
                actor=tw.users["town_staff"],
            )


def test_my_record_lists_every_line_as_a_link_that_opens(client, world):
    tw = world.a
    client.force_login(tw.users["deputy"])
    response = client.get("/performance/mine/?year=2025")
    assert response.status_code == 200
    html = response.content.decode()
    lines = response.context["record"].lines
    assert lines, "the world's deputy attended a session and an activity in 2025"
    for line in lines:
        assert f'href="{line.url}"' in html
        assert client.get(line.url).status_code == 200, line


@pytest.mark.parametrize("role", ["town_staff", "deputy", "presidium"])
def test_duty_list_uses_a_fixed_number_of_queries(client, world, role):
    client.force_login(world.a.users[role])
    few = _count(client, "/performance/duties/")
    _duties(world.a, 3)
    _duties(world.b, 2)
    assert _count(client, "/performance/duties/") == few


def test_ranking_uses_a_fixed_number_of_queries(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    few = _count(client, tw.objects["performance.assessment"].get_absolute_url())
    with scopes_disabled():
        add_deputies(tw, 3)
        bigger = services.assessment_run(town=tw.town, year=2023, actor=tw.users["town_staff"])
        assert bigger.scores.count() == tw.objects["performance.assessment"].scores.count() + 3
    assert _count(client, bigger.get_absolute_url()) == few


def test_record_page_uses_a_fixed_number_of_queries(client, world):
    tw = world.a
    client.force_login(tw.users["deputy"])
    few = _count(client, "/performance/mine/?year=2025")
    _duties(tw, 3)
    with scopes_disabled():
        from renda.performance.models import OtherDuty

        for d in OtherDuty.objects.filter(town=tw.town, state="entered"):
            services.duty_confirm(duty=d, actor=tw.users["town_staff"])
    assert _count(client, "/performance/mine/?year=2025") == few


def test_confirm_page_step_and_own_duty_refused(client, world):
    tw = world.a
    duty = tw.objects["performance.otherduty"]
    client.force_login(tw.users["deputy"])
    page = client.get(duty.get_absolute_url()).content.decode()
    assert "/confirm/" not in page  # a deputy is never offered to confirm their own
    assert (
        client.post(f"/performance/duties/{duty.pk}/confirm/", {"version": duty.version}).status_code == 302
    )
    duty.refresh_from_db()
    assert duty.state == "entered"
    client.force_login(tw.users["town_staff"])
    response = client.post(f"/performance/duties/{duty.pk}/confirm/", {"version": duty.version})
    assert "已确认履职事项" in [str(m) for m in get_messages(response.wsgi_request)]
    duty.refresh_from_db()
    assert duty.state == "confirmed"


def test_rules_of_an_assessed_year_are_refused_on_the_page_and_the_api(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    url = f"/performance/assessment/rules/?town={tw.town.pk}&year=2024"
    form = client.get(url).context["form"]
    data = {"town": tw.town.pk}
    for name, field in form.fields.items():
        if field.initial is not None:
            data[name] = field.initial
    data["points__congress__attended"] = "9"
    response = client.post(url, data)
    assert response.status_code == 200
    assert any("已完成考核" in str(m) for m in get_messages(response.wsgi_request))
    assert tw.objects["performance.assessment"].rules["congress.attended"]["points"] == 5
    api = client.put(
        "/api/v1/performance/rules",
        {"town_id": tw.town.pk, "year": 2024, "rules": {"congress.attended": {"points": 9}}},
        content_type="application/json",
    )
    assert api.status_code == 409
    ok = client.put(
        "/api/v1/performance/rules",
        {"town_id": tw.town.pk, "year": 2025, "rules": {"congress.attended": {"points": 9}}},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["rules"]["congress.attended"]["points"] == 9


def test_api_record_and_duty_steps(client, world):
    tw = world.a
    person = tw.objects["registry.person"]
    client.force_login(tw.users["deputy"])
    record = client.get(f"/api/v1/performance/records/{person.pk}?year=2025").json()
    assert record["lines"] and all(line["url"].startswith("/") for line in record["lines"])
    created = client.post(
        "/api/v1/performance/duties",
        {"person_id": person.pk, "kind": "training", "date": "2025-03-01", "title": "参加培训"},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert (
        client.post(
            f"/api/v1/performance/duties/{pk}/confirm", {}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(tw.users["town_staff"])
    confirmed = client.post(f"/api/v1/performance/duties/{pk}/confirm", {}, content_type="application/json")
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "confirmed"
    again = client.post(f"/api/v1/performance/duties/{pk}/confirm", {}, content_type="application/json")
    assert again.status_code == 409
    score = tw.objects["performance.assessmentscore"]
    corrected = client.post(
        f"/api/v1/performance/scores/{score.pk}/correct",
        {"delta": 2, "reason": "补录"},
        content_type="application/json",
    )
    assert corrected.status_code == 200
    assert corrected.json()["total"] == float(score.total) + 2
    assert corrected.json()["corrections"][0]["reason"] == "补录"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_yearly_report_docx_opens_in_libreoffice_and_holds_the_lines(client, world, tmp_path):
    tw = world.a
    person = tw.objects["registry.person"]
    client.force_login(tw.users["town_staff"])
    record = client.get(f"/performance/persons/{person.pk}/?year=2025").context["record"]
    response = client.get(f"/performance/persons/{person.pk}/report/?year=2025")
    assert response.status_code == 200
    data = response.content
    text = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert text[0] == f"{person.name}代表2025年度履职报告"
    for line in record.lines:
        assert any(line.label in t for t in text), line.label
    assert any("尚未考核" in t for t in text)
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
