"""Who may do what in district–town joint action (`rules` predicates; services call `require`).

- campaigns.manage: the district's standing-committee staff create, launch and close the district's campaigns
  (the object is the District, or a Campaign of it).
- campaigns.report: the staff of the task's town (and the district's staff over it) report the town's
  follow-up.
- campaigns.view: the district's staff; the staff of a town the campaign covers (checked per task).
- campaigns.reply_invitation: the invited town chair or vice-chair, or the staff of their town (and the
  district's staff over it), answer a district event's invitation (attend / excused). The attendance is the
  district's (campaigns.manage on the event), as are exchange meetings, their papers and experiences.
"""

from __future__ import annotations

import rules

from renda.core.access import grants_of
from renda.core.permissions import is_signed_in, is_staff_of_town


def district_id_of(obj) -> int | None:
    from renda.core.models import District

    if isinstance(obj, District):
        return obj.pk
    return getattr(obj, "district_id", None)


@rules.predicate
def is_staff_of_district(user, obj) -> bool:
    """Standing-committee staff of the object's district (a District or a Campaign)."""
    district_id = district_id_of(obj)
    return bool(
        is_signed_in(user) and district_id is not None and district_id in grants_of(user).district_ids
    )


@rules.predicate
def is_invited(user, invitation) -> bool:
    """The person the invitation is for."""
    person_id = getattr(invitation, "person_id", None)
    return bool(person_id and is_signed_in(user) and person_id in grants_of(user).person_ids)


rules.add_perm("campaigns.manage", is_staff_of_district)
rules.add_perm("campaigns.reply_invitation", is_staff_of_town | is_invited)
rules.add_perm("campaigns.report", is_staff_of_town)
rules.add_perm("campaigns.view", is_staff_of_district | is_staff_of_town)
