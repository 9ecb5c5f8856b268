"""core.uploads (issue 11): the size, the real type against the extension, and the zip directory of the
Office formats, checked before anything parses the file; every upload path uses it."""

from __future__ import annotations

import io
import resource
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from core.crafted import docx_bomb, xlsx_bomb
from renda.core.uploads import DOCUMENTS, IMAGES, UploadRefused, upload_check

MB = 1024 * 1024
PDF = b"%PDF-1.4\n" + b"0" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"0" * 100


def _docx(members: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("word/document.xml", b"<w:document/>")
        for name, data in (members or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def reason(call) -> str:
    with pytest.raises(UploadRefused) as refused:
        call()
    return refused.value.reason


def test_the_real_type_must_be_allowed_and_match_the_extension():
    assert upload_check(SimpleUploadedFile("报告.pdf", PDF), kinds=DOCUMENTS, max_bytes=MB) == "pdf"
    assert (
        upload_check(SimpleUploadedFile("现场.JPEG", b"\xff\xd8\xff\xe0" + PDF), kinds=IMAGES, max_bytes=MB)
        == "jpg"
    )
    assert upload_check(SimpleUploadedFile("现场.webp", WEBP), kinds=IMAGES, max_bytes=MB) == "webp"
    assert upload_check(SimpleUploadedFile("答复.docx", _docx()), kinds=DOCUMENTS, max_bytes=MB) == "docx"
    assert reason(
        lambda: upload_check(SimpleUploadedFile("现场.pdf", PNG), kinds=DOCUMENTS, max_bytes=MB)
    ) == ("extension")
    assert reason(
        lambda: upload_check(SimpleUploadedFile("a.exe", b"MZ\x90\x00"), kinds=DOCUMENTS, max_bytes=MB)
    ) == ("type")
    assert (
        reason(lambda: upload_check(SimpleUploadedFile("a.pdf", PDF), kinds=IMAGES, max_bytes=MB)) == "type"
    )
    # A zip that is neither Word nor Excel is not a document.
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("a.txt", b"x")
    assert (
        reason(
            lambda: upload_check(
                SimpleUploadedFile("a.docx", plain_zip.getvalue()), kinds=DOCUMENTS, max_bytes=MB
            )
        )
        == "type"
    )
    with pytest.raises(UploadRefused) as refused:
        upload_check(SimpleUploadedFile("a.pdf", PDF), kinds=DOCUMENTS, max_bytes=10)
    assert refused.value.messages == ["文件过大（上限 10\xa0字节）"]
    with pytest.raises(ValidationError) as wrong:
        upload_check(SimpleUploadedFile("现场.pdf", PNG), kinds=DOCUMENTS, max_bytes=MB)
    assert wrong.value.messages == ["只接受 PDF、JPEG、PNG、Word 文件，且扩展名须与文件内容一致"]


def test_a_docx_bomb_is_refused_from_its_directory_with_bounded_memory():
    bomb = SimpleUploadedFile("答复函.docx", docx_bomb(120 * MB))
    assert bomb.size < 2 * MB
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    try:
        assert reason(lambda: upload_check(bomb, kinds=DOCUMENTS, max_bytes=10 * MB)) == "expanded"
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * MB
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before < 100 * MB


def test_ratio_and_member_count_limits(settings):
    assert reason(lambda: upload_check(xlsx_bomb(20 * MB), kinds=("xlsx",), max_bytes=10 * MB)) == "ratio"
    settings.RENDA = {**settings.RENDA, "UPLOAD_ZIP_MAX_MEMBERS": 3}
    many = _docx({"word/a.xml": b"a", "word/b.xml": b"b"})
    assert reason(lambda: upload_check(many, kinds=DOCUMENTS, max_bytes=MB, name="a.docx")) == "members"
    broken = b"PK\x03\x04" + b"\x00" * 100
    assert reason(lambda: upload_check(broken, kinds=DOCUMENTS, max_bytes=MB, name="a.docx")) == "corrupt"


def test_suggestion_attachments_and_reply_letters_refuse_a_bomb(world, unscoped):
    from renda.suggestions import services
    from renda.suggestions.models import SuggestionAttachment
    from suggestions.helpers import make_suggestion

    tw = world.a
    s = make_suggestion(tw)
    before = SuggestionAttachment.objects.count()
    with scopes_disabled(), pytest.raises(ValidationError) as refused:  # test set-up
        services.suggestion_attachment_add(
            suggestion=s,
            upload=SimpleUploadedFile("材料.docx", docx_bomb(60 * MB)),
            actor=tw.users["town_staff"],
        )
    assert refused.value.messages[0].startswith("文件解压后达 ")
    assert SuggestionAttachment.objects.count() == before


def test_session_documents_are_checked(world, unscoped):
    from renda.congress import services
    from renda.congress.models import Session

    session = Session.objects.filter(town=world.a.town).first()
    staff = world.a.users["town_staff"]
    with pytest.raises(ValidationError) as refused:
        services.session_document_add(
            session=session, title="报告", file=SimpleUploadedFile("报告.pdf", PNG), actor=staff
        )
    assert refused.value.message_dict == {
        "file": ["只接受 PDF、JPEG、PNG、Word、Excel 文件，且扩展名须与文件内容一致"]
    }
    doc = services.session_document_add(
        session=session, title="报告", file=SimpleUploadedFile("报告.pdf", PDF), actor=staff
    )
    assert doc.pk is not None
