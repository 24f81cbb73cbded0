"""What every casework module shares: one change in a transaction by its actor, the acting
person, clocks, guids, queries and errors."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

import duckdb

from siaran.casework.errors import CaseworkError, NotFoundError
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace

__all__ = [
    "ACTOR_ENV",
    "CaseworkError",
    "NotFoundError",
    "change",
    "coder_guid",
    "default_actor",
    "iso",
    "new_guid",
    "now",
    "one",
    "rows",
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
def change(
    workspace: Workspace, actor: str | None = None
) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    """One change to the workbench: the workspace's connection inside a transaction (it lands
    whole, audit entry included, or not at all) and who makes it, ``actor`` or else
    :func:`default_actor`."""
    with transaction(workspace.con) as con:
        yield con, actor or default_actor()


def one(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> Any:
    """The first column of the first row, or ``None``."""
    row = con.execute(sql, list(params)).fetchone()
    return None if row is None else row[0]


Row = TypeVar("Row", bound=Mapping[str, object])


def rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any], shape: type[Row]
) -> list[Row]:
    """Every row as a dict keyed by column name, of the record type ``shape`` whose keys the
    query selects (the caller may fill the record's other keys afterwards)."""
    del shape  # names the type only: a TypedDict is a dict at run time
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description or ()]
    return cast(list[Row], [dict(zip(names, row, strict=True)) for row in cursor.fetchall()])


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
