"""Campaign records for the isolation test's world: a campaign of the town's district that covers only this town
(so another town's roles cannot see it), launched, with the town's follow-up task open; a district event with
the town's chair invited; an exchange meeting the chair took part in, with the chair's paper."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from factories import TownWorld
from renda.campaigns import services
from renda.core.actors import SYSTEM

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def build(tw: TownWorld) -> None:
    district = tw.town.district
    campaign = services.campaign_create(
        district=district,
        data={
            "title": f"消防安全隐患专项整治（{tw.town.name}）",
            "theme": "消防安全",
            "towns": [tw.town],
            "categories": ["群租房", "电动车室内充电"],
        },
        actor=SYSTEM,
    )
    services.campaign_launch(campaign=campaign, actor=SYSTEM)
    campaign.refresh_from_db()
    chair = tw.objects["registry.person"]
    event = services.event_create(
        district=district,
        data={
            "kind": "inspection",
            "title": f"区人大常委会视察（{tw.town.name}）",
            "date": timezone.localdate() + dt.timedelta(days=30),
        },
        persons=[chair],
        actor=SYSTEM,
    )
    meeting = services.meeting_create(
        district=district,
        data={
            "kind": "seminar",
            "date": timezone.localdate(),
            "participants": [chair],
            "minutes": "交流代表之家建设经验。",
        },
        actor=SYSTEM,
    )
    paper = services.meeting_paper_add(
        meeting=meeting,
        title="发挥代表之家作用",
        author=chair,
        upload=SimpleUploadedFile("paper.pdf", PDF, content_type="application/pdf"),
        actor=SYSTEM,
    )
    services.experience_add(
        meeting=meeting, text="每月集中接待选民", town=tw.town, practice_name="代表接待日", actor=SYSTEM
    )
    tw.objects |= {
        "campaigns.campaign": campaign,
        "campaigns.towntask": campaign.tasks.get(),
        "campaigns.districtevent": event,
        "campaigns.chairinvitation": event.invitations.get(),
        "campaigns.exchangemeeting": meeting,
        "campaigns.meetingpaper": paper,
    }
