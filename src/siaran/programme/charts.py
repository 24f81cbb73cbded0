"""The programme's charts as static SVG text (no script, no external asset), for the PDF
report and the dashboard alike: the impact per area with its interval, and the coaching
sessions per area."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Final

from markupsafe import Markup

from siaran.advice import AREAS
from siaran.formatting import format_percent
from siaran.i18n import Lang, text
from siaran.programme.coaching import CoachingSession
from siaran.programme.impact import Impact
from siaran.report.svg import FONT, GRID, INK, MUTED, PALETTE, num

WIDTH: Final = 640
LABEL_W: Final = 230
ROW_H: Final = 26
NEED_COLOURS: Final = {
    "high": "#f4c7b1",
    "medium": "#fde9b8",
    "low": "#c9e7d9",
    "unknown": "#e4e7eb",
}
"""Cell backgrounds of the needs matrix (the need is also written in the cell)."""


def _svg(height: float, body: list[str], title: str, fluid: bool) -> Markup:
    """The chart; ``fluid`` shrinks it to a narrow screen (a PDF page has the room)."""
    style = ' style="max-width:100%;height:auto"' if fluid else ""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {num(height)}" '
        f'width="{WIDTH}" height="{num(height)}"{style} '
        f'role="img" aria-label="{html.escape(title)}" '
        f'font-family="{html.escape(FONT)}" font-size="12"><title>{html.escape(title)}</title>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _name(impact: Impact, lang: Lang) -> str:
    return (
        text(f"advice.area.{impact.area}", lang) if impact.area else text("programme.overall", lang)
    )


def impact_chart(impacts: Sequence[Impact], lang: Lang, *, fluid: bool = False) -> Markup:
    """Each impact's relative estimate with its interval; "too little data" where none."""
    found = [i.found.estimate for i in impacts if i.found is not None]
    bounds = [
        b for e in found for b in (e.relative_low, e.relative_high, e.relative) if b is not None
    ]
    low = min([-0.25, *bounds]) * 1.1
    high = max([0.25, *bounds]) * 1.1
    left, right = LABEL_W, WIDTH - 20

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    height = 40 + ROW_H * len(impacts)
    body = [
        f'<line x1="{num(x(0))}" y1="10" x2="{num(x(0))}" y2="{num(height - 24)}" '
        f'stroke="{MUTED}" stroke-dasharray="4 3"/>'
    ]
    for tick in (low / 1.1, 0.0, high / 1.1):
        body.append(
            f'<text x="{num(x(tick))}" y="{num(height - 8)}" text-anchor="middle" '
            f'fill="{MUTED}">{html.escape(format_percent(tick, lang, decimals=0))}</text>'
        )
    for row, impact in enumerate(impacts):
        y = 24 + row * ROW_H
        body.append(
            f'<line x1="0" y1="{num(y + 9)}" x2="{WIDTH}" y2="{num(y + 9)}" stroke="{GRID}"/>'
            f'<text x="4" y="{num(y + 4)}" fill="{INK}">'
            f"{html.escape(_name(impact, lang)[:34])}</text>"
        )
        e = impact.found.estimate if impact.found else None
        if e is None or e.relative_low is None or e.relative_high is None:
            body.append(
                f'<text x="{num(x(0) + 6)}" y="{num(y + 4)}" fill="{MUTED}">'
                f"{html.escape(text('programme.chart.too_little_data', lang))}</text>"
            )
            continue
        colour = (
            PALETTE[2]
            if impact.code == "improved"
            else (PALETTE[1] if impact.code == "worse" else PALETTE[0])
        )
        body.append(
            f'<line x1="{num(x(e.relative_low))}" y1="{num(y)}" x2="{num(x(e.relative_high))}" '
            f'y2="{num(y)}" stroke="{colour}" stroke-width="3"/>'
            f'<circle cx="{num(x(e.relative))}" cy="{num(y)}" r="5" fill="{colour}"/>'
            f'<text x="{num(min(x(e.relative_high) + 6, right - 40))}" y="{num(y - 6)}" '
            f'fill="{INK}" font-size="10">{html.escape(format_percent(e.relative, lang))}</text>'
        )
    return _svg(height, body, text("programme.chart.impact", lang), fluid)


def sessions_chart(
    sessions: Sequence[CoachingSession], lang: Lang, *, fluid: bool = False
) -> Markup:
    """How many coaching sessions each capability area had."""
    counts = {area: sum(s.topic == area for s in sessions) for area in AREAS}
    most = max([1, *counts.values()])
    height = 20 + ROW_H * len(AREAS)
    body = []
    for row, area in enumerate(AREAS):
        y = 10 + row * ROW_H
        width = (WIDTH - LABEL_W - 60) * counts[area] / most
        body.append(
            f'<text x="4" y="{num(y + 13)}" fill="{INK}">'
            f"{html.escape(text(f'advice.area.{area}', lang)[:34])}</text>"
            f'<rect x="{LABEL_W}" y="{num(y + 2)}" width="{num(width)}" height="16" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{num(LABEL_W + width + 6)}" y="{num(y + 14)}" fill="{INK}">'
            f"{counts[area]}</text>"
        )
    return _svg(height, body, text("programme.chart.sessions", lang), fluid)
