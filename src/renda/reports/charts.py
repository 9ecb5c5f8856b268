"""Bar charts drawn on the server as SVG for the printable year-end pack (no browser in the web process):
horizontal bars with their labels and values; no bars at all (only the axis and 无数据) when every value is 0."""

from __future__ import annotations

from html import escape

from django.utils.translation import gettext as _

WIDTH, BAR, GAP, LABEL, TOP = 640, 22, 10, 150, 34
COLOURS = ("#2f6fb0", "#3f9a6b", "#d08a2c", "#a04f8f", "#5b7a99", "#b5483a")


def bar_chart_svg(title: str, bars: list[tuple[str, int | float]]) -> str:
    """One chart: `bars` is [(label, value)]. Values are drawn to scale against the largest."""
    rows = max(len(bars), 1)
    height = TOP + rows * (BAR + GAP) + 16
    top = max((v for _l, v in bars), default=0) or 0
    span = WIDTH - LABEL - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Noto Sans CJK SC, sans-serif" font-size="13">',
        f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{LABEL}" y1="{TOP - 6}" x2="{LABEL}" y2="{height - 10}" stroke="#888"/>',
    ]
    if not top:
        parts.append(f'<text x="{LABEL + 12}" y="{TOP + BAR - 6}" fill="#888">{escape(_("无数据"))}</text>')
    for i, (label, value) in enumerate(bars):
        y = TOP + i * (BAR + GAP)
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + BAR - 6}" text-anchor="end">{escape(str(label)[:12])}</text>'
        )
        if top:
            w = round(span * (value or 0) / top, 1)
            colour = COLOURS[i % len(COLOURS)]
            parts.append(f'<rect x="{LABEL}" y="{y}" width="{w}" height="{BAR}" fill="{colour}"/>')
            parts.append(f'<text x="{LABEL + w + 6}" y="{y + BAR - 6}">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)
