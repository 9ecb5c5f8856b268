"""Who acts when no signed-in user does: the system (sweeps, seeding, the demo) and a citizen on the portal.

A service's `actor` is a User, `SYSTEM` or `CITIZEN`; never None (`require` refuses it). Neither stand-in has a
primary key, so the audit row records no user (ActivityLog.actor is empty) and says which one acted in its data.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy


class _StandIn:
    """Not a user: no pk, not authenticated, no grants. Compared by identity (`actor is SYSTEM`)."""

    pk = None
    id = None
    is_authenticated = False
    is_anonymous = False
    is_superuser = False
    is_staff = False
    is_active = True

    def __init__(self, code: str, label) -> None:
        self.code = code
        self.label = label

    def __repr__(self) -> str:
        return f"<actor {self.code}>"

    def __str__(self) -> str:
        return str(self.label)

    def __reduce__(self):  # pickled (task arguments, sessions) as the same singleton
        return (actor_of_code, (self.code,))


SYSTEM = _StandIn("system", gettext_lazy("系统"))
CITIZEN = _StandIn("citizen", gettext_lazy("群众（门户网站）"))


def actor_of_code(code: str) -> _StandIn:
    return {"system": SYSTEM, "citizen": CITIZEN}[code]


def is_stand_in(actor) -> bool:
    return actor is SYSTEM or actor is CITIZEN
