"""Roster (花名册) import and export through the API: template, import (multipart) and export."""

from __future__ import annotations

import io

from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from renda.core.types import Id

from .roster import (
    XLSX_CONTENT_TYPE,
    RosterKind,
    roster_export,
    roster_filename,
    roster_import,
    roster_template,
    roster_town_for,
)

router = Router(tags=["roster"])


class RosterErrorOut(Schema):
    row: int | None
    column: str
    reason: str


class RosterImportOut(Schema):
    kind: str
    town: int
    rows: int
    counts: dict[str, int]


class RosterErrorsOut(Schema):
    detail: str
    errors: list[RosterErrorOut]


class Message(Schema):
    detail: str


def _xlsx(data: bytes, filename: str) -> FileResponse:
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


@router.get("/template", summary="Download a roster template (XLSX)")
def roster_template_get(request, kind: RosterKind, town: Id | None = None):
    """An empty roster: header, one example row, drop-down lists and a 说明 sheet. With `town`, the
    说明 sheet also lists that town's villages and electoral districts."""
    town_obj = roster_town_for(user=request.user, pk=town) if town is not None else None
    return _xlsx(roster_template(kind=kind, town=town_obj), roster_filename(kind=kind, template=True))


@router.post(
    "/import",
    response={200: RosterImportOut, 403: Message, 404: Message, 422: RosterErrorsOut},
    summary="Import a roster (XLSX): all rows or none",
)
def roster_import_post(request, kind: Form[RosterKind], town: Form[Id], file: File[UploadedFile]):
    """The whole file is checked first; on any problem nothing is saved and every bad row is listed."""
    town_obj = roster_town_for(user=request.user, pk=town)
    result = roster_import(town=town_obj, kind=kind, file=file, actor=request.user)
    if not result.ok:
        return 422, {
            "detail": _("未导入任何数据：文件中有 %(n)s 个问题") % {"n": len(result.errors)},
            "errors": [e.as_dict() for e in result.errors],
        }
    return 200, {
        "kind": str(result.kind),
        "town": town_obj.pk,
        "rows": len(result.rows),
        "counts": result.counts,
    }


@router.get("/export", summary="Export a roster (XLSX)")
def roster_export_get(request, kind: RosterKind, town: Id, masked: bool = False):
    """The town's current roster in the import columns. Unmasked ID and phone numbers are logged."""
    town_obj = roster_town_for(user=request.user, pk=town)
    data = roster_export(town=town_obj, kind=kind, unmasked=not masked, actor=request.user)
    return _xlsx(data, roster_filename(kind=kind, town=town_obj))
