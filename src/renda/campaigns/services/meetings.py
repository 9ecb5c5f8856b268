"""Exchange meetings (交流会议) of the district's town chairs: the yearly seminar (镇人大主席工作座谈会), the
quarterly strategy meeting (务虚会) and the yearly theory research meeting (理论工作研究会). The district's staff
record the meeting (date, place, participants of the district's towns), its minutes, its papers (a file checked
by core.uploads as oversight's documents are, with its title, author and the author's town) and the experiences
told there, each of which may be tagged as a practice by name (a free name and slug; the practice library may
link to it later). Every step writes an ActivityLog row on the meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.permissions import require
from renda.core.uploads import DOCUMENTS, KINDS, upload_check

from ..enums import MeetingKind
from ..models import ExchangeMeeting, MeetingExperience, MeetingPaper
from ._common import _locked

__all__ = [
    "experience_add",
    "experience_tag",
    "meeting_create",
    "meeting_paper_add",
    "meeting_update",
    "practice_slug",
]


def _persons_checked(district, persons) -> list:
    persons = list({p.pk: p for p in persons or []}.values())
    if any(p.town.district_id != district.pk for p in persons):
        raise ValidationError({"participants": _("参加人员须是本区各镇（街道）的人员")})
    return persons


def _checked(district, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    kind = data.get("kind") or ""
    if kind not in MeetingKind.values:
        errors["kind"] = _("请选择会议类型")
    title = (data.get("title") or "").strip()
    if not title and kind in MeetingKind.values:
        title = str(MeetingKind(kind).label)
    day = data.get("date")
    if not isinstance(day, dt.date):
        errors["date"] = _("请填写会议日期")
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "title": title,
        "date": day,
        "place": (data.get("place") or "").strip(),
        "minutes": data.get("minutes") or "",
    }


@transaction.atomic
def meeting_create(*, district, data: dict[str, Any], actor) -> ExchangeMeeting:
    """District staff record a meeting: kind, title (default the kind's name), date, place, participants,
    minutes."""
    require(actor, "campaigns.manage", district)
    fields = _checked(district, data)
    persons = _persons_checked(district, data.get("participants"))
    meeting = ExchangeMeeting(district=district, **fields)
    meeting.full_clean()
    meeting.save()
    meeting.participants.set(persons)
    activity_record(
        code="meeting.created",
        actor=actor,
        subject=meeting,
        data={
            "kind": meeting.kind,
            "title": meeting.title,
            "date": meeting.date,
            "participants": len(persons),
        },
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: ExchangeMeeting, data: dict[str, Any], actor, version: int | None = None
) -> ExchangeMeeting:
    """Change the meeting's fields, participants and minutes (the minutes are written after the meeting)."""
    m = _locked(meeting, version)
    require(actor, "campaigns.manage", m)
    fields = _checked(m.district, {"kind": m.kind, "title": m.title, "date": m.date, "place": m.place} | data)
    persons = _persons_checked(m.district, data["participants"]) if "participants" in data else None
    changed = [k for k, v in fields.items() if getattr(m, k) != v]
    for k, v in fields.items():
        setattr(m, k, v)
    m.version += 1
    m.full_clean()
    m.save()
    if persons is not None:
        m.participants.set(persons)
        changed.append("participants")
    activity_record(code="meeting.updated", actor=actor, subject=m, data={"changed": changed})
    meeting.version = m.version
    return m


@transaction.atomic
def meeting_paper_add(*, meeting: ExchangeMeeting, title: str, author, upload, actor) -> MeetingPaper:
    """A paper of the meeting: the file checked as oversight's documents (size, real type against the
    extension), its title and author (a person of the district; the paper is the author's town's)."""
    m = _locked(meeting)
    require(actor, "campaigns.manage", m)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写材料题目")
    if author is None or author.town.district_id != m.district_id:
        errors["author"] = _("作者须是本区各镇（街道）的人员")
    if upload is None:
        errors["file"] = _("请选择文件")
    if errors:
        raise ValidationError(errors)
    real = upload_check(
        upload,
        kinds=DOCUMENTS,
        max_bytes=settings.RENDA["ACTIVITY_DOCUMENT_MAX_BYTES"],
        message=_("只接受图片（JPG、PNG）、PDF 和 Word 文件，且扩展名须与文件内容一致"),
    )
    if MeetingPaper._base_manager.filter(meeting=m).count() >= settings.RENDA["ACTIVITY_DOCUMENT_MAX_FILES"]:
        raise ValidationError({"file": _("材料数量已达上限")})
    name = (getattr(upload, "name", "") or f"paper.{real}").rsplit("/", 1)[-1][:200]
    paper = MeetingPaper(
        town_id=author.town_id,
        meeting=m,
        title=title.strip()[:200],
        author=author,
        name=name,
        mime=KINDS[real].mime,
        size=upload.size,
    )
    paper.file.save(name, upload, save=False)
    paper.save()
    activity_record(
        code="meeting.paper_added",
        actor=actor,
        subject=m,
        data={"title": paper.title, "author": author.name, "name": name},
    )
    return paper


def practice_slug(name: str) -> str:
    return slugify(name or "", allow_unicode=True)[:100]


@transaction.atomic
def experience_add(
    *, meeting: ExchangeMeeting, text: str, actor, town=None, practice_name: str = ""
) -> MeetingExperience:
    """An experience told at the meeting (a short text, optionally its town and a practice name)."""
    m = _locked(meeting)
    require(actor, "campaigns.manage", m)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写经验做法")})
    if len(text) > 500:
        raise ValidationError({"text": _("经验做法不超过 500 个字")})
    if town is not None and town.district_id != m.district_id:
        raise ValidationError({"town": _("只能选择本区的镇（街道）")})
    name = (practice_name or "").strip()[:100]
    exp = MeetingExperience.objects.create(
        meeting=m, town=town, text=text, practice_name=name, practice_slug=practice_slug(name)
    )
    activity_record(
        code="meeting.experience_added", actor=actor, subject=m, data={"text": text[:100], "practice": name}
    )
    return exp


@transaction.atomic
def experience_tag(*, experience: MeetingExperience, practice_name: str, actor) -> MeetingExperience:
    """Tag (or untag, with an empty name) an experience as a practice by name."""
    m = _locked(experience.meeting)
    require(actor, "campaigns.manage", m)
    name = (practice_name or "").strip()[:100]
    if name and not practice_slug(name):
        raise ValidationError({"practice_name": _("实践名称无效")})
    row = MeetingExperience.objects.select_for_update().get(pk=experience.pk)
    row.practice_name, row.practice_slug = name, practice_slug(name)
    row.save(update_fields=["practice_name", "practice_slug"])
    activity_record(
        code="meeting.experience_tagged",
        actor=actor,
        subject=m,
        data={"text": row.text[:100], "practice": name},
    )
    experience.practice_name, experience.practice_slug = row.practice_name, row.practice_slug
    return row
