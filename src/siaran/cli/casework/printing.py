"""How the workbench commands print records: one record, or a table of records."""

from __future__ import annotations

from typing import Any

from siaran.cli.common import stdout
from siaran.cli.output import OutputFormat, print_rows, to_json


def print_one(row: dict[str, Any], fmt: OutputFormat) -> None:
    """One record: as a JSON object, or as a one-row table or CSV."""
    if fmt is OutputFormat.json:
        stdout.out(to_json(row), highlight=False)
    else:
        print_rows(stdout, [flat(row)], fmt)


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """A record with mappings as ``k=v; ...`` and lists of strings as ``a, b`` (for tables)."""
    out = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out[key] = "; ".join(f"{k}={v}" for k, v in value.items())
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[key] = ", ".join(value)
        else:
            out[key] = value
    return out


def print_table(rows: list[dict[str, Any]], fmt: OutputFormat, columns: tuple[str, ...]) -> None:
    """Records as a table or CSV of ``columns``, or as a JSON list of whole objects."""
    shown = rows if fmt is OutputFormat.json else [flat(r) for r in rows]
    print_rows(stdout, shown, fmt, columns=columns)
