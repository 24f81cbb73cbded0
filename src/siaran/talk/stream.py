"""Viewer comments of a live taken from its imported event stream (``comment`` and
``question`` events), for scoring a live without a separate comments file."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from siaran.talk.comments import Comment

if TYPE_CHECKING:
    from siaran.workspace import Workspace

COMMENT_TYPES: Final = ("comment", "question")


def room_comments(workspace: Workspace, account: str, room_id: str) -> list[Comment]:
    """The viewer comments of ``account``'s room in time order, each timed by its absolute
    moment; an empty list when the account holds no events of that room."""
    from siaran.events.store import event_files

    files = event_files(workspace, account)
    if not files:
        return []
    rows = workspace.con.execute(
        """
        SELECT ts, "user", text FROM read_parquet(?, hive_partitioning = false)
        WHERE room_id = ? AND list_contains(?, type) AND trim(coalesce(text, '')) <> ''
        ORDER BY ts, source_line
        """,
        [[str(path) for path in files], str(room_id), list(COMMENT_TYPES)],
    ).fetchall()
    return [
        Comment(ts=ts, user=user or "", text=text, row=None)
        for ts, user, text in rows
        if isinstance(ts, dt.datetime)
    ]


def first_event_at(workspace: Workspace, account: str, room_id: str) -> dt.datetime | None:
    """When ``account``'s event stream of the room starts, for a live that has events but no
    session row."""
    from siaran.events.store import event_files

    files = event_files(workspace, account)
    if not files:
        return None
    row = workspace.con.execute(
        "SELECT min(ts) FROM read_parquet(?, hive_partitioning = false) WHERE room_id = ?",
        [[str(path) for path in files], str(room_id)],
    ).fetchone()
    return row[0] if row and isinstance(row[0], dt.datetime) else None


def room_is_imported(workspace: Workspace, room_id: str) -> bool:
    """True when some account of the workspace holds an imported session or event stream of
    ``room_id``."""
    from siaran.store.ownership import room_owners

    return bool(room_owners(workspace.con, room_id))
