"""Schema version 5: a live belongs to its account.

``event_rooms`` records which account's captured events hold which room (filled from the
event files already stored, only those an import record covers), and ``talk_scores`` and
``talk_lines`` are keyed by account and room: each stored row gets the account that holds its
room, which is the account of the room's imported sessions when exactly one account has them,
else the account whose captured events hold it when exactly one does. A row whose account
cannot be told so (the room was never imported, or two accounts hold it) keeps the empty
account :data:`UNASSIGNED`: no account's page shows it (see :mod:`siaran.talk.storage`).

Frozen as shipped (the talk tables' columns are those versions 2 and 4 shipped, taken from
their modules), including where version 4 kept event files (:data:`EVENTS_DIR`,
:data:`PART_GLOB`): a later change of the event store must not change what this step reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from siaran.store.migrations.v2_talk_scores import TALK_SCORES_COLUMNS
from siaran.store.migrations.v4_talk_lines import TALK_LINES_COLUMNS

if TYPE_CHECKING:
    import duckdb

EVENTS_DIR: Final = "events"
PART_GLOB: Final = "account=*/date=*/part-*.parquet"
UNASSIGNED: Final = ""
"""The account of a talk row whose room no single account holds."""

EVENT_ROOMS_DDL: Final = """
CREATE TABLE event_rooms (
  account VARCHAR NOT NULL,
  room_id VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  events BIGINT NOT NULL,
  PRIMARY KEY (account, room_id, sha256)
);
"""

TALK_SCORES_BY_ACCOUNT_DDL: Final = f"""
CREATE TABLE {{table}} (
  account VARCHAR NOT NULL,
  room_id VARCHAR NOT NULL,
{TALK_SCORES_COLUMNS},
  PRIMARY KEY (account, room_id)
);
"""

TALK_LINES_BY_ACCOUNT_DDL: Final = f"""
CREATE TABLE {{table}} (
  account VARCHAR NOT NULL,
{TALK_LINES_COLUMNS}
  PRIMARY KEY (account, room_id, number)
);
"""


def key_by_account(con: duckdb.DuckDBPyConnection) -> None:
    """Version 4 to 5 (module docstring)."""
    create_event_rooms(con)
    add_accounts(con)


def create_event_rooms(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``event_rooms`` and fill it from the event files already stored (only those an
    import record covers), for workspaces made before the table existed."""
    con.execute(EVENT_ROOMS_DDL)
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if row is None or not row[0]:
        return
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


def add_accounts(con: duckdb.DuckDBPyConnection) -> None:
    """Key ``talk_scores`` and ``talk_lines`` by account and room, each stored row getting
    the account that holds its room (module docstring)."""
    con.execute(
        """
        CREATE TEMP TABLE talk_room_owner AS
        WITH s AS (SELECT room_id, min(account) AS a, count(DISTINCT account) AS n
                   FROM sessions WHERE room_id IS NOT NULL GROUP BY room_id),
             e AS (SELECT room_id, min(account) AS a, count(DISTINCT account) AS n
                   FROM event_rooms GROUP BY room_id)
        SELECT coalesce(s.room_id, e.room_id) AS room_id,
               CASE WHEN s.n = 1 THEN s.a WHEN s.n IS NULL AND e.n = 1 THEN e.a END AS account
        FROM s FULL OUTER JOIN e ON s.room_id = e.room_id
        """
    )
    for table, ddl in (
        ("talk_scores", TALK_SCORES_BY_ACCOUNT_DDL),
        ("talk_lines", TALK_LINES_BY_ACCOUNT_DDL),
    ):
        con.execute(ddl.format(table=f"{table}_v5"))
        con.execute(
            f"""
            INSERT INTO {table}_v5
            SELECT coalesce(o.account, ?), t.* FROM {table} AS t
            LEFT JOIN talk_room_owner AS o ON o.room_id = t.room_id
            """,
            [UNASSIGNED],
        )
        con.execute(f"DROP TABLE {table}")
        con.execute(f"ALTER TABLE {table}_v5 RENAME TO {table}")
    con.execute("DROP TABLE talk_room_owner")
