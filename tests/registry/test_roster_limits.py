"""Roster imports are bounded (issue 11): a zip bomb or an oversized sheet is refused before openpyxl reads
its rows, with the process's memory checked; merged cells are an error; 5,000 rows import in one go.
Timings live in `bench/uploads.py`; these tests check the outcome and the memory."""

from __future__ import annotations

import io
import resource
import tracemalloc

import pytest
from openpyxl import Workbook

from core.crafted import deputies_roster, xlsx_bomb, xlsx_declared_huge, xlsx_many_empty_rows
from renda.core.actors import SYSTEM
from renda.core.models import ActivityLog
from renda.registry import services as reg
from renda.registry.models import Mandate, Person
from renda.registry.roster import (
    COLUMNS,
    RosterKind,
    parsing,
    roster_import,
    roster_template,
    roster_validate,
)

MB = 1024 * 1024
MEMORY_BOUND = 100 * MB


def errors_of(result) -> list[tuple]:
    return [(e.row, e.column, e.reason) for e in result.errors]


def _peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def measured(call):
    """Run `call`; answer its result, the Python heap's peak during it and the growth of the peak RSS."""
    rss_before = _peak_rss_bytes()
    tracemalloc.start()
    try:
        result = call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak, _peak_rss_bytes() - rss_before


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fail the test if the roster import hands the file to openpyxl."""

    def refuse(*args, **kwargs):
        raise AssertionError("the file reached openpyxl")

    monkeypatch.setattr(parsing, "load_workbook", refuse)


def test_a_zip_bomb_is_refused_from_its_directory_with_bounded_memory(world, unscoped, no_openpyxl):
    bomb = xlsx_bomb(120 * MB)  # a few hundred kilobytes on the wire
    assert len(bomb) < 2 * MB
    result, heap_peak, rss_growth = measured(
        lambda: roster_validate(town=world.a.town, kind="deputies", file=bomb)
    )
    [(row, column, reason)] = errors_of(result)
    assert (row, column) == (None, "")
    assert reason.startswith("文件解压后达 ")
    assert "可能是恶意构造的文件，已拒绝" in reason
    assert heap_peak < MEMORY_BOUND
    assert rss_growth < MEMORY_BOUND
    assert result.rows == []


def test_a_compression_ratio_past_the_limit_is_refused(world, unscoped, no_openpyxl):
    bomb = xlsx_bomb(20 * MB)  # under the size limit, but a ratio in the hundreds
    result = roster_validate(town=world.a.town, kind="deputies", file=bomb)
    assert errors_of(result) == [(None, "", "文件压缩比超过 100 倍，可能是恶意构造的文件，已拒绝")]


def test_a_sheet_declaring_the_whole_grid_is_refused_before_its_rows(world, unscoped):
    result, heap_peak, rss_growth = measured(
        lambda: roster_validate(town=world.a.town, kind="handling_units", file=xlsx_declared_huge())
    )
    assert errors_of(result) == [
        (None, "", "工作表超过 6000 行（含空行），请删除多余的行，或分成几个文件导入")
    ]
    assert heap_peak < MEMORY_BOUND
    assert rss_growth < MEMORY_BOUND


def test_a_sheet_of_empty_rows_stops_at_the_row_limit(world, unscoped, settings):
    settings.RENDA = {**settings.RENDA, "ROSTER_IMPORT_MAX_SHEET_ROWS": 50}
    result = roster_validate(town=world.a.town, kind="handling_units", file=xlsx_many_empty_rows(5000))
    assert errors_of(result) == [(None, "", "工作表超过 50 行（含空行），请删除多余的行，或分成几个文件导入")]


def test_a_file_that_is_not_a_workbook_is_refused_by_its_content(world, unscoped, no_openpyxl):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("代表.xlsx", b"%PDF-1.4\n" + b"0" * 100)
    result = roster_validate(town=world.a.town, kind="deputies", file=pdf)
    assert errors_of(result) == [
        (None, "", "文件不是有效的 Excel（.xlsx）文件；旧版 .xls 文件请先在 Excel 中另存为 .xlsx")
    ]


def _merged_roster(
    headers: list[str], rows: list[list], merges: list[str], title: str | None = None
) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_merged_cells_are_an_error_naming_the_cell_and_column(world, unscoped):
    tw = world.a
    headers = ["序号"] + [c.header for c in COLUMNS[RosterKind.DEPUTIES]]
    village_col = headers.index("所在村（社区）")  # 0-based: column L
    rows = []
    for i in range(3):
        row = [
            i + 1,
            f"代表{i}",
            "男",
            None,
            "汉族",
            "群众",
            "",
            "",
            "农民",
            "",
            "",
            None,
            "区级",
            None,
            "第十七届",
            "2022-01-01",
        ]
        rows.append(row)
    rows[0][village_col] = "平望镇一村"
    file = _merged_roster(headers, rows, ["L2:L4"], title="平望镇代表花名册")
    file_title_merged = _merged_roster(headers, rows[:1], ["A1:P1"], title="平望镇代表花名册")
    before = (Person.objects.count(), ActivityLog.unscoped.count())
    result = roster_import(town=tw.town, kind="deputies", file=file, actor=tw.users["town_staff"])
    assert errors_of(result) == [
        (
            3,
            "所在村（社区）",
            "单元格 L2:L4 是合并单元格：合并后只有第一行有值，请取消合并并在每一行分别填写",
        )
    ]
    assert result.imported is False
    assert (Person.objects.count(), ActivityLog.unscoped.count()) == before
    # A merged title above the header is not data: that file imports.
    ok = roster_import(town=tw.town, kind="deputies", file=file_title_merged, actor=tw.users["town_staff"])
    assert errors_of(ok) == []
    assert ok.counts == {"persons": 1, "mandates": 1}


def test_the_template_says_merged_cells_are_refused(world, unscoped):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(roster_template(kind="deputies")))
    notes = [c.value for c in wb["说明"]["A"] if c.value]
    assert "不要合并单元格：合并后只有第一行有值，含合并单元格的文件不会导入。" in notes


def test_five_thousand_deputies_import_in_one_go(world, unscoped):
    tw = world.a
    for number in range(2, 12):  # ten more districts of three seats for thirty town deputies
        reg.electoral_district_create(
            town=tw.town,
            data={
                "term": tw.objects["registry.term"],
                "number": number,
                "name": f"第{number}选区",
                "seats": 3,
            },
            actor=SYSTEM,
        )
    file = deputies_roster(5000, town_level=30, village=tw.objects["registry.village"].name, first_ed=2)
    persons, mandates, logs = Person.objects.count(), Mandate.objects.count(), ActivityLog.unscoped.count()
    result = roster_import(town=tw.town, kind="deputies", file=file, actor=tw.users["town_staff"])
    assert errors_of(result) == []
    assert result.counts == {"persons": 5000, "mandates": 5000}
    assert Person.objects.count() - persons == 5000
    assert Mandate.objects.count() - mandates == 5000
    assert Mandate.objects.filter(town=tw.town, level="town", electoral_district__number__gte=2).count() == 30
    assert (
        Mandate.objects.filter(town=tw.town, seat__isnull=False, electoral_district__number__gte=2).count()
        == 30
    )
    village = tw.objects["registry.village"]
    assert Person.objects.filter(town=tw.town, village=village, name__startswith="代表").count() == 5000
    # One audit row per person and per mandate, as the services write them, and one for the import.
    assert ActivityLog.unscoped.count() - logs == 10001
