"""One transaction helper for every write that must land whole or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One unit of work on ``con``: everything inside lands together or not at all.

    An error inside rolls the work back and is raised as it was. ``COMMIT`` stays outside the
    rollback on purpose: DuckDB ends a transaction whose commit fails (a conflict found at
    commit), and a ``ROLLBACK`` then would only hide that error behind "no transaction is
    active".
    """
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
