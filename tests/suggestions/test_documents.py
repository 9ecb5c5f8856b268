"""The key-supervision notice and the yearly report: they open in LibreOffice and hold the right rows."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django_scopes import scopes_disabled
from docx import Document
from openpyxl import load_workbook

from renda.suggestions import documents, reports, services
from renda.suggestions.models import KeyNotice
from suggestions.helpers import drive, make_suggestion, on

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


def _opens_in_libreoffice(data: bytes, name: str, tmp_path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = path.with_suffix(".pdf")
    assert pdf.exists()
    assert pdf.read_bytes().startswith(b"%PDF")


def _cells(doc) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


def test_key_notice_and_yearly_report(world, tmp_path, client):
    tw = world.a
    staff = tw.users["town_staff"]
    with on(dt.date(2026, 3, 2)):
        a = drive(
            tw, make_suggestion(tw, "关于改造农贸市场的建议", "农贸市场设施陈旧"), "closed", outcome="A"
        )
        b = drive(
            tw,
            make_suggestion(tw, "关于增设路灯的建议", "村道夜间无照明"),
            "closed",
            outcome="B",
            planned=dt.date(2026, 9, 1),
        )
        with scopes_disabled():  # the yearly report before the notice's own item below is added
            report = reports.yearly(town=tw.town, year=2026)
            report_docx = documents.report_docx(report).getvalue()
            report_xlsx = documents.report_xlsx(report).getvalue()
        c = drive(tw, make_suggestion(tw, "关于修缮村级道路的建议", "村道破损"), "assigned")
        with scopes_disabled():  # test set-up
            for key in (a, c):  # a is closed: the notice leaves it out; c is being handled
                services.suggestion_key_set(
                    suggestion=key, is_key=True, supervisors=[tw.objects["registry.person"]], actor=staff
                )
            c.refresh_from_db()
            notice = services.key_notice_issue(
                town=tw.town, year=2026, deadline=dt.date(2026, 6, 30), actor=staff
            )
            data = documents.key_notice_docx(notice).getvalue()
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert notice.doc_number in text
    with scopes_disabled():  # test reads: the world issued its notice in the year it was built
        earlier = KeyNotice.objects.filter(town=tw.town, year=2026).exclude(pk=notice.pk).count()
    assert notice.doc_number == f"平望人发〔2026〕{earlier + 1}号"
    rows = _cells(doc)
    assert rows[0] == ["序号", "建议", "领衔代表", "主办单位", "督办人", "办理期限"]
    body = {r[1]: r for r in rows[1:]}
    assert f"{a.number} 关于改造农贸市场的建议" not in body  # closed: not on the notice
    row = body[f"{c.number} 关于修缮村级道路的建议"]
    assert c.due_date and c.due_date.isoformat() != "2026-06-30"
    assert row[3:] == [  # the item's own reply deadline, not the notice's
        tw.objects["registry.handlingunit"].name,
        tw.objects["registry.person"].name,
        c.due_date.isoformat(),
    ]
    with scopes_disabled():  # test reads: these and the world's own key suggestion if it was built in 2026
        keys = services.key_notice_items(town=tw.town, year=2026).count()
    assert len(rows) == 1 + keys and keys >= 1
    _opens_in_libreoffice(data, "notice.docx", tmp_path)

    rdoc = Document(io.BytesIO(report_docx))
    cells = _cells(rdoc)
    assert ["A 已解决或采纳", "1"] in cells
    assert ["B 正在解决或列入计划", "1"] in cells
    assert ["已办结", "2"] in cells
    _opens_in_libreoffice(report_docx, "report.docx", tmp_path)

    wb = load_workbook(io.BytesIO(report_xlsx))
    units = list(wb.worksheets[1].iter_rows(values_only=True))
    assert units[0][:4] == ("承办单位", "主办件数", "已答复", "按期答复")
    # the two of this test, and the world's own (led by the same unit, not replied) if it was built in 2026
    led = 2 + (tw.objects["suggestions.suggestion"].year == 2026)
    assert units[1][:4] == (tw.objects["registry.handlingunit"].name, led, 2, 2)
    summary = {r[0]: r[1] for r in wb.worksheets[0].iter_rows(values_only=True) if r and r[0]}
    assert summary["已办结"] == 2

    # Pages: the figures link back to the filtered list, and the list shows exactly those records.
    client.force_login(staff)
    page = client.get(f"/suggestions/report/?town={tw.town.pk}&year=2026").content.decode()
    link = f"/suggestions/?year=2026&amp;town={tw.town.pk}&amp;outcome_class=B"
    assert link in page
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert b.title in listed and a.title not in listed
    assert client.get(f"/suggestions/report.docx?town={tw.town.pk}&year=2026").status_code == 200
    assert client.get(f"/suggestions/key-notices/{notice.pk}/").status_code == 200
