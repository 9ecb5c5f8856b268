"""The supervision log of key suggestions (督办记录, Deputies Law Art. 52): who may record, what is refused, the
API and the page, the daily flag of an overdue key suggestion nobody supervised for a period, and the
supervisor's yearly count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from helpers import GRANTS, SESSION, activity_codes, at
from renda.core.errors import Conflict
from renda.core.models import ActivityLog
from renda.core.notifications.models import Notification
from renda.registry import services as reg
from renda.registry.enums import PresidiumPost
from renda.suggestions import queries, services
from renda.suggestions.models import SupervisionEntry, SupervisionFlag
from suggestions.helpers import drive, make_suggestion, pdf, second_deputy

IDLE = "超过一个月未督办"


def _key(tw, to: str = "assigned", supervisors=None):
    """A key suggestion of the town, supervised by the world's presidium member (and any others)."""
    s = drive(tw, make_suggestion(tw), to)
    with scopes_disabled():  # test set-up
        services.suggestion_key_set(
            suggestion=s,
            is_key=True,
            supervisors=supervisors or [tw.objects["registry.person"]],
            actor=tw.users["town_staff"],
        )
        s.refresh_from_db()
    return s


def _record(tw, s, actor=None, **kw):
    args = {"kind": "visit_unit", "date": timezone.localdate(), "notes": "走访承办单位，了解进度。"} | kw
    with scopes_disabled():  # services called directly
        return services.supervision_entry_record(suggestion=s, actor=actor or tw.users["presidium"], **args)


def _presidium_member(tw, name="王督办"):
    """A second presidium member with a presidium account."""
    from factories import make_user
    from renda.core.actors import SYSTEM
    from renda.core.enums import Role

    p, _u = second_deputy(tw, name)
    with scopes_disabled():  # test set-up
        reg.presidium_member_create(
            town=tw.town,
            data={
                "presidium": tw.objects["registry.presidium"],
                "person": p,
                "post": PresidiumPost.MEMBER,
                "start_date": dt.date(2022, 1, 1),
            },
            actor=SYSTEM,
        )
        user = make_user(f"pres2_{tw.town.pk}_{p.pk}", Role.PRESIDIUM, person=p)
    return p, user


# --- the service --------------------------------------------------------------------------------------


def test_a_supervisor_records_and_the_deputy_and_unit_are_told(world, django_capture_on_commit_callbacks):
    tw = world.a
    s = _key(tw)
    with django_capture_on_commit_callbacks(execute=True):
        e = _record(tw, s, kind="meet_deputy", notes="约见领衔代表，听取意见。")
    with scopes_disabled():  # reading back
        e.refresh_from_db()
        assert e.supervisor == tw.objects["registry.person"]
        assert e.created_by == tw.users["presidium"]
        assert e.kind == "meet_deputy" and e.town == tw.town
        log = ActivityLog.unscoped.filter(code="suggestion.supervised", object_id=str(s.pk)).get()
        assert log.data["kind"] == "约见代表" and log.data["notes"] == "约见领衔代表，听取意见。"
        for who in ("deputy", "unit_clerk"):
            note = Notification.objects.get(user=tw.users[who], params__kind="重点督办记录")
            assert "约见代表" in note.params["due"] and note.link == s.get_absolute_url()
    assert "suggestion.supervised" in activity_codes(s)


def test_town_staff_record_on_a_supervisors_behalf(world):
    tw = world.a
    s = _key(tw)
    staff = tw.users["town_staff"]
    with pytest.raises(ValidationError) as exc:
        _record(tw, s, actor=staff)
    assert "supervisor" in exc.value.message_dict
    other, _u = second_deputy(tw, "赵某")
    with pytest.raises(ValidationError) as exc:
        _record(tw, s, actor=staff, supervisor=other)  # not one of its supervisors
    assert "supervisor" in exc.value.message_dict
    e = _record(tw, s, actor=staff, supervisor=tw.objects["registry.person"], kind="written")
    assert e.supervisor == tw.objects["registry.person"] and e.created_by == staff


def test_another_deputy_and_a_deputy_account_are_refused(world):
    tw = world.a
    s = _key(tw)
    _p, other = second_deputy(tw, "钱某")
    with scopes_disabled():  # inspection
        before = SupervisionEntry.objects.count()
    for actor in (other, tw.users["deputy"], tw.users["unit_clerk"]):
        # The world's deputy is the same person as the supervisor, but acts as a deputy, not the presidium.
        with pytest.raises(PermissionDenied):
            _record(tw, s, actor=actor)
    # A presidium member who is not this suggestion's supervisor.
    _p2, member = _presidium_member(tw)
    with pytest.raises(PermissionDenied):
        _record(tw, s, actor=member)
    # Another town's presidium member.
    with pytest.raises(PermissionDenied):
        _record(tw, s, actor=world.b.users["presidium"])
    with scopes_disabled():  # inspection
        assert SupervisionEntry.objects.count() == before


def test_a_non_key_or_closed_suggestion_is_refused(world):
    tw = world.a
    plain = drive(tw, make_suggestion(tw), "assigned")
    with pytest.raises(Conflict, match="不是重点督办"):
        _record(tw, plain, actor=tw.users["town_staff"], supervisor=tw.objects["registry.person"])
    closed = _key(tw, "closed")
    with pytest.raises(Conflict, match="已办结"):
        _record(tw, closed)


def test_dates_in_the_future_or_before_it_became_key_are_refused(world):
    tw = world.a
    with at(2026, 3, 2):
        s = _key(tw)
    with at(2026, 3, 10):
        with pytest.raises(ValidationError) as exc:
            _record(tw, s, date=dt.date(2026, 3, 11))
        assert "date" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            _record(tw, s, date=dt.date(2026, 3, 1))
        assert "2026-03-02" in exc.value.message_dict["date"][0]
        with pytest.raises(ValidationError) as exc:
            _record(tw, s, notes="  ")
        assert "notes" in exc.value.message_dict
        assert _record(tw, s, date=dt.date(2026, 3, 2)).date == dt.date(2026, 3, 2)


def test_attachments_pass_the_suggestions_upload_checks(world):
    tw = world.a
    s = _key(tw)
    fake = SimpleUploadedFile("照片.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        _record(tw, s, attachment=fake)
    assert "attachment" in exc.value.message_dict
    e = _record(tw, s, attachment=pdf("督办函.pdf"))
    assert e.attachment_name == "督办函.pdf" and e.attachment_mime == "application/pdf"


def test_changing_supervisors_keeps_the_day_it_became_key(world):
    tw = world.a
    p2, _u = _presidium_member(tw)
    with at(2026, 3, 2):
        s = _key(tw)
    with at(2026, 4, 1), scopes_disabled():
        services.suggestion_key_set(
            suggestion=s,
            is_key=True,
            supervisors=[tw.objects["registry.person"], p2],
            actor=tw.users["town_staff"],
        )
        s.refresh_from_db()
        assert s.key_since == dt.date(2026, 3, 2)
        services.suggestion_key_set(suggestion=s, is_key=False, supervisors=[], actor=tw.users["town_staff"])
        s.refresh_from_db()
        assert s.key_since is None


# --- the API --------------------------------------------------------------------------------------------


def test_api_lists_and_records_with_the_same_rules(client, world):
    tw = world.a
    s = _key(tw)
    url = f"/api/v1/suggestions/{s.pk}/supervision"
    today = timezone.localdate().isoformat()
    client.force_login(tw.users["presidium"])
    r = client.post(url, {"kind": "phone", "date": today, "notes": "电话督促主办单位。"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["kind"] == "phone" and body["kind_label"] == "电话督促" and body["town"] == tw.town.pk
    r = client.post(
        url, {"kind": "site", "date": today, "notes": "现场察看。", "attachment": pdf("现场.pdf")}
    )
    assert r.status_code == 201 and r.json()["attachment_name"] == "现场.pdf"
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    r = client.post(url, {"kind": "phone", "date": tomorrow, "notes": "x"})
    assert r.status_code == 422 and "督办日期不能晚于今天" in str(r.json())
    assert client.post(url, {"kind": "nonsense", "date": today, "notes": "x"}).status_code == 422
    # Everyone who sees the suggestion sees the log.
    for who in ("unit_clerk", "deputy", "town_staff", "presidium"):
        client.force_login(tw.users[who])
        rows = client.get(url).json()
        assert [row["kind"] for row in rows] == ["site", "phone"], who
    # Staff on behalf, naming the supervisor.
    client.force_login(tw.users["town_staff"])
    person = tw.objects["registry.person"]
    r = client.post(
        url, {"kind": "written", "date": today, "notes": "书面督办。", "supervisor_id": person.pk}
    )
    assert r.status_code == 201 and r.json()["supervisor_id"] == person.pk
    # A deputy: 403; another town: 404 on reading and writing.
    client.force_login(tw.users["deputy"])
    assert client.post(url, {"kind": "phone", "date": today, "notes": "x"}).status_code == 403
    client.force_login(world.b.users["presidium"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "phone", "date": today, "notes": "x"}).status_code == 404
    client.force_login(world.b.users["town_staff"])
    assert client.get(url).status_code == 404


def test_api_refuses_a_non_key_suggestion_with_409(client, world):
    tw = world.a
    s = drive(tw, make_suggestion(tw), "assigned")
    client.force_login(tw.users["town_staff"])
    r = client.post(
        f"/api/v1/suggestions/{s.pk}/supervision",
        {"kind": "phone", "date": timezone.localdate().isoformat(), "notes": "x"},
    )
    assert r.status_code == 409 and "不是重点督办" in r.json()["detail"]


def test_the_api_operations_name_their_model(client, world):
    from renda.api import api

    spec = api.get_openapi_schema(path_prefix="/api/v1/")
    ops = spec["paths"]["/api/v1/suggestions/{pk}/supervision"]
    assert {ops["get"]["x-renda-model"], ops["post"]["x-renda-model"]} == {"suggestions.suggestion"}


# --- the page -------------------------------------------------------------------------------------------


def test_the_page_lists_entries_and_offers_the_form_to_the_supervisor(client, world):
    tw = world.a
    s = _key(tw)
    _record(tw, s, notes="第一次走访承办单位。")
    url = f"/suggestions/{s.pk}/supervision/"
    client.force_login(tw.users["presidium"])
    page = client.get(url)
    html = page.content.decode()
    assert "第一次走访承办单位。" in html and "走访承办单位" in html and 'type="date"' in html
    assert page.context["form"] is not None and "supervisor" not in page.context["form"].fields
    r = client.post(url, {"kind": "phone", "date": timezone.localdate().isoformat(), "notes": "电话督促。"})
    assert r.status_code == 302 and r["Location"] == url
    with scopes_disabled():  # reading back
        assert SupervisionEntry.objects.filter(suggestion=s).count() == 2
    # The unit, the deputy and the staff see the log; only staff (on behalf) get the form besides supervisors.
    for who, form in (("unit_clerk", False), ("deputy", False), ("town_staff", True)):
        client.force_login(tw.users[who])
        page = client.get(url)
        assert "电话督促。" in page.content.decode(), who
        assert (page.context["form"] is not None) is form, who
    assert "supervisor" in page.context["form"].fields  # staff name the supervisor
    # The deputy's POST is refused with a message, nothing recorded.
    client.force_login(tw.users["deputy"])
    client.post(url, {"kind": "phone", "date": timezone.localdate().isoformat(), "notes": "x"})
    with scopes_disabled():  # reading back
        assert SupervisionEntry.objects.filter(suggestion=s).count() == 2
    # Another town: 404.
    client.force_login(world.b.users["presidium"])
    assert client.get(url).status_code == 404


def test_the_page_shows_a_form_error_next_to_the_field(client, world):
    tw = world.a
    s = _key(tw)
    client.force_login(tw.users["presidium"])
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    page = client.post(f"/suggestions/{s.pk}/supervision/", {"kind": "phone", "date": tomorrow, "notes": "x"})
    assert page.status_code == 200
    assert "督办日期不能晚于今天" in page.content.decode()


def test_the_detail_page_has_the_tab_and_htmx_gets_the_fragment(client, world):
    tw = world.a
    s = _key(tw)
    _record(tw, s, notes="现场察看河道。", kind="site")
    client.force_login(tw.users["unit_clerk"])
    html = client.get(f"/suggestions/{s.pk}/").content.decode()
    assert 'data-testid="tab-supervision"' in html and f"/suggestions/{s.pk}/supervision/" in html
    fragment = client.get(f"/suggestions/{s.pk}/supervision/", HTTP_HX_REQUEST="true").content.decode()
    assert "现场察看河道。" in fragment and "<html" not in fragment
    plain = drive(tw, make_suggestion(tw), "assigned")
    assert 'data-testid="tab-supervision"' not in client.get(f"/suggestions/{plain.pk}/").content.decode()


def test_the_page_uses_a_fixed_number_of_queries(client, world):
    tw = world.a
    few, many = _key(tw), _key(tw)
    _record(tw, few)
    p2, member = _presidium_member(tw)
    with scopes_disabled():  # test set-up
        services.suggestion_key_set(
            suggestion=many,
            is_key=True,
            supervisors=[tw.objects["registry.person"], p2],
            actor=tw.users["town_staff"],
        )
    for i in range(4):
        _record(tw, many, notes=f"第{i}次", attachment=pdf(f"附件{i}.pdf"))
        _record(tw, many, actor=member, notes=f"王{i}", kind="phone")
    client.force_login(tw.users["presidium"])
    client.get(f"/suggestions/{few.pk}/supervision/")  # warm caches

    def count(s):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/suggestions/{s.pk}/supervision/").status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    a, b = count(few), count(many)
    assert len(a) == len(b), b
    # session and grants (SESSION, GRANTS), the user, the suggestion with its supervisors (two), the idle
    # flag, the inbox badge, the entries
    assert len(b) == 5 + SESSION + GRANTS, b  # the inbox badge comes with the grants' look-up


# --- the flag: overdue and not supervised for a period ------------------------------------------------


def _flags(tw, user) -> int:
    with scopes_disabled():  # inspection
        return Notification.objects.filter(user=user, params__kind=IDLE).count()


def test_the_sweep_flags_once_a_period_and_not_after_an_entry(
    world, client, django_capture_on_commit_callbacks
):
    tw = world.a
    with at(2026, 3, 2):
        s = _key(tw)  # assigned and made key on 2 March: reply due three months later
    with scopes_disabled():  # reading back
        s.refresh_from_db()
    due = s.due_date
    assert due is not None and due > dt.date(2026, 5, 1)
    presidium = tw.users["presidium"]

    def sweep(day):
        with (
            at(day.year, day.month, day.day),
            scopes_disabled(),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return services.suggestions_supervision_sweep()

    # Not overdue yet: nothing, though nobody supervised it for months.
    assert sweep(due) == 0 and _flags(tw, presidium) == 0
    # Overdue, no entry: flagged once, to its supervisor.
    d1 = due + dt.timedelta(days=1)
    assert sweep(d1) == 1 and _flags(tw, presidium) == 1
    assert "suggestion.supervision_idle" in activity_codes(s)
    # Not again the next day, nor later in the same period.
    assert sweep(d1 + dt.timedelta(days=1)) == 0
    assert sweep(d1 + dt.timedelta(days=29)) == 0 and _flags(tw, presidium) == 1
    # A new period without an entry: flagged again.
    d2 = d1 + dt.timedelta(days=30)
    assert sweep(d2) == 1 and _flags(tw, presidium) == 2
    # The key-supervision page shows the flag.
    client.force_login(tw.users["town_staff"])
    with at(d2.year, d2.month, d2.day):
        html = client.get(f"/suggestions/key/?year={s.year}").content.decode()
        assert IDLE in html
        # An entry: no flag on the page, and the sweep leaves it alone for a period.
        _record(tw, s, date=d2, notes="走访承办单位，督促答复。")
        html = client.get(f"/suggestions/key/?year={s.year}").content.decode()
        assert IDLE not in html and d2.isoformat() in html
    for later in (1, 15, 29):
        assert sweep(d2 + dt.timedelta(days=later)) == 0
    assert _flags(tw, presidium) == 2
    # A period after that entry with nothing new: flagged again.
    assert sweep(d2 + dt.timedelta(days=30)) == 1 and _flags(tw, presidium) == 3
    with scopes_disabled():  # inspection
        assert SupervisionFlag.objects.filter(suggestion=s).count() == 3


def test_the_sweep_tells_each_supervisor_once_and_skips_replied_items(
    world, django_capture_on_commit_callbacks
):
    tw = world.a
    p2, member = _presidium_member(tw)
    with at(2026, 3, 2):
        s = _key(tw, supervisors=[tw.objects["registry.person"], p2])
        replied = _key(tw, "replied")
    with scopes_disabled():  # reading back
        s.refresh_from_db()
    day = s.due_date + dt.timedelta(days=3)
    with (
        at(day.year, day.month, day.day),
        scopes_disabled(),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.suggestions_supervision_sweep() == 2
        assert services.suggestions_supervision_sweep() == 0  # the same day again
        assert not SupervisionFlag.objects.filter(suggestion=replied).exists()
    assert _flags(tw, tw.users["presidium"]) == 1 and _flags(tw, member) == 1
    assert _flags(tw, tw.users["town_staff"]) == 0


def test_the_period_is_configuration(world, settings, django_capture_on_commit_callbacks):
    tw = world.a
    settings.RENDA = settings.RENDA | {"SUGGESTION_SUPERVISION_IDLE_DAYS": 7}
    with at(2026, 3, 2):
        s = _key(tw)
    with scopes_disabled():  # reading back
        s.refresh_from_db()
    d1 = s.due_date + dt.timedelta(days=1)

    def sweep(day):
        with (
            at(day.year, day.month, day.day),
            scopes_disabled(),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return services.suggestions_supervision_sweep()

    assert sweep(d1) == 1
    assert sweep(d1 + dt.timedelta(days=6)) == 0
    assert sweep(d1 + dt.timedelta(days=7)) == 1


# --- the performance record's count ---------------------------------------------------------------------


def test_entries_count_per_supervisor_and_year(world):
    tw = world.a
    person = tw.objects["registry.person"]
    p2, member = _presidium_member(tw)
    with at(2026, 3, 2):
        s = _key(tw, supervisors=[person, p2])
    with scopes_disabled():  # the world's own entry, this year
        base = queries.supervision_entries_count(person=person, year=timezone.localdate().year)
    with at(2026, 12, 30):
        _record(tw, s, date=dt.date(2026, 3, 5))
        _record(tw, s, date=dt.date(2026, 12, 30))
        _record(tw, s, actor=member, date=dt.date(2026, 6, 1))
    with at(2027, 1, 4):
        _record(tw, s, date=dt.date(2027, 1, 4))
    with scopes_disabled():  # counting as the performance app will, inside its scope
        in_2026 = queries.supervision_entries_count(person=person, year=2026)
        assert in_2026 == 2 + (base if timezone.localdate().year == 2026 else 0)
        assert queries.supervision_entries_count(person=p2, year=2026) == 1
        assert queries.supervision_entries_count(person=p2, year=2027) == 0
        counts = queries.supervision_entry_counts(town=tw.town, year=2027)
        assert counts.get(person.pk) == 1 and p2.pk not in counts
        assert queries.supervision_entry_counts(town=world.b.town, year=2027).get(person.pk) is None
