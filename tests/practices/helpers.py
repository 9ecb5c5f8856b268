"""What the practice tests share: a day on the clock, a PDF upload, a practice of district X piloted in a town."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from renda.practices import services
from suggestions.helpers import on

__all__ = ["DAY", "YEAR", "on", "pdf", "piloted"]

DAY = dt.date(2026, 7, 6)
YEAR = DAY.year
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name: str = "制度汇编.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def piloted(world, town, name: str = "基层站所评议", year: int = 2022, rolled: bool = False):
    """A practice of district X piloted in `town` in `year` (rolled out when `rolled`), by district X's staff."""
    actor = world.district_x_staff
    with on(DAY), scopes_disabled():  # the services check the actor; the test writes across towns
        p = services.practice_create(
            district=world.x,
            data={"name": name, "pilot_town": town, "pilot_year": year, "description": "评议基层站所"},
            actor=actor,
        )
        if rolled:
            p = services.practice_rollout(practice=p, actor=actor)
        return p
