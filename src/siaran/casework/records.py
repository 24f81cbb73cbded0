"""Row plumbing the casework tables share: inserts of new items, link rows and filters.

Table and column names always come from this package's code, never from a user; values are
always bound as parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb

from siaran.casework import audit
from siaran.casework.db import new_guid, now


def _insert_sql(table: str, values: Mapping[str, Any]) -> str:
    marks = ", ".join("?" * len(values))
    return f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})"


def insert(con: duckdb.DuckDBPyConnection, table: str, values: Mapping[str, Any]) -> None:
    """Insert one row of ``column -> value`` into ``table``."""
    con.execute(_insert_sql(table, values), list(values.values()))


def insert_returning_id(
    con: duckdb.DuckDBPyConnection, table: str, values: Mapping[str, Any]
) -> int:
    """Insert one row into a table with a generated ``id`` and return that id."""
    found = con.execute(f"{_insert_sql(table, values)} RETURNING id", list(values.values()))
    row = found.fetchone()
    assert row is not None
    return int(row[0])


def insert_item(
    con: duckdb.DuckDBPyConnection,
    table: str,
    values: Mapping[str, Any],
    *,
    guid: str | None = None,
) -> int:
    """Insert a new item with its ``guid`` (a fresh one unless given) and its creation time;
    return its id."""
    return insert_returning_id(
        con, table, {"guid": guid or new_guid(), **values, "created_at": now()}
    )


def set_link(
    con: duckdb.DuckDBPyConnection,
    table: str,
    link: Mapping[str, Any],
    *,
    linked: bool,
    target: str,
    detail: Mapping[str, Any],
    actor: str,
    rationale: str | None,
) -> None:
    """Make the link row ``link`` present (``linked``) or absent, whatever it was before, and
    record it (``link`` or ``unlink``) on ``target``'s audit trail."""
    condition = " AND ".join(f"{column} = ?" for column in link)
    con.execute(f"DELETE FROM {table} WHERE {condition}", list(link.values()))
    if linked:
        insert(con, table, link)
    action = "link" if linked else "unlink"
    audit.record(con, action, target, detail, actor=actor, rationale=rationale)


class Filter:
    """The conditions of a query's WHERE clause, gathered one by one with their parameters."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def add(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    @property
    def conjunction(self) -> str:
        """The conditions joined with AND (empty when there are none)."""
        return " AND ".join(self.conditions)

    @property
    def clause(self) -> str:
        """``WHERE ...``, or nothing when there are no conditions."""
        return f"WHERE {self.conjunction}" if self.conditions else ""
