"""Set-up of station appraisal tests: more stations and serving deputies in a town, the portal's form posts."""

from __future__ import annotations

import datetime as dt

from django_scopes import scopes_disabled

from factories import make_id_number, make_phone, make_user
from renda.core.actors import SYSTEM
from renda.core.enums import Role
from renda.registry import services as reg
from renda.registry.enums import Level, UnitKind

API = "/api/v1/oversight/appraisals"


def station_unit(tw, name: str):
    with scopes_disabled():  # test set-up
        return reg.handling_unit_create(
            town=tw.town, data={"name": f"{tw.town.name}{name}", "kind": UnitKind.STATION}, actor=SYSTEM
        )


def serving_deputy(tw, name: str):
    """A person with a serving town-level mandate in tw's town and a deputy's account."""
    with scopes_disabled():  # test set-up
        p = reg.person_create(
            town=tw.town,
            data={"name": name, "id_number": make_id_number(), "phone": make_phone(), "expertise": "教育"},
            actor=SYSTEM,
        )
        reg.mandate_create(
            town=tw.town,
            data={
                "person": p,
                "level": Level.TOWN,
                "electoral_district": tw.objects["registry.electoraldistrict"],
                "start_date": dt.date(2022, 1, 1),
            },
            actor=SYSTEM,
        )
        user = make_user(f"adep_{tw.town.pk}_{p.pk}", Role.DEPUTY, person=p)
    return p, user


def voter_post(
    client, appraisal, station, phone: str, values: list[int], opinion: str = "", ip: str = "10.1.1.1"
):
    """The portal's score form, sent by a voter."""
    from renda.oversight.models import AppraisalCriterion

    with scopes_disabled():  # test reads
        criteria = list(AppraisalCriterion.objects.filter(appraisal=appraisal))
    data = {"station": station.pk, "phone": phone, "opinion": opinion}
    data |= {f"c{c.pk}": v for c, v in zip(criteria, values, strict=True)}
    return client.post(f"/p/appraisal/?t={appraisal.token}", data, REMOTE_ADDR=ip)


def jpost(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {}, content_type="application/json")
