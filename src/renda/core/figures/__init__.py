"""Work figures per town (工作概况): one stored row per town, kept by the services, read by the town page
and the district overview without counting years of rows on every request.

Modules add their own figures with `figures_register(name, function)` in their AppConfig.ready, so core
never imports them; each function is `function(*, town_ids, today) -> {town_id: {figure: value}}`, a fixed
number of queries for any number of towns, with an entry for every town asked.
"""

from __future__ import annotations

from collections.abc import Callable

FigureSource = Callable[..., dict[int, dict]]

_SOURCES: dict[str, FigureSource] = {}


def figures_register(name: str, source: FigureSource) -> None:
    """Add (or replace) the figures of one module under `name` in every town's row."""
    _SOURCES[name] = source


def figure_sources() -> dict[str, FigureSource]:
    return dict(_SOURCES)
