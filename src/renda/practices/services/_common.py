"""What the practices services share: today, the locked row, the checked evidence file."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.errors import conflict_stale
from renda.core.uploads import DOCUMENTS, KINDS, UploadRefused, upload_check

from ..models import EvidenceFile


def _today() -> dt.date:
    return timezone.localdate()


def _locked(obj, version: int | None = None):
    locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    if version is not None and locked.version != version:
        raise conflict_stale()
    return locked


def _text(data: dict, name: str, limit: int = 5000) -> str:
    value = (data.get(name) or "").strip()
    if len(value) > limit:
        raise ValidationError({name: _("不超过 %(n)s 个字") % {"n": limit}})
    return value


def _file_save(*, town, upload, actor, code: str, subject, adoption=None, item=None) -> EvidenceFile:
    """Size, real type against the extension (core.uploads), the number of files; then the file and its audit
    row on `subject`."""
    limit = settings.RENDA["PRACTICE_FILE_MAX_BYTES"]
    try:
        real = upload_check(
            upload,
            kinds=DOCUMENTS,
            max_bytes=limit,
            message=_("只接受图片（JPG、PNG）、PDF 和 Word 文件，且扩展名须与文件内容一致"),
        )
    except UploadRefused as exc:
        raise ValidationError({"file": exc.messages}) from None
    owner = adoption if adoption is not None else item
    if owner.files.count() >= settings.RENDA["PRACTICE_FILE_MAX_FILES"]:
        raise ValidationError({"file": _("佐证材料数量已达上限")})
    f = EvidenceFile(
        town=town,
        adoption=adoption,
        item=item,
        name=upload.name[-200:],
        mime=KINDS[real].mime,
        size=upload.size,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    f.file.save(upload.name, upload, save=False)
    f.save()
    activity_record(code=code, actor=actor, subject=subject, data={"name": f.name})
    return f
