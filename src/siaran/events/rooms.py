"""Which account's events hold which room: the ``event_rooms`` table.

One row per account, room and event import (``events`` counts that import's events of the
room). An event import adds its rows in the same transaction that records it, so the table is
exactly what the import records cover. It answers "who owns this room?" without reading any
Parquet (:mod:`siaran.store.ownership`), and keeps the list of a workspace's captured rooms.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

EVENT_ROOMS_DDL: Final = """
CREATE TABLE event_rooms (
  account VARCHAR NOT NULL,
  room_id VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  events BIGINT NOT NULL,
  PRIMARY KEY (account, room_id, sha256)
);
"""


def record_event_rooms(
    con: duckdb.DuckDBPyConnection, account: str, sha256: str, rooms: Mapping[str, int]
) -> None:
    """Add the rooms of one event import (call inside the transaction that records it)."""
    if rooms:
        con.executemany(
            "INSERT OR REPLACE INTO event_rooms VALUES (?, ?, ?, ?)",
            [[account, room, sha256, count] for room, count in rooms.items()],
        )


def create_event_rooms(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``event_rooms`` and fill it from the event files already stored (only those an
    import record covers), for workspaces made before the table existed."""
    con.execute(EVENT_ROOMS_DDL)
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if row is None or not row[0]:
        return
    from siaran.events.store import EVENTS_DIR, PART_GLOB

    files = sorted(str(p) for p in (Path(str(row[0])).parent / EVENTS_DIR).glob(PART_GLOB))
    if not files:
        return
    con.execute(
        """
        INSERT INTO event_rooms
        SELECT e.account, e.room_id, i.sha256, sum(e.n) FROM (
          SELECT account, room_id, regexp_extract(filename, 'part-([0-9a-f]{16})-', 1) AS sha16,
                 count(*) AS n
          FROM read_parquet(?, filename = true, hive_partitioning = false) GROUP BY ALL
        ) AS e JOIN imports AS i ON left(i.sha256, 16) = e.sha16
        GROUP BY ALL
        """,
        [files],
    )
