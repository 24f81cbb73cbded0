"""Schema version 8: ``crew``, who did what in a live.

One row per person and role in a live, keyed by account and room (a live belongs to its
account) and by the row's ``position`` in the roster as it was given. ``role`` is one of the
fixed roles (``host``, ``co_host``, ``interaction_admin``, ``fulfilment``,
``product_handler``) or ``other`` with the free text in ``role_label``; ``person`` is the name
of a member of the seller's own staff, stored as given.

Frozen as shipped: a later change of :mod:`siaran.crew` must not change what this step does to
an old file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

CREW_DDL: Final = """
CREATE TABLE crew (
  account VARCHAR NOT NULL,
  room_id VARCHAR NOT NULL,
  position INTEGER NOT NULL,
  role VARCHAR NOT NULL,
  role_label VARCHAR,
  person VARCHAR NOT NULL,
  set_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (account, room_id, position)
);
"""


def add_crew(con: duckdb.DuckDBPyConnection) -> None:
    """Version 7 to 8: the crew table, empty."""
    con.execute(CREW_DDL)
