"""``siaran timeline``: per-minute timelines of live rooms and their session measures.

Thin adapters over :mod:`siaran.events`; the analytics run on the engine chosen with
``siaran --engine``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from siaran.cli.common import FormatOption, WorkspaceOption, app, open_workspace, state, stdout
from siaran.cli.output import OutputFormat, print_rows
from siaran.errors import UsageError
from siaran.i18n import text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from siaran.workspace import Workspace

TIMELINE_TABLE_COLUMNS = (
    "minute",
    "viewers",
    "joins",
    "comments",
    "likes",
    "shares",
    "orders",
    "gmv",
)
MEASURE_TABLE_COLUMNS = (
    "room_id",
    "account",
    "first_event_at",
    "minutes",
    "peak_concurrency",
    "average_concurrency",
    "retention_at_end",
    "viewer_half_life_s",
    "interaction_intensity",
    "orders_per_1000_viewer_minutes",
    "first_comment_to_order_s",
)
CHANGE_TABLE_COLUMNS = ("minute", "viewers_before", "viewers", "change", "product", "comments")
# Fields a moment shares with its minute row (left out of the row's ``largest_change``).
MINUTE_FIELDS = frozenset({"minute", "viewers", "comments", "orders"})


@app.command("timeline")
def timeline_command(
    room_id: Annotated[
        str | None,
        typer.Argument(help="Live room ID; without it, one row of measures per room."),
    ] = None,
    workspace: WorkspaceOption = None,
    account: Annotated[
        str | None,
        typer.Option(
            "--account", "-a", help="Only rooms of this account (the room's, with ROOM_ID)."
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Per-minute timeline of a live room, or measures of every room. / Linimasa per menit."""
    from siaran.events import moments_with_talk, room_timeline, session_measures
    from siaran.events.store import has_events
    from siaran.metrics.sessions import engine_context
    from siaran.store.ownership import owning_account

    with open_workspace(workspace) as ws:
        if not has_events(ws):
            raise UsageError("events.no_events_stored")
        context = engine_context(ws, state.engine)
        if room_id is None:
            rows = session_measures(context, ws, account=account)
            print_rows(stdout, rows, fmt, columns=MEASURE_TABLE_COLUMNS)
            return
        room = room_id.strip()
        owner = owning_account(ws.con, room, account)
        rows = room_timeline(context, ws, owner, room) if owner else []
        if not rows or owner is None:
            raise UsageError("events.unknown_room", room=room_id, known=_known_rooms(ws, context))
        changes = moments_with_talk(context, ws, owner, room) if fmt is not OutputFormat.csv else []
    if fmt is OutputFormat.json:
        print_rows(stdout, with_moments(rows, changes), fmt)
        return
    print_rows(stdout, rows, fmt, columns=TIMELINE_TABLE_COLUMNS)
    if changes:
        stdout.print(text("events.changes_title", state.lang))
        print_rows(stdout, changes, fmt, columns=CHANGE_TABLE_COLUMNS)
        _print_said(changes, room_id.strip())


def with_moments(rows: list[dict[str, Any]], moments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The JSON timeline: every minute row gains ``largest_change``, ``null`` except for the
    moments of largest change, where it holds the moment (``rank``, ``viewers_before``,
    ``change``, ``product_id``, ``product``, ``said``). The other fields are left as they are."""
    by_minute = {
        moment["minute"]: {
            "rank": rank,
            **{key: value for key, value in moment.items() if key not in MINUTE_FIELDS},
        }
        for rank, moment in enumerate(moments, 1)
    }
    return [{**row, "largest_change": by_minute.get(row["minute"])} for row in rows]


def _print_said(moments: list[dict[str, Any]], room_id: str) -> None:
    """Under the moments' table: what the host said around each moment, or how to add it."""
    from siaran.events.moments import offset_clock

    lang = state.lang
    if all(moment["said"] is None for moment in moments):
        stdout.print(text("events.said_not_scored", lang, room=room_id), highlight=False)
        return
    for moment in moments:
        stdout.print(
            text(
                "events.said_title", lang, minute=moment["minute"], change=f"{moment['change']:+d}"
            ),
            highlight=False,
        )
        if not moment["said"]:
            stdout.print("  " + text("events.said_nothing", lang), highlight=False)
        for line in moment["said"]:
            details = [", ".join(text(f"talk.cue.{cue}", lang) for cue in line["cues"])]
            if line["phase"]:
                details.append(text(f"talk.phase.{line['phase']}", lang))
            stdout.print(
                f"  {offset_clock(line['start_s'])}  “{line['text']}”  · {' · '.join(details)}",
                highlight=False,
                markup=False,
            )


def _known_rooms(workspace: Workspace, context: Any) -> str:
    from siaran.events import session_measures

    rooms = [row["room_id"] for row in session_measures(context, workspace)]
    shown = ", ".join(rooms[:10])
    return shown + (f" (+{len(rooms) - 10})" if len(rooms) > 10 else "")


def print_event_kpis(workspace: Workspace, accounts: Sequence[str] | None) -> None:
    """Under ``siaran kpi``'s table: the event-stream measures of every room with events (of
    ``accounts``), when the workspace has any."""
    from siaran.events import session_measures
    from siaran.events.store import has_events
    from siaran.metrics.sessions import engine_context

    if not has_events(workspace):
        return
    context = engine_context(workspace, state.engine)
    rows = session_measures(context, workspace)
    if accounts:
        wanted = {a.strip().lstrip("@") for a in accounts}
        rows = [row for row in rows if row["account"] in wanted]
    if rows:
        stdout.print(text("events.kpi_title", state.lang))
        print_rows(stdout, rows, OutputFormat.table, columns=MEASURE_TABLE_COLUMNS)
