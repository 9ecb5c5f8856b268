"""Background work of reports: building a year-end pack (the request hands the pack's id to the queue)."""

from __future__ import annotations

from django.tasks import task
from django_scopes import scopes_disabled


@task
def year_pack_task(pack_id: int) -> int:
    from .services import year_pack_build

    # A background job: no user scope; the pack's towns were checked when it was asked for.
    with scopes_disabled():  # a background job over the pack's towns
        return year_pack_build(pack_id).progress
