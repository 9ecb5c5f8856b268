"""Who may do what with calendar feeds.

- feeds.manage (obj: the user whose feed it is): only that user issues or revokes their own feed URL.
"""

from __future__ import annotations

import rules


@rules.predicate
def is_the_user(user, owner) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(owner, "pk", None) == user.pk


rules.add_perm("feeds.manage", is_the_user)
