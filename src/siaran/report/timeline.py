"""The report's per-session timeline section: concurrency with comments, likes and orders.

For each captured live (the most recent :data:`LIVES_SHOWN`) one chart: concurrent viewers per
minute as a line (broken where a minute has no sample: a gap is unknown, never drawn as 0), and
below it comments and likes per minute as bars with orders marked; then the live's retention
and interaction KPIs, and its moments of largest audience change with a short quote of what the
host said then (once the live was scored from a timed transcript). Everything is plain SVG and
text: the report stays offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any, Final

from siaran.formatting import format_change, format_field, format_number
from siaran.i18n import Lang, text
from siaran.report.svg import GRID, MUTED, PALETTE, line, num, open_svg, rect, text_at

if TYPE_CHECKING:
    from siaran.report.sections import ReportData
    from siaran.store.engine import EngineContext
    from siaran.workspace import Workspace

Row = dict[str, Any]
LIVES_SHOWN: Final = 6
WIDTH: Final = 640.0
LEFT: Final = 46.0
RIGHT: Final = 12.0
TOP_HEIGHT: Final = 130.0
BOTTOM_HEIGHT: Final = 60.0
GAP: Final = 22.0
VIEWERS, COMMENTS, LIKES, ORDERS = PALETTE[0], PALETTE[2], PALETTE[4], PALETTE[1]
KPI_SHOWN: Final[tuple[str, ...]] = (
    "peak_concurrency",
    "average_concurrency",
    "retention_at_end",
    "viewer_half_life_s",
    "interaction_intensity",
    "orders_per_1000_viewer_minutes",
    "first_comment_to_order_s",
)


def collect_timelines(
    context: EngineContext, workspace: Workspace, limit: int = LIVES_SHOWN
) -> list[Row]:
    """The most recent ``limit`` captured lives: ``{"measures": ..., "minutes": [...],
    "moments": [...]}`` (moments as :func:`siaran.talk.moments_with_talk`), oldest first."""
    from siaran.events import room_timeline, session_measures
    from siaran.events.store import has_events
    from siaran.talk import moments_with_talk

    if not has_events(workspace):
        return []
    measured = session_measures(context, workspace)[-limit:]
    return [
        {
            "measures": row,
            "minutes": room_timeline(context, workspace, row["account"], row["room_id"]),
            "moments": moments_with_talk(context, workspace, row["account"], row["room_id"]),
        }
        for row in measured
    ]


def _segments(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive known values: a line never bridges an unknown minute."""
    runs: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((index, float(value)))
    if current:
        runs.append(current)
    return runs


def timeline_chart(chart_id: str, measures: Row, minutes: Sequence[Row], lang: Lang) -> str:
    """One live's chart as SVG."""
    count = max(len(minutes), 1)
    plot = WIDTH - LEFT - RIGHT
    step = plot / count
    height = TOP_HEIGHT + GAP + BOTTOM_HEIGHT + 30
    viewers = [m["viewers"] for m in minutes]
    peak = max((v for v in viewers if v is not None), default=0) or 1
    activity = [m["comments"] + m["likes"] / 10 for m in minutes]
    high = max(activity, default=0) or 1
    title = text("report.timeline.session", lang, room=measures["room_id"],
                 account=measures["account"], start=measures["first_event_at"])  # fmt: skip
    desc = text(
        "report.timeline.chart_label",
        lang,
        room=measures["room_id"],
        peak=format_number(measures["peak_concurrency"], lang),
    )
    parts = open_svg(chart_id, WIDTH, height, title, desc, "timeline")
    bottom = TOP_HEIGHT + GAP + BOTTOM_HEIGHT
    for y, label in ((10.0, format_number(peak, lang)), (TOP_HEIGHT, "0")):
        parts.append(line(LEFT, y, WIDTH - RIGHT, y, f' stroke="{GRID}"'))
        parts.append(text_at(LEFT - 4, y + 4, label, anchor="end", extra=f' fill="{MUTED}"'))
    parts.append(line(LEFT, bottom, WIDTH - RIGHT, bottom, f' stroke="{GRID}"'))

    def x_of(index: float) -> float:
        return LEFT + (index + 0.5) * step

    for run in _segments(viewers):
        coords = " ".join(
            f"{num(x_of(i))},{num(TOP_HEIGHT - (v / peak) * (TOP_HEIGHT - 10))}" for i, v in run
        )
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{VIEWERS}" stroke-width="2"/>'
        )
    width = max(step * 0.8, 0.6)
    for index, minute in enumerate(minutes):
        comments_h = minute["comments"] / high * BOTTOM_HEIGHT
        likes_h = minute["likes"] / 10 / high * BOTTOM_HEIGHT
        left = x_of(index) - width / 2
        if comments_h:
            parts.append(rect(left, bottom - comments_h, width, comments_h, f' fill="{COMMENTS}"'))
        if likes_h:
            top = bottom - comments_h - likes_h
            parts.append(rect(left, top, width, likes_h, f' fill="{LIKES}"'))
        if minute["orders"]:
            y = TOP_HEIGHT + GAP / 2
            parts.append(
                f'<path d="M{num(x_of(index))},{num(y - 5)} l4,8 h-8 z" fill="{ORDERS}">'
                f"<title>{escape(minute['minute'])}: {minute['orders']}</title></path>"
            )
    axis = text("report.timeline.minute_axis", lang)
    parts.append(text_at(LEFT, height - 6, f"0 – {count - 1} · {axis}", extra=f' fill="{MUTED}"'))
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(lang: Lang) -> str:
    items = (
        (VIEWERS, "report.timeline.viewers"),
        (COMMENTS, "report.timeline.comments"),
        (LIKES, "report.timeline.likes"),
        (ORDERS, "report.timeline.orders"),
    )
    return (
        '<p class="legend">'
        + " ".join(
            f'<span><i style="background:{colour}" aria-hidden="true"></i> '
            f"{escape(text(key, lang))}</span>"
            for colour, key in items
        )
        + "</p>"
    )


def _kpis(measures: Row, lang: Lang) -> str:
    cells = "".join(
        f"<div><dt><code>{escape(name)}</code></dt>"
        f"<dd>{escape(format_field(name, measures.get(name), lang))}</dd></div>"
        for name in KPI_SHOWN
    )
    return f'<dl class="tiles">{cells}</dl>'


def _moments(moments: Sequence[Row], lang: Lang) -> str:
    """The moments of largest change: minute, change, pinned product, and a short quote of the
    host's words then (or a note that the live was never scored from a timed transcript)."""
    from siaran.talk.moments import said_quote

    if not moments:
        return ""
    items = []
    for moment in moments:
        head = text(
            "report.timeline.moment",
            lang,
            minute=moment["minute"][11:16],
            change=format_change(moment["change"], lang),
            viewers=format_number(moment["viewers"], lang),
        )
        product = f" · {escape(str(moment['product']))}" if moment.get("product") else ""
        said = moment.get("said")
        if said:
            cues = sorted({cue for line in said for cue in line["cues"] if cue != "other"})
            named = ", ".join(text(f"talk.cue.{cue}", lang) for cue in cues)
            quote = f"<br><q>{escape(said_quote(said))}</q>" + (
                f' <span class="small">({escape(named)})</span>' if named else ""
            )
        elif said is not None:
            quote = f'<br><span class="small">{escape(text("events.said_nothing", lang))}</span>'
        else:
            quote = ""
        items.append(f"<li>{escape(head)}{product}{quote}</li>")
    note = ""
    if all(moment.get("said") is None for moment in moments):
        note = f'<p class="note">{escape(text("report.timeline.not_scored", lang))}</p>'
    title = escape(text("events.changes_title", lang))
    return f'<p>{title}</p><ol class="moments">{"".join(items)}</ol>{note}'


def timelines(data: ReportData, lang: Lang) -> str:
    """The section body: intro, then each live's chart and KPIs."""
    found: list[Row] = list(getattr(data, "timelines", []) or [])
    if not found:
        return f'<p class="empty">{escape(text("report.timeline.none", lang))}</p>'
    parts = [f"<p>{escape(text('report.timeline.intro', lang))}</p>", _legend(lang)]
    for number, item in enumerate(found, start=1):
        measures = item["measures"]
        heading = text(
            "report.timeline.session",
            lang,
            room=measures["room_id"],
            account=measures["account"],
            start=measures["first_event_at"],
        )
        chart = timeline_chart(f"timeline-{number}", measures, item["minutes"], lang)
        parts.append(
            f'<figure class="chart-box wide"><figcaption>{escape(heading)}</figcaption>'
            f'<div class="scroll">{chart}</div></figure>{_kpis(measures, lang)}'
            + _moments(item.get("moments") or [], lang)
        )
    return "\n".join(parts)
