"""The suggestions' lines of the deputy's performance record (core.records): suggestions led and co-signed
(submitted, not merged away) with their outcome class and the lead deputy's satisfaction, and the supervision
entries of key suggestions by their supervisor. Three queries."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.records import RecordLine, record_source_register

from .models import State, Suggestion, SuggestionFeedback, SuggestionSigner, SupervisionEntry

KINDS = {
    "suggestions.led": gettext_lazy("领衔提出建议"),
    "suggestions.cosigned": gettext_lazy("附议建议"),
    "suggestions.supervised": gettext_lazy("督办重点建议"),
}
NOT_COUNTED = [State.DRAFT, State.COSIGNING, State.MERGED]


def _detail(suggestion: Suggestion) -> str:
    parts = []
    if suggestion.outcome_class:
        classes = {c[0]: c[1] for c in settings.RENDA["SUGGESTION_OUTCOME_CLASSES"]}
        parts.append(
            _("办理结果：%(code)s类（%(label)s）")
            % {"code": suggestion.outcome_class, "label": classes.get(suggestion.outcome_class, "")}
        )
    lead = next((f for f in suggestion.feedbacks.all() if f.person_id == suggestion.lead_person_id), None)
    if lead is not None:
        parts.append(_("满意度：%(score)s") % {"score": lead.get_result_score_display()})
    return "；".join(parts)


def record_lines(*, person_ids, year: int) -> list[RecordLine]:
    lines = []
    signers = (
        SuggestionSigner.objects.filter(person__in=person_ids, suggestion__year=year)
        .exclude(suggestion__state__in=NOT_COUNTED)
        .exclude(lead=False, confirmed_at__isnull=True)
        .select_related("suggestion")
        .prefetch_related(
            Prefetch("suggestion__feedbacks", queryset=SuggestionFeedback.objects.order_by("-id"))
        )
    )
    for s in signers:
        suggestion = s.suggestion
        kind = "suggestions.led" if s.lead else "suggestions.cosigned"
        at = suggestion.submitted_at or s.confirmed_at
        lines.append(
            RecordLine(
                kind=kind,
                person_id=s.person_id,
                town_id=s.town_id,
                date=at.date() if at else dt.date(year, 1, 1),
                label=f"{KINDS[kind]}：{suggestion.title}",
                url=reverse("suggestions:detail", kwargs={"pk": suggestion.pk}),
                source=f"suggestions.suggestion:{suggestion.pk}",
                detail=_detail(suggestion),
            )
        )
    entries = SupervisionEntry.objects.filter(supervisor__in=person_ids, date__year=year).select_related(
        "suggestion"
    )
    for e in entries:
        lines.append(
            RecordLine(
                kind="suggestions.supervised",
                person_id=e.supervisor_id,
                town_id=e.town_id,
                date=e.date,
                label=f"{KINDS['suggestions.supervised']}：{e.suggestion.title}",
                url=reverse("suggestions:detail", kwargs={"pk": e.suggestion_id}),
                source=f"suggestions.supervisionentry:{e.pk}",
                detail=e.get_kind_display(),
            )
        )
    return lines


def register() -> None:
    record_source_register("suggestions", record_lines, KINDS)
