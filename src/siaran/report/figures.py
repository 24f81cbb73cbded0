"""The report's chart sections: frequency vs value, trends, weekday x hour, within-account.

Each is a ``<figure>`` holding one inline SVG from :mod:`siaran.report.charts`, its caption,
and the words a reader needs when the picture is not enough (a legend with shapes, the
accounts that could not be plotted, the numbers behind the lines), rendered from its
template under ``templates/sections/``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any, Final

from markupsafe import Markup

from siaran.formatting import (
    UNKNOWN,
    currency_sign,
    format_compact,
    format_date,
    format_decimal,
    format_money,
    format_number,
    label,
)
from siaran.i18n import Lang, text
from siaran.metrics.money import FREQUENCY, VALUE
from siaran.report import charts
from siaran.report.markup import QUADRANT_STYLE, QUADRANTS
from siaran.report.sections import ReportData, Row, as_date, by_value, context
from siaran.report.templating import render

TREND_LINES: Final = 8
"""Lines beyond this many are unreadable: the trend chart shows the top accounts."""
BEST_SLOT_MINIMUM: Final = 2
"""A weekday x hour slot needs this many sessions before its mean GMV is called the best."""
CORNERS: Final[dict[str, str]] = {
    "top_right": "frequent_high_value",
    "top_left": "infrequent_high_value",
    "bottom_right": "frequent_low_value",
    "bottom_left": "infrequent_low_value",
}


def _tick_number(lang: Lang) -> charts.Formatter:
    return lambda v: format_number(v, lang, decimals=0 if v >= 1 else 1)


def _tick_money(lang: Lang, currency: str | None) -> charts.Formatter:
    return lambda v: currency_sign(currency) + format_compact(v, lang, trim=True)


# -- frequency vs value -----------------------------------------------------------------------
def scatter(data: ReportData, lang: Lang) -> Markup:
    """The compared accounts only: money of another currency or GMV basis never shares the
    axis (those accounts are named under the chart)."""
    currency = data.compared_currency
    accounts = sorted(data.accounts, key=lambda r: (str(r.get("account")), str(r.get("currency"))))
    groups = {
        q: charts.GroupStyle(text(f"report.quadrant.{q}", lang), *QUADRANT_STYLE[q])
        for q in QUADRANTS
    }
    points, missing, left_out = [], [], []
    for row in accounts:
        x, y = row.get(FREQUENCY), row.get(VALUE)
        account = str(row.get("account"))
        if row.get("compared") is False:
            left_out.append(account)
            continue
        quadrant = str(row.get("quadrant") or "")
        if x is None or y is None or x <= 0 or y <= 0:
            missing.append(account)
            continue
        name = groups[quadrant].label if quadrant in groups else UNKNOWN
        detail = text(
            "report.scatter.point",
            lang,
            account=account,
            frequency=format_number(x, lang, decimals=1),
            gmv=format_money(y, lang, currency=row.get("currency")),
            quadrant=name,
        )
        points.append(charts.ScatterPoint(account, float(x), float(y), quadrant, detail))
    medians = data.comparison.get("quadrant_medians") or {}
    svg = charts.scatter_chart(
        points,
        chart_id="chart-scatter",
        title=text("report.scatter.title", lang),
        desc=text("report.scatter.desc", lang),
        x_label=text("report.scatter.x", lang),
        y_label=text("report.scatter.y", lang),
        x_format=_tick_number(lang),
        y_format=_tick_money(lang, currency),
        groups=groups,
        x_split=medians.get(FREQUENCY),
        y_split=medians.get(VALUE),
        corner_labels={corner: groups[q].label for corner, q in CORNERS.items()},
    )
    notes = []
    if missing:
        notes.append(text("report.scatter.not_plotted", lang, accounts=", ".join(missing)))
    if left_out:
        notes.append(text("report.scatter.left_out", lang, accounts=", ".join(left_out)))
    return render(
        "sections/scatter.html", **context(lang, svg=svg, quadrants=QUADRANTS, notes=notes)
    )


# -- trends -----------------------------------------------------------------------------------
def trends(data: ReportData, lang: Lang) -> Markup:
    """Lines of one currency only: when the cohort mixes currencies, those of the compared
    currency are drawn and the others are named (rupiah and ringgit never share an axis)."""
    days = data.window_days
    currency = data.currency or data.compared_currency
    by_account: dict[str, list[tuple[date, float | None]]] = defaultdict(list)
    others: set[str] = set()
    for row in data.trends:
        end = as_date(row.get("window_end"))
        if row.get("currency") != currency:
            others.add(f"{row.get('account')} ({row.get('currency') or UNKNOWN})")
        elif end is not None:
            by_account[_series_name(row, data)].append((end, row.get(VALUE)))
    if not by_account:
        return render("sections/empty.html", **context(lang, key="report.trends.none"))
    ranked = [_series_name(r, data) for r in by_value(data.accounts, VALUE)]
    order = [a for a in ranked if a in by_account] + sorted(set(by_account) - set(ranked))
    chosen = order[:TREND_LINES]
    series = [charts.Series(a, sorted(by_account[a])) for a in chosen]
    svg = charts.line_chart(
        series,
        chart_id="chart-trends",
        title=text("report.trends.title", lang, days=days),
        desc=text("report.trends.desc", lang, days=days),
        x_label=text("report.trends.x", lang),
        y_label=text("report.trends.y", lang),
        x_format=lambda d: format_date(d, lang).rsplit(" ", 1)[0],
        y_format=_tick_money(lang, currency),
    )
    caption = text("report.trends.desc", lang, days=days)
    if len(order) > len(chosen):
        caption += " " + text("report.trends.shown", lang, shown=len(chosen), total=len(order))
    if others:
        caption += " " + text(
            "report.trends.other_currency",
            lang,
            currency=currency or UNKNOWN,
            accounts=", ".join(sorted(others)),
        )
    ends = sorted({d for s in series for d, _ in s.points})
    headers = [(text("report.trends.x", lang), False)] + [(s.label, True) for s in series]
    rows = [(end, [dict(item.points).get(end) for item in series]) for end in ends]
    return render(
        "sections/trends.html",
        **context(lang, svg=svg, caption=caption, headers=headers, rows=rows, currency=currency),
    )


def _series_name(row: Row, data: ReportData) -> str:
    """An account's line (its name; the drawn lines share one currency)."""
    return str(row.get("account"))


# -- weekday x hour ---------------------------------------------------------------------------
def activity(data: ReportData, lang: Lang) -> Markup:
    weekdays = text("report.weekdays", lang).split()
    cells: dict[tuple[int, int], float] = {}
    details: dict[tuple[int, int], str] = {}
    rows = _cells(data)
    for row in rows:
        key = (int(row["weekday"]), int(row["hour"]))
        sessions = float(row.get("sessions") or 0)
        cells[key] = sessions
        details[key] = _slot_text(row, weekdays, data, lang)
    svg = charts.heatmap(
        cells,
        chart_id="chart-activity",
        title=text("report.activity.title", lang),
        desc=text("report.activity.desc", lang),
        row_labels=weekdays,
        column_labels=[f"{h:02d}" for h in range(24)],
        cell_format=lambda v: format_number(v, lang),
        cell_details=details,
        x_label=text("report.activity.x", lang, timezone=data.timezone),
    )
    notes = []
    busy = [r for r in rows if (r.get("sessions") or 0) > 0]
    if busy:
        top = max(busy, key=lambda r: (r["sessions"], -r["weekday"], -r["hour"]))
        notes.append(
            text(
                "report.activity.busiest",
                lang,
                slot=_slot(top, weekdays),
                sessions=format_number(top["sessions"], lang),
            )
        )
    rich = [r for r in busy if r["sessions"] >= BEST_SLOT_MINIMUM and r.get("gmv_mean") is not None]
    if rich:
        best = max(rich, key=lambda r: (r["gmv_mean"], -r["weekday"], -r["hour"]))
        notes.append(
            text(
                "report.activity.best",
                lang,
                minimum=BEST_SLOT_MINIMUM,
                slot=_slot(best, weekdays),
                gmv=format_money(best["gmv_mean"], lang, currency=data.currency),
            )
        )
    return render("sections/activity.html", **context(lang, svg=svg, notes=notes))


def _cells(data: ReportData) -> list[Row]:
    """One row per weekday x hour. Sessions add up across currencies; a mean GMV is kept
    only when the whole cohort shares one currency (rupiah and dong never mix)."""
    merged: dict[tuple[int, int], dict[str, Any]] = {}
    for row in data.activity:
        key = (int(row["weekday"]), int(row["hour"]))
        cell = merged.setdefault(
            key, {"weekday": key[0], "hour": key[1], "sessions": 0, "gmv_mean": None}
        )
        cell["sessions"] += int(row.get("sessions") or 0)
        if data.currency is not None and row.get("currency") == data.currency:
            cell["gmv_mean"] = row.get("gmv_mean")
    return [merged[key] for key in sorted(merged)]


def _slot(row: Row, weekdays: Sequence[str]) -> str:
    return f"{weekdays[int(row['weekday'])]} {int(row['hour']):02d}:00"


def _slot_text(row: Row, weekdays: Sequence[str], data: ReportData, lang: Lang) -> str:
    return text(
        "report.activity.cell",
        lang,
        weekday=weekdays[int(row["weekday"])],
        hour=f"{int(row['hour']):02d}",
        sessions=format_number(row.get("sessions") or 0, lang),
        gmv=format_money(row.get("gmv_mean"), lang, currency=data.currency),
    )


# -- within account ---------------------------------------------------------------------------
def within(data: ReportData, lang: Lang) -> Markup:
    found = list(data.comparison.get("within_account") or [])
    if not found:
        return render("sections/within.html", **context(lang, rows=[]))
    ordered = by_value(found, "rho")
    reason = text("report.unknown.within", lang)
    svg = charts.bar_chart(
        [
            charts.Bar(
                str(r.get("account")),
                r.get("rho"),
                f"{r.get('account')}: ρ = {format_decimal(r.get('rho'), lang)}"
                if r.get("rho") is not None
                else f"{r.get('account')}: {reason}",
            )
            for r in ordered
        ],
        chart_id="chart-within",
        title=text("report.within.title", lang),
        desc=text("report.within.desc", lang),
        value_format=lambda v: format_decimal(v, lang),
        domain=(-1.0, 1.0),
    )
    headers = [
        (label("account", lang), False),
        (text("report.column.rho", lang), True),
        (text("report.column.ci", lang), True),
        (text("report.column.p_value", lang), True),
        (text("report.column.n_weeks", lang), True),
        (text("report.column.label", lang), False),
    ]
    rows = [
        {
            "account": str(r.get("account")),
            "rho": format_decimal(r.get("rho"), lang),
            "interval": _interval(r, lang),
            "p": _p(r, lang),
            "weeks": format_number(r.get("n_weeks"), lang),
            "label": within_label(r, lang),
        }
        for r in ordered
    ]
    return render(
        "sections/within.html",
        **context(lang, svg=svg, headers=headers, rows=rows, reason=reason),
    )


def _interval(row: Row, lang: Lang) -> str:
    low, high = row.get("ci_low"), row.get("ci_high")
    if low is None or high is None:
        return UNKNOWN
    return f"{format_decimal(low, lang)} – {format_decimal(high, lang)}"


def _p(row: Row, lang: Lang) -> str:
    from siaran.formatting import format_p_value

    return UNKNOWN if row.get("p_value") is None else format_p_value(row.get("p_value"), lang)


def within_label(row: Row, lang: Lang) -> str:
    """What one account's weekly view supports: a direction (p < 0.05), "unclear", or why
    it has none (too few complete weeks, mixed GMV bases, no variation)."""
    direction = row.get("direction")
    if direction is not None:
        return text(f"report.within.label.{direction}", lang)
    return text(f"report.within.reason.{row.get('reason') or 'too_few_weeks'}", lang)
