"""The demo district: fictional people on the real geography of 吴江区 (320509).

`build_demo(seed=..., towns=[...])` loads the official divisions, then builds each township-level unit
through the registry services (so every record has its audit row), one transaction per unit. It is
deterministic for a seed (each unit draws from its own `random.Random` and seeded Faker, so a unit's data
is the same whether built alone or with the others) and idempotent: a unit whose staff account exists is
skipped. A few real gaps are left on purpose so the coverage checks have something to show.
"""

from .accounts import (
    DemoAccount,
    DemoResult,
    accounts_markdown,
    demo_accounts,
    demo_password_hash,
    full_demo_towns,
    slug_for,
)
from .build import build_demo

__all__ = [
    "DemoAccount",
    "DemoResult",
    "accounts_markdown",
    "build_demo",
    "demo_accounts",
    "demo_password_hash",
    "full_demo_towns",
    "slug_for",
]
