"""Crafted files for the upload checks (issue 11), generated on the fly: nothing hostile is committed.

`xlsx_with_sheet` takes a real workbook and replaces its first sheet's XML with the given parts, streamed
into the zip so a sheet that expands to hundreds of megabytes never sits in memory here either."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook

SHEET_PATH = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _deflated(name: str, level: int = 9) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = level  # ZipFile.open(info, "w") takes the level from the info
    return info


def _base_workbook() -> bytes:
    wb = Workbook()
    wb.active.append(["名称", "类型"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_with_sheet(
    parts: Iterable[bytes], *, level: int = 9, extra: dict[str, bytes] | None = None
) -> bytes:
    """A valid XLSX whose first sheet's XML is the concatenation of `parts`."""
    base = zipfile.ZipFile(io.BytesIO(_base_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for info in base.infolist():
            if info.filename == SHEET_PATH:
                with z.open(_deflated(SHEET_PATH, level), "w", force_zip64=True) as dst:
                    for part in parts:
                        dst.write(part)
            else:
                z.writestr(info, base.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def bomb_parts(expanded_bytes: int) -> Iterable[bytes]:
    """Sheet XML expanding to about `expanded_bytes`: a header row, then the same row over and over."""
    yield SHEET_HEAD + b"<sheetData>"
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 200 + b"</t></is></c></row>"
    block = row * (1024 * 1024 // len(row))
    for _ in range(max(expanded_bytes // len(block), 1)):
        yield block
    yield b"</sheetData></worksheet>"


def xlsx_bomb(expanded_bytes: int) -> bytes:
    return xlsx_with_sheet(bomb_parts(expanded_bytes))


def xlsx_declared_huge() -> bytes:
    """A tiny sheet that declares the whole Excel grid (A1:XFD1048576) as its size."""
    return xlsx_with_sheet(
        [
            SHEET_HEAD,
            b'<dimension ref="A1:XFD1048576"/><sheetData>',
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\x90\x8d\xe7\xa7\xb0</t></is></c></row>',
            b"</sheetData></worksheet>",
        ]
    )


def xlsx_many_empty_rows(rows: int) -> bytes:
    """No declared size, and `rows` present but empty rows."""
    return xlsx_with_sheet(
        [SHEET_HEAD, b"<sheetData>"]
        + [
            b"".join(b'<row r="%d"/>' % n for n in range(start, min(start + 1000, rows + 1)))
            for start in range(1, rows + 1, 1000)
        ]
        + [b"</sheetData></worksheet>"]
    )


def docx_bomb(expanded_bytes: int) -> bytes:
    """A DOCX-shaped zip (content types and a word/ part) whose document expands to `expanded_bytes`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open(_deflated("word/document.xml"), "w", force_zip64=True) as dst:
            block = b"<w:p/>" * (1024 * 1024 // 6)
            for _ in range(max(expanded_bytes // len(block), 1)):
                dst.write(block)
    return out.getvalue()


def deputies_roster(rows: int, *, town_level: int, village: str, first_ed: int = 1) -> bytes:
    """A valid deputies roster of `rows` rows: the first `town_level` rows are town deputies spread three to an
    electoral district numbered from `first_ed`, the rest district deputies; every ID number is distinct."""
    import datetime as dt

    from openpyxl import Workbook

    from renda.registry.roster import COLUMNS, RosterKind
    from renda.registry.validators import id_check_digit

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("代表花名册")
    ws.append(["序号"] + [c.header for c in COLUMNS[RosterKind.DEPUTIES]])
    for i in range(rows):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=i // 900)
        first17 = f"320509{birth:%Y%m%d}{i % 900 + 100:03d}"
        town = i < town_level
        ws.append(
            [
                i + 1,
                f"代表{i:05d}",
                "男" if i % 2 else "女",
                birth,
                "汉族",
                "群众",
                first17 + id_check_digit(first17),
                f"139{i:08d}",
                "农民",
                "某村村委会",
                "农业",
                village,
                "镇级" if town else "区级",
                first_ed + i // 3 if town else None,
                "" if town else "第十七届",
                dt.date(2022, 1, 1),
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
