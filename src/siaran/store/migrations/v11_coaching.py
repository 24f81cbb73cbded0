"""Schema version 11: coaching sessions of a programme, recorded per account.

``coaching_sessions`` holds one row per session: the account coached, the local day, the topic
(a capability area id of ``siaran advise``), the coach's name, an optional note and when it
was recorded. One account has at most one session per day and topic.

Frozen as shipped: a later change of :mod:`siaran.programme` must not change what this step
does to an old file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

COACHING_SESSIONS_DDL: Final = """
CREATE TABLE coaching_sessions (
  account VARCHAR NOT NULL,
  session_date DATE NOT NULL,
  topic VARCHAR NOT NULL,
  coach VARCHAR NOT NULL,
  note VARCHAR,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (account, session_date, topic)
);
"""


def add_coaching(con: duckdb.DuckDBPyConnection) -> None:
    """Version 10 to 11: the coaching sessions table, empty."""
    con.execute(COACHING_SESSIONS_DDL)
