"""The supervision log's API (督办记录): `GET/POST /suggestions/{pk}/supervision`, the page's rules."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form
from ninja.files import UploadedFile

from renda.core.types import Id

from . import queries, services
from .api import S, router
from .schemas_supervision import SupervisionEntryOut, SupervisionIn, supervision_entry_out


@router.get("/{pk}/supervision", response=list[SupervisionEntryOut], openapi_extra=S)
def suggestion_supervision(request, pk: Id):
    """The supervision log, newest first: for everyone who may see the suggestion."""
    s = queries.suggestion_get_for(user=request.user, pk=pk)
    return [supervision_entry_out(e) for e in queries.supervision_entries_of(suggestion=s)]


@router.post("/{pk}/supervision", response={201: SupervisionEntryOut}, openapi_extra=S)
def suggestion_supervision_record(
    request, pk: Id, payload: Form[SupervisionIn], attachment: File[UploadedFile | None] = None
):
    """Record a supervision step (multipart: the fields and an optional attachment). A supervisor of the key
    suggestion records their own; town staff name `supervisor_id`."""
    s = queries.suggestion_get_for(user=request.user, pk=pk)
    supervisor = None
    if payload.supervisor_id:
        supervisor = queries.persons_in_town(town=s.town, ids=[payload.supervisor_id]).get(
            payload.supervisor_id
        )
        if supervisor is None:
            raise ValidationError({"supervisor_id": _("督办人不存在或不属于本镇（街道）")})
    e = services.supervision_entry_record(
        suggestion=s,
        kind=payload.kind or "",
        date=payload.date,  # None is refused by the service, next to the field
        notes=payload.notes,
        attachment=attachment,
        supervisor=supervisor,
        actor=request.user,
    )
    return 201, supervision_entry_out(e)
