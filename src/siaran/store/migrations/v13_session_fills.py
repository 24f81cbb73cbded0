"""Schema version 13: ``session_fills``, the fields of a kept session filled from another row.

When one live is stored once from two exports (:mod:`siaran.ingest.same_live`), the kept row
takes the fields it does not know from the other row. ``session_fills`` records each one
(``session_key``, ``field``, ``from_key``): a session field by name (the money once, as
``gmv``, standing for ``gmv``, ``gmv_basis`` and ``currency``), a platform value as
``kpi:<name>``. A later snapshot of the kept row then keeps what was filled and drops what the
room's own earlier snapshot had. Rows filled before this version have no records.

Frozen as shipped: a later change of :mod:`siaran.ingest` must not change what this step
does to an old file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb


def add_session_fills(con: duckdb.DuckDBPyConnection) -> None:
    """Version 12 to 13: the empty ``session_fills`` table."""
    con.execute(
        """
        CREATE TABLE session_fills (
          session_key VARCHAR NOT NULL,
          field VARCHAR NOT NULL,
          from_key VARCHAR NOT NULL,
          PRIMARY KEY (session_key, field)
        )
        """
    )
