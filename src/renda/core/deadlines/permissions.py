"""Who may change the working-day calendar (its local corrections): district staff and superusers."""

from __future__ import annotations

import rules

from ..permissions import is_district_staff, is_superuser

rules.add_perm("core.calendar_edit", is_district_staff | is_superuser)
