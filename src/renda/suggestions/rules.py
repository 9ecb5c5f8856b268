"""Who may take each step on a suggestion: `rules` predicates, checked by every service with `require`.

The object a permission is checked on:
- a Suggestion (possibly unsaved, for `create`: its town and lead signer) for the staff and signer steps;
- a HandlingUnit for `handle` (the unit's clerk), or a Suggestion (a clerk of one of its active units: what
  the page offers);
- a SuggestionSigner for `cosign` and `feedback` (the deputy the row names, or town staff);
- a Town for `key_notice`;
- a Suggestion for `supervise` (a presidium member it names as supervisor, or town staff).
"""

from __future__ import annotations

import rules

from renda.core.access import grants_of
from renda.core.permissions import is_signed_in, is_staff_of_town


def _persons(user) -> frozenset[int]:
    return grants_of(user).person_ids


@rules.predicate
def is_lead_signer(user, obj) -> bool:
    """The deputy who leads the suggestion."""
    return bool(is_signed_in(user) and getattr(obj, "lead_person_id", None) in _persons(user))


@rules.predicate
def is_signer(user, obj) -> bool:
    """Any deputy who signed the suggestion."""
    persons = _persons(user)
    if not (is_signed_in(user) and persons and getattr(obj, "pk", None)):
        return False
    return any(x.person_id in persons for x in obj.signers.all())


@rules.predicate
def is_the_signer(user, obj) -> bool:
    """The deputy a signer row names (a co-signer confirming, a signer giving feedback)."""
    return bool(is_signed_in(user) and getattr(obj, "person_id", None) in _persons(user))


@rules.predicate
def is_unit_clerk(user, obj) -> bool:
    """The clerk of the handling unit (a HandlingUnit), or of one of a suggestion's active units."""
    from renda.registry.models import HandlingUnit

    units = grants_of(user).unit_ids
    if not (is_signed_in(user) and units and obj is not None):
        return False
    if isinstance(obj, HandlingUnit):
        return obj.pk in units
    return any(a.active and a.unit_id in units for a in obj.assignments.all())


@rules.predicate
def is_key_supervisor(user, obj) -> bool:
    """A presidium member (a presidium grant in the suggestion's town) assigned to supervise this key
    suggestion (重点督办); a deputy account of the same person is not."""
    from renda.core.enums import Role

    g = grants_of(user)
    if not (is_signed_in(user) and g.person_ids and getattr(obj, "is_key", False)):
        return False
    if not g.has(Role.PRESIDIUM, getattr(obj, "town_id", None)):
        return False
    return any(k.person_id in g.person_ids for k in obj.supervisors.all())


staff = is_staff_of_town

rules.add_perm("suggestions.create", staff | is_lead_signer)
# Turning an appeal, a motion or an activity into a suggestion: the caller's own service checks who converts.
rules.add_perm("suggestions.create_from", is_signed_in)
rules.add_perm("suggestions.submit", staff | is_lead_signer)
rules.add_perm("suggestions.cosign", staff | is_the_signer)
rules.add_perm("suggestions.attach", staff | is_signer)
rules.add_perm("suggestions.review", staff)
rules.add_perm("suggestions.assign", staff)
rules.add_perm("suggestions.merge", staff)
rules.add_perm("suggestions.handle", is_unit_clerk)
rules.add_perm("suggestions.decide_extension", staff)
rules.add_perm("suggestions.feedback", staff | is_the_signer)
rules.add_perm("suggestions.close", staff)
rules.add_perm("suggestions.key", staff)
rules.add_perm("suggestions.key_notice", staff)
rules.add_perm("suggestions.publish", staff)
rules.add_perm("suggestions.followup", staff)
# Recording supervision of a key suggestion: its supervisors, or town staff on a supervisor's behalf.
rules.add_perm("suggestions.supervise", staff | is_key_supervisor)
