"""A person's history (page and API) shows the ID and phone numbers masked like every other view; only the
explicit reveal by the town's staff shows them, and it writes a person.pii_viewed row (issue 11)."""

from __future__ import annotations

from django_scopes import scopes_disabled

from factories import make_id_number
from renda.core.models import ActivityLog
from renda.registry import services


def _person(tw):
    with scopes_disabled():  # test set-up
        p = services.person_create(
            town=tw.town,
            data={"name": "周敏", "id_number": make_id_number(777, "19790304"), "phone": "13955551234"},
            actor=tw.users["town_staff"],
        )
        services.person_update(person=p, data={"phone": "13966664321"}, actor=tw.users["town_staff"])
    return p


def _views() -> int:
    with scopes_disabled():  # test reads
        return ActivityLog.unscoped.filter(code="person.pii_viewed").count()


def test_history_is_masked_and_the_reveal_is_logged(client, world):
    tw = world.a
    p = _person(tw)
    staff = tw.users["town_staff"]
    client.force_login(staff)
    full = [p.id_number, "13955551234", "13966664321"]
    masked = [f"{p.id_number[:6]}********{p.id_number[-4:]}", "139****1234", "139****4321"]

    page = client.get(f"/registry/persons/{p.pk}/history/").content.decode()
    assert [v in page for v in full] == [False, False, False]
    assert [v in page for v in masked] == [True, True, True]
    api = client.get(f"/api/v1/registry/persons/{p.pk}/history").json()
    by_code = {e["code"]: e["data"] for e in api}
    assert (by_code["person.created"]["id_number"], by_code["person.created"]["phone"]) == (
        masked[0],
        masked[1],
    )
    assert by_code["person.updated"]["phone"] == [masked[1], masked[2]]
    assert _views() == 0  # reading the masked history is not a look at personal data

    revealed = client.post(f"/registry/persons/{p.pk}/history/").content.decode()
    assert [v in revealed for v in full] == [True, True, True]
    with scopes_disabled():  # test reads
        log = ActivityLog.unscoped.filter(code="person.pii_viewed").get()
    assert (log.actor, log.object_id) == (staff, str(p.pk))

    # Not staff (the deputy on their own record): the masked history, and no reveal.
    own = tw.objects["registry.person"]
    client.force_login(tw.users["deputy"])
    assert client.get(f"/registry/persons/{own.pk}/history/").status_code == 200
    assert client.post(f"/registry/persons/{own.pk}/history/").status_code == 403
    assert _views() == 1


def test_the_api_history_in_full_is_for_staff_and_logged(client, world):
    """The API's counterpart of the page's reveal: the history with unmasked values, same people, same row."""
    tw = world.a
    p = _person(tw)
    staff = tw.users["town_staff"]
    client.force_login(staff)
    full = client.post(f"/api/v1/registry/persons/{p.pk}/history/pii")
    by_code = {e["code"]: e["data"] for e in full.json()}
    assert (full.status_code, by_code["person.created"]["id_number"], by_code["person.updated"]["phone"]) == (
        200,
        p.id_number,
        ["13955551234", "13966664321"],
    )
    with scopes_disabled():  # test reads
        log = ActivityLog.unscoped.filter(code="person.pii_viewed").get()
    assert (log.actor, log.object_id) == (staff, str(p.pk))

    own = tw.objects["registry.person"]
    client.force_login(tw.users["deputy"])
    assert client.post(f"/api/v1/registry/persons/{own.pk}/history/pii").status_code == 403
    client.force_login(world.b.users["town_staff"])
    assert client.post(f"/api/v1/registry/persons/{p.pk}/history/pii").status_code == 404
    assert _views() == 1
