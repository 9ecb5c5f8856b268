"""The seed's work items: suggestions with their children, and appeals, in plausible shares of states."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from renda.core.deadlines.models import Clock
from renda.receptions.enums import AppealSource, AppealState, FeedbackVia, ReplyMethod, Satisfaction
from renda.receptions.models import Appeal
from renda.registry.models import (
    Person,
)
from renda.suggestions.models import (
    Channel,
    Kind,
    Score,
    State,
    Suggestion,
    SuggestionAssignment,
    SuggestionFeedback,
    SuggestionReply,
    SuggestionSigner,
    UnitRole,
)

from .rows import BATCH, PROBLEMS, YEARS, _dates_as_given, _new


class WorkRows:
    """Generator steps for suggestions and appeals (mixed into Generator)."""

    def _suggestion_state(self, age: int) -> str:
        x = self.rng.random()
        if age > 200:
            table = [(0.04, State.NOT_ACCEPTED), (0.07, State.REPLIED), (0.09, State.ASSIGNED),
                     (0.10, State.REHANDLING), (1.0, State.CLOSED)]  # fmt: skip
        elif age > 90:
            table = [(0.05, State.NOT_ACCEPTED), (0.30, State.ASSIGNED), (0.60, State.REPLIED),
                     (0.62, State.REHANDLING), (1.0, State.CLOSED)]  # fmt: skip
        else:
            table = [(0.08, State.DRAFT), (0.18, State.SUBMITTED), (0.23, State.ACCEPTED),
                     (0.26, State.NOT_ACCEPTED), (0.85, State.ASSIGNED), (1.0, State.REPLIED)]  # fmt: skip
        return next(state for limit, state in table if x < limit)

    def _suggestions(self, town, n, deputies, units, staff) -> None:
        r, today = self.rng, self.today
        span = 365 * YEARS
        days = sorted(today - dt.timedelta(days=r.randrange(span)) for _i in range(n))
        counters: Counter = Counter()
        for chunk_start in range(0, n, BATCH):
            rows: list[tuple[Suggestion, list[Person], dt.date]] = []
            for day in days[chunk_start : chunk_start + BATCH]:
                state = self._suggestion_state((today - day).days)
                problem, _cat = r.choice(PROBLEMS)
                village = r.choice(deputies).village
                place = village.name if village else town.name
                title = f"关于{place}{problem}的建议"
                content = (
                    f"{place}群众反映{problem}。经实地调研，建议有关部门尽快研究，"
                    f"制定方案并落实资金，切实解决群众的急难愁盼问题。"
                )
                signers = r.sample(deputies, k=r.choice((1, 1, 1, 2, 3)))
                created = self._at(day)
                s = _new(
                    Suggestion,
                    town=town,
                    year=day.year,
                    kind=r.choice((Kind.SUGGESTION,) * 8 + (Kind.OPINION, Kind.CRITICISM)),
                    title=title[:200],
                    content=content,
                    topic=problem[:4],
                    channel=r.choice((Channel.RECESS,) * 3 + (Channel.SESSION, Channel.ACTIVITY)),
                    state=state,
                    lead_person=signers[0],
                    created_by=staff,
                    on_behalf=True,
                    tokens=self._tokens(f"{title} {content}"),
                    created_at=created,
                    updated_at=created,
                )
                if state != State.DRAFT:
                    counters[day.year] += 1
                    s.number = f"{day.year}-{counters[day.year]:03d}"
                    s.submitted_at = created
                if state not in (State.DRAFT, State.SUBMITTED):
                    s.reviewed_at = self._at(day + dt.timedelta(days=r.randint(1, 5)))
                if state == State.NOT_ACCEPTED:
                    s.not_accepted_reason = r.choice(self._not_accepted)
                    s.not_accepted_note = "经审查，不符合立案条件。"
                elif state not in (State.DRAFT, State.SUBMITTED, State.ACCEPTED):
                    s.difficult = r.random() < 0.05
                    s.assigned_on = min(today, day + dt.timedelta(days=r.randint(3, 9)))
                    rule = "suggestion.reply_difficult" if s.difficult else "suggestion.reply"
                    s.due_date = self._due("suggestion.reply", rule, s.assigned_on)
                    s.lead_unit = r.choice(units)
                    if state in (State.REPLIED, State.REHANDLING, State.CLOSED):
                        s.replied_on = min(today, s.assigned_on + dt.timedelta(days=r.randint(20, 110)))
                        s.replied_on_time = s.replied_on <= s.due_date
                        s.outcome_class = r.choice(self._outcomes)
                    if state == State.CLOSED:
                        s.closed_at = self._at(min(today, s.replied_on + dt.timedelta(days=r.randint(3, 20))))
                rows.append((s, signers, day))
            with _dates_as_given(Suggestion):
                self._bulk(Suggestion, [s for s, _p, _d in rows])
            self._suggestion_children(town, rows, units, staff)

    def _suggestion_children(self, town, rows, units, staff) -> None:
        r = self.rng
        signers, assignments, replies, clocks, feedback_for = [], [], [], [], []
        for s, people, day in rows:
            for pos, person in enumerate(people):
                signers.append(
                    _new(
                        SuggestionSigner,
                        town=town,
                        suggestion=s,
                        person=person,
                        lead=pos == 0,
                        position=pos,
                        confirmed_at=s.created_at if s.state != State.DRAFT else None,
                    )
                )
            if s.state in (State.SUBMITTED, State.ACCEPTED):
                clocks.append(
                    self._clock(
                        town=town,
                        subject=s,
                        ct=self._ct_suggestion,
                        kind="suggestion.assign",
                        rule="suggestion.assign",
                        start=day,
                        person=s.lead_person,
                    )  # fmt: skip
                )
            if s.lead_unit_id is None:
                continue
            assigned = dict(town=town, suggestion=s, assigned_on=s.assigned_on, assigned_by=staff)
            signed_at = self._at(s.assigned_on + dt.timedelta(days=1))
            assignments.append(
                _new(
                    SuggestionAssignment,
                    unit=s.lead_unit,
                    role=UnitRole.LEAD,
                    signed_at=signed_at,
                    **assigned,
                )
            )
            if r.random() < 0.3:
                co = r.choice([u for u in units if u.pk != s.lead_unit_id])
                assignments.append(
                    _new(SuggestionAssignment, unit=co, role=UnitRole.CO, signed_at=signed_at, **assigned)
                )
            if s.state in (State.ASSIGNED, State.REHANDLING):
                rule = "suggestion.reply_difficult" if s.difficult else "suggestion.reply"
                start = s.assigned_on
                if s.state == State.REHANDLING:
                    rule, start = "suggestion.second_reply", s.replied_on
                clocks.append(
                    self._clock(
                        town=town,
                        subject=s,
                        ct=self._ct_suggestion,
                        kind="suggestion.reply",
                        rule=rule,
                        start=start,
                        unit=s.lead_unit,
                    )  # fmt: skip
                )
            if s.replied_on:
                reply = _new(
                    SuggestionReply,
                    town=town,
                    suggestion=s,
                    round=1,
                    unit=s.lead_unit,
                    outcome_class=s.outcome_class,
                    text="经研究，已列入工作计划并组织实施，具体情况如下……",
                    replied_on=s.replied_on,
                    due_date=s.due_date,
                    on_time=bool(s.replied_on_time),
                    replied_by=staff,
                )
                replies.append(reply)
                if s.state in (State.CLOSED, State.REHANDLING):
                    feedback_for.append((s, reply))
        self._bulk(SuggestionSigner, signers)
        self._bulk(SuggestionAssignment, assignments)
        self._bulk(SuggestionReply, replies)
        feedbacks = []
        for s, reply in feedback_for:
            if s.state == State.REHANDLING:
                work = result = Score.UNSATISFIED
            else:
                work = r.choice((Score.SATISFIED,) * 8 + (Score.BASICALLY,) * 2)
                result = r.choice((Score.SATISFIED,) * 7 + (Score.BASICALLY,) * 3)
            feedbacks.append(
                _new(
                    SuggestionFeedback,
                    town=town,
                    suggestion=s,
                    reply=reply,
                    person=s.lead_person,
                    work_score=work,
                    result_score=result,
                    given_by=staff,
                )  # fmt: skip
            )
        self._bulk(SuggestionFeedback, feedbacks)
        self._bulk(Clock, clocks)

    # ------------------------------------------------------------------------------------ appeals

    def _appeal_state(self, age: int) -> str:
        x = self.rng.random()
        if age > 45:
            table = [(0.02, AppealState.ASSIGNED), (0.06, AppealState.REPLIED), (0.065, AppealState.REOPENED),
                     (1.0, AppealState.CLOSED)]  # fmt: skip
        elif age > 10:
            table = [(0.05, AppealState.SUBMITTED), (0.35, AppealState.ASSIGNED), (0.75, AppealState.REPLIED),
                     (1.0, AppealState.CLOSED)]  # fmt: skip
        else:
            table = [(0.3, AppealState.SUBMITTED), (0.85, AppealState.ASSIGNED), (1.0, AppealState.REPLIED)]
        return next(state for limit, state in table if x < limit)

    def _appeals(self, town, n, units, villages, post, staff) -> None:
        r, today = self.rng, self.today
        span = 365 * YEARS
        days = sorted(today - dt.timedelta(days=r.randrange(span)) for _i in range(n))
        open_states = {AppealState.SUBMITTED, AppealState.ASSIGNED, AppealState.REOPENED}
        for chunk_start in range(0, n, BATCH):
            appeals = []
            for day in days[chunk_start : chunk_start + BATCH]:
                state = self._appeal_state((today - day).days)
                problem, category = r.choice(PROBLEMS)
                village = r.choice(villages) if villages else None
                source = r.choice((AppealSource.ONLINE, AppealSource.LIAISON_POST))
                created = self._at(day)
                a = _new(
                    Appeal,
                    town=town,
                    tracking_code=self._tracking_code(),
                    source=source,
                    liaison_post=post if source == AppealSource.LIAISON_POST else None,
                    received_on=day,
                    category=category if category in self._categories else "other",
                    village=village,
                    content=f"{village.name if village else town.name}{problem}，希望尽快解决。",
                    citizen_name=self._name(),
                    citizen_phone=self._mobile(),
                    state=state,
                    due_date=self._due("appeal.reply", "appeal.reply", day),
                    created_at=created,
                    updated_at=created,
                )
                if state != AppealState.SUBMITTED:
                    a.handler = staff
                    a.unit = r.choice(units)
                    a.assigned_at = self._at(min(today, day + dt.timedelta(days=r.randint(0, 3))))
                if state in (AppealState.REPLIED, AppealState.CLOSED, AppealState.REOPENED):
                    a.replied_on = min(today, day + dt.timedelta(days=r.randint(3, 35)))
                    a.reply_method = r.choice(ReplyMethod.values)
                    a.replied_by = staff.display_name[:50]
                    a.reply_text = "已转相关部门现场核实处理，并电话告知群众处理结果。"
                    a.replied_on_time = a.replied_on <= a.due_date
                if state == AppealState.CLOSED:
                    a.satisfaction = r.choice((Satisfaction.SATISFIED,) * 7 + (Satisfaction.BASICALLY,) * 2
                                              + (Satisfaction.UNSATISFIED,))  # fmt: skip
                    a.satisfaction_via = r.choice(FeedbackVia.values)
                if state == AppealState.REOPENED:
                    a.reviews = 1
                appeals.append(a)
            with _dates_as_given(Appeal):
                self._bulk(Appeal, appeals)
            clocks = [
                self._clock(
                    town=town,
                    subject=a,
                    ct=self._ct_appeal,
                    kind="appeal.reply",
                    rule="appeal.reply",
                    start=a.received_on,
                    handler=a.handler,
                    unit=a.unit,
                )  # fmt: skip
                for a in appeals
                if a.state in open_states
            ]
            self._bulk(Clock, clocks)

    # -------------------------------------------------------------------------------------- whole
