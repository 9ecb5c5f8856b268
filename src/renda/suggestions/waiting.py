"""The deputy's start page: co-sign requests to confirm and replies waiting for their feedback."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.waiting import Waiting

from .models import State, Suggestion, SuggestionFeedback, SuggestionReply, SuggestionSigner


def waiting_items(*, user, today: dt.date) -> list[Waiting]:
    """Two counts in one query: co-sign requests not yet confirmed, replies the user has not rated."""
    persons = list(grants_of(user).person_ids)
    if not persons:
        return []
    last_round = (
        SuggestionReply.objects.filter(suggestion=OuterRef("pk")).order_by("-round").values("round")[:1]
    )
    mine = SuggestionSigner.objects.filter(suggestion=OuterRef("pk"), person__in=persons)
    rated = SuggestionFeedback.objects.filter(
        suggestion=OuterRef("pk"), person__in=persons, reply__round=OuterRef("last_round")
    )
    unconfirmed = mine.filter(lead=False, confirmed_at__isnull=True)
    counts = (
        Suggestion.objects.filter(Exists(mine), state__in=[State.COSIGNING, State.REPLIED])
        .annotate(last_round=Subquery(last_round), unconfirmed=Exists(unconfirmed), rated=Exists(rated))
        .aggregate(
            cosign=Count("pk", filter=Q(state=State.COSIGNING, unconfirmed=True)),
            feedback=Count("pk", filter=Q(state=State.REPLIED, rated=False)),
        )
    )
    base = reverse("suggestions:list")
    return [
        Waiting(
            "suggestions.cosign",
            _("待我附议确认的建议"),
            counts["cosign"] or 0,
            f"{base}?{urlencode({'role': 'signer', 'state': State.COSIGNING})}",
        ),
        Waiting(
            "suggestions.feedback",
            _("待我反馈满意度的答复"),
            counts["feedback"] or 0,
            f"{base}?{urlencode({'role': 'signer', 'state': State.REPLIED})}",
        ),
    ]
