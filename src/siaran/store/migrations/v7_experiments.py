"""Schema version 7: experiments a seller or coach records, and which lives had the change.

``experiments`` holds one row per experiment (its KPI, design, start and optional end day,
note); ``experiment_accounts`` the accounts that made the change; ``experiment_lives`` the
lives of a switchback assigned with (``treated``) or without the change, by account and room.

Frozen as shipped: a later change of :mod:`siaran.experiments` must not change what this step
does to an old file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

EXPERIMENTS_DDL: Final = """
CREATE TABLE experiments (
  name VARCHAR PRIMARY KEY,
  kpi VARCHAR NOT NULL,
  design VARCHAR NOT NULL,
  start_date DATE NOT NULL,
  end_date DATE,
  note VARCHAR,
  created_at TIMESTAMPTZ NOT NULL
);
"""

EXPERIMENT_ACCOUNTS_DDL: Final = """
CREATE TABLE experiment_accounts (
  experiment VARCHAR NOT NULL,
  account VARCHAR NOT NULL,
  PRIMARY KEY (experiment, account)
);
"""

EXPERIMENT_LIVES_DDL: Final = """
CREATE TABLE experiment_lives (
  experiment VARCHAR NOT NULL,
  account VARCHAR NOT NULL,
  room_id VARCHAR NOT NULL,
  treated BOOLEAN NOT NULL,
  PRIMARY KEY (experiment, account, room_id)
);
"""


def add_experiments(con: duckdb.DuckDBPyConnection) -> None:
    """Version 6 to 7: the three experiment tables, empty."""
    con.execute(EXPERIMENTS_DDL)
    con.execute(EXPERIMENT_ACCOUNTS_DDL)
    con.execute(EXPERIMENT_LIVES_DDL)
