"""Roster import, the first step: read the workbook into rows (headers found, merged cells refused, limits kept)."""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from .columns import (
    COLUMNS,
    EXAMPLE_MARK,
    INDEX_HEADER,
    SHEET_TITLES,
    Problem,
    RosterError,
    RosterRow,
    as_text,
    column_header,
)

# --- reading the file ----------------------------------------------------------------------------


def read_bytes(file) -> bytes | None:
    limit = settings.RENDA["ROSTER_IMPORT_MAX_BYTES"]
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        size = getattr(file, "size", None)
        if size is not None and size > limit:
            return None
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    return None if len(data) > limit else data


def _is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _normalise_header(value: Any) -> str:
    return as_text(value).replace(" ", "").replace("\u3000", "").rstrip("*＊")


BAD_FILE = gettext_lazy("文件不是有效的 Excel（.xlsx）文件；旧版 .xls 文件请先在 Excel 中另存为 .xlsx")
# <mergeCell ref="B3:B5"/>, with or without a namespace prefix; the element sits after the sheet's data.
_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"(([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?)\""
)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Merged:
    ref: str
    first_row: int
    last_row: int
    first_column: int  # 1-based
    last_column: int


def _merged_ranges(wb, ws) -> list[Merged]:
    """The merged ranges of a read-only sheet (openpyxl's read-only mode does not read them): a streaming
    scan of the sheet's XML, a chunk at a time, whose size the zip check has already bounded."""
    found: list[Merged] = []
    tail = b""
    with wb._archive.open(ws._worksheet_path) as src:  # the sheet's part inside the (checked) zip
        while chunk := src.read(_CHUNK):
            buf = tail + chunk
            end = 0
            for m in _MERGE.finditer(buf):
                ref, c1, r1, c2, r2 = (g.decode().upper() if g else None for g in m.groups())
                found.append(
                    Merged(
                        ref,
                        int(r1),
                        int(r2 or r1),
                        column_index_from_string(c1),
                        column_index_from_string(c2 or c1),
                    )
                )
                end = m.end()
            tail = buf[max(end, len(buf) - 256) :]
    return found


def _sheet_rows(
    kind: str, data: bytes, errors: list[RosterError]
) -> tuple[list[tuple[int, tuple]], list[Merged]] | None:
    r = settings.RENDA
    max_rows, max_sheet_rows, max_columns = (
        r["ROSTER_IMPORT_MAX_ROWS"],
        r["ROSTER_IMPORT_MAX_SHEET_ROWS"],
        r["ROSTER_IMPORT_MAX_COLUMNS"],
    )
    too_tall = _("工作表超过 %(n)s 行（含空行），请删除多余的行，或分成几个文件导入") % {"n": max_sheet_rows}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # an uploaded file can fail to open in many ways; all mean "not an XLSX file"
        errors.append(RosterError(None, "", str(BAD_FILE)))
        return None
    try:
        title = SHEET_TITLES[kind]
        ws = wb[title] if title in wb.sheetnames else wb.worksheets[0]
        if (ws.max_row or 0) > max_sheet_rows:  # the sheet's declared size, read from its first bytes
            errors.append(RosterError(None, "", too_tall))
            return None
        merged = _merged_ranges(wb, ws)
        rows: list[tuple[int, tuple]] = []
        header_seen = False
        for number, values in enumerate(ws.iter_rows(max_col=max_columns, values_only=True), start=1):
            if number > max_sheet_rows:  # a sheet without a declared size: stop reading at the limit
                errors.append(RosterError(None, "", too_tall))
                return None
            if _is_blank(values):
                continue
            rows.append((number, values))
            if header_seen and len(rows) - 1 > max_rows:
                errors.append(
                    RosterError(None, "", _("数据超过 %(n)s 行，请分成几个文件导入") % {"n": max_rows})
                )
                return None
            header_seen = True
        return rows, merged
    finally:
        wb.close()


def _merge_errors(
    kind: str, merged: list[Merged], header_row: int, positions: dict[str, int]
) -> list[RosterError]:
    """A merged cell keeps its value in its first row only: the other rows would be imported blank."""
    headers = {i + 1: column_header(kind, key) or key for key, i in positions.items()}
    out = []
    for m in merged:
        if m.last_row <= header_row:  # a title above the header, or the header itself
            continue
        for col in range(m.first_column, m.last_column + 1):
            if col in headers:
                out.append(
                    RosterError(
                        max(m.first_row, header_row + 1),
                        headers[col],
                        _("单元格 %(ref)s 是合并单元格：合并后只有第一行有值，请取消合并并在每一行分别填写")
                        % {"ref": m.ref},
                    )
                )
                break
        else:
            out.append(
                RosterError(
                    max(m.first_row, header_row + 1),
                    "",
                    _("单元格 %(ref)s 是合并单元格，请取消合并") % {"ref": m.ref},
                )
            )
    return out


def _map_headers(kind: str, header_row: int, values: tuple, errors: list[RosterError]) -> dict[str, int]:
    known = {c.header: c for c in COLUMNS[kind]}
    positions: dict[str, int] = {}
    for i, raw in enumerate(values):
        header = _normalise_header(raw)
        if not header:
            continue
        if header in positions:
            errors.append(RosterError(header_row, header, _("列名重复")))
        elif header in known or header == INDEX_HEADER:
            positions[header] = i
        else:
            errors.append(RosterError(header_row, header, _("无法识别的列名")))
    for col in COLUMNS[kind]:
        if col.required and col.header not in positions:
            errors.append(RosterError(header_row, col.header, _("缺少必填列")))
    return {known[h].key: i for h, i in positions.items() if h in known} | (
        {INDEX_HEADER: positions[INDEX_HEADER]} if INDEX_HEADER in positions else {}
    )


def _find_header(kind: str, rows: list[tuple[int, tuple]]) -> int:
    """The header is the first of the first few rows that names a known column (a title may sit above)."""
    known = {c.header for c in COLUMNS[kind]}
    for i, (_number, values) in enumerate(rows[:5]):
        if any(_normalise_header(v) in known for v in values):
            return i
    return 0


def parse_rows(kind: str, data: bytes, errors: list[RosterError]) -> list[RosterRow]:
    sheet = _sheet_rows(kind, data, errors)
    if sheet is None:
        return []
    rows, merged = sheet
    if not rows:
        errors.append(RosterError(None, "", _("文件中没有数据")))
        return []
    h = _find_header(kind, rows)
    header_row, header_values = rows[h]
    positions = _map_headers(kind, header_row, header_values, errors)
    errors.extend(_merge_errors(kind, merged, header_row, positions))
    if errors:
        return []
    parsed: list[RosterRow] = []
    for number, values in rows[h + 1 :]:
        cell = dict(enumerate(values))
        if INDEX_HEADER in positions and as_text(cell.get(positions[INDEX_HEADER])) == EXAMPLE_MARK:
            continue
        out: dict[str, Any] = {}
        failed: set[str] = set()
        for col in COLUMNS[kind]:
            raw = cell.get(positions[col.key]) if col.key in positions else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if col.required:
                    errors.append(RosterError(number, col.header, _("必填项不能为空")))
                    failed.add(col.key)
                out[col.key] = None
                continue
            try:
                out[col.key] = col.parse(raw)
            except Problem as exc:
                errors.append(RosterError(number, col.header, str(exc)))
                failed.add(col.key)
                out[col.key] = None
        parsed.append(RosterRow(number, out, failed))
    if not parsed:
        errors.append(RosterError(None, "", _("文件中没有数据")))
    return parsed
