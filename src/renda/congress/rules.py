"""Who may do what in the congress module (`rules` predicates; every service checks its permission itself).

- The session's records (agenda, documents, roll call, opening and closing, votes, budget adjustments) are run by
  the town's staff, the district's staff over it, or its presidium (`manages_town`).
- The presidium decides (leave, motions on the agenda, absence flags); the town's staff may act for it — the actor
  is recorded (`acts_for_presidium`). Only the presidium itself grants a motion short of signatures.
- A deputy acts for themself: leave, leading and co-signing a motion, withdrawing their draft.

Predicates take (user, obj) where obj is a town-owned record (Session, Motion, Vote, Person, …) or a Town.
`renda.core.actors.SYSTEM` holds every permission (sweeps, seeding, the demo).
"""

from __future__ import annotations

import rules

from renda.core.access import grants_of, user_is_staff_for
from renda.core.enums import Role
from renda.core.permissions import is_presidium_of_town, is_signed_in, is_superuser, town_id_of


@rules.predicate
def manages_town(user, obj) -> bool:
    """Town staff, district staff and the presidium run the session's records."""
    town_id = town_id_of(obj)
    if not is_signed_in(user) or town_id is None:
        return False
    return user_is_staff_for(user, town_id) or grants_of(user).has(Role.PRESIDIUM, town_id)


@rules.predicate
def acts_for_presidium(user, obj) -> bool:
    """The presidium, or the town's staff acting for it (the actor is recorded)."""
    town_id = town_id_of(obj)
    if not is_signed_in(user) or town_id is None:
        return False
    g = grants_of(user)
    return g.has(Role.PRESIDIUM, town_id) or g.has(Role.TOWN_STAFF, town_id) or bool(user.is_superuser)


@rules.predicate
def is_the_person(user, person) -> bool:
    """The deputy themself: `person` is a Person the user acts as."""
    return bool(is_signed_in(user) and person is not None and person.pk in grants_of(user).person_ids)


@rules.predicate
def is_motion_lead(user, motion) -> bool:
    """The motion's lead deputy."""
    return bool(
        is_signed_in(user) and motion.lead_id is not None and motion.lead_id in grants_of(user).person_ids
    )


# The session's records.
for verb in (
    "session_create",  # obj: the Town
    "session_update",
    "session_open",
    "session_close",
    "agenda_edit",
    "document_add",
    "opinion_add",
    "roll_call",
    "vote_create",
    "vote_record",
    "vote_close",
    "vote_correct",
    "budget_adjustment_record",  # obj: the Town
):
    rules.add_perm(f"congress.{verb}", manages_town)

# The presidium's decisions.
for verb in ("leave_decide", "motion_propose", "motion_decide", "motion_withdraw_consent", "flag_resolve"):
    rules.add_perm(f"congress.{verb}", acts_for_presidium)
rules.add_perm("congress.motion_lodge_override", is_presidium_of_town | is_superuser)

# The deputy's own steps (obj: the Person, or the Motion for its lead).
rules.add_perm("congress.leave_request", is_the_person | manages_town)
rules.add_perm("congress.motion_lead", is_the_person | manages_town)
rules.add_perm("congress.motion_cosign", is_the_person)
rules.add_perm("congress.motion_lodge", is_motion_lead | acts_for_presidium)
rules.add_perm("congress.motion_withdraw", is_motion_lead | acts_for_presidium)

# What a page shows: every leave request of a session, not only the deputy's own.
rules.add_perm("congress.leaves_view_all", manages_town | acts_for_presidium)
