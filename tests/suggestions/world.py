"""One record of every suggestions model the pages and API address by pk, for tests/factories.py."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from renda.suggestions import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build(tw) -> None:
    staff = tw.users["town_staff"]
    person = tw.objects["registry.person"]
    unit = tw.objects["registry.handlingunit"]
    s = services.suggestion_create(
        town=tw.town,
        data={
            "title": "关于整治河道环境的建议",
            "content": "一村河道垃圾较多，建议定期清理。",
            "channel": "recess",
        },
        signers=[person],
        actor=staff,
    )
    attachment = services.suggestion_attachment_add(suggestion=s, upload=pdf(), actor=staff)
    services.suggestion_review(suggestion=s, accept=True, actor=staff)
    services.suggestion_assign(suggestion=s, lead_unit=unit, actor=staff)
    services.suggestion_key_set(suggestion=s, is_key=True, supervisors=[person], actor=staff)
    notice = services.key_notice_issue(town=tw.town, year=s.year, actor=staff)
    entry = services.supervision_entry_record(
        suggestion=s,
        kind="visit_unit",
        date=timezone.localdate(),
        notes="走访派出所，了解河道整治进度。",
        attachment=pdf("督办照片.pdf"),
        actor=tw.users["presidium"],
    )
    s.refresh_from_db()
    tw.objects |= {
        "suggestions.suggestion": s,
        "suggestions.suggestionattachment": attachment,
        "suggestions.keynotice": notice,
        "suggestions.supervisionentry": entry,
    }
