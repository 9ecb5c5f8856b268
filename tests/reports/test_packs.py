"""The year-end pack (issue 18): built as a background task from the records made through the services in two
towns, its DOCX opens in LibreOffice, its XLSX in openpyxl and its PDF in poppler with the dashboard's figures
(themselves checked against the records in test_dashboard); a town's staff build only their town's pack; a
double submit builds once; a year with no data gives zeros and empty charts; the list is a fixed number of
queries."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from helpers import docx_text_by_libreoffice
from renda.reports.documents import cell_text
from renda.reports.models import PackState, YearPack
from reports.test_dashboard import EXPECTED, LATER, YEAR, _cells, _work, on

PACKS = "/reports/packs/"


@pytest.fixture
def huey_immediate():
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = before


@pytest.fixture
def worked(world, client):
    from reports.test_dashboard import DAY

    world.before = _cells(client, world.district_x_staff)
    client.logout()
    with on(DAY):
        _work(world.a, submitted=2, closed=2, appeals=3, replied=1, items=2)
        _work(world.b, submitted=1, closed=0, appeals=2, replied=2, items=1)
    return world


def _build(client, django_capture_on_commit_callbacks, where, year=YEAR) -> YearPack:
    with scopes_disabled():  # test check
        known = set(YearPack.unscoped.values_list("pk", flat=True))
    with on(LATER), django_capture_on_commit_callbacks(execute=True):
        response = client.post(PACKS, {"where": where, "year": year})
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():  # test check
        (pack,) = YearPack.unscoped.exclude(pk__in=known)
        return pack


def _download(client, pack, kind) -> bytes:
    response = client.get(f"/reports/packs/{pack.pk}/{kind}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "page")], check=True, timeout=60
    )
    assert list(tmp_path.glob("page*.png"))  # poppler renders every page
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def test_the_district_pack_holds_the_figures_in_docx_xlsx_and_pdf(
    client, worked, huey_immediate, django_capture_on_commit_callbacks, tmp_path
):
    world = worked
    staff = world.district_x_staff
    client.force_login(staff)
    pack = _build(client, django_capture_on_commit_callbacks, f"district-{world.a.town.district_id}")
    assert (pack.state, pack.progress, pack.town_id, pack.created_by_id) == (
        PackState.READY,
        100,
        None,
        staff.pk,
    )
    with on(LATER):
        board = client.get("/reports/", {"year": YEAR}).context["board"]
    rows = {r.town.pk: r for r in board.rows}
    a, b = rows[world.a.town.pk], rows[world.b.town.pk]
    # The dashboard's figures are the records' (test_dashboard); spot-check two against the records here.
    before = world.before
    assert (
        a.cells["suggestions.proposed"].value
        == before[world.a.town.pk]["suggestions.proposed"] + EXPECTED["a"]["suggestions.proposed"]
    )
    assert b.cells["appeals.received"].value == before[world.b.town.pk]["appeals.received"] + 2

    wb = load_workbook(io.BytesIO(_download(client, pack, "xlsx")))
    modules = list(dict.fromkeys(m.module_label for m in board.measures))
    assert wb.sheetnames == [str(m) for m in modules]
    checked = 0
    for m in board.measures:
        ws = wb[str(m.module_label)]
        header = [c.value for c in ws[2]]
        line = next(
            r for r in ws.iter_rows(min_row=3, values_only=True) if str(r[0]).startswith(str(m.label))
        )
        for row in board.rows:
            assert line[header.index(row.town.name)] == cell_text(row.cells[m.key]), (m.key, row.town.name)
            checked += 1
        assert line[header.index("合计")] == cell_text(board.total.cells[m.key]), m.key
    assert checked == 2 * len(board.measures)

    text = docx_text_by_libreoffice(_download(client, pack, "docx"), tmp_path)
    assert f"人民代表大会主席团{YEAR}年度工作统计" in text
    for label in modules:
        assert str(label) in text
    assert world.a.town.name in text and world.b.town.name in text

    pdf = _pdf_text(_download(client, pack, "pdf"), tmp_path)
    assert f"{YEAR}年度工作统计" in pdf.replace(" ", "")
    flat = " ".join(pdf.split())
    proposed = [str(r.cells["suggestions.proposed"].value) for r in board.rows]
    total = str(board.total.cells["suggestions.proposed"].value)
    assert f"提出建议 {' '.join(proposed)} {total}" in flat


def test_town_staff_build_their_town_only(
    client, worked, huey_immediate, django_capture_on_commit_callbacks, tmp_path
):
    a, b = worked.a, worked.b
    client.force_login(b.users["town_staff"])
    b_pack = _build(client, django_capture_on_commit_callbacks, str(b.town.pk))
    client.force_login(a.users["town_staff"])
    with on(LATER):
        page = client.get(PACKS)
        assert page.status_code == 200
        assert [c[0] for c in page.context["form"].fields["where"].choices] == [str(a.town.pk)]
        refused = client.post(PACKS, {"where": str(b.town.pk), "year": YEAR})
        assert refused.status_code == 200 and refused.context["form"].errors
        refused = client.post(PACKS, {"where": f"district-{a.town.district_id}", "year": YEAR})
        assert refused.status_code == 200 and refused.context["form"].errors
        assert client.get(f"/reports/packs/{b_pack.pk}/docx/").status_code == 404
        assert client.get(f"/reports/packs/{b_pack.pk}/row/").status_code == 404
    pack = _build(client, django_capture_on_commit_callbacks, str(a.town.pk))
    assert pack.town_id == a.town.pk and pack.state == PackState.READY
    wb = load_workbook(io.BytesIO(_download(client, pack, "xlsx")))
    with on(LATER):
        board = client.get(f"/reports/towns/{a.town.pk}/", {"year": YEAR}).context["board"]
    ws = wb[wb.sheetnames[0]]
    assert [c.value for c in ws[2]] == ["指标", a.town.name]
    proposed = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "提出建议")
    assert proposed[1] == board.rows[0].cells["suggestions.proposed"].value
    with on(LATER):
        listed = client.get(PACKS).context["page"].object_list
    assert {p.town_id for p in listed} == {a.town.pk}  # never the other town's pack
    assert pack.pk in {p.pk for p in listed} and b_pack.pk not in {p.pk for p in listed}
    client.force_login(a.users["deputy"])
    assert client.get(PACKS).status_code == 403


def test_a_double_submit_queues_one_pack(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.a.users["town_staff"])
    with on(LATER), django_capture_on_commit_callbacks(execute=False):
        for _ in range(2):
            assert client.post(PACKS, {"where": str(world.a.town.pk), "year": YEAR}).status_code == 302
    with scopes_disabled():  # test check
        packs = list(YearPack.unscoped.filter(town=world.a.town, year=YEAR))
    assert len(packs) == 1 and packs[0].state == PackState.QUEUED
    with on(LATER):
        html = client.get(PACKS).content.decode()
    assert 'data-testid="pack-progress"' in html and "every 1s" in html  # polled while it is being built


def test_a_file_not_built_or_removed_sends_back_to_the_list_with_a_message(
    client, world, huey_immediate, django_capture_on_commit_callbacks
):
    client.force_login(world.a.users["town_staff"])
    with on(LATER), django_capture_on_commit_callbacks(execute=False):
        client.post(PACKS, {"where": str(world.a.town.pk), "year": YEAR})
    with scopes_disabled():  # test check
        queued = YearPack.unscoped.get(town=world.a.town, year=YEAR, state=PackState.QUEUED)
    response = client.get(f"/reports/packs/{queued.pk}/pdf/", follow=True)
    assert response.redirect_chain[-1][0] == PACKS and "该文件尚未生成" in response.content.decode()
    with scopes_disabled():  # a built pack whose file has since gone from the disk
        YearPack.unscoped.filter(pk=queued.pk).update(state=PackState.READY, docx="reports/gone.docx")
    response = client.get(f"/reports/packs/{queued.pk}/docx/", follow=True)
    assert response.redirect_chain[-1][0] == PACKS and "该文件已不存在" in response.content.decode()


def test_a_year_without_data_gives_zeros_and_empty_charts(
    client, world, huey_immediate, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(world.district_x_staff)
    with on(LATER):
        empty_year = client.get(PACKS).context["form"].fields["year"].choices[-1][0]
    pack = _build(
        client, django_capture_on_commit_callbacks, f"district-{world.a.town.district_id}", empty_year
    )
    assert pack.state == PackState.READY
    wb = load_workbook(io.BytesIO(_download(client, pack, "xlsx")))
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=3, values_only=True):
            assert all(v in (0, "—") for v in row[1:]), row
    pdf = _pdf_text(_download(client, pack, "pdf"), tmp_path)
    assert pdf.count("无数据") == len(wb.sheetnames)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(PACKS).status_code == 200
    return len(ctx.captured_queries)


def test_the_pack_list_uses_a_fixed_number_of_queries(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.district_x_staff)
    with on(LATER), django_capture_on_commit_callbacks(execute=False):
        client.post(PACKS, {"where": str(world.a.town.pk), "year": YEAR})
        client.get(PACKS)  # the message shown once
        few = _queries(client)
        client.post(PACKS, {"where": str(world.b.town.pk), "year": YEAR})
        client.post(PACKS, {"where": f"district-{world.a.town.district_id}", "year": YEAR})
        client.get(PACKS)
        many = _queries(client)
        assert len(client.get(PACKS).context["page"].object_list) >= 3
    assert few == many
