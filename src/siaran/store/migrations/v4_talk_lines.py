"""Schema version 4: ``talk_lines``, the scored transcript's host lines (keyed by room alone
until version 5), written out as shipped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

TALK_LINES_COLUMNS: Final = """  room_id VARCHAR NOT NULL,
  number INTEGER NOT NULL,
  start_s DOUBLE,
  end_s DOUBLE,
  text VARCHAR NOT NULL,
  cues VARCHAR[] NOT NULL,
  phase VARCHAR,"""
"""The columns, as shipped; version 5 keys the table by account with them."""

TALK_LINES_DDL: Final = f"""
CREATE TABLE talk_lines (
{TALK_LINES_COLUMNS}
  PRIMARY KEY (room_id, number)
);
"""


def add_talk_lines(con: duckdb.DuckDBPyConnection) -> None:
    """Version 3 to 4."""
    con.execute(TALK_LINES_DDL)
