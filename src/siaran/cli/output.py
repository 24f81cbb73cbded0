"""Rendering lists of records as a table, CSV or JSON for the terminal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _json_default(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _clean_json(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {k: _clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_json(v) for v in value]
    return value


def to_json(data: Any) -> str:
    return json.dumps(_clean_json(data), ensure_ascii=False, indent=2, default=_json_default)


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.4g}" if abs(value) < 1 else f"{value:,.2f}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return str(value)


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    buffer = io.StringIO()
    names = list(columns or (rows[0].keys() if rows else []))
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(
            [
                ""
                if row.get(n) is None
                else json.dumps(row[n], ensure_ascii=False, default=_json_default)
                if isinstance(row.get(n), list | dict)
                else row[n]
                for n in names
            ]
        )
    return buffer.getvalue()


WIDEST_TABLE = 6
"""More columns than this do not fit an 80-column terminal; such rows print as records."""


def _print_records(
    console: Console,
    rows: Sequence[Mapping[str, Any]],
    names: Sequence[str],
    *,
    title: str | None,
) -> None:
    """One small two-column table per row, headed by the row's first field."""
    if title:
        console.print(title)
    key, *fields = names
    for row in rows:
        table = Table(title=_cell(row.get(key)), show_header=False, title_justify="left")
        table.add_column(key, no_wrap=True)
        table.add_column("value", justify="right")
        for name in fields:
            table.add_row(name, _cell(row.get(name)))
        console.print(table)


def print_rows(
    console: Console,
    rows: Sequence[Mapping[str, Any]],
    fmt: OutputFormat,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    """Print ``rows``; ``columns`` limits the table view (CSV and JSON keep every field)."""
    if fmt is OutputFormat.json:
        console.out(to_json(list(rows)), highlight=False)
        return
    if fmt is OutputFormat.csv:
        console.out(to_csv(rows), end="", highlight=False)
        return
    names = list(columns or (rows[0].keys() if rows else []))
    if len(names) > WIDEST_TABLE:
        _print_records(console, rows, names, title=title)
        return
    table = Table(title=title, show_lines=False)
    for name in names:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(n)) for n in names))
    console.print(table)
