"""A held activity's findings passed on (issue #15: "findings of any activity can become suggestions (source = the
activity) or appeals routed as usual"): through the suggestions and receptions services, with an ActivityLog row on
the activity, the new record linking back to it and the activity's page listing what came from it; bad input and
the wrong role or state refused with nothing made. Also the "提出整改事项" links of an activity and an opinion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from helpers import activity_codes, at
from renda.core.errors import Conflict
from renda.oversight.enums import RectificationState
from renda.oversight.models import Activity, RectificationItem
from renda.oversight.services import activities as acts
from renda.oversight.services import findings, opinions
from renda.receptions.enums import AppealSource, AppealState
from renda.receptions.models import Appeal
from renda.suggestions.models import Channel, State, Suggestion

FINDING = "工业园区三处厂房消防通道被货物堵塞，需限期清理。"


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _held(tw, *, hold: bool = True):
    staff, person = tw.users["town_staff"], tw.objects["registry.person"]
    with scopes_disabled(), at(2027, 3, 20):  # test set-up
        a = acts.activity_create(
            town=tw.town,
            data={"kind": "enforcement", "topic": "消防安全执法检查", "start_date": dt.date(2027, 3, 20),
                  "place": "镇工业园区", "organiser": "镇人大主席团"},
            actor=staff,
        )  # fmt: skip
        acts.activity_invite(activity=a, persons=[person], actor=staff)
        a = acts.activity_publish(activity=a, actor=staff)
        if hold:
            a = acts.activity_hold(
                activity=a, attended=[person], summary="检查三家企业", findings=FINDING, actor=staff
            )
    return a


def _counts():
    with scopes_disabled():  # test inspection
        return Suggestion.objects.count(), Appeal.objects.count()


def _appeal_data(**over):
    return {
        "category": "roads",
        "content": FINDING,
        "citizen_name": "王大伯",
        "citizen_phone": "13812345678",
        **over,
    }


def test_a_finding_becomes_a_suggestion_led_by_an_attending_deputy(world):
    tw = world.a
    a = _held(tw)
    with scopes_disabled(), at(2027, 3, 23):
        s = findings.activity_finding_to_suggestion(
            activity=a,
            lead=tw.objects["registry.person"],
            title="",
            content=FINDING,
            actor=tw.users["town_staff"],
        )
        s.refresh_from_db()
        assert s.state == State.SUBMITTED and s.number
        assert s.channel == Channel.ACTIVITY and s.lead_person == tw.objects["registry.person"]
        assert s.source_type == ContentType.objects.get_for_model(Activity) and s.source_id == str(a.pk)
        assert s.source_label == str(a) and s.title == "关于消防安全执法检查中发现问题的建议"
    assert activity_codes(a)[-1] == "activity.finding_suggestion"


def test_a_finding_becomes_an_appeal_routed_as_usual(world):
    tw = world.a
    a = _held(tw)
    with scopes_disabled(), at(2027, 3, 23):
        ap = findings.activity_finding_to_appeal(
            activity=a, data=_appeal_data(), actor=tw.users["town_staff"]
        )
        ap.refresh_from_db()
    assert ap.source == AppealSource.ACTIVITY and ap.state == AppealState.SUBMITTED
    assert ap.origin_type == ContentType.objects.get_for_model(Activity) and ap.origin_id == str(a.pk)
    assert ap.origin_label == str(a) and ap.received_on == dt.date(2027, 3, 23)
    assert ap.due_date is not None and ap.due_date > dt.date(2027, 4, 20)  # the one-month reply clock runs
    assert {"clock.started", "appeal.submitted"} <= set(activity_codes(ap))
    assert activity_codes(a)[-1] == "activity.finding_appeal"


def test_refusals_change_nothing(world):
    tw = world.a
    a, draft = _held(tw), _held(tw, hold=False)
    staff, other = tw.users["town_staff"], world.b.objects["registry.person"]
    before = _counts()
    with scopes_disabled(), at(2027, 3, 23):
        with pytest.raises(ValidationError) as e:  # a deputy who did not attend (here: of another town)
            findings.activity_finding_to_suggestion(
                activity=a, lead=other, title="", content=FINDING, actor=staff
            )
        assert "lead" in e.value.error_dict
        with pytest.raises(ValidationError):  # nothing to suggest
            findings.activity_finding_to_suggestion(
                activity=a, lead=tw.objects["registry.person"], title="", content=" ", actor=staff
            )
        with pytest.raises(Conflict):  # not held yet
            findings.activity_finding_to_suggestion(
                activity=draft, lead=tw.objects["registry.person"], title="", content=FINDING, actor=staff
            )
        with pytest.raises(Conflict):
            findings.activity_finding_to_appeal(activity=draft, data=_appeal_data(), actor=staff)
        with pytest.raises(ValidationError):  # not a mobile number
            findings.activity_finding_to_appeal(
                activity=a, data=_appeal_data(citizen_phone="123"), actor=staff
            )
        for actor in (tw.users["deputy"], world.b.users["town_staff"]):
            with pytest.raises(PermissionDenied):
                findings.activity_finding_to_appeal(activity=a, data=_appeal_data(), actor=actor)
        with pytest.raises(PermissionDenied):
            findings.activity_finding_to_suggestion(
                activity=a, lead=tw.objects["registry.person"], title="", content=FINDING, actor=None
            )
    assert _counts() == before
    assert "activity.finding_suggestion" not in activity_codes(a)


def test_the_activity_page_turns_findings_into_a_suggestion_and_an_appeal_and_lists_them(client, world):
    tw = world.a
    a = _held(tw)
    client.force_login(tw.users["town_staff"])
    page = client.get(a.get_absolute_url()).content.decode()
    for testid in ("to-suggestion", "to-appeal", "new-item"):
        assert f'data-testid="{testid}"' in page
    form = client.get(reverse("oversight:activity-to-suggestion", args=[a.pk])).content.decode()
    assert FINDING in form  # prefilled with the findings
    r = client.post(
        reverse("oversight:activity-to-suggestion", args=[a.pk]),
        {"lead": tw.objects["registry.person"].pk, "title": "关于清理消防通道的建议", "content": FINDING},
    )
    assert r.status_code == 302, r.content.decode()[:800]
    with scopes_disabled():
        s = Suggestion.objects.get(source_id=str(a.pk), source_type__model="activity")
    assert r["Location"] == s.get_absolute_url()
    assert [str(m) for m in get_messages(r.wsgi_request)] == [f"已转为代表建议 {s.number}"]
    assert client.get(s.get_absolute_url()).content.decode().count(a.get_absolute_url()) >= 1  # links back

    r = client.post(reverse("oversight:activity-to-appeal", args=[a.pk]), _appeal_data(citizen_phone="12"))
    assert r.status_code == 200 and "is-invalid" in r.content.decode()  # the page again, nothing made
    with scopes_disabled():
        assert not Appeal.objects.filter(origin_id=str(a.pk)).exists()
    r = client.post(reverse("oversight:activity-to-appeal", args=[a.pk]), _appeal_data())
    assert r.status_code == 302
    with scopes_disabled():
        ap = Appeal.objects.get(origin_id=str(a.pk), origin_type__model="activity")
    assert r["Location"] == ap.get_absolute_url()
    assert 'data-testid="appeal-origin"' in client.get(ap.get_absolute_url()).content.decode()

    listed = client.get(a.get_absolute_url()).content.decode()
    assert s.get_absolute_url() in listed and ap.get_absolute_url() in listed and ap.tracking_code in listed


def test_only_staff_see_the_steps_and_a_deputy_is_refused(client, world):
    tw = world.a
    a = _held(tw)
    client.force_login(tw.users["deputy"])
    page = client.get(a.get_absolute_url()).content.decode()
    assert 'data-testid="to-suggestion"' not in page and 'data-testid="new-item"' not in page
    assert client.get(reverse("oversight:activity-to-appeal", args=[a.pk])).status_code == 403
    before = _counts()
    assert (
        client.post(reverse("oversight:activity-to-appeal", args=[a.pk]), _appeal_data()).status_code == 403
    )
    assert _counts() == before


def test_a_rectification_item_from_an_activity_or_an_opinion_page(client, world):
    tw = world.a
    a = _held(tw)
    staff = tw.users["town_staff"]
    with scopes_disabled():  # test set-up: an issued opinion of the activity
        o = opinions.opinion_create(activity=a, data={"body": "一、清理消防通道。"}, actor=staff)
        o = opinions.opinion_issue(opinion=o, number="平人〔2027〕3号", actor=tw.users["presidium"])
    client.force_login(staff)
    for page_url, name, pk in (
        (a.get_absolute_url(), "activity", a.pk),
        (o.get_absolute_url(), "opinion", o.pk),
    ):
        html = client.get(page_url).content.decode()
        link = f"{reverse('oversight:item-new')}?town={tw.town.pk}&amp;{name}={pk}"
        assert link in html and "提出整改事项" in html, name
        form = client.get(link.replace("&amp;", "&")).content.decode()
        assert f'<option value="{pk}" selected>' in form, name  # the source preset
    r = client.post(
        f"{reverse('oversight:item-new')}?town={tw.town.pk}&opinion={o.pk}",
        {"title": "清理消防通道", "unit": tw.objects["registry.handlingunit"].pk, "opinion": o.pk},
    )
    assert r.status_code == 302, r.content.decode()[:600]
    with scopes_disabled():
        item = RectificationItem.objects.get(title="清理消防通道")
    assert item.opinion == o and item.activity == a and item.state == RectificationState.ASSIGNED
    # a draft opinion offers no item yet; another town's record is not preset
    with scopes_disabled():
        draft = opinions.opinion_create(activity=a, data={"body": "草稿"}, actor=staff)
    assert "提出整改事项" not in client.get(draft.get_absolute_url()).content.decode()
    other = world.b.objects["oversight.activity"]
    form = client.get(
        f"{reverse('oversight:item-new')}?town={tw.town.pk}&activity={other.pk}"
    ).content.decode()
    assert f'<option value="{other.pk}" selected>' not in form


def test_the_api_passes_findings_on_with_the_same_rules(client, world):
    tw = world.a
    a = _held(tw)
    person = tw.objects["registry.person"]
    base = f"/api/v1/oversight/activities/{a.pk}"
    client.force_login(tw.users["deputy"])
    before = _counts()
    r = client.post(f"{base}/to-appeal", _appeal_data(), content_type="application/json")
    assert r.status_code == 403
    client.force_login(tw.users["town_staff"])
    other = world.b.objects["registry.person"].pk
    r = client.post(
        f"{base}/to-suggestion", {"lead_id": other, "content": FINDING}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["detail"] == ["代表不存在"]
    r = client.post(f"{base}/to-appeal", _appeal_data(citizen_phone="1"), content_type="application/json")
    assert r.status_code == 422
    assert _counts() == before
    r = client.post(
        f"{base}/to-suggestion", {"lead_id": person.pk, "content": FINDING}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "submitted" and body["number"] and body["source_id"] == str(a.pk)
    r = client.post(f"{base}/to-appeal", _appeal_data(), content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["origin_id"] == str(a.pk) and r.json()["due_date"]
    with scopes_disabled():
        draft = _held(tw, hold=False)
    r = client.post(
        f"/api/v1/oversight/activities/{draft.pk}/to-suggestion",
        {"lead_id": person.pk, "content": FINDING},
        content_type="application/json",
    )
    assert r.status_code == 409
