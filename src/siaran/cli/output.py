"""Rendering lists of records as a table, CSV or JSON for the terminal.

The table is for people: headers from the catalogue in the chosen language, values written by
:mod:`siaran.formatting` (``Rp1,2 jt``, ``4,3%``, ``1j 5m``), columns chosen to fit the width.
CSV and JSON are for machines and keep their contracts: every field, snake_case names, raw
values (rates as fractions, money as a number with ``currency``), and CSV text cells that a
spreadsheet cannot run as formulas.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from siaran.cli.tables import Column, layout, render_records, render_table
from siaran.cli.terminal import DataConsole, one_line
from siaran.errors import UsageError
from siaran.formatting import format_field, label, to_csv, unit_of
from siaran.i18n import Lang, text

NUMERIC_UNITS = frozenset(
    {"money", "money_per_hour", "rate", "count", "seconds", "hours", "ratio", "change"}
)
# Context columns left out of a default table when every row has the same value in them.
CONTEXT_COLUMNS = frozenset({"platform", "currency"})


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@dataclass(frozen=True)
class ColumnChoice:
    """What the user asked to see with ``--columns a,b`` (``names``) or ``--all`` (``every``);
    the default (both empty) lets the command's column priority fit the terminal."""

    names: tuple[str, ...] = ()
    every: bool = False

    @classmethod
    def of(cls, columns: str | None, every: bool) -> ColumnChoice:
        names = tuple(n.strip() for n in (columns or "").split(",") if n.strip())
        return cls(names=names, every=every)

    @property
    def explicit(self) -> bool:
        return self.every or bool(self.names)


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


def print_json(console: DataConsole, data: Any) -> None:
    console.write_raw(to_json(data) + "\n")


def _field_names(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every field of ``rows``, in the order they first appear."""
    return list(dict.fromkeys(name for row in rows for name in row))


def _chosen_names(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None, choice: ColumnChoice
) -> list[str]:
    available = _field_names(rows)
    if choice.every:
        first = [n for n in columns or () if n in available]
        return first + [n for n in available if n not in first]
    if choice.names:
        unknown = [n for n in choice.names if n not in available]
        if unknown and rows:
            raise UsageError(
                "cli.columns.unknown", names=", ".join(unknown), known=", ".join(available)
            )
        return list(choice.names)
    if columns is None:
        return available
    present = [n for n in columns if n in available]
    return [
        n
        for n in present
        if n not in CONTEXT_COLUMNS or len({repr(row.get(n)) for row in rows}) > 1
    ]


def _column(
    name: str, rows: Sequence[Mapping[str, Any]], lang: Lang, header: str | None = None
) -> Column:
    values = [row.get(name) for row in rows]
    cells = tuple(
        one_line(format_field(name, row.get(name), lang, currency=row.get("currency")))
        for row in rows
    )
    unit = unit_of(name)
    numeric = unit in NUMERIC_UNITS or (
        unit is None
        and any(v is not None for v in values)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values if v)
    )
    wraps = unit in (None, "text") and not numeric and any(" " in cell for cell in cells)
    shown = header or label(name, lang)
    return Column(name=name, header=shown, cells=cells, numeric=numeric, wraps=wraps)


def print_rows(
    console: DataConsole,
    rows: Sequence[Mapping[str, Any]],
    fmt: OutputFormat,
    *,
    lang: Lang,
    columns: Sequence[str] | None = None,
    choice: ColumnChoice | None = None,
    title: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Print ``rows``. CSV and JSON carry every field. The table shows ``columns`` (the
    command's default, in priority order) that fit the width, or what ``choice`` asks for;
    ``choice`` is ``None`` for commands without ``--columns``/``--all``. ``headers`` names
    catalogue keys for fields whose usual name would mislead here (a timeline's ``viewers``
    are concurrent viewers, a session's unique ones)."""
    if fmt is OutputFormat.json:
        print_json(console, list(rows))
        return
    if fmt is OutputFormat.csv:
        console.write_raw(to_csv(rows))
        return
    if title:
        console.print(title, soft_wrap=False)
    if not rows:
        console.print(text("cli.table.empty", lang))
        return
    asked = choice or ColumnChoice()
    renamed = {name: text(key, lang) for name, key in (headers or {}).items()}
    built = [
        _column(name, rows, lang, renamed.get(name)) for name in _chosen_names(rows, columns, asked)
    ]
    if not built:
        return
    width = console.table_width()
    found = layout(built, width, all_required=asked.explicit)
    if found is None:
        render_records(console, built, width)
        return
    render_table(console, found)
    if found.hidden:
        key = "cli.table.hidden" if choice is not None else "cli.table.hidden_machine"
        hint = text(key, lang, width=width, names=", ".join(found.hidden))
        console.print(hint, style="dim", soft_wrap=False)


def print_record(console: DataConsole, row: Mapping[str, Any], lang: Lang) -> None:
    """One record as ``label  value`` lines, headed by its first field."""
    columns = [_column(name, [row], lang) for name in row]
    render_records(console, columns, console.table_width())
