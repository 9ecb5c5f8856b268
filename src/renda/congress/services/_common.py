"""What the congress services share: the permission check with the module's own refusal texts, shares without
floats, the session's days and whether its records may still change."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import SYSTEM
from renda.core.models import Town
from renda.core.permissions import require
from renda.registry.models import Person, Term

from .. import queries
from ..enums import SessionState
from ..models import Session


def refusal_manage() -> str:
    return _("只有镇人大工作人员可以进行此操作")


def refusal_presidium() -> str:
    return _("只有主席团（或受其委托的镇人大工作人员）可以进行此操作")


def check(actor, perm: str, obj, refusal: str | None = None) -> None:
    """`require(actor, perm, obj)`, said with the step's own words when a signed-in user is refused."""
    try:
        require(actor, perm, obj)
    except PermissionDenied:
        if actor is None or refusal is None:
            raise
        raise PermissionDenied(refusal) from None


def is_user(actor) -> bool:
    """A signed-in user (not SYSTEM, CITIZEN or nobody): the one whose own deputy records count."""
    return actor is not None and actor is not SYSTEM and bool(getattr(actor, "is_authenticated", False))


def share_reached(count: int, total: int, share: tuple[int, int]) -> bool:
    """count/total >= num/den without floats."""
    num, den = share
    return count * den >= total * num


def more_than(count: int, total: int, share: tuple[int, int]) -> bool:
    """count/total > num/den without floats."""
    num, den = share
    return count * den > total * num


def now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def same_town(town: Town, *objs) -> None:
    for o in objs:
        if o is not None and getattr(o, "town_id", town.pk) != town.pk:
            raise ValidationError(_("只能选择本镇的记录"))


def is_serving(person: Person, term: Term, on: dt.date) -> bool:
    return queries.serving_mandates(term=term, on=on).filter(person=person).exists()


def session_days(session: Session) -> list[dt.date]:
    """The days of the session, first to last."""
    return [session.start_date + dt.timedelta(days=i) for i in range(session.days)]


def session_editable(session: Session) -> bool:
    """Before it closes a session's records (agenda, roll call, leave, motions) may still change."""
    return session.state != SessionState.CLOSED


def user_or_none(actor):
    """The actor as a user column's value: SYSTEM and CITIZEN are no user (the audit row says who acted)."""
    return actor if getattr(actor, "pk", None) else None


def session_in_progress(session: Session) -> bool:
    """Between opening and closing: votes are taken."""
    return session.state == SessionState.OPEN
