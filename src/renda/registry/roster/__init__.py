"""Rosters (花名册) as Excel: deputies, electoral districts and handling units (DOMAIN C1).

Import validates the whole file first and reports every bad row (its row number as Excel shows it, the
column and the reason in Chinese). Nothing is written unless every row is good; then everything is
written in one transaction through the registry services. Export writes the same columns, so an
exported file imports again into another town.

Column headers and choice values are part of the file format: they are fixed Chinese text and are not
translated; the reasons are translatable like every user-facing string.
"""

from .columns import (
    COLUMNS,
    XLSX_CONTENT_TYPE,
    Column,
    RosterError,
    RosterKind,
    RosterResult,
    RosterRow,
)
from .importing import roster_import, roster_validate, roster_write
from .reads import roster_current_term, roster_town_for, roster_towns_for
from .workbooks import roster_export, roster_filename, roster_template

__all__ = [
    "COLUMNS",
    "XLSX_CONTENT_TYPE",
    "Column",
    "RosterError",
    "RosterKind",
    "RosterResult",
    "RosterRow",
    "roster_current_term",
    "roster_export",
    "roster_filename",
    "roster_import",
    "roster_template",
    "roster_town_for",
    "roster_towns_for",
    "roster_validate",
    "roster_write",
]
