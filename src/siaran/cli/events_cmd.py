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


@app.command("timeline")
def timeline_command(
    room_id: Annotated[
        str | None,
        typer.Argument(help="Live room ID; without it, one row of measures per room."),
    ] = None,
    workspace: WorkspaceOption = None,
    account: Annotated[
        str | None, typer.Option("--account", "-a", help="Only rooms of this account.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Per-minute timeline of a live room, or measures of every room. / Linimasa per menit."""
    from siaran.events import largest_changes, room_timeline, session_measures
    from siaran.events.store import has_events
    from siaran.metrics.sessions import engine_context

    with open_workspace(workspace) as ws:
        if not has_events(ws):
            raise UsageError("events.no_events_stored")
        context = engine_context(ws, state.engine)
        if room_id is None:
            rows = session_measures(context, ws, account=account)
            print_rows(stdout, rows, fmt, columns=MEASURE_TABLE_COLUMNS)
            return
        rows = room_timeline(context, ws, room_id.strip())
        if not rows:
            raise UsageError("events.unknown_room", room=room_id, known=_known_rooms(ws, context))
        changes = largest_changes(context, ws, room_id.strip()) if fmt is OutputFormat.table else []
    print_rows(stdout, rows, fmt, columns=TIMELINE_TABLE_COLUMNS)
    if changes:
        stdout.print(text("events.changes_title", state.lang))
        print_rows(stdout, changes, fmt, columns=CHANGE_TABLE_COLUMNS)


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
