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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from markupsafe import Markup

from siaran.formatting import format_change, format_number
from siaran.i18n import Lang, text
from siaran.progress import NO_PROGRESS, Progress
from siaran.report.charts import Frame
from siaran.report.markup import Figures
from siaran.report.sections import context
from siaran.report.svg import PALETTE, num
from siaran.report.templating import render

if TYPE_CHECKING:
    from siaran.report.sections import ReportData
    from siaran.store.engine import EngineContext
    from siaran.talk.moments import TalkMoment
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
    context: EngineContext,
    workspace: Workspace,
    limit: int = LIVES_SHOWN,
    progress: Progress = NO_PROGRESS,
) -> list[Row]:
    """The most recent ``limit`` captured lives: ``{"measures": ..., "minutes": [...],
    "moments": [...]}`` (moments as :func:`siaran.talk.moments_with_talk`), oldest first;
    ``progress`` is told of each live done."""
    from siaran.events import room_timeline, session_measures
    from siaran.events.store import has_events
    from siaran.talk import moments_with_talk

    if not has_events(workspace):
        return []
    measured = session_measures(context, workspace)[-limit:]
    timelines: list[Row] = []
    with progress.task("timelines", "lives", total=len(measured)) as lives_done:
        for row in measured:
            account, room = row["account"], row["room_id"]
            timelines.append(
                {
                    "measures": row,
                    "minutes": room_timeline(context, workspace, account, room),
                    "moments": moments_with_talk(context, workspace, account, room),
                }
            )
            lives_done.advance(1)
    return timelines


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


def timeline_chart(chart_id: str, measures: Row, minutes: Sequence[Row], lang: Lang) -> Markup:
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

    def x_of(index: float) -> float:
        return LEFT + (index + 0.5) * step

    lines = [
        " ".join(
            f"{num(x_of(i))},{num(TOP_HEIGHT - (v / peak) * (TOP_HEIGHT - 10))}" for i, v in run
        )
        for run in _segments(viewers)
    ]
    width = max(step * 0.8, 0.6)
    bottom = TOP_HEIGHT + GAP + BOTTOM_HEIGHT
    marks: list[MinuteMark] = []  # per minute: its comments, its likes, its orders
    for index, minute in enumerate(minutes):
        comments_h = minute["comments"] / high * BOTTOM_HEIGHT
        likes_h = minute["likes"] / 10 / high * BOTTOM_HEIGHT
        left = x_of(index) - width / 2
        if comments_h:
            marks.append(MinuteMark(left, bottom - comments_h, width, comments_h, COMMENTS))
        if likes_h:
            marks.append(MinuteMark(left, bottom - comments_h - likes_h, width, likes_h, LIKES))
        if minute["orders"]:
            tip = f"{minute['minute']}: {minute['orders']}"
            marks.append(MinuteMark(x_of(index), TOP_HEIGHT + GAP / 2, 0, 0, ORDERS, tip))
    axis = text("report.timeline.minute_axis", lang)
    return render(
        "charts/timeline.svg",
        frame=Frame(chart_id, WIDTH, height, title, desc, "timeline"),
        scale=((10.0, format_number(peak, lang)), (TOP_HEIGHT, "0")),
        left=LEFT,
        right=WIDTH - RIGHT,
        bottom=bottom,
        lines=lines,
        marks=marks,
        viewers_colour=VIEWERS,
        axis=f"0 – {count - 1} · {axis}",
    )


@dataclass(frozen=True)
class MinuteMark:
    """A bar of one minute's comments or likes, or (with an ``order`` tip) the mark of its
    orders at ``x``, ``y``."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    order: str = ""


LEGEND: Final = (
    (VIEWERS, "report.timeline.viewers"),
    (COMMENTS, "report.timeline.comments"),
    (LIKES, "report.timeline.likes"),
    (ORDERS, "report.timeline.orders"),
)


@dataclass(frozen=True)
class MomentItem:
    """A moment of largest audience change as the report and the dashboard show it."""

    minute: str
    change: str
    viewers: str
    product: str | None
    quote: str | None
    """A short quote of the host's words then; ``None`` when the live was not scored from a
    timed transcript or the host said nothing."""
    cues: str
    silent: bool
    """Scored, and the host said nothing in that minute."""


def moment_items(moments: Sequence[TalkMoment], lang: Lang) -> list[MomentItem]:
    """The moments (as :func:`siaran.talk.moments_with_talk` gives them) as the
    ``partials/moments.html`` partial shows them: clock, signed change, viewers, pinned
    product, and a short quote of the host's words with their cues."""
    from siaran.talk.moments import said_quote

    shown = []
    for moment in moments:
        said = moment.get("said")
        cues = sorted({cue for line in said or () for cue in line["cues"] if cue != "other"})
        shown.append(
            MomentItem(
                minute=str(moment["minute"])[11:16],
                change=format_change(moment["change"], lang),
                viewers=format_number(moment["viewers"], lang),
                product=str(moment["product"]) if moment.get("product") else None,
                quote=said_quote(said) if said else None,
                cues=", ".join(text(f"talk.cue.{cue}", lang) for cue in cues),
                silent=said is not None and not said,
            )
        )
    return shown


def timelines(data: ReportData, lang: Lang) -> Markup:
    """The section body: intro, then each live's chart and KPIs."""
    fig = Figures(lang)
    lives = []
    for number, item in enumerate(getattr(data, "timelines", []) or [], start=1):
        measures = item["measures"]
        moments = item.get("moments") or []
        lives.append(
            {
                "heading": text(
                    "report.timeline.session",
                    lang,
                    room=measures["room_id"],
                    account=measures["account"],
                    start=measures["first_event_at"],
                ),
                "chart": timeline_chart(f"timeline-{number}", measures, item["minutes"], lang),
                "kpis": [(fig.kpi_link(k), fig.kpi(k, measures.get(k))) for k in KPI_SHOWN],
                "moments": moment_items(moments, lang),
                "scored": any(moment.get("said") is not None for moment in moments),
            }
        )
    return render("sections/timeline.html", **context(lang, lives=lives, legend=LEGEND))
