"""Small inline SVG charts with no dependencies: scatter, lines, heatmap, bars.

The SVG is meant to sit inside an HTML document (HTML parsers put it in the SVG namespace
themselves, so there is no ``xmlns``).

Every chart is a pure function from plain data and already translated text to one ``<svg>``
string: no JavaScript, no fonts to fetch, the same bytes for the same input. Charts are
accessible: a ``<title>`` and ``<desc>`` named by ``aria-labelledby``, axis labels, and text
beside every colour (point labels, line end labels, numbers in heatmap cells, marker shapes).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from siaran.report.svg import (
    CHAR_WIDTH,
    DASHES,
    GRID,
    INK,
    MUTED,
    PALETTE,
    SHAPES,
    axis_labels,
    line,
    linear_ticks,
    log_domain,
    log_pos,
    log_ticks,
    marker,
    num,
    open_svg,
    overlap,
    ramp_colour,
    rect,
    shorten,
    text_at,
)

Formatter = Callable[[float], str]


@dataclass(frozen=True)
class GroupStyle:
    """How the points of one group (a quadrant) are drawn and named."""

    label: str
    colour: str
    shape: str = "circle"


@dataclass(frozen=True)
class ScatterPoint:
    label: str
    x: float | None
    y: float | None
    group: str
    detail: str = ""


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[date, float | None]]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    detail: str = ""


# -- scatter ----------------------------------------------------------------------------------
def scatter_chart(
    points: Sequence[ScatterPoint],
    *,
    chart_id: str,
    title: str,
    desc: str,
    x_label: str,
    y_label: str,
    x_format: Formatter,
    y_format: Formatter,
    groups: Mapping[str, GroupStyle],
    x_split: float | None = None,
    y_split: float | None = None,
    corner_labels: Mapping[str, str] | None = None,
) -> str:
    """Points on log-log axes, split into quadrants at ``x_split`` / ``y_split``.

    Points whose x or y is unknown or not positive cannot sit on a log axis: they are left
    out, and the caller says so next to the chart. ``corner_labels`` keys are ``top_left``,
    ``top_right``, ``bottom_left``, ``bottom_right``.
    """
    width, height = 720.0, 460.0
    left, right, top, bottom = 78.0, 24.0, 20.0, 58.0
    plot_w, plot_h = width - left - right, height - top - bottom
    shown = [p for p in points if p.x is not None and p.y is not None and p.x > 0 and p.y > 0]
    xs = [p.x for p in shown if p.x is not None] + ([x_split] if x_split else [])
    ys = [p.y for p in shown if p.y is not None] + ([y_split] if y_split else [])
    x_low, x_high = log_domain(xs)
    y_low, y_high = log_domain(ys)

    def px(v: float) -> float:
        return log_pos(v, x_low, x_high, left, plot_w)

    def py(v: float) -> float:
        return top + plot_h - log_pos(v, y_low, y_high, 0.0, plot_h)

    out = open_svg(chart_id, width, height, title, desc, "scatter")
    out.append(f'<g class="grid" stroke="{GRID}" stroke-width="1">')
    for tick in log_ticks(x_low, x_high):
        out.append(line(px(tick), top, px(tick), top + plot_h))
    for tick in log_ticks(y_low, y_high):
        out.append(line(left, py(tick), left + plot_w, py(tick)))
    out.append("</g>")
    out.append(f'<g class="ticks" fill="{MUTED}" font-size="11">')
    for tick in log_ticks(x_low, x_high):
        out.append(text_at(px(tick), top + plot_h + 16, x_format(tick), anchor="middle"))
    for tick in log_ticks(y_low, y_high):
        out.append(text_at(left - 6, py(tick) + 4, y_format(tick), anchor="end"))
    out.append("</g>")
    out.append(
        f'<rect x="{num(left)}" y="{num(top)}" width="{num(plot_w)}" height="{num(plot_h)}" '
        f'fill="none" stroke="{MUTED}" stroke-width="1"/>'
    )
    if x_split and y_split:
        sx, sy = px(x_split), py(y_split)
        out.append(
            f'<g class="quadrants" stroke="{INK}" stroke-width="1.2" stroke-dasharray="5 4">'
            f'<line x1="{num(sx)}" y1="{num(top)}" x2="{num(sx)}" y2="{num(top + plot_h)}"/>'
            f'<line x1="{num(left)}" y1="{num(sy)}" x2="{num(left + plot_w)}" y2="{num(sy)}"/></g>'
        )
    corners = corner_labels or {}
    out.append(f'<g class="corners" fill="{MUTED}" font-size="11" font-weight="600">')
    for key, x, y, anchor in (
        ("top_left", left + 8, top + 16, "start"),
        ("top_right", left + plot_w - 8, top + 16, "end"),
        ("bottom_left", left + 8, top + plot_h - 8, "start"),
        ("bottom_right", left + plot_w - 8, top + plot_h - 8, "end"),
    ):
        if key in corners:
            out.append(text_at(x, y, corners[key], anchor=anchor))
    out.append("</g>")
    out.extend(axis_labels(x_label, y_label, left + plot_w / 2, height - 12, top + plot_h / 2))
    placed: list[tuple[float, float, float, float]] = [
        (left, top, left + 200, top + 22),
        (left + plot_w - 200, top, left + plot_w, top + 22),
        (left, top + plot_h - 22, left + 200, top + plot_h),
        (left + plot_w - 200, top + plot_h - 22, left + plot_w, top + plot_h),
    ]
    marks: list[str] = []
    labels: list[str] = []
    ordered = sorted(shown, key=lambda p: (-(p.y or 0), p.x or 0, p.label))
    for point in ordered:
        assert point.x is not None and point.y is not None
        x, y = px(point.x), py(point.y)
        style = groups.get(point.group, GroupStyle(point.group, PALETTE[-1]))
        tip = point.detail or f"{point.label}: {x_format(point.x)}, {y_format(point.y)}"
        marks.append(
            f"<g><title>{escape(tip)}</title>{marker(style.shape, x, y, style.colour)}</g>"
        )
        labels.append(_place_label(shorten(point.label), x, y, placed, (left, left + plot_w)))
    out.append('<g class="points">' + "".join(marks) + "</g>")
    out.append(f'<g class="labels" font-size="11" fill="{INK}">' + "".join(labels) + "</g>")
    out.append("</svg>")
    return "\n".join(out)


def _place_label(
    label: str,
    x: float,
    y: float,
    placed: list[tuple[float, float, float, float]],
    bounds: tuple[float, float],
) -> str:
    """Put a point label to the right, left, above or below, avoiding earlier labels."""
    w, h = len(label) * CHAR_WIDTH * 0.92, 13.0
    options = (
        (x + 8, y + 4, "start", (x + 8, y - 9, x + 8 + w, y + 4)),
        (x - 8, y + 4, "end", (x - 8 - w, y - 9, x - 8, y + 4)),
        (x, y - 10, "middle", (x - w / 2, y - 10 - h, x + w / 2, y - 10)),
        (x, y + 19, "middle", (x - w / 2, y + 6, x + w / 2, y + 6 + h)),
    )
    for tx, ty, anchor, box in options:
        inside = bounds[0] <= box[0] and box[2] <= bounds[1]
        if inside and not any(overlap(box, other) for other in placed):
            placed.append(box)
            return text_at(tx, ty, label, anchor=anchor)
    tx, ty, anchor, box = options[0] if x + 8 + w <= bounds[1] else options[1]
    placed.append(box)
    return text_at(tx, ty, label, anchor=anchor)


# -- lines ------------------------------------------------------------------------------------
def line_chart(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    desc: str,
    x_label: str,
    y_label: str,
    x_format: Callable[[date], str],
    y_format: Formatter,
) -> str:
    """One line per series over dates, labelled at its last known point.

    The y axis turns logarithmic when the series span more than two orders of magnitude
    (a seller earning thousands next to one earning millions); unknown values break a line.
    """
    width, height = 720.0, 400.0
    left, right, top, bottom = 78.0, 150.0, 16.0, 54.0
    plot_w, plot_h = width - left - right, height - top - bottom
    days = sorted({d for s in series for d, _ in s.points})
    values = [v for s in series for _, v in s.points if v is not None and math.isfinite(v)]
    positive = [v for v in values if v > 0]
    use_log = len(positive) == len(values) > 0 and max(positive) > 100 * min(positive)
    if use_log:
        y_low, y_high = log_domain(positive)
        ticks = log_ticks(y_low, y_high)

        def py(v: float) -> float:
            return top + plot_h - log_pos(max(v, y_low), y_low, y_high, 0.0, plot_h)
    else:
        ticks = linear_ticks(max(values, default=1.0))
        y_high = ticks[-1] or 1.0

        def py(v: float) -> float:
            return top + plot_h - plot_h * max(v, 0.0) / y_high

    first, last = (days[0], days[-1]) if days else (date(2000, 1, 1), date(2000, 1, 1))
    span = max((last - first).days, 1)

    def px(d: date) -> float:
        return left + plot_w * ((d - first).days / span if days[1:] else 0.5)

    out = open_svg(chart_id, width, height, title, desc, "lines")
    out.append(f'<g class="grid" stroke="{GRID}" stroke-width="1">')
    for tick in ticks:
        out.append(line(left, py(tick), left + plot_w, py(tick)))
    out.append("</g>")
    out.append(f'<g class="ticks" fill="{MUTED}" font-size="11">')
    for tick in ticks:
        out.append(text_at(left - 6, py(tick) + 4, y_format(tick), anchor="end"))
    every = max(1, math.ceil(len(days) / 6))
    shown_days = [d for i, d in enumerate(days) if i % every == 0 and len(days) - 1 - i >= every]
    for day in [*shown_days, *days[-1:]]:
        out.append(text_at(px(day), top + plot_h + 16, x_format(day), anchor="middle"))
    out.append("</g>")
    out.append(
        f'<path d="M{num(left)},{num(top)}V{num(top + plot_h)}H{num(left + plot_w)}" '
        f'fill="none" stroke="{MUTED}"/>'
    )
    ends: list[tuple[float, str, str]] = []
    for index, item in enumerate(series):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        shape = SHAPES[index % len(SHAPES)]
        runs: list[list[tuple[float, float]]] = [[]]
        marks = []
        for day, value in sorted(item.points):
            if value is None or not math.isfinite(value):
                runs.append([])
                continue
            runs[-1].append((px(day), py(value)))
            tip = f"{item.label}, {x_format(day)}: {y_format(value)}"
            mark = marker(shape, px(day), py(value), colour, 3.5)
            marks.append(f"<g><title>{escape(tip)}</title>{mark}</g>")
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="series" stroke="{colour}" fill="none">')
        out.append(f"<title>{escape(item.label)}</title>")
        for run in runs:
            if len(run) > 1:
                path = "M" + "L".join(f"{num(x)},{num(y)}" for x, y in run)
                out.append(f'<path d="{path}" stroke-width="2"{dash_attr}/>')
        out.append("</g>" + "".join(marks))
        known = [pt for run in runs for pt in run]
        if known:
            ends.append((known[-1][1], shorten(item.label, 20), colour))
    labels = _end_labels(ends, left + plot_w + 8, top, top + plot_h)
    out.append(f'<g class="end-labels" font-size="11">{labels}</g>')
    out.extend(axis_labels(x_label, y_label, left + plot_w / 2, height - 10, top + plot_h / 2))
    out.append("</svg>")
    return "\n".join(out)


def _end_labels(ends: list[tuple[float, str, str]], x: float, low: float, high: float) -> str:
    """Line labels at the right edge, pushed apart so that none overlap."""
    gap = 14.0
    ordered = sorted(ends)
    ys: list[float] = []
    for y, _, _ in ordered:
        ys.append(max(y, ys[-1] + gap) if ys else y)
    overflow = (ys[-1] + 4 - high) if ys else 0.0
    if overflow > 0:
        ys = [max(low + 8 + i * gap, y - overflow) for i, y in enumerate(ys)]
    return "".join(
        text_at(x, y + 4, label, extra=f' fill="{colour}" font-weight="600"')
        for y, (_, label, colour) in zip(ys, ordered, strict=True)
    )


# -- heatmap ----------------------------------------------------------------------------------
def heatmap(
    cells: Mapping[tuple[int, int], float],
    *,
    chart_id: str,
    title: str,
    desc: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    cell_format: Formatter,
    cell_details: Mapping[tuple[int, int], str] | None = None,
    x_label: str = "",
) -> str:
    """A grid (weekday rows x hour columns) shaded by value, with the value written in it."""
    cell, left, top = 28.0, 48.0, 8.0
    width = left + cell * len(column_labels) + 8
    height = top + cell * len(row_labels) + 44
    peak = max((v for v in cells.values() if math.isfinite(v)), default=0.0)
    details = cell_details or {}
    out = open_svg(chart_id, width, height, title, desc, "heatmap")
    out.append(f'<g class="rows" fill="{MUTED}" font-size="11">')
    for row, label in enumerate(row_labels):
        out.append(text_at(left - 6, top + cell * row + cell / 2 + 4, label, anchor="end"))
    out.append("</g>")
    out.append('<g class="cells" font-size="10" stroke="#ffffff" stroke-width="1">')
    for row in range(len(row_labels)):
        for col in range(len(column_labels)):
            value = cells.get((row, col), 0.0)
            share = value / peak if peak > 0 else 0.0
            x, y = left + cell * col, top + cell * row
            name = f"{row_labels[row]} {column_labels[col]}"
            tip = details.get((row, col), f"{name}: {cell_format(value)}")
            body = ""
            if value:
                ink = "#ffffff" if share > 0.45 else INK
                extra = f' fill="{ink}" stroke="none"'
                body = text_at(
                    x + cell / 2, y + 17.5, cell_format(value), anchor="middle", extra=extra
                )
            fill = ramp_colour(share) if value else "#f8fafc"
            box = rect(x, y, cell, cell, f' fill="{fill}"')
            out.append(f"<g><title>{escape(tip)}</title>{box}{body}</g>")
    out.append("</g>")
    out.append(f'<g class="columns" fill="{MUTED}" font-size="10">')
    base = top + cell * len(row_labels)
    for col, label in enumerate(column_labels):
        if col % 2 == 0:
            out.append(text_at(left + cell * col + cell / 2, base + 14, label, anchor="middle"))
    out.append("</g>")
    if x_label:
        middle = left + cell * len(column_labels) / 2
        out.append(
            text_at(middle, height - 8, x_label, anchor="middle", extra=' font-weight="600"')
        )
    out.append("</svg>")
    return "\n".join(out)


# -- bars -------------------------------------------------------------------------------------
def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str,
    value_format: Formatter,
    domain: tuple[float, float] | None = None,
    unknown_text: str = "—",
) -> str:
    """Horizontal bars with their values written beside them; negatives go left of zero."""
    row, label_w, value_w = 26.0, 170.0, 70.0
    width = 640.0
    plot_w = width - label_w - value_w - 12
    values = [b.value for b in bars if b.value is not None and math.isfinite(b.value)]
    low, high = domain or (min([0.0, *values]), max([0.0, *values]) or 1.0)
    span = (high - low) or 1.0

    def px(v: float) -> float:
        return label_w + plot_w * (min(max(v, low), high) - low) / span

    height = row * len(bars) + 12
    zero = px(0.0)
    out = open_svg(chart_id, width, height, title, desc, "bars")
    for index, item in enumerate(bars):
        y = 6 + index * row
        shown = unknown_text if item.value is None else value_format(item.value)
        tip = item.detail or f"{item.label}: {shown}"
        out.append(f"<g><title>{escape(tip)}</title>")
        out.append(text_at(label_w - 8, y + row / 2 + 4, shorten(item.label, 24), anchor="end"))
        if item.value is None or not math.isfinite(item.value):
            out.append(text_at(zero + 4, y + row / 2 + 4, unknown_text, extra=f' fill="{MUTED}"'))
        else:
            end = px(item.value)
            x0, x1 = sorted((zero, end))
            colour = PALETTE[0] if item.value >= 0 else PALETTE[1]
            out.append(
                f'<rect x="{num(x0)}" y="{num(y + 4)}" width="{num(max(x1 - x0, 1.0))}" '
                f'height="{num(row - 8)}" fill="{colour}"/>'
            )
            out.append(text_at(label_w + plot_w + 8, y + row / 2 + 4, value_format(item.value)))
        out.append("</g>")
    out.append(
        f'<line x1="{num(zero)}" y1="2" x2="{num(zero)}" y2="{num(height - 4)}" stroke="{MUTED}"/>'
    )
    out.append("</svg>")
    return "\n".join(out)
