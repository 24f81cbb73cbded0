"""Plotly figure specs (plain JSON-ready dicts) for the dashboard's charts.

The page embeds each spec as JSON and ``site.js`` draws it with the vendored
``plotly.min.js`` (:mod:`siaran.web.assets`), served by this app: nothing is fetched from the
internet. Every
label, tick and hover text is written here in the reader's language by the same formatting
helpers as the tables, so a chart never shows a number the table writes differently. Unknown
values are gaps (``None``), never drawn as 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

from siaran.formatting import currency_sign, format_compact, is_known
from siaran.i18n import Lang, text
from siaran.report.markup import QUADRANT_STYLE, QUADRANTS
from siaran.web.formatting import Figures

Spec = dict[str, Any]
Row = Mapping[str, Any]
SYMBOLS: Final[dict[str, str]] = {
    "circle": "circle",
    "square": "square",
    "triangle": "triangle-up",
    "diamond": "diamond",
}
FONT: Final = 'system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif'
INK: Final = "#1f2933"
ACCENT: Final = "#0b4f8a"
SOFT_BLUE: Final = "#9ec5e8"


def _layout(lang: Lang, **extra: Any) -> Spec:
    layout: Spec = {
        # Plotly's own number formatting follows the reader: decimal mark, then thousands.
        "separators": ",." if lang == "id" else ".,",
        "font": {"family": FONT, "size": 12, "color": INK},
        "margin": {"l": 58, "r": 12, "t": 10, "b": 46},
        "paper_bgcolor": "#fff",
        "plot_bgcolor": "#fff",
        "hoverlabel": {"align": "left"},
        "legend": {"orientation": "h", "y": -0.22, "x": 0},
        "autosize": True,
    }
    layout.update(extra)
    return layout


def _spec(data: list[Spec], layout: Spec, label: str) -> Spec:
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            axis["automargin"] = True  # long tick labels (Rp500 rb) never cover the title
    config = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d"]}
    return {"data": data, "layout": layout, "config": config, "label": label}


def _log_ticks(values: Sequence[float], render: Any) -> tuple[list[float], list[str]]:
    """Ticks at 1, 2 and 5 times the powers of ten across ``values`` (a log axis)."""
    low, high = min(values), max(values)
    ticks: list[float] = []
    for power in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
        for step in (1, 2, 5):
            tick = step * 10.0**power
            if low / 1.5 <= tick <= high * 1.5:
                ticks.append(tick)
    if len(ticks) > 8:
        ticks = [t for t in ticks if str(t).lstrip("0.").startswith(("1", "5"))]
    return ticks, [render(t) for t in ticks]


def scatter(
    accounts: Sequence[Row],
    medians: Mapping[str, float | None],
    fig: Figures,
    links: dict[str, str],
) -> tuple[Spec, list[str]]:
    """Frequency (sessions per 28 days) against mean GMV per session, one point per account,
    coloured and shaped by quadrant, split at the comparison's ``quadrant_medians``; and the
    accounts that cannot be plotted (zero or unknown on a log scale)."""
    lang = fig.lang
    # Only compared accounts have a quadrant, and they share one currency.
    currencies = {row.get("currency") for row in accounts if row.get("quadrant") is not None}
    currency = currencies.pop() if len(currencies) == 1 else None
    by_quadrant: dict[str, list[Row]] = {q: [] for q in QUADRANTS}
    missing: list[str] = []
    for row in accounts:
        x, y = row.get("sessions_per_28_days"), row.get("gmv_mean_per_session")
        if not is_known(x) or not is_known(y) or x <= 0 or y <= 0 or row.get("quadrant") is None:
            missing.append(str(row["account"]))
            continue
        by_quadrant[str(row["quadrant"])].append(row)
    data: list[Spec] = []
    for quadrant in QUADRANTS:
        rows = by_quadrant[quadrant]
        colour, shape = QUADRANT_STYLE[quadrant]
        name = text(f"report.quadrant.{quadrant}", lang)
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": [r["sessions_per_28_days"] for r in rows],
                "y": [r["gmv_mean_per_session"] for r in rows],
                "text": [
                    text(
                        "report.scatter.point",
                        lang,
                        account=r["account"],
                        frequency=fig.number(r["sessions_per_28_days"], 1),
                        gmv=fig.money(r["gmv_mean_per_session"], r.get("currency")),
                        quadrant=name,
                    )
                    for r in rows
                ],
                "customdata": [links.get(str(r["account"]), "") for r in rows],
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {
                    "color": colour,
                    "symbol": SYMBOLS[shape],
                    "size": 11 if len(accounts) < 200 else 7,
                    "opacity": 0.85,
                    "line": {"width": 1, "color": "#fff"},
                },
            }
        )
    plotted = [r for q in QUADRANTS for r in by_quadrant[q]]
    x_split, y_split = medians.get("sessions_per_28_days"), medians.get("gmv_mean_per_session")
    shapes = []
    if x_split is not None and y_split is not None:
        dash = {"color": "#7b8794", "width": 1, "dash": "dash"}
        shapes = [
            {"type": "line", "xref": "x", "yref": "paper", "x0": x_split, "x1": x_split,
             "y0": 0, "y1": 1, "line": dash},
            {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1,
             "y0": y_split, "y1": y_split, "line": dash},
        ]  # fmt: skip
    y_axis: Spec = {"type": "log", "title": {"text": text("report.scatter.y", lang)}}
    x_axis: Spec = {"type": "log", "title": {"text": text("report.scatter.x", lang)}}
    if plotted:
        sign = currency_sign(currency)
        y_axis["tickvals"], y_axis["ticktext"] = _log_ticks(
            [r["gmv_mean_per_session"] for r in plotted],
            lambda v: sign + format_compact(v, lang, trim=True),
        )
        x_axis["tickvals"], x_axis["ticktext"] = _log_ticks(
            [r["sessions_per_28_days"] for r in plotted],
            lambda v: fig.number(v, 0 if v >= 1 else 1),
        )
    layout = _layout(lang, xaxis=x_axis, yaxis=y_axis, shapes=shapes, height=420)
    return _spec(data, layout, text("report.scatter.desc", lang)), missing


def trends(rows: Sequence[Row], fig: Figures, days: int) -> Spec:
    """One account's rolling windows: mean GMV per session (line) over sessions (bars)."""
    lang = fig.lang
    ends = [str(r["window_end"]) for r in rows]
    currency = next((r.get("currency") for r in rows if r.get("currency")), None)
    value = [r.get("gmv_mean_per_session") for r in rows]
    data: list[Spec] = [
        {
            "type": "bar",
            "name": text("report.tile.sessions", lang),
            "x": ends,
            "y": [r.get("sessions") for r in rows],
            "yaxis": "y2",
            "marker": {"color": SOFT_BLUE},
            "text": [fig.number(r.get("sessions")) for r in rows],
            "hovertemplate": "%{x}: %{text}<extra></extra>",
            "textposition": "none",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": text("report.trends.y", lang),
            "x": ends,
            "y": value,
            "connectgaps": False,
            "line": {"color": ACCENT, "width": 2.5},
            "text": [fig.money(v, currency) for v in value],
            "hovertemplate": "%{x}: %{text}<extra></extra>",
        },
    ]
    sign = currency_sign(currency)
    known_values = [v for v in value if is_known(v) and v > 0]
    y_axis: Spec = {"title": {"text": text("report.trends.y", lang)}, "rangemode": "tozero"}
    if known_values:
        top = max(known_values)
        ticks = [top * k / 4 for k in range(5)]
        y_axis["tickvals"] = ticks
        y_axis["ticktext"] = [sign + format_compact(t, lang, trim=True) for t in ticks]
    layout = _layout(
        lang,
        height=340,
        xaxis={"type": "date", "tickformat": "%d/%m"},
        yaxis=y_axis,
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "title": {"text": text("report.tile.sessions", lang)},
            "rangemode": "tozero",
        },
        margin={"l": 58, "r": 46, "t": 10, "b": 46},
    )
    return _spec(data, layout, text("report.trends.desc", lang, days=days))


def heatmap(cells: Sequence[Row], fig: Figures) -> Spec:
    """Sessions by local weekday (rows) and start hour (columns); hover gives the mean GMV."""
    lang = fig.lang
    weekdays = text("report.weekdays", lang).split()
    counts = [[0 for _ in range(24)] for _ in range(7)]
    gmv: list[list[float | None]] = [[None for _ in range(24)] for _ in range(7)]
    currency: list[list[str | None]] = [[None for _ in range(24)] for _ in range(7)]
    for row in cells:
        day, hour = int(row["weekday"]), int(row["hour"])
        counts[day][hour] += int(row.get("sessions") or 0)
        gmv[day][hour] = row.get("gmv_mean")
        currency[day][hour] = row.get("currency")
    hover = [
        [
            text(
                "report.activity.cell",
                lang,
                weekday=weekdays[day],
                hour=f"{hour:02d}",
                sessions=fig.number(counts[day][hour]),
                gmv=fig.money(gmv[day][hour], currency[day][hour]),
            )
            for hour in range(24)
        ]
        for day in range(7)
    ]
    data = [
        {
            "type": "heatmap",
            "z": counts,
            "x": [f"{h:02d}" for h in range(24)],
            "y": weekdays,
            "text": hover,
            "hovertemplate": "%{text}<extra></extra>",
            "colorscale": [[0, "#f5f7fa"], [0.01, "#dbeaf7"], [1, ACCENT]],
            "showscale": False,
            "xgap": 1,
            "ygap": 1,
        }
    ]
    layout = _layout(
        lang,
        height=280,
        xaxis={"title": {"text": text("web.account.hour_axis", lang)}, "type": "category"},
        yaxis={"autorange": "reversed", "type": "category"},
        margin={"l": 44, "r": 8, "t": 6, "b": 44},
    )
    return _spec(data, layout, text("report.activity.desc", lang))


def timeline(minutes: Sequence[Row], fig: Figures) -> Spec:
    """A live minute by minute: concurrent viewers (line, gaps left empty), comments and likes
    (bars) and orders (markers)."""
    lang = fig.lang
    # Local wall time: Plotly would otherwise move the times into the reader's own zone.
    x = [str(m["minute"])[:16].replace("T", " ") for m in minutes]
    data: list[Spec] = [
        {
            "type": "bar",
            "name": text("report.timeline.comments", lang),
            "x": x,
            "y": [m.get("comments") for m in minutes],
            "yaxis": "y2",
            "marker": {"color": "#e69f00"},
        },
        {
            "type": "bar",
            "name": text("web.session.likes", lang),
            "x": x,
            "y": [m.get("likes") for m in minutes],
            "yaxis": "y2",
            "marker": {"color": "#cc79a7"},
            "visible": "legendonly",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": text("report.timeline.viewers", lang),
            "x": x,
            "y": [m.get("viewers") for m in minutes],
            "connectgaps": False,
            "line": {"color": ACCENT, "width": 2.5},
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": text("report.timeline.orders", lang),
            "x": [x[i] for i, m in enumerate(minutes) if (m.get("orders") or 0) > 0],
            "y": [m.get("orders") for m in minutes if (m.get("orders") or 0) > 0],
            "yaxis": "y2",
            "marker": {"color": "#009e73", "symbol": "diamond", "size": 10},
        },
    ]
    layout = _layout(
        lang,
        height=360,
        barmode="overlay",
        xaxis={"type": "date", "tickformat": "%H:%M"},
        yaxis={"title": {"text": text("report.timeline.viewers", lang)}, "rangemode": "tozero"},
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "rangemode": "tozero",
            "title": {"text": text("web.session.per_minute", lang)},
        },
        margin={"l": 58, "r": 46, "t": 10, "b": 46},
    )
    return _spec(data, layout, text("report.timeline.intro", lang))
