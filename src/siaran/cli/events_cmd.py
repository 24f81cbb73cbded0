"""``siaran timeline``: per-minute timelines of live rooms and their session measures.

Thin adapters over :mod:`siaran.events`; the analytics run on the engine chosen with
``siaran --engine``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from siaran.cli.common import app, open_workspace, state, stdout
from siaran.cli.options import AllOption, ColumnsOption, FormatOption, WorkspaceOption, account_opt
from siaran.cli.output import ColumnChoice, OutputFormat, print_rows
from siaran.errors import UsageError
from siaran.i18n import text

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from siaran.events.timeline import TimelineMinute
    from siaran.talk.moments import TalkMoment
    from siaran.workspace import Workspace

# Tables' columns in priority order: those that fit the terminal are shown.
TIMELINE_TABLE_COLUMNS = (
    "minute",
    "viewers_peak",
    "viewers",
    "joins",
    "comments",
    "likes",
    "orders",
    "gmv",
    "shares",
    "follows",
)
MEASURE_TABLE_COLUMNS = (
    "room_id",
    "account",
    "minutes",
    "peak_concurrency",
    "retention_at_end",
    "interaction_intensity",
    "orders_per_1000_viewer_minutes",
    "average_concurrency",
    "viewer_half_life_s",
    "first_comment_to_order_s",
    "first_event_at",
)
CHANGE_TABLE_COLUMNS = ("minute", "change", "viewers_before", "viewers", "comments", "product")
# A timeline's viewers are those watching at that minute, not a session's unique viewers.
TIMELINE_HEADERS = {"viewers": "field.concurrent_viewers"}
DEFAULT_EVERY = 5
# Fields a moment shares with its minute row (left out of the row's ``largest_change``).
MINUTE_FIELDS = frozenset({"minute", "viewers", "comments", "orders"})


@app.command("timeline")
def timeline_command(
    room_id: Annotated[
        str | None,
        typer.Argument(
            help=(
                "Live room ID; without it, one row of measures per room. / ID room live; "
                "tanpanya, satu baris ukuran per room."
            )
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    account: Annotated[
        str | None,
        account_opt(
            "Only rooms of this account (the room's, with ROOM_ID). / "
            "Hanya room milik akun ini (pemilik room, dengan ROOM_ID)."
        ),
    ] = None,
    every: Annotated[
        int,
        typer.Option(
            "--every",
            min=1,
            max=60,
            help=(
                "Table of a room: one row per N minutes (peak viewers, sums of the rest). / "
                "Tabel satu room: satu baris per N menit (puncak penonton, jumlah lainnya)."
            ),
        ),
    ] = DEFAULT_EVERY,
    columns: ColumnsOption = None,
    every_column: AllOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Per-minute timeline of a live room, or measures of every room. / Linimasa per menit."""
    from siaran.events import room_timeline, session_measures
    from siaran.events.store import has_events
    from siaran.store.engine import engine_context
    from siaran.store.ownership import owning_account
    from siaran.talk import moments_with_talk

    choice = ColumnChoice.of(columns, every_column)
    with open_workspace(workspace) as ws:
        if not has_events(ws):
            raise UsageError("events.no_events_stored")
        context = engine_context(ws, state.engine)
        if room_id is None:
            measured = session_measures(context, ws, account=account)
            print_rows(
                stdout,
                measured,
                fmt,
                lang=state.lang,
                columns=MEASURE_TABLE_COLUMNS,
                choice=choice,
            )
            return
        room = room_id.strip()
        owner = owning_account(ws.con, room, account)
        rows = room_timeline(context, ws, owner, room) if owner else []
        if not rows or owner is None:
            raise UsageError("events.unknown_room", room=room_id, known=_known_rooms(ws, context))
        changes = moments_with_talk(context, ws, owner, room) if fmt is not OutputFormat.csv else []
    if fmt is OutputFormat.json:
        print_rows(stdout, _with_moments(rows, changes), fmt, lang=state.lang)
        return
    if fmt is OutputFormat.csv:
        print_rows(stdout, rows, fmt, lang=state.lang)
        return
    # For one room, --all means every minute (CSV and JSON carry every field).
    _print_timeline_table(rows, 1 if every_column else every, ColumnChoice(names=choice.names))
    if changes:
        stdout.print()
        print_rows(
            stdout,
            changes,
            fmt,
            lang=state.lang,
            columns=CHANGE_TABLE_COLUMNS,
            title=text("events.changes_title", state.lang),
            headers=TIMELINE_HEADERS,
        )
        _print_said(changes, room_id.strip())


def _print_timeline_table(rows: list[TimelineMinute], every: int, choice: ColumnChoice) -> None:
    """The room's timeline for people: one row per ``every`` minutes (every minute as it is
    when ``every`` is 1)."""
    from siaran.events.summary import summarise_timeline

    lang = state.lang
    shown: Sequence[Mapping[str, Any]] = rows if every == 1 else summarise_timeline(rows, every)
    title = (
        text("events.timeline_every", lang, every=every, minutes=len(rows))
        if every > 1
        else text("events.timeline_minutes", lang, minutes=len(rows))
    )
    print_rows(
        stdout,
        shown,
        OutputFormat.table,
        lang=lang,
        columns=TIMELINE_TABLE_COLUMNS,
        choice=choice,
        title=title,
        headers=TIMELINE_HEADERS,
    )


def _with_moments(
    rows: Sequence[Mapping[str, Any]], moments: Sequence[TalkMoment]
) -> list[dict[str, object]]:
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


def _print_said(moments: Sequence[TalkMoment], room_id: str) -> None:
    """Under the moments' table: what the host said around each moment, or how to add it."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from siaran.cli.terminal import one_line
    from siaran.formatting import format_change, format_time_of_day
    from siaran.talk.moments import offset_clock

    lang = state.lang
    stdout.print()
    if all(moment["said"] is None for moment in moments):
        stdout.print(text("events.said_not_scored", lang, room=room_id), soft_wrap=False)
        return
    for moment in moments:
        minute = format_time_of_day(moment["minute"])
        change = format_change(moment["change"], lang)
        stdout.print(text("events.said_title", lang, minute=minute, change=change), soft_wrap=False)
        if not moment["said"]:
            stdout.print("  " + text("events.said_nothing", lang))
            continue
        # What was said, one line each: the time, then the quote and its cues, wrapping
        # between words under the quote.
        said = Table.grid(padding=(0, 2, 0, 0))
        said.add_column(no_wrap=True, justify="right")
        said.add_column()
        for line in moment["said"]:
            details = [", ".join(text(f"talk.cue.{cue}", lang) for cue in line["cues"])]
            if line["phase"]:
                details.append(text(f"talk.phase.{line['phase']}", lang))
            quote = one_line(f"“{line['text']}”  · {' · '.join(details)}")
            said.add_row(Text(offset_clock(line["start_s"])), Text(quote))
        stdout.print(Padding(said, (0, 0, 0, 2)), width=stdout.table_width())


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
    from siaran.store.engine import engine_context

    if not has_events(workspace):
        return
    context = engine_context(workspace, state.engine)
    rows = session_measures(context, workspace)
    if accounts:
        wanted = {a.strip().lstrip("@") for a in accounts}
        rows = [row for row in rows if row["account"] in wanted]
    if rows:
        stdout.print()
        print_rows(
            stdout,
            rows,
            OutputFormat.table,
            lang=state.lang,
            columns=MEASURE_TABLE_COLUMNS,
            title=text("events.kpi_title", state.lang),
        )
