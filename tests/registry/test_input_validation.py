"""Bad data is refused where it enters (model validation used by the ModelForms, the API and the
services), and the exports survive bad data that is already stored."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from docx import Document
from openpyxl import load_workbook

from renda.registry.models import ElectoralDistrict, HandlingUnit, Person, Term


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.a.users["town_staff"])
    return client


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


# ---------------------------------------------------------------------------------------- terms


@pytest.mark.parametrize(
    ("start", "end"),
    [("2026-01-01", "2025-12-31"), ("0683-01-01", "0688-01-01"), ("2026-01-01", "0683-01-01")],
    ids=["end-before-start", "year-683", "end-in-683"],
)
def test_a_term_with_impossible_dates_is_refused(staff_client, world, start, end):
    response = _post(
        staff_client, "/api/v1/registry/terms", {"number": 30, "start_date": start, "end_date": end}
    )
    assert response.status_code == 422, response.content
    with scopes_disabled():
        assert not Term.objects.filter(town=world.a.town, number=30).exists()


def test_a_term_page_shows_the_date_error_in_chinese(staff_client, world):
    response = staff_client.post(
        reverse("registry:term-create"), {"number": 30, "start_date": "2026-01-01", "end_date": "2025-01-01"}
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_a_plausible_term_is_still_accepted(staff_client, world):
    response = _post(
        staff_client,
        "/api/v1/registry/terms",
        {"number": 30, "start_date": "2026-01-01", "end_date": "2030-12-31"},
    )
    assert response.status_code == 201, response.content


# ------------------------------------------------------------------------------ control characters


@pytest.mark.parametrize("name", ["承办\x0b单位", "承办\x00单位", "承办\t单位", "承办\n单位", "承办\x7f单位"])
def test_control_characters_in_a_name_are_refused(staff_client, world, name):
    response = _post(staff_client, "/api/v1/registry/handling-units", {"name": name, "kind": "station"})
    assert response.status_code == 422, response.content
    if "\x00" not in name:  # Django's own null-character check answers first, with its own message
        assert "控制字符" in response.json()["detail"][0]


def test_control_characters_in_a_suggestion_title_are_refused(staff_client, world):
    response = _post(
        staff_client,
        "/api/v1/suggestions",
        {
            "title": "关于\x0b河道的建议",
            "content": "内容",
            "town_id": world.a.town.pk,
            "signer_ids": [world.a.objects["registry.person"].pk],
        },
    )
    assert response.status_code == 422, response.content


def test_line_breaks_in_multi_line_text_are_kept(staff_client, world):
    response = _post(
        staff_client,
        "/api/v1/suggestions",
        {
            "title": "关于河道的建议",
            "content": "第一段。\r\n\t第二段。",
            "town_id": world.a.town.pk,
            "signer_ids": [world.a.objects["registry.person"].pk],
            "submit": False,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["content"] == "第一段。\r\n\t第二段。"


# ----------------------------------------------------------------------------------------- phone


@pytest.mark.parametrize("phone", ["not a phone", "123", "1381234567x", "０５１２"])
def test_a_contact_phone_that_is_no_phone_number_is_refused(staff_client, world, phone):
    response = _post(
        staff_client,
        "/api/v1/registry/handling-units",
        {"name": "水利站", "kind": "station", "contact_phone": phone},
    )
    assert response.status_code == 422, response.content
    assert "联系电话" in response.json()["detail"][0]


@pytest.mark.parametrize(
    "phone", ["13812345678", "0512-63451234", "051263451234", "63451234", "0512-63451234-801"]
)
def test_mobile_and_landline_contact_phones_are_accepted(staff_client, world, phone):
    response = _post(
        staff_client,
        "/api/v1/registry/handling-units",
        {"name": f"水利站{phone}", "kind": "station", "contact_phone": phone},
    )
    assert response.status_code == 201, response.content
    assert response.json()["contact_phone"] == phone


# ------------------------------------------------------------------------- exports of stored bad data


@pytest.fixture
def stored_control_characters(world):
    """Rows written before validation existed (or by hand): update() skips every check."""
    with scopes_disabled():
        unit = world.a.objects["registry.handlingunit"]
        HandlingUnit.objects.filter(pk=unit.pk).update(name="派出\x0b所", contact_name="王\x0c五")
        Person.objects.filter(pk=world.a.objects["registry.person"].pk).update(name="张\x0b三")
        ElectoralDistrict.objects.filter(town=world.a.town).update(name="第一\x0b选区")
    return unit


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _xlsx_values(content: bytes) -> list:
    wb = load_workbook(io.BytesIO(content))
    return [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def test_the_yearly_report_exports_survive_a_stored_control_character(
    staff_client, world, stored_control_characters
):
    year = world.a.objects["suggestions.suggestion"].year
    query = {"town": world.a.town.pk, "year": year}
    docx = staff_client.get(reverse("suggestions:report-docx"), query)
    assert docx.status_code == 200
    assert "派出所" in _docx_text(_body(docx))
    xlsx = staff_client.get(reverse("suggestions:report-xlsx"), query)
    assert xlsx.status_code == 200
    assert "派出所" in _xlsx_values(_body(xlsx))
    api = {"town_id": world.a.town.pk, "year": year}
    assert staff_client.get("/api/v1/suggestions/report.docx", api).status_code == 200
    assert staff_client.get("/api/v1/suggestions/report.xlsx", api).status_code == 200


@pytest.mark.parametrize("kind", ["handling_units", "deputies", "electoral_districts"])
def test_the_roster_export_survives_a_stored_control_character(
    staff_client, world, stored_control_characters, kind
):
    response = staff_client.get("/api/v1/registry/roster/export", {"kind": kind, "town": world.a.town.pk})
    assert response.status_code == 200, response.content[:300]
    values = _xlsx_values(_body(response))
    expected = {"handling_units": "派出所", "deputies": "张三", "electoral_districts": "第一选区"}[kind]
    assert expected in values
    assert not any(isinstance(v, str) and "\x0b" in v for v in values)
