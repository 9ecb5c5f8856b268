"""Station appraisal (基层站所评议): town staff set up a year's campaign of the town's grassroots stations with
weighted criteria, open scoring, close it (the ranking is computed then) and the presidium (or staff) select the
key problems — each a rectification item of its station — and publish the results (the ranking is frozen).

Deputies of the town score each station once (staff may enter a deputy's paper sheet); voters score on the
portal, once per phone number and station (the phone kept only as a keyed digest), rate-limited like the
portal's appeals. Every refusal raises before anything is saved; each change writes an ActivityLog row."""

from __future__ import annotations

import re
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.actors import SYSTEM
from renda.core.audit import activity_record, activity_record_many
from renda.core.errors import Conflict
from renda.core.models import Town
from renda.core.permissions import allowed, require
from renda.core.workflow import workflow_apply

from ..enums import AppraisalState, ScoreSource
from ..models import Appraisal, AppraisalCriterion, AppraisalStation, Score, ScoreSheet
from ..queries_appraisal import appraisal_ranking_compute, station_units_of_town
from ..workflow import APPRAISAL
from ._common import _locked

PHONE_SALT = "renda.oversight.appraisal.phone"
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
CENT = Decimal("0.01")


class RateLimited(Exception):
    """Too many voters' sheets from one address or phone in the window (the message is Chinese)."""


def _scale() -> tuple[int, int]:
    r = settings.RENDA
    return int(r["APPRAISAL_SCORE_MIN"]), int(r["APPRAISAL_SCORE_MAX"])


# --- criteria and stations --------------------------------------------------------------------------------


def _whole(value) -> int:
    """A weight as a whole number; -1 for anything else (refused by the callers' range checks)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _criteria_clean(criteria) -> list[tuple[str, int]]:
    """[(name, weight)] from pairs or {"name", "weight"} dicts: names given and distinct, weights 1..100 that add
    up to 100."""
    rows: list[tuple[str, int]] = []
    for c in criteria or []:
        name, weight = (c.get("name"), c.get("weight")) if isinstance(c, dict) else c
        name = str(name or "").strip()
        w = _whole(weight)
        if not name:
            raise ValidationError({"criteria": _("请填写测评项目名称")})
        if not 1 <= w <= 100:
            raise ValidationError(
                {"criteria": _("测评项目“%(name)s”的权重须为 1 至 100 的整数") % {"name": name}}
            )
        rows.append((name[:100], w))
    if not rows:
        raise ValidationError({"criteria": _("请至少设置一个测评项目")})
    if len({n for n, _w in rows}) != len(rows):
        raise ValidationError({"criteria": _("测评项目名称不能重复")})
    total = sum(w for _n, w in rows)
    if total != 100:
        raise ValidationError(
            {"criteria": _("测评项目权重合计须为 100（现为 %(total)s）") % {"total": total}}
        )
    return rows


def _units_clean(town: Town, units) -> list:
    allowed_units = {u.pk: u for u in station_units_of_town(town=town)}
    chosen = list(allowed_units.values()) if units is None else list(units)
    for u in chosen:
        if u.pk not in allowed_units:
            raise ValidationError({"units": _("“%(unit)s”不是本镇（街道）在用的基层站所") % {"unit": u}})
    if not chosen:
        raise ValidationError({"units": _("本镇（街道）尚无可参评的基层站所，请先在承办单位中登记")})
    return chosen


@transaction.atomic
def appraisal_create(
    *, town: Town, year: int, title: str = "", criteria=None, units=None, actor
) -> Appraisal:
    """A town's appraisal of one year (筹备): criteria with weights adding up to 100 (default from
    configuration) and the stations under appraisal (default: every station unit of the town)."""
    require(actor, "oversight.manage", town)
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度无效")})
    if Appraisal.objects.filter(town=town, year=year).exists():
        raise ValidationError({"year": _("本镇（街道）该年度已有站所评议")})
    rows = _criteria_clean(settings.RENDA["APPRAISAL_DEFAULT_CRITERIA"] if criteria is None else criteria)
    chosen = _units_clean(town, units)
    title = (title or "").strip() or _("%(town)s%(year)s年度基层站所评议") % {"town": town.name, "year": year}
    appraisal = Appraisal.objects.create(town=town, year=year, title=title[:200], token=secrets.token_hex(12))
    AppraisalCriterion.objects.bulk_create(
        AppraisalCriterion(town=town, appraisal=appraisal, name=n, weight=w, position=i)
        for i, (n, w) in enumerate(rows, 1)
    )
    AppraisalStation.objects.bulk_create(
        AppraisalStation(town=town, appraisal=appraisal, unit=u) for u in chosen
    )
    activity_record(
        code="appraisal.created",
        actor=actor,
        subject=appraisal,
        data={
            "year": year,
            "title": title,
            "criteria": [f"{n}（{w}%）" for n, w in rows],
            "stations": [str(u) for u in chosen],
        },
    )
    return appraisal


@transaction.atomic
def appraisal_update(
    *, appraisal: Appraisal, title: str | None = None, criteria=None, actor, version: int | None = None
) -> Appraisal:
    """Change the title and/or replace the criteria of an appraisal in preparation (筹备)."""
    require(actor, "oversight.manage", appraisal)
    fields: dict = {}
    data: dict = {}
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": _("请填写标题")})
        fields["title"] = data["title"] = title.strip()[:200]
    rows = _criteria_clean(criteria) if criteria is not None else None
    row = workflow_apply(appraisal, "update", actor=actor, version=version, data=data, check=False, **fields)
    if rows is not None:
        before = [f"{c.name}（{c.weight}%）" for c in AppraisalCriterion.objects.filter(appraisal=row)]
        AppraisalCriterion.objects.filter(appraisal=row).delete()
        _criteria_create(row, rows)
        activity_record(
            code="appraisal.updated",
            actor=actor,
            subject=row,
            data={"criteria": [before, [f"{n}（{w}%）" for n, w in rows]]},
        )
    return row


def _criteria_create(appraisal: Appraisal, rows) -> None:
    AppraisalCriterion.objects.bulk_create(
        AppraisalCriterion(town_id=appraisal.town_id, appraisal=appraisal, name=n, weight=w, position=i)
        for i, (n, w) in enumerate(rows, 1)
    )


@transaction.atomic
def appraisal_criterion_add(
    *, appraisal: Appraisal, name: str, weight: int, actor, version: int | None = None
) -> AppraisalCriterion:
    """One more criterion while in preparation (the weights must add up to 100 again before scoring opens)."""
    require(actor, "oversight.manage", appraisal)
    name = (name or "").strip()
    w = _whole(weight)
    if not name:
        raise ValidationError({"name": _("请填写测评项目名称")})
    if not 1 <= w <= 100:
        raise ValidationError({"weight": _("权重须为 1 至 100 的整数")})
    if AppraisalCriterion.objects.filter(appraisal=appraisal, name=name).exists():
        raise ValidationError({"name": _("测评项目名称不能重复")})
    last = AppraisalCriterion.objects.filter(appraisal=appraisal).order_by("-position").first()
    row = workflow_apply(
        appraisal,
        "update",
        actor=actor,
        version=version,
        data={"criterion_added": f"{name}（{w}%）"},
        check=False,
    )
    return AppraisalCriterion.objects.create(
        town_id=row.town_id,
        appraisal=row,
        name=name[:100],
        weight=w,
        position=(last.position if last else 0) + 1,
    )


@transaction.atomic
def appraisal_criterion_remove(*, criterion: AppraisalCriterion, actor, version: int | None = None) -> None:
    require(actor, "oversight.manage", criterion)
    workflow_apply(
        criterion.appraisal,
        "update",
        actor=actor,
        version=version,
        data={"criterion_removed": f"{criterion.name}（{criterion.weight}%）"},
        check=False,
    )
    criterion.delete()


@transaction.atomic
def appraisal_station_add(
    *, appraisal: Appraisal, unit, actor, version: int | None = None
) -> AppraisalStation:
    require(actor, "oversight.manage", appraisal)
    _units_clean(appraisal.town, [unit])
    if AppraisalStation.objects.filter(appraisal=appraisal, unit=unit).exists():
        raise ValidationError({"unit": _("该站所已在参评名单中")})
    row = workflow_apply(
        appraisal, "update", actor=actor, version=version, data={"station_added": str(unit)}, check=False
    )
    return AppraisalStation.objects.create(town_id=row.town_id, appraisal=row, unit=unit)


@transaction.atomic
def appraisal_station_remove(*, station: AppraisalStation, actor, version: int | None = None) -> None:
    require(actor, "oversight.manage", station)
    workflow_apply(
        station.appraisal,
        "update",
        actor=actor,
        version=version,
        data={"station_removed": str(station.unit)},
        check=False,
    )
    station.delete()


# --- steps ------------------------------------------------------------------------------------------------


@transaction.atomic
def appraisal_open(*, appraisal: Appraisal, actor, version: int | None = None) -> Appraisal:
    """Scoring opens (测评中): the criteria's weights add up to 100 and there is a station."""
    require(actor, "oversight.manage", appraisal)
    criteria = list(AppraisalCriterion.objects.filter(appraisal=appraisal))
    if appraisal.state == AppraisalState.DRAFT:
        _criteria_clean([(c.name, c.weight) for c in criteria])
        if not AppraisalStation.objects.filter(appraisal=appraisal).exists():
            raise ValidationError(_("请先确定参评站所"))
    return workflow_apply(
        appraisal, "open", actor=actor, version=version, check=False, opened_at=timezone.now()
    )


@transaction.atomic
def appraisal_close(*, appraisal: Appraisal, actor, version: int | None = None) -> Appraisal:
    """Scoring ends (测评结束): each station's deputy and voter averages, its score and its rank are computed
    from the sheets and stored."""
    require(actor, "oversight.manage", appraisal)
    locked = _locked(appraisal)
    if not APPRAISAL.transition("close").starts_from(locked.state):
        raise APPRAISAL.refuse(locked)
    ranking = appraisal_ranking_compute(locked)
    for r in ranking:
        AppraisalStation.objects.filter(pk=r.station_id).update(
            score=r.score,
            rank=r.rank,
            deputy_score=r.deputy_score,
            voter_score=r.voter_score,
            sheets=r.deputy_sheets + r.voter_sheets,
        )
    return workflow_apply(
        locked,
        "close",
        actor=actor,
        version=version,
        check=False,
        data={"ranking": [[r.rank, r.name, r.score] for r in ranking]},
        closed_at=timezone.now(),
    )


@transaction.atomic
def appraisal_publish(*, appraisal: Appraisal, actor, version: int | None = None) -> Appraisal:
    """The results and the ranking are published (the portal page and the DOCX); the ranking stays as it is."""
    require(actor, "oversight.decide", appraisal)
    ranking = [
        [s.rank, str(s.unit), s.score]
        for s in AppraisalStation.objects.filter(appraisal=appraisal).select_related("unit")
    ]
    return workflow_apply(
        appraisal,
        "publish",
        actor=actor,
        version=version,
        check=False,
        data={"ranking": ranking},
        published_at=timezone.now(),
    )


@transaction.atomic
def appraisal_key_problem_select(
    *,
    station: AppraisalStation,
    title: str,
    description: str = "",
    unit=None,
    actor,
    version: int | None = None,
):
    """选取重点: a key problem of the station becomes a rectification item of it (its responsible unit is the
    station unless another unit of the town is given); the appraisal's state stays."""
    from .rectification import rectification_item_create

    require(actor, "oversight.decide", station)
    if not (title or "").strip():
        raise ValidationError({"title": _("请填写重点问题")})
    appraisal = station.appraisal
    workflow_apply(
        appraisal,
        "select",
        actor=actor,
        version=version,
        check=False,
        data={"station": str(station.unit), "title": title.strip()},
    )
    return rectification_item_create(
        town=appraisal.town,
        title=title.strip(),
        description=description or "",
        unit=unit or station.unit,
        station=station,
        actor=actor,
    )


# --- score sheets -----------------------------------------------------------------------------------------


def _check_scoring(station: AppraisalStation) -> Appraisal:
    """The station's appraisal, locked, while it is scoring; a Conflict otherwise."""
    appraisal = Appraisal._base_manager.select_for_update().get(pk=station.appraisal_id)
    if appraisal.state != AppraisalState.SCORING:
        raise Conflict(
            _("站所评议当前状态为“%(state)s”，不能提交测评表") % {"state": appraisal.get_state_display()}
        )
    return appraisal


def _scores_clean(
    appraisal: Appraisal, scores: dict, criteria: list[AppraisalCriterion] | None = None
) -> tuple[list[tuple[AppraisalCriterion, int]], Decimal]:
    """The values by criterion (every criterion, each within the scale) and their weighted total."""
    low, high = _scale()
    if criteria is None:
        criteria = list(AppraisalCriterion.objects.filter(appraisal=appraisal))
    given = {str(k): v for k, v in (scores or {}).items()}
    unknown = set(given) - {str(c.pk) for c in criteria}
    if unknown:
        raise ValidationError({"scores": _("测评项目不属于本次评议")})
    rows = []
    for c in criteria:
        raw = given.get(str(c.pk))
        if raw is None or raw == "":
            raise ValidationError({"scores": _("请为“%(name)s”打分") % {"name": c.name}})
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
        if value is None or str(value) != str(raw).strip() or not low <= value <= high:
            raise ValidationError(
                {
                    "scores": _("“%(name)s”的分数须为 %(low)s 至 %(high)s 之间的整数")
                    % {"name": c.name, "low": low, "high": high}
                }
            )
        rows.append((c, value))
    total = sum((Decimal(v) * c.weight for c, v in rows), Decimal(0)) / 100
    return rows, total.quantize(CENT, rounding=ROUND_HALF_UP)


def _sheet_save(
    station: AppraisalStation, rows, total: Decimal, *, source, opinion: str, deputy=None, digest=""
) -> ScoreSheet:
    try:
        with transaction.atomic():
            sheet = ScoreSheet.objects.create(
                town_id=station.town_id,
                station=station,
                source=source,
                deputy=deputy,
                phone_digest=digest,
                total=total,
                opinion=(opinion or "").strip()[:2000],
            )
    except IntegrityError as exc:  # two sends of the same sheet at once: the unique constraint decides
        raise Conflict(_("已提交过对该站所的测评表，不能重复提交")) from exc
    Score.objects.bulk_create(
        Score(town_id=station.town_id, sheet=sheet, criterion=c, value=v) for c, v in rows
    )
    AppraisalStation.objects.filter(pk=station.pk).update(sheets=F("sheets") + 1)
    return sheet


@transaction.atomic
def appraisal_score_deputy(
    *, station: AppraisalStation, deputy, scores: dict, opinion: str = "", actor
) -> ScoreSheet:
    """A deputy's score sheet of one station: the deputy scores for themselves; town staff may enter a deputy's
    paper sheet. One sheet per deputy and station; the deputy must serve in the station's town."""
    from renda.registry.enums import MandateStatus
    from renda.registry.models import Mandate

    if allowed(actor, "oversight.manage", station):
        by_staff = actor is not SYSTEM
    else:
        require(actor, "oversight.score", station)
        if deputy is None or deputy.pk not in grants_of(actor).person_ids:
            raise PermissionDenied(_("代表只能本人提交测评表"))
        by_staff = False
    if deputy is None:
        raise ValidationError({"deputy": _("请选择代表")})
    serving = Mandate._base_manager.filter(
        person_id=deputy.pk, town_id=station.town_id, status=MandateStatus.SERVING
    ).exists()
    if not serving:
        raise ValidationError({"deputy": _("该代表不是本镇（街道）的在任代表，不能测评本镇站所")})
    appraisal = _check_scoring(station)
    rows, total = _scores_clean(appraisal, scores)
    if ScoreSheet.objects.filter(station=station, deputy_id=deputy.pk).exists():
        raise Conflict(
            _("%(name)s已提交过对“%(station)s”的测评表，不能重复提交") % {"name": deputy, "station": station}
        )
    sheet = _sheet_save(station, rows, total, source=ScoreSource.DEPUTY, deputy=deputy, opinion=opinion)
    activity_record(
        code="scoresheet.created",
        actor=actor,
        subject=appraisal,
        data={
            "station": str(station.unit),
            "source": ScoreSource.DEPUTY,
            "deputy": str(deputy),
            "total": total,
            **({"paper": True} if by_staff else {}),
        },
    )
    return sheet


@transaction.atomic
def appraisal_paper_sheets_enter(*, station: AppraisalStation, sheets: list[dict], actor) -> list[ScoreSheet]:
    """Town staff enter a pile of deputies' paper sheets of one station at once: each {"deputy", "scores",
    "opinion"} checked as `appraisal_score_deputy` checks one (a serving deputy of the town, every criterion on
    the scale, one sheet per deputy and station); one refused sheet refuses them all, nothing saved."""
    from renda.registry.enums import MandateStatus
    from renda.registry.models import Mandate

    require(actor, "oversight.manage", station)
    appraisal = _check_scoring(station)
    criteria = list(AppraisalCriterion.objects.filter(appraisal=appraisal))
    ids = [s["deputy"].pk for s in sheets]
    serving = set(
        Mandate._base_manager.filter(
            person_id__in=ids, town_id=station.town_id, status=MandateStatus.SERVING
        ).values_list("person_id", flat=True)
    )
    done = set(ScoreSheet.objects.filter(station=station, deputy__in=ids).values_list("deputy_id", flat=True))
    if len(set(ids)) != len(ids):
        raise ValidationError({"sheets": _("同一代表的测评表只能录入一份")})
    made = []
    for s in sheets:
        deputy = s["deputy"]
        if deputy.pk not in serving:
            raise ValidationError({"deputy": _("该代表不是本镇（街道）的在任代表，不能测评本镇站所")})
        if deputy.pk in done:
            raise Conflict(
                _("%(name)s已提交过对“%(station)s”的测评表，不能重复提交")
                % {"name": deputy, "station": station}
            )
        rows, total = _scores_clean(appraisal, s["scores"], criteria)
        sheet = ScoreSheet(
            town_id=station.town_id,
            station=station,
            source=ScoreSource.DEPUTY,
            deputy=deputy,
            total=total,
            opinion=(s.get("opinion") or "").strip()[:2000],
        )
        made.append((sheet, rows))
    ScoreSheet.objects.bulk_create([m for m, _r in made])
    Score.objects.bulk_create(
        Score(town_id=station.town_id, sheet=m, criterion=c, value=v) for m, rows in made for c, v in rows
    )
    AppraisalStation.objects.filter(pk=station.pk).update(sheets=F("sheets") + len(made))
    activity_record_many(
        code="scoresheet.created",
        actor=actor,
        rows=[
            (
                appraisal,
                {
                    "station": str(station.unit),
                    "source": ScoreSource.DEPUTY,
                    "deputy": str(m.deputy),
                    "total": m.total,
                    "paper": True,
                },
            )
            for m, _r in made
        ],
    )
    return [m for m, _r in made]


def phone_digest(*, appraisal_id: int, phone: str) -> str:
    """The keyed digest a voter's phone is known by (per appraisal): never the number itself."""
    return salted_hmac(PHONE_SALT, f"{appraisal_id}:{phone.strip()}", algorithm="sha256").hexdigest()


@transaction.atomic
def appraisal_score_voter(
    *, station: AppraisalStation, phone: str, scores: dict, opinion: str = "", ip: str = "", actor
) -> ScoreSheet:
    """A voter's score sheet from the portal (`actor` is CITIZEN): one per phone number and station,
    rate-limited per address and per phone (RENDA["APPRAISAL_RATE_PER_IP"], ["APPRAISAL_RATE_PER_PHONE"])."""
    from renda.portal.services import rate_limit_count, rate_limit_hit

    require(actor, "oversight.score", station)
    phone = (phone or "").strip()
    if not PHONE_RE.match(phone):
        raise ValidationError({"phone": _("请填写正确的11位手机号码")})
    appraisal = _check_scoring(station)
    rows, total = _scores_clean(appraisal, scores)
    r = settings.RENDA
    limit, window = r["APPRAISAL_RATE_PER_IP"]
    if ip and not rate_limit_hit(name="appraisal-ip", ident=ip, limit=limit, window=window):
        raise RateLimited(_("提交过于频繁，请稍后再试"))
    p_limit, p_window = r["APPRAISAL_RATE_PER_PHONE"]
    if rate_limit_count(name="appraisal-phone", ident=phone, window=p_window) >= p_limit:
        raise RateLimited(_("该手机号今日提交次数已达上限，请明天再试"))
    digest = phone_digest(appraisal_id=appraisal.pk, phone=phone)
    if ScoreSheet.objects.filter(station=station, phone_digest=digest).exists():
        raise Conflict(_("该手机号已提交过对“%(station)s”的测评表，不能重复提交") % {"station": station})
    sheet = _sheet_save(station, rows, total, source=ScoreSource.VOTER, digest=digest, opinion=opinion)
    rate_limit_hit(name="appraisal-phone", ident=phone, limit=p_limit, window=p_window)
    activity_record(
        code="scoresheet.created",
        actor=actor,
        subject=appraisal,
        data={"station": str(station.unit), "source": ScoreSource.VOTER, "total": total},
    )
    return sheet


__all__ = [
    "RateLimited",
    "appraisal_close",
    "appraisal_create",
    "appraisal_criterion_add",
    "appraisal_criterion_remove",
    "appraisal_key_problem_select",
    "appraisal_open",
    "appraisal_paper_sheets_enter",
    "appraisal_publish",
    "appraisal_score_deputy",
    "appraisal_score_voter",
    "appraisal_station_add",
    "appraisal_station_remove",
    "appraisal_update",
    "phone_digest",
]
