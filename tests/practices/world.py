"""Practice records for the isolation test's world: a practice of the town's district piloted in this town (still
piloting, so another town's roles cannot see it) with the pilot's adoption and a file on it, and the town's
six-haves self-assessment of this year."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from factories import TownWorld
from renda.core.actors import SYSTEM
from renda.practices import services

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def build(tw: TownWorld) -> None:
    year = timezone.localdate().year
    practice = services.practice_create(
        district=tw.town.district,
        data={"name": f"接访日（{tw.town.name}）", "pilot_town": tw.town, "pilot_year": year - 1},
        actor=SYSTEM,
    )
    adoption = practice.adoptions.get()
    f = services.adoption_file_add(
        adoption=adoption, upload=SimpleUploadedFile("接访记录.pdf", PDF, "application/pdf"), actor=SYSTEM
    )
    sixhaves = services.sixhaves_open(town=tw.town, year=year, actor=SYSTEM)
    tw.objects |= {
        "practices.practice": practice,
        "practices.adoption": adoption,
        "practices.evidencefile": f,
        "practices.sixhaves": sixhaves,
    }
