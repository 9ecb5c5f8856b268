"""The undelivered reminders page (未送达提醒): steps the sweep recorded with no one to send them to."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from ..access import user_is_district_staff
from .models import Recipient
from .queries import reminders_undelivered_for
from .rules import clock_kind, steps_by_kind


def _roles_text(codes) -> str:
    labels = dict(Recipient.choices)
    return "、".join(str(labels.get(c, c)) for c in codes)


@login_required
def reminders_undelivered(request):
    page = Paginator(reminders_undelivered_for(user=request.user), settings.RENDA["PAGE_SIZE"]).get_page(
        request.GET.get("page")
    )
    steps = {s.code: s for kind_steps in steps_by_kind().values() for s in kind_steps}
    rows = []
    for r in page.object_list:
        step = steps.get(r.step)
        rows.append(
            {
                "log": r,
                "kind": clock_kind(r.clock.kind).label,
                "roles": _roles_text(step.recipients) if step else "",
                "escalation": bool(step and step.escalation),
            }
        )
    return render(
        request,
        "core/reminders_undelivered.html",
        {"page": page, "rows": rows, "show_town": user_is_district_staff(request.user), "querystring": ""},
    )
