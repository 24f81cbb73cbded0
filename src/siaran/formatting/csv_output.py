"""CSV for people who open it in a spreadsheet: text cells are data, never formulas.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and some
also after a leading tab or carriage return), so an account named ``=HYPERLINK(...)`` in an
export could act on the machine of whoever opens it. As the OWASP guidance on CSV injection
advises, such a text cell is written with a leading apostrophe (``'=HYPERLINK(...)``), which
spreadsheets show as text. Numbers, negative ones included, are written as numbers; only text
is changed, and JSON output never is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

FORMULA_STARTS: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a CSV cell: empty for unknown, lists and mappings as JSON, and text that
    a spreadsheet would run as a formula with a leading ``'``. Numbers are left as they are."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | Mapping):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Iterable[str] | None = None) -> str:
    """``rows`` as CSV text with a header row (``columns``, else the first row's keys), every
    cell passed through :func:`safe_cell`."""
    names = list(columns if columns is not None else (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(name) for name in names])
    for row in rows:
        writer.writerow([safe_cell(row.get(name)) for name in names])
    return buffer.getvalue()


def _json_default(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
