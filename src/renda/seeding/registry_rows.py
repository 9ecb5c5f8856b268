"""The seed's geography and registry: towns, terms, electoral districts, seats, deputies, units, staff."""

from __future__ import annotations

import datetime as dt
import time

from django.db import transaction

from renda.core.actors import SYSTEM
from renda.core.enums import Role
from renda.core.models import RoleGrant, Town, User
from renda.registry import divisions
from renda.registry.enums import Gender, Level, LiaisonPostKind, MandateStatus, Sector
from renda.registry.models import (
    ElectoralDistrict,
    HandlingUnit,
    LiaisonPost,
    Mandate,
    Person,
    Seat,
    Term,
    Village,
)

from .rows import (
    DISTRICT_DEPUTIES_PER_SUBDISTRICT,
    ETHNICITIES,
    PARTIES,
    SEATS_PER_TOWN,
    UNIT_NAMES,
    UNITS_PER_TOWN,
    _new,
    county_codes,
)


class RegistryRows:
    """Generator steps for the registry (mixed into Generator)."""

    def geography(self) -> list[Town]:
        started = time.perf_counter()
        towns: list[Town] = []
        for county in county_codes(self.scale.code):
            report = divisions.division_load(code=county, actor=SYSTEM)
            towns.extend(t.town for t in report.towns)
        self._timed("geography", started)
        self.log(f"geography: {len(towns)} township-level units in {time.perf_counter() - started:.1f} s")
        return towns

    # ------------------------------------------------------------------------------------- a town

    def town(self, town: Town, n_suggestions: int, n_appeals: int) -> None:
        if Person.objects.filter(town=town).exists():
            raise ValueError(f"{town.name}（{town.code}）已有人员，seed 只用于空数据库")
        with transaction.atomic():
            started = time.perf_counter()
            staff, deputies, units, villages, post = self._registry(town)
            self._timed("registry", started)
            started = time.perf_counter()
            if deputies and n_suggestions and town.has_congress:
                self._suggestions(town, n_suggestions, deputies, units, staff)
            self._timed("suggestions", started)
            started = time.perf_counter()
            self._appeals(town, n_appeals, units, villages, post, staff)
            self._timed("appeals", started)

    def _registry(self, town: Town):
        r, today = self.rng, self.today
        villages = list(Village.objects.filter(town=town).order_by("code"))
        county = town.code[:6]
        staff = User(
            username=f"staff-{town.code}",
            display_name=f"{town.name}人大工作人员",
            password=self.password,
        )
        staff.save()
        RoleGrant.objects.create(user=staff, role=Role.TOWN_STAFF, town=town)
        self.report.rows["core.user"] += 1
        self.report.rows["core.rolegrant"] += 1
        units = self._bulk(
            HandlingUnit,
            [
                HandlingUnit(
                    town=town, name=name, kind=kind, contact_name=self._name(), contact_phone=self._mobile()
                )
                for name, kind in UNIT_NAMES[:UNITS_PER_TOWN]
            ],
        )
        post = self._bulk(
            LiaisonPost,
            [
                LiaisonPost(
                    town=town,
                    kind=LiaisonPostKind.HOME,
                    name=f"{town.name}人大代表之家",
                    village=villages[0] if villages else None,
                    opening_hours="每月1日、11日、21日 9:00-11:30",
                )
            ],
        )[0]
        seats_wanted = r.randint(*SEATS_PER_TOWN) if town.has_congress else 0
        n_people = seats_wanted or DISTRICT_DEPUTIES_PER_SUBDISTRICT
        people = []
        for i in range(n_people):
            birth = dt.date(r.randint(1960, 1998), r.randint(1, 12), r.randint(1, 28))
            people.append(
                _new(
                    Person,
                    town=town,
                    name=self._name(),
                    gender=r.choice(Gender.values),
                    birth_date=birth,
                    ethnicity=r.choice(ETHNICITIES),
                    party=r.choice(PARTIES),
                    id_number=self._id_number(county, birth, i),
                    phone=self._mobile(),
                    sector=r.choice(Sector.values),
                    workplace=f"{town.name}{r.choice(UNIT_NAMES)[0]}",
                    village=r.choice(villages) if villages else None,
                )
            )
        self._bulk(Person, people)
        mandates: list[Mandate] = []
        if seats_wanted:
            start = dt.date(today.year - 2, 1, 1)
            term = self._bulk(
                Term, [Term(town=town, number=19, start_date=start, end_date=dt.date(start.year + 5, 12, 31))]
            )[0]
            eds, sizes = [], []
            left, number = seats_wanted, 0
            while left > 0:
                number += 1
                size = min(left, r.choice((1, 2, 2, 3)))
                sizes.append(size)
                eds.append(
                    ElectoralDistrict(town=town, term=term, number=number, name=f"第{number}选区", seats=size)
                )
                left -= size
            self._bulk(ElectoralDistrict, eds)
            if villages:
                through = ElectoralDistrict.villages.through
                links = [
                    through(electoraldistrict_id=ed.pk, village_id=villages[i % len(villages)].pk)
                    for i, ed in enumerate(eds)
                ]
                self._bulk(through, links)
            seats = self._bulk(
                Seat,
                [
                    _new(Seat, town=town, electoral_district=ed, number=k + 1)
                    for ed, size in zip(eds, sizes, strict=True)
                    for k in range(size)
                ],
            )
            for person, seat in zip(people, seats, strict=True):
                mandates.append(
                    _new(
                        Mandate,
                        town=town,
                        person=person,
                        level=Level.TOWN,
                        term=term,
                        electoral_district=seat.electoral_district,
                        seat=seat,
                        status=MandateStatus.SERVING,
                        start_date=start,
                    )
                )
        # About one in eight (in a subdistrict: everyone) is also a district deputy.
        for person in people:
            if not seats_wanted or r.random() < 0.125:
                mandates.append(
                    _new(
                        Mandate,
                        town=town,
                        person=person,
                        level=Level.DISTRICT,
                        term_label="第十八届",
                        status=MandateStatus.SERVING,
                        start_date=dt.date(today.year - 2, 1, 1),
                    )
                )
        self._bulk(Mandate, mandates)
        return staff, people if seats_wanted else [], units, villages, post

    # -------------------------------------------------------------------------------- suggestions
