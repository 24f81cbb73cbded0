"""Helpers for the metrics tests: canonical rows written straight into a real workspace.

The importers are not used on purpose: these tests pin the metrics to the schema alone.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pyarrow as pa

from siaran.store.schema import SESSION_FIELDS
from siaran.workspace import Workspace

WIB = ZoneInfo("Asia/Jakarta")
_TYPES = {
    "VARCHAR": pa.string(),
    "DOUBLE": pa.float64(),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
}
_keys = itertools.count(1)


T = TypeVar("T")


def known(value: T | None) -> T:
    """``value``, asserted known (the typed results say where a figure may be ``None``)."""
    assert value is not None
    return value


def at(text: str) -> dt.datetime:
    """A local Jakarta time, ``"2026-07-04 20:01:54"``."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=WIB)


def insert_sessions(workspace: Workspace, rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Insert canonical session rows (defaults: tiktok, IDR, everything else unknown);
    returns their session keys in order."""
    rows = list(rows)
    keys = [str(row.get("session_key") or f"s{next(_keys)}") for row in rows]
    columns: dict[str, pa.Array] = {
        "session_key": pa.array(keys, pa.string()),
        "source_sha256": pa.array(["0" * 64] * len(rows), pa.string()),
        "source_row": pa.array(range(4, 4 + len(rows)), pa.int32()),
        "layout": pa.array(["test"] * len(rows), pa.string()),
    }
    defaults = {"platform": "tiktok", "currency": "IDR"}
    for name, kind in SESSION_FIELDS:
        values = [row.get(name, defaults.get(name)) for row in rows]
        columns[name] = pa.array(values, _TYPES[kind.split()[0]])
    table = pa.table(columns)
    con = workspace.con
    # Registered explicitly: Ibis turns DuckDB's replacement scans off on the connection.
    con.register("incoming_test_rows", table)
    try:
        con.execute("INSERT INTO sessions BY NAME SELECT * FROM incoming_test_rows")
    finally:
        con.unregister("incoming_test_rows")
    return keys


def insert_reported(workspace: Workspace, session_key: str, values: Mapping[str, float]) -> None:
    """The figures an export itself carried for one session (``platform_reported``)."""
    for name, value in values.items():
        workspace.con.execute(
            "INSERT INTO platform_reported VALUES (?, ?, ?, ?)",
            [session_key, name, value, str(value)],
        )


def daily(account: str, days: Iterable[dt.date], **fields: Any) -> list[dict[str, Any]]:
    """One session per day at 20:00 local time for ``account``."""
    return [
        {"account": account, "started_at": at(f"{day.isoformat()} 20:00:00"), **fields}
        for day in days
    ]
