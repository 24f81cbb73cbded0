"""How the workbench commands print records: one record, or a table of records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from siaran.cli.common import state, stdout
from siaran.cli.output import ColumnChoice, OutputFormat, print_json, print_record, print_rows


def print_one(row: Mapping[str, Any], fmt: OutputFormat) -> None:
    """One record: as a JSON object, a CSV row, or ``label  value`` lines."""
    if fmt is OutputFormat.json:
        print_json(stdout, row)
    elif fmt is OutputFormat.csv:
        print_rows(stdout, [_flat(row)], fmt, lang=state.lang)
    else:
        print_record(stdout, _flat(row), state.lang)


def _flat(row: Mapping[str, Any]) -> dict[str, object]:
    """A record with mappings as ``k=v; ...`` and lists of strings as ``a, b`` (for tables)."""
    out: dict[str, object] = {}
    for key, value in row.items():
        if isinstance(value, dict | list) and not value:
            out[key] = None  # nothing: shown as unknown, empty in CSV
        elif isinstance(value, dict):
            out[key] = "; ".join(f"{k}={v}" for k, v in value.items())
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[key] = ", ".join(value)
        else:
            out[key] = value
    return out


def print_table(
    rows: Sequence[Mapping[str, Any]],
    fmt: OutputFormat,
    columns: tuple[str, ...],
    choice: ColumnChoice | None = None,
) -> None:
    """Records as a table of ``columns`` (in priority order) or CSV, or as a JSON list of
    whole objects."""
    shown = rows if fmt is OutputFormat.json else [_flat(r) for r in rows]
    print_rows(stdout, shown, fmt, lang=state.lang, columns=columns, choice=choice)
