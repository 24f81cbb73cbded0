"""Which account's events hold which room: the ``event_rooms`` table.

One row per account, room and event import (``events`` counts that import's events of the
room). An event import adds its rows in the same transaction that records it, so the table is
exactly what the import records cover. It answers "who owns this room?" without reading any
Parquet (:mod:`siaran.store.ownership`), and keeps the list of a workspace's captured rooms.
Schema version 5 created it (:mod:`siaran.store.migrations.v5_accounts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb


def record_event_rooms(
    con: duckdb.DuckDBPyConnection, account: str, sha256: str, rooms: Mapping[str, int]
) -> None:
    """Add the rooms of one event import (call inside the transaction that records it)."""
    if rooms:
        con.executemany(
            "INSERT OR REPLACE INTO event_rooms VALUES (?, ?, ?, ?)",
            [[account, room, sha256, count] for room, count in rooms.items()],
        )
