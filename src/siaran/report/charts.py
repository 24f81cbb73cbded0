"""Small inline SVG charts with no dependencies: scatter, lines, heatmap, bars.

The SVG is meant to sit inside an HTML document (HTML parsers put it in the SVG namespace
themselves, so there is no ``xmlns``).

Every chart is a pure function from plain data and already translated text to one ``<svg>``:
this module works out the geometry, a template under ``templates/charts/`` draws it (escaped
like the rest of the report). No JavaScript, no fonts to fetch, the same bytes for the same
input. Charts are accessible: a ``<title>`` and ``<desc>`` named by ``aria-labelledby``, axis
labels, and text beside every colour (point labels, line end labels, numbers in heatmap cells,
marker shapes).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from siaran.report.svg import (
    CHAR_WIDTH,
    DASHES,
    INK,
    PALETTE,
    SHAPES,
    linear_ticks,
    log_domain,
    log_pos,
    log_ticks,
    num,
    overlap,
    ramp_colour,
    shorten,
)
from siaran.report.templating import render

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


@dataclass(frozen=True)
class Frame:
    """The ``<svg>`` element's id, size, title and description, and what kind of chart it is."""

    chart_id: str
    width: float
    height: float
    title: str
    desc: str
    kind: str


@dataclass(frozen=True)
class Area:
    """Where the data are drawn inside the frame (the axes' box)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"
    colour: str | None = None


@dataclass(frozen=True)
class Mark:
    """One drawn point with its tooltip."""

    tip: str
    shape: str
    x: float
    y: float
    colour: str


def marker_badge(shape: str, colour: str) -> Markup:
    """A small marker to stand beside text (legends, table badges); decorative for readers."""
    return render("charts/badge.svg", shape=shape, colour=colour)


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
) -> Markup:
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

    corners = corner_labels or {}
    corner_places = (
        ("top_left", left + 8, top + 16, "start"),
        ("top_right", left + plot_w - 8, top + 16, "end"),
        ("bottom_left", left + 8, top + plot_h - 8, "start"),
        ("bottom_right", left + plot_w - 8, top + plot_h - 8, "end"),
    )
    placed: list[tuple[float, float, float, float]] = [
        (left, top, left + 200, top + 22),
        (left + plot_w - 200, top, left + plot_w, top + 22),
        (left, top + plot_h - 22, left + 200, top + plot_h),
        (left + plot_w - 200, top + plot_h - 22, left + plot_w, top + plot_h),
    ]
    marks: list[Mark] = []
    labels: list[Label] = []
    for point in sorted(shown, key=lambda p: (-(p.y or 0), p.x or 0, p.label)):
        assert point.x is not None and point.y is not None
        x, y = px(point.x), py(point.y)
        style = groups.get(point.group, GroupStyle(point.group, PALETTE[-1]))
        tip = point.detail or f"{point.label}: {x_format(point.x)}, {y_format(point.y)}"
        marks.append(Mark(tip, style.shape, x, y, style.colour))
        labels.append(_place_label(shorten(point.label), x, y, placed, (left, left + plot_w)))
    return render(
        "charts/scatter.svg",
        frame=Frame(chart_id, width, height, title, desc, "scatter"),
        area=Area(left, top, plot_w, plot_h),
        x_ticks=[(px(t), x_format(t)) for t in log_ticks(x_low, x_high)],
        y_ticks=[(py(t), y_format(t)) for t in log_ticks(y_low, y_high)],
        split=(px(x_split), py(y_split)) if x_split and y_split else None,
        corners=[Label(x, y, corners[key], a) for key, x, y, a in corner_places if key in corners],
        axis=_axis(x_label, y_label, left + plot_w / 2, height - 12, top + plot_h / 2),
        marks=marks,
        labels=labels,
    )


def _axis(x_label: str, y_label: str, x: float, y: float, middle: float) -> dict[str, Any]:
    return {"x_label": x_label, "y_label": y_label, "x": x, "y": y, "middle": middle}


def _place_label(
    label: str,
    x: float,
    y: float,
    placed: list[tuple[float, float, float, float]],
    bounds: tuple[float, float],
) -> Label:
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
            return Label(tx, ty, label, anchor)
    tx, ty, anchor, box = options[0] if x + 8 + w <= bounds[1] else options[1]
    placed.append(box)
    return Label(tx, ty, label, anchor)


# -- lines ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One series drawn: its paths (a run of known values each), its marks, its colour."""

    label: str
    colour: str
    dash: str
    paths: list[str]
    marks: list[Mark]


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
) -> Markup:
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

    every = max(1, math.ceil(len(days) / 6))
    shown_days = [d for i, d in enumerate(days) if i % every == 0 and len(days) - 1 - i >= every]
    lines: list[Line] = []
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
            marks.append(Mark(tip, shape, px(day), py(value), colour))
        paths = ["M" + "L".join(f"{num(x)},{num(y)}" for x, y in run) for run in runs if run[1:]]
        lines.append(Line(item.label, colour, dash, paths, marks))
        known = [pt for run in runs for pt in run]
        if known:
            ends.append((known[-1][1], shorten(item.label, 20), colour))
    return render(
        "charts/lines.svg",
        frame=Frame(chart_id, width, height, title, desc, "lines"),
        area=Area(left, top, plot_w, plot_h),
        y_ticks=[(py(t), y_format(t)) for t in ticks],
        x_ticks=[(px(d), x_format(d)) for d in [*shown_days, *days[-1:]]],
        lines=lines,
        end_labels=_end_labels(ends, left + plot_w + 8, top, top + plot_h),
        axis=_axis(x_label, y_label, left + plot_w / 2, height - 10, top + plot_h / 2),
    )


def _end_labels(
    ends: list[tuple[float, str, str]], x: float, low: float, high: float
) -> list[Label]:
    """Line labels at the right edge, pushed apart so that none overlap."""
    gap = 14.0
    ordered = sorted(ends)
    ys: list[float] = []
    for y, _, _ in ordered:
        ys.append(max(y, ys[-1] + gap) if ys else y)
    overflow = (ys[-1] + 4 - high) if ys else 0.0
    if overflow > 0:
        ys = [max(low + 8 + i * gap, y - overflow) for i, y in enumerate(ys)]
    return [
        Label(x, y + 4, label, colour=colour)
        for y, (_, label, colour) in zip(ys, ordered, strict=True)
    ]


# -- heatmap ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    fill: str
    tip: str
    value: str
    """The number written in the cell; empty when the cell is empty."""
    ink: str


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
) -> Markup:
    """A grid (weekday rows x hour columns) shaded by value, with the value written in it."""
    cell, left, top = 28.0, 48.0, 8.0
    width = left + cell * len(column_labels) + 8
    height = top + cell * len(row_labels) + 44
    peak = max((v for v in cells.values() if math.isfinite(v)), default=0.0)
    details = cell_details or {}
    drawn = []
    for row in range(len(row_labels)):
        for col in range(len(column_labels)):
            value = cells.get((row, col), 0.0)
            share = value / peak if peak > 0 else 0.0
            name = f"{row_labels[row]} {column_labels[col]}"
            drawn.append(
                Cell(
                    x=left + cell * col,
                    y=top + cell * row,
                    fill=ramp_colour(share) if value else "#f8fafc",
                    tip=details.get((row, col), f"{name}: {cell_format(value)}"),
                    value=cell_format(value) if value else "",
                    ink="#ffffff" if share > 0.45 else INK,
                )
            )
    base = top + cell * len(row_labels)
    return render(
        "charts/heatmap.svg",
        frame=Frame(chart_id, width, height, title, desc, "heatmap"),
        cell=cell,
        rows=[(top + cell * row + cell / 2 + 4, label) for row, label in enumerate(row_labels)],
        left=left,
        cells=drawn,
        columns=[
            (left + cell * col + cell / 2, label)
            for col, label in enumerate(column_labels)
            if col % 2 == 0
        ],
        base=base,
        x_label=(left + cell * len(column_labels) / 2, height - 8, x_label) if x_label else None,
    )


# -- bars -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Drawn:
    """One horizontal bar: its row, tooltip and label, and either its box and value or
    nothing (unknown)."""

    y: float
    tip: str
    label: str
    box: tuple[float, float, float, float] | None
    colour: str
    value: str


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str,
    value_format: Formatter,
    domain: tuple[float, float] | None = None,
    unknown_text: str = "—",
) -> Markup:
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
    drawn = []
    for index, item in enumerate(bars):
        y = 6 + index * row
        shown = unknown_text if item.value is None else value_format(item.value)
        tip = item.detail or f"{item.label}: {shown}"
        box = None
        colour = ""
        if item.value is not None and math.isfinite(item.value):
            x0, x1 = sorted((zero, px(item.value)))
            box = (x0, y + 4, max(x1 - x0, 1.0), row - 8)
            colour = PALETTE[0] if item.value >= 0 else PALETTE[1]
        value = value_format(item.value) if box is not None and item.value is not None else ""
        drawn.append(Drawn(y, tip, shorten(item.label, 24), box, colour, value))
    return render(
        "charts/bars.svg",
        frame=Frame(chart_id, width, height, title, desc, "bars"),
        bars=drawn,
        row=row,
        label_w=label_w,
        value_x=label_w + plot_w + 8,
        zero=zero,
        height=height,
        unknown_text=unknown_text,
    )
