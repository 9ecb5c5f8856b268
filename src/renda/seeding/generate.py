"""The data generator behind `renda seed`: real geography from the national division dataset, then terms,
electoral districts, seats, deputies, handling units, suggestions (signers, assignments, replies, feedback)
and appeals in plausible shares of states over three years, and the running clocks of open items.

Rows go in through bulk_create, town by town, each town in one transaction; the rows obey the same model
rules (required fields, unique constraints, valid ID numbers and phones) as rows written by the services.
Nothing here writes the activity log: history pages of seeded items are empty.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from renda.core.deadlines.calendar import WorkCalendar
from renda.core.deadlines.models import Clock
from renda.core.deadlines.rules import rule_get, steps_by_kind
from renda.core.deadlines.services import due_date_compute, next_reminder_day
from renda.core.enums import Role, TownKind
from renda.core.models import RoleGrant, Town, User
from renda.receptions.models import Appeal
from renda.registry.validators import id_check_digit
from renda.suggestions.models import (
    Suggestion,
)
from renda.suggestions.similarity import tokens_of

from .registry_rows import RegistryRows
from .rows import (  # PASSWORD, SCALES and Scale are read from here (the seed command, bench)
    APPEALS_PER_UNIT,
    BATCH,
    GIVEN,
    PASSWORD,
    SCALES,
    SUGGESTIONS_PER_TOWN,
    SURNAMES,
    YEARS,
    Report,
    Scale,
    _copy_rows,
    _new,
    county_codes,
)
from .work_rows import WorkRows


class Generator(RegistryRows, WorkRows):
    def __init__(self, *, scale: str, seed: int, log=print):
        self.scale_name = scale
        self.scale = SCALES[scale]
        self.rng = random.Random(seed)
        self.seed = seed
        self.part = 0
        self.log = log
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.report = Report(scale=scale)
        self.password = make_password(PASSWORD)
        self._due_cache: dict[tuple, dt.date] = {}
        self._calendar = WorkCalendar.load(
            self.today - dt.timedelta(days=366 * (YEARS + 1)), self.today + dt.timedelta(days=366)
        )
        self._rules: dict = {}
        self._tokens_cache: dict[str, str] = {}
        self._steps = steps_by_kind(["suggestion.assign", "suggestion.reply", "appeal.reply"])
        self._ct_suggestion = ContentType.objects.get_for_model(Suggestion)
        self._ct_appeal = ContentType.objects.get_for_model(Appeal)
        self._tracking: set[str] = set()
        self._outcomes = [c[0] for c in settings.RENDA["SUGGESTION_OUTCOME_CLASSES"]]
        self._not_accepted = [c[0] for c in settings.RENDA["SUGGESTION_NOT_ACCEPTED_REASONS"]]
        self._categories = {c[0] for c in settings.RENDA["APPEAL_CATEGORIES"]}

    # ------------------------------------------------------------------------------------ helpers

    def _timed(self, step: str, started: float) -> None:
        self.report.seconds[step] = self.report.seconds.get(step, 0.0) + time.perf_counter() - started

    def _bulk(self, model, rows: list) -> list:
        if rows:
            if connection.vendor == "postgresql":
                _copy_rows(model, rows)
            else:
                model._base_manager.bulk_create(rows, batch_size=BATCH)
            self.report.rows[model._meta.label_lower] += len(rows)
        return rows

    def _at(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        h = hour if hour is not None else self.rng.randint(8, 17)
        return dt.datetime(day.year, day.month, day.day, h, self.rng.randint(0, 59), tzinfo=self.tz)

    def _name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))

    def _mobile(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randrange(10**9):09d}"

    def _id_number(self, county: str, birth: dt.date, seq: int) -> str:
        first17 = f"{county}{birth:%Y%m%d}{seq % 1000:03d}"
        return first17 + id_check_digit(first17)

    def _due(self, kind: str, rule: str, start: dt.date) -> dt.date:
        key = (kind, rule, start)
        if key not in self._due_cache:
            r = self._rule(rule)
            self._due_cache[key] = due_date_compute(
                kind=kind, start=start, unit=r.unit, amount=r.amount, cal=self._calendar
            ).date
        return self._due_cache[key]

    def _tokens(self, text: str) -> str:
        if text not in self._tokens_cache:
            self._tokens_cache[text] = " ".join(tokens_of(text))
        return self._tokens_cache[text]

    def _tracking_code(self) -> str:
        n = settings.RENDA["TRACKING_CODE_LENGTH"]
        alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
        first = alphabet[self.part % len(alphabet)]  # parts seeded in parallel never draw the same code
        while True:
            code = first + "".join(self.rng.choice(alphabet) for _i in range(n - 1))
            if code not in self._tracking:
                self._tracking.add(code)
                return code

    def _rule(self, code: str):
        if code not in self._rules:
            self._rules[code] = rule_get(code)
        return self._rules[code]

    def _clock(self, *, town, subject, ct, kind: str, rule: str, start: dt.date, **who) -> Clock:
        r = self._rule(rule)
        clock = _new(
            Clock,
            town=town,
            content_type=ct,
            object_id=str(subject.pk),
            subject_repr=str(subject)[:200],
            link=subject.get_absolute_url(),
            kind=kind,
            rule_code=r.code,
            rule_unit=r.unit,
            rule_amount=r.amount,
            start_date=start,
            due_date=self._due(kind, rule, start),
            # Reminders up to yesterday went out before the seed; the next step is still to come.
            reminded_through=max(start, self.today) - dt.timedelta(days=1),
            **who,
        )
        clock.next_reminder_on = next_reminder_day(clock, self._steps.get(kind, []))
        return clock

    # ---------------------------------------------------------------------------------- geography

    def prepare(self) -> list[Town]:
        """The geography and the district offices' accounts: once, before the towns (in any number of parts)."""
        towns = self.geography()
        started = time.perf_counter()
        for district in {t.district_id: t.district for t in towns}.values():
            user = User(username=f"district-{district.code}", display_name=f"{district.name}人大常委会",
                        password=self.password)  # fmt: skip
            user.save()
            RoleGrant.objects.create(user=user, role=Role.DISTRICT_STAFF, district=district)
            self.report.rows["core.user"] += 1
        self._timed("registry", started)
        return sorted(towns, key=lambda t: t.code)

    def prepared_towns(self) -> list[Town]:
        codes = county_codes(self.scale.code)
        return list(Town.objects.filter(district__code__in=codes).select_related("district").order_by("code"))

    def run(self, *, part: int = 0, parts: int = 1, prepared: bool = False) -> Report:
        """Seed the towns; with parts > 1 this process takes every parts-th town starting at `part`."""
        started_all = time.perf_counter()
        towns = self.prepared_towns() if prepared else self.prepare()
        congress_towns = [t for t in towns if t.kind == TownKind.TOWN]
        n_sugg = self.scale.suggestions or round(SUGGESTIONS_PER_TOWN * len(congress_towns))
        n_app = self.scale.appeals or round(APPEALS_PER_UNIT * len(towns))
        sugg_share = self._shares(
            n_sugg, len(congress_towns)
        )  # the same in every part: same seed, same draws
        app_share = self._shares(n_app, len(towns))
        if parts > 1:
            self.rng = random.Random(f"{self.seed}-{part}")
        self.part = part
        k = done = 0
        mine = len(range(part, len(towns), parts))
        for i, town in enumerate(towns):
            n_s = 0
            if town.kind == TownKind.TOWN:
                n_s, k = sugg_share[k], k + 1
            if i % parts != part:
                continue
            self.town(town, n_s, app_share[i])
            done += 1
            if done % 25 == 0 or done == mine:
                self.log(
                    f"  {'' if parts == 1 else f'[{part + 1}/{parts}] '}{done}/{mine} units, "
                    f"{self.report.total_rows:,} rows, {time.perf_counter() - started_all:.0f} s"
                )
        return self.report

    def _shares(self, total: int, parts: int) -> list[int]:
        """`total` split over `parts` with some spread (a big town has more), summing exactly to total."""
        if parts == 0:
            return []
        weights = [self.rng.uniform(0.6, 1.4) for _i in range(parts)]
        s = sum(weights)
        shares = [int(total * w / s) for w in weights]
        for i in range(total - sum(shares)):
            shares[i % parts] += 1
        return shares


def seed(*, scale: str, seed: int = 1, jobs: int = 1, log=print) -> Report:
    """Seed a scale; with jobs > 1 (PostgreSQL) the towns are shared among that many processes
    (`renda seed --part k --parts jobs`), each inserting its own towns, after the geography is loaded here."""
    gen = Generator(scale=scale, seed=seed, log=log)
    if jobs <= 1:
        report = gen.run()
    else:
        towns = gen.prepare()
        log(f"seeding {len(towns)} units in {jobs} processes")
        connection.close()
        argv = [
            sys.executable,
            "-m",
            "renda",
            "seed",
            "--scale",
            scale,
            "--seed",
            str(seed),
            "--parts",
            str(jobs),
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # progress lines as they are written
        children = [
            subprocess.Popen([*argv, "--part", str(k)], stdout=subprocess.PIPE, text=True, env=env)
            for k in range(jobs)
        ]
        report = gen.report
        parts: list[dict] = []

        def pump(child):  # the parts' progress lines as they come; their reports at the end
            for line in child.stdout:
                if line.startswith(PART_REPORT):
                    parts.append(json.loads(line[len(PART_REPORT) :]))
                else:
                    log(line.rstrip("\n"))

        pumps = [threading.Thread(target=pump, args=(c,)) for c in children]
        for t in pumps:
            t.start()
        for t in pumps:
            t.join()
        failed = any(c.wait() != 0 for c in children)
        for part in parts:
            report.rows.update(part["rows"])
            for step, secs in part["seconds"].items():  # wall time: the parts ran side by side
                report.seconds[step] = max(report.seconds.get(step, 0.0), secs)
        if failed:
            raise RuntimeError("a seeding process failed")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The planner's statistics for the tables just filled, and the GIN search index's pending list
            # merged (until then the planner judges the index too dear and scans the table).
            # VACUUM cannot run inside a transaction (a test wraps the seed in one): ANALYZE there.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return report


PART_REPORT = "PART-REPORT "


def seed_part(*, scale: str, seed: int, part: int, parts: int, log=print) -> None:
    """One of the processes of seed(jobs=…): its towns, then its report as one JSON line for the parent."""
    report = Generator(scale=scale, seed=seed, log=log).run(part=part, parts=parts, prepared=True)
    log(PART_REPORT + json.dumps({"rows": dict(report.rows), "seconds": report.seconds}))


__all__ = ["PASSWORD", "SCALES", "Generator", "Report", "Scale", "seed", "seed_part"]
