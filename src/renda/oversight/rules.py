"""Who may do what in presidium work in recess (`rules` predicates; services call `require`).

- oversight.manage: the town's congress office staff (and the district's staff over it) keep the plan, arrange
  activities, send notices, record what happened, draft opinions and the government's response, run appraisals.
- oversight.decide: the presidium of the town (and staff) approve the plan, issue opinions, select key problems
  and publish appraisal results.
- oversight.verify: the presidium or staff verify rectification (验收) and re-check it (回头看).
- oversight.rectify: the clerks of the item's responsible unit (and staff on their behalf) report progress and
  completion.
- oversight.reply_invitation: the invited deputy answers attend / excused (staff may record it for them).
- oversight.score: a deputy of the appraisal's town scores its stations; a voter (`CITIZEN`) on the portal.
- oversight.view: anyone who may see the town's oversight records (staff, presidium, deputies of the town,
  the unit clerks for their own items).
"""

from __future__ import annotations

import rules

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.permissions import (
    has_role_in_town,
    is_citizen,
    is_presidium_of_town,
    is_signed_in,
    is_staff_of_town,
)


@rules.predicate
def is_item_unit_clerk(user, item) -> bool:
    """A clerk of the rectification item's responsible unit."""
    unit_id = getattr(item, "unit_id", None)
    return bool(unit_id and is_signed_in(user) and unit_id in grants_of(user).unit_ids)


@rules.predicate
def is_invited(user, invitation) -> bool:
    """The deputy the invitation is for."""
    person_id = getattr(invitation, "person_id", None)
    return bool(person_id and is_signed_in(user) and person_id in grants_of(user).person_ids)


is_deputy_of_town = has_role_in_town(Role.DEPUTY)

rules.add_perm("oversight.manage", is_staff_of_town)
rules.add_perm("oversight.decide", is_staff_of_town | is_presidium_of_town)
rules.add_perm("oversight.verify", is_staff_of_town | is_presidium_of_town)
rules.add_perm("oversight.rectify", is_staff_of_town | is_item_unit_clerk)
rules.add_perm("oversight.reply_invitation", is_staff_of_town | is_invited)
rules.add_perm("oversight.score", is_deputy_of_town | is_citizen)
rules.add_perm("oversight.view", is_staff_of_town | is_presidium_of_town | is_deputy_of_town)
