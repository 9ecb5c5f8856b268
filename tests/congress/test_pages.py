"""Congress pages: lists in a fixed number of queries, the compliance table marks failing cells, DOCX exports
open in LibreOffice, and the roll call and vote forms drive the services."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from renda.congress import services as cs
from renda.congress.enums import AgendaKind, SessionKind
from renda.congress.models import Session
from renda.core.actors import SYSTEM

from .helpers import add_deputies, make_session, roll_call, serving_all

LISTS = ["/congress/sessions/", "/congress/motions/", "/congress/compliance/?year=2025", "/congress/flags/"]


def _more(world):
    with scopes_disabled():  # test set-up
        for tw in (world.a, world.b):
            for i in range(3):
                s = make_session(tw, start=dt.date(2025, 4 + i, 1), kind=SessionKind.BUDGET)
                cs.agenda_item_add(session=s, kind=AgendaKind.BUDGET, title="预算", actor=SYSTEM)
                deps = add_deputies(tw, 1)
                cs.roll_call_record(
                    session=s, day=s.start_date, presence={deps[0].pk: "absent"}, actor=SYSTEM
                )
            cs.motion_create(
                session=s, kind="motion", source="presidium", title="主席团议案", content="x", actor=SYSTEM,
                at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
            )  # fmt: skip


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_use_a_fixed_number_of_queries(client, world, url):
    client.force_login(world.district_x_staff)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _more(world)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_compliance_marks_failing_cells_with_links(client, world):
    with scopes_disabled():  # test set-up
        tw = world.a
        add_deputies(tw, 2)
        s = make_session(tw, start=dt.date(2025, 3, 1), days=1)  # one day only, no budget session this year
        cs.agenda_item_add(session=s, kind=AgendaKind.GOVERNMENT_REPORT, title="政府工作报告", actor=SYSTEM)
        roll_call(s, serving_all(tw), present=3)
        cs.session_open(session=s, day=s.start_date, actor=SYSTEM)
    client.force_login(world.district_x_staff)
    response = client.get("/congress/compliance/", {"year": 2025})
    rows = {r["town"].pk: r for r in response.context["rows"]}
    assert set(rows) == {world.a.town.pk, world.b.town.pk}  # district X's towns only
    cells = rows[world.a.town.pk]["cells"]
    # The world's budget session of 2025 was never opened: not held.
    assert (cells["regular"].ok, cells["budget"].ok, cells["adjustment"].ok) == (True, False, None)
    assert (cells["min_days"].ok, cells["quorum"].ok, cells["main_items"].ok) == (False, True, False)
    assert cells["min_days"].url == f"/congress/sessions/{s.pk}/"
    assert cells["budget"].url == f"/congress/sessions/?town={world.a.town.pk}&year=2025"
    b = rows[world.b.town.pk]["cells"]
    assert (b["regular"].ok, b["quorum"].ok, b["min_days"].ok, b["main_items"].ok) == (
        True,
        True,
        True,
        False,
    )
    body = response.content.decode()
    assert 'data-cell="min_days" data-ok="no"' in body and f'href="/congress/sessions/{s.pk}/"' in body
    client.force_login(world.a.users["town_staff"])
    rows = client.get("/congress/compliance/", {"year": 2025}).context["rows"]
    assert [r["town"].pk for r in rows] == [world.a.town.pk]


def test_session_length_rule_follows_the_session_kind(client, world, settings):
    """A one-day special session is not "会期不足" when the minimum is the regular session's (issue 14); a
    regular session of one day is."""
    settings.RENDA = {**settings.RENDA, "SESSION_MIN_DAYS": {SessionKind.REGULAR: 2}}
    with scopes_disabled():  # test set-up
        tw = world.a
        add_deputies(tw, 2)
        special = make_session(
            tw, start=dt.date(2025, 6, 2), days=1, kind=SessionKind.SPECIAL, requested_by="presidium"
        )
        roll_call(special, serving_all(tw), present=3)
        cs.session_open(session=special, day=special.start_date, actor=SYSTEM)
    client.force_login(world.district_x_staff)
    rows = {r["town"].pk: r for r in client.get("/congress/compliance/", {"year": 2025}).context["rows"]}
    assert special.days == 1
    assert rows[tw.town.pk]["cells"]["min_days"].ok is True
    settings.RENDA = {**settings.RENDA, "SESSION_MIN_DAYS": {SessionKind.REGULAR: 2, SessionKind.SPECIAL: 2}}
    rows = {r["town"].pk: r for r in client.get("/congress/compliance/", {"year": 2025}).context["rows"]}
    cell = rows[tw.town.pk]["cells"]["min_days"]
    assert cell.ok is False and cell.url == f"/congress/sessions/{special.pk}/"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_session_documents_export_as_docx_that_libreoffice_opens(client, world, tmp_path):
    session = world.a.objects["congress.session"]
    client.force_login(world.a.users["town_staff"])
    files = []
    for name, url in [
        ("agenda.docx", f"/congress/sessions/{session.pk}/agenda.docx"),
        ("decisions.docx", f"/congress/sessions/{session.pk}/decisions.docx"),
        ("cover.docx", f"/congress/agenda-items/{world.a.objects['congress.agendaitem'].pk}/cover.docx"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        (tmp_path / name).write_bytes(response.content)
        files.append(str(tmp_path / name))
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *files],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    for name in ("agenda", "decisions", "cover"):
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists() and pdf.read_bytes()[:4] == b"%PDF"
    from docx import Document

    text = "\n".join(p.text for p in Document(files[0]).paragraphs)
    assert "议程" in text and "政府工作报告" in text


def test_roll_call_and_vote_through_the_pages(client, world):
    tw = world.a
    with scopes_disabled():  # test set-up
        deps = add_deputies(tw, 2)
        s = make_session(tw, start=dt.date(2026, 3, 2))
    client.force_login(tw.users["town_staff"])
    persons = [tw.objects["registry.person"], *deps]
    url = f"/congress/sessions/{s.pk}/rollcall/"
    data = {"day": "2026-03-02", "action": "save"} | {f"p_{p.pk}": "present" for p in persons[:1]}
    data |= {f"p_{p.pk}": "absent" for p in persons[1:]}
    client.post(url, data)
    response = client.post(url, {"day": "2026-03-02", "action": "open"}, follow=True)
    assert "未达到全体代表" in response.content.decode()  # 1 of 3 present
    data |= {f"p_{p.pk}": "present" for p in persons}
    client.post(url, data)
    client.post(url, {"day": "2026-03-02", "action": "open"})
    with scopes_disabled():  # reading back in the test
        assert Session.objects.get(pk=s.pk).state == "open"
    response = client.post(
        f"/congress/sessions/{s.pk}/votes/",
        {"kind": "decision", "title": "关于政府工作报告的决议", "day": "2026-03-03"},
    )
    vote_url = response["Location"]
    client.post(vote_url + "record/", {"yes": 2, "no": 1, "abstain": 0, "not_voting": 0, "action": "close"})
    page = client.get(vote_url)
    assert page.context["vote"].passed is True and page.context["vote"].serving == 3
