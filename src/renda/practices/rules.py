"""Who may do what in the practice library and the six-haves self-assessment (`rules` predicates; services call
`require`).

- practices.manage: the district's standing-committee staff create, change, roll out and sum up the district's
  practices (the object is the District, or a Practice of it).
- practices.adopt: the staff of the town (and the district's staff over it) record the town's adoption (the
  object is the Town, or an Adoption of it); the service checks the town is of the practice's district.
- practices.selfassess: the staff of the town (and the district's staff over it) fill in and submit the town's
  six-haves self-assessment.
- practices.return: the district's staff return a submitted self-assessment of one of their towns.
"""

from __future__ import annotations

import rules

from renda.core.access import grants_of
from renda.core.permissions import is_signed_in, is_staff_of_town


def district_id_of(obj) -> int | None:
    from renda.core.models import District, Town

    if isinstance(obj, District):
        return obj.pk
    if isinstance(obj, Town):
        return obj.district_id
    if hasattr(obj, "district_id"):
        return obj.district_id
    town = getattr(obj, "town", None)
    return getattr(town, "district_id", None)


@rules.predicate
def is_staff_of_district(user, obj) -> bool:
    """Standing-committee staff of the object's district (a District, a Practice, a Town or a town's record)."""
    district_id = district_id_of(obj)
    return bool(
        is_signed_in(user) and district_id is not None and district_id in grants_of(user).district_ids
    )


rules.add_perm("practices.manage", is_staff_of_district)
rules.add_perm("practices.adopt", is_staff_of_town)
rules.add_perm("practices.selfassess", is_staff_of_town)
rules.add_perm("practices.return", is_staff_of_district)
