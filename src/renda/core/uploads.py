"""Uploads are checked before anything parses them whole (issue 11).

Every upload path (roster import, suggestion attachments and reply letters, appeal photos, session
documents) calls `upload_check`: the size, the real type from the first bytes (never the name) against the
extension, and for the zip-based Office formats (DOCX, XLSX) the zip's central directory: how many members,
their total uncompressed size and their compression ratio. The central directory is a few kilobytes at the end
of the file, so a zip bomb is refused in milliseconds without inflating a byte of it. Python's `zipfile` (which
openpyxl and python-docx read through) never inflates a member past its declared size, so the declared sizes
checked here bound what any later parser can see.

The limits are `settings.RENDA["UPLOAD_*"]`; every refusal is a `ValidationError` with a Chinese message.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Kind:
    mime: str
    label: str
    zipped: bool = False


KINDS = {
    "pdf": Kind("application/pdf", "PDF"),
    "png": Kind("image/png", "PNG"),
    "jpg": Kind("image/jpeg", "JPEG"),
    "webp": Kind("image/webp", "WebP"),
    "doc": Kind("application/msword", "Word"),
    "docx": Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word", True),
    "xlsx": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", True),
}
IMAGES = ("jpg", "png", "webp")
DOCUMENTS = ("pdf", "jpg", "png", "docx", "doc")
EXTENSION_ALIASES = {"jpeg": "jpg"}
ZIP_MAGIC = b"PK\x03\x04"

TOO_LARGE = gettext_lazy("文件过大（上限 %(size)s）")
WRONG_TYPE = gettext_lazy("只接受 %(kinds)s 文件，且扩展名须与文件内容一致")


class UploadRefused(ValidationError):
    """An upload refused before it was parsed; `reason` says which check refused it."""

    def __init__(self, message, *, reason: str):
        super().__init__(message, code=reason)
        self.reason = reason


def _limits() -> dict:
    return settings.RENDA


def upload_size(f) -> int:
    if isinstance(f, bytes | bytearray):
        return len(f)
    size = getattr(f, "size", None)
    if size is not None:
        return size
    pos = f.tell()
    f.seek(0, io.SEEK_END)
    end = f.tell()
    f.seek(pos)
    return end


def _stream(f):
    """A seekable binary stream over the upload (bytes are wrapped), rewound to the start."""
    if isinstance(f, bytes | bytearray):
        return io.BytesIO(f)
    f.seek(0)
    return f


def upload_extension(name: str) -> str:
    ext = (name.rsplit(".", 1)[-1] if "." in (name or "") else "").lower()
    return EXTENSION_ALIASES.get(ext, ext)


def _zip_names(stream) -> list[str] | None:
    try:
        with zipfile.ZipFile(stream) as z:
            return z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        stream.seek(0)


def sniff(head: bytes, data_reader=None) -> str | None:
    """The real type of a file from its first bytes (and, for a zip, its member names): a key of KINDS."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(ZIP_MAGIC) and data_reader is not None:
        names = _zip_names(_stream(data_reader))
        if names is None or "[Content_Types].xml" not in names:
            return None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    return None


def zip_check(f) -> None:
    """Refuse a zip whose members would expand past the configured size, number or compression ratio.

    Reads only the central directory; nothing is inflated."""
    r = _limits()
    max_total, max_ratio, max_members = (
        r["UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES"],
        r["UPLOAD_ZIP_MAX_RATIO"],
        r["UPLOAD_ZIP_MAX_MEMBERS"],
    )
    stream = _stream(f)
    try:
        with zipfile.ZipFile(stream) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UploadRefused(_("文件已损坏，无法读取"), reason="corrupt") from None
    finally:
        stream.seek(0)
    if len(infos) > max_members:
        raise UploadRefused(
            _("压缩文件包含 %(n)s 个部件，超过上限 %(max)s，已拒绝") % {"n": len(infos), "max": max_members},
            reason="members",
        )
    total = sum(i.file_size for i in infos)
    if total > max_total:
        raise UploadRefused(
            _("文件解压后达 %(size)s，超过上限 %(max)s，可能是恶意构造的文件，已拒绝")
            % {"size": filesizeformat(total), "max": filesizeformat(max_total)},
            reason="expanded",
        )
    packed = sum(i.compress_size for i in infos)
    if total > r["UPLOAD_ZIP_RATIO_FROM_BYTES"] and total > max_ratio * max(packed, 1):
        raise UploadRefused(
            _("文件压缩比超过 %(ratio)s 倍，可能是恶意构造的文件，已拒绝") % {"ratio": max_ratio},
            reason="ratio",
        )


def upload_check(f, *, kinds: tuple[str, ...], max_bytes: int, name: str | None = None, message=None) -> str:
    """Check an upload (a file object or bytes) and answer its real kind, a key of KINDS.

    Refused: larger than `max_bytes`; not one of `kinds` by its first bytes; an extension (from `name`, else
    the file's own name) other than what the content is; a zip-based format that would expand too far.
    `message` replaces the default "wrong type" message."""
    size = upload_size(f)
    if size > max_bytes:
        raise UploadRefused(TOO_LARGE % {"size": filesizeformat(max_bytes)}, reason="size")
    stream = _stream(f)
    head = stream.read(16)
    stream.seek(0)
    wrong = message or WRONG_TYPE % {"kinds": "、".join(dict.fromkeys(KINDS[k].label for k in kinds))}
    if head.startswith(ZIP_MAGIC) and any(KINDS[k].zipped for k in kinds):
        zip_check(stream)  # before the member names are read, even
    kind = sniff(head, stream)
    if kind not in kinds:
        raise UploadRefused(wrong, reason="type")
    name = name if name is not None else getattr(f, "name", None)
    if name is not None and upload_extension(name) != kind:
        raise UploadRefused(wrong, reason="extension")
    stream.seek(0)
    return kind


def uploads_check(
    files: list,
    *,
    max_count: int,
    kinds: tuple[str, ...],
    max_bytes: int,
    field: str = "files",
    too_many=None,
    too_large=None,
    wrong_type=None,
) -> None:
    """A list of uploads (one form field): at most `max_count` of them, each within `max_bytes` and of one of
    `kinds` by its content (`upload_check`). Refusals are a ValidationError on `field`; the messages can be the
    caller's own (`too_many`, `too_large`, `wrong_type`)."""
    if len(files) > max_count:
        raise ValidationError({field: too_many or _("最多上传 %(n)s 个文件") % {"n": max_count}})
    for f in files:
        if upload_size(f) > max_bytes:
            raise ValidationError({field: too_large or TOO_LARGE % {"size": filesizeformat(max_bytes)}})
        try:
            upload_check(f, kinds=kinds, max_bytes=max_bytes, message=wrong_type)
        except UploadRefused as exc:
            raise ValidationError({field: exc.messages}) from None
