"""The yearly assessment (考核): a town's point rules for a year (changed only before the year is assessed),
the run that freezes the rules, every deputy's points and the ranking, and staff's corrections with a reason."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.audit import activity_record, changes
from renda.core.errors import Conflict, conflict_stale
from renda.core.models import Town
from renda.core.permissions import require
from renda.core.records import record_kinds, record_lines

from .. import queries as q
from ..models import Assessment, AssessmentScore, PointCorrection, PointRules


def _assessed(town: Town, year: int) -> Conflict:
    return Conflict(_("%(year)s年度已完成考核，计分规则已锁定，不能再修改") % {"year": year})


def _clean_rules(rules: dict) -> dict:
    kinds = record_kinds()
    most = settings.RENDA["PERFORMANCE_POINTS_MAX"]
    out = {}
    for kind, rule in rules.items():
        if kind not in kinds:
            raise ValidationError({"rules": _("未知的履职类型：%(kind)s") % {"kind": kind}})
        try:
            points = Decimal(str(rule.get("points")))
            cap = None if rule.get("cap") in (None, "") else Decimal(str(rule["cap"]))
        except (InvalidOperation, TypeError, AttributeError):
            raise ValidationError({"rules": _("分值须为数字")}) from None
        if abs(points) > most or (cap is not None and not 0 <= cap <= most):
            raise ValidationError({"rules": _("分值或上限超出允许范围（%(most)s）") % {"most": most}})
        out[kind] = {"points": float(points), "cap": None if cap is None else float(cap)}
    return out


@transaction.atomic
def point_rules_set(*, town: Town, year: int, rules: dict, actor, version: int | None = None) -> PointRules:
    """The town's own rules of `year` (kinds not named keep their defaults); refused once the year is assessed."""
    require(actor, "performance.manage", town)
    if Assessment.objects.filter(town=town, year=year).exists():
        raise _assessed(town, year)
    cleaned = _clean_rules(rules)
    row, created = PointRules.objects.select_for_update().get_or_create(town=town, year=year)
    if version is not None and not created and row.version != version:
        raise conflict_stale()
    before = dict(row.rules)
    row.rules = before | cleaned
    row.version += 1
    row.save()
    activity_record(
        code="pointrules.updated", actor=actor, subject=row, data={"year": year, **changes(before, row.rules)}
    )
    return row


def _ranked(totals: list[tuple[int, Decimal]]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4) by total, highest first."""
    ranks: dict[int, int] = {}
    ordered = sorted(totals, key=lambda t: -t[1])
    for i, (pk, total) in enumerate(ordered):
        ranks[pk] = ranks[ordered[i - 1][0]] if i and ordered[i - 1][1] == total else i + 1
    return ranks


def _breakdown(kinds) -> dict:
    return {
        k.kind: {
            "label": k.label,
            "count": k.count,
            "points": float(k.points),
            "cap": None if k.cap is None else float(k.cap),
            "total": float(k.total),
            "lines": [
                {
                    "date": line.date.isoformat(),
                    "label": line.label,
                    "url": line.url,
                    "source": line.source,
                    "detail": line.detail,
                }
                for line in k.lines
            ],
        }  # fmt: skip
        for k in kinds
        if k.count
    }


@transaction.atomic
def assessment_run(*, town: Town, year: int, actor) -> Assessment:
    """Assess the town's deputies of `year`: freeze the rules, every deputy's points per kind with the lines
    behind them, and the ranking. Once per town and year."""
    require(actor, "performance.manage", town)
    if Assessment.objects.select_for_update().filter(town=town, year=year).exists():
        raise _assessed(town, year)
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("不能考核尚未开始的年度")})
    rules = q.rules_for(town=town, year=year)
    assessment = Assessment.objects.create(
        town=town,
        year=year,
        rules=rules,
        run_at=timezone.now(),
        run_by=actor if getattr(actor, "pk", None) else None,
    )
    persons = q.deputies_of(town=town, year=year)
    lines = record_lines(person_ids=[p.pk for p in persons], year=year)
    rows = []
    for person in persons:
        kinds, total = q.points_of([ln for ln in lines if ln.person_id == person.pk], rules)
        rows.append(
            AssessmentScore(
                town=town, assessment=assessment, person=person, breakdown=_breakdown(kinds), computed=total,
                total=total,
            )
        )  # fmt: skip
    ranks = _ranked([(i, r.total) for i, r in enumerate(rows)])
    for i, r in enumerate(rows):
        r.rank = ranks[i]
    AssessmentScore.objects.bulk_create(rows)
    activity_record(
        code="assessment.run", actor=actor, subject=assessment, data={"year": year, "deputies": len(rows)}
    )
    return assessment


def _rerank(assessment: Assessment) -> None:
    scores = list(AssessmentScore.objects.select_for_update().filter(assessment=assessment))
    ranks = _ranked([(s.pk, s.total) for s in scores])
    for s in scores:
        s.rank = ranks[s.pk]
    AssessmentScore.objects.bulk_update(scores, ["rank"])


@transaction.atomic
def score_correct(*, score: AssessmentScore, delta, reason: str, actor) -> AssessmentScore:
    """Staff correct a deputy's points by `delta` with a reason (recorded); the ranking follows."""
    require(actor, "performance.manage", score)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写更正理由")})
    try:
        delta = Decimal(str(delta))
    except InvalidOperation:
        raise ValidationError({"delta": _("增减分值须为数字")}) from None
    if delta == 0 or abs(delta) > settings.RENDA["PERFORMANCE_POINTS_MAX"]:
        raise ValidationError({"delta": _("增减分值须不为零且不超出允许范围")})
    locked = AssessmentScore.objects.select_for_update().get(pk=score.pk)
    PointCorrection.objects.create(
        town_id=locked.town_id, score=locked, delta=delta, reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    before = locked.total
    locked.corrected += delta
    locked.total = locked.computed + locked.corrected
    locked.save(update_fields=["corrected", "total", "updated_at"])
    _rerank(locked.assessment)
    locked.refresh_from_db()
    activity_record(
        code="assessmentscore.corrected", actor=actor, subject=locked,
        data={"delta": str(delta), "reason": reason, "total": [str(before), str(locked.total)]},
    )  # fmt: skip
    return locked
