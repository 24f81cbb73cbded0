"""What every casework module shares: transactions, the acting person, clocks, guids, errors
and reading an input file."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import duckdb

from siaran.casework.errors import CaseworkError, NotFoundError
from siaran.errors import BadInputError

__all__ = [
    "ACTOR_ENV",
    "CaseworkError",
    "NotFoundError",
    "coder_guid",
    "default_actor",
    "iso",
    "new_guid",
    "now",
    "one",
    "read_input",
    "rows",
    "transaction",
]

ACTOR_ENV: Final = "SIARAN_USER"


def default_actor() -> str:
    """Who is acting: ``$SIARAN_USER``, else the login name."""
    found = os.environ.get(ACTOR_ENV)
    if found:
        return found
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_guid() -> str:
    return str(uuid.uuid4())


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One unit of work: everything inside lands together or not at all."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def one(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> Any:
    """The first column of the first row, or ``None``."""
    row = con.execute(sql, list(params)).fetchone()
    return None if row is None else row[0]


def rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """Every row as a dict keyed by column name."""
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def coder_guid(con: duckdb.DuckDBPyConnection, name: str, guid: str | None = None) -> str:
    """The guid of coder ``name``, registering the coder on first use."""
    found = one(con, "SELECT guid FROM cw_coders WHERE name = ?", [name])
    if found is not None:
        return str(found)
    chosen = guid or new_guid()
    con.execute("INSERT INTO cw_coders VALUES (?, ?)", [name, chosen])
    return chosen


def iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat()


def read_input(path: Path, unreadable_key: str) -> bytes:
    """The bytes of an input file; a file that cannot be read is a :class:`BadInputError`
    with the catalogue message ``unreadable_key`` and the system's reason."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BadInputError(unreadable_key, path=path, reason=exc.strerror or str(exc)) from exc
