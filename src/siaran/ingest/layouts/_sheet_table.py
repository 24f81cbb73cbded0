"""Where a layout's table stands in a sheet: the header row found by content, the sheet and
header variant (a UI language) that match best, the data rows below it without a closing total
row, and the reporting period written above it. Reading the columns is ``_tiktok_columns``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from siaran.errors import BadInputError
from siaran.ingest.cell import Cell
from siaran.ingest.layout import Match, normalise_header
from siaran.ingest.source import Sheet, SourceFile

_Found = TypeVar("_Found")
_Variant = TypeVar("_Variant", covariant=True)

HEADER_SCAN_ROWS = 20
"""How many rows from the top may hold the header (title and period rows come first)."""
_PERIOD = re.compile(
    r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})\s*(?:~|–|-|s/d|to)\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})"
)


@dataclass(frozen=True)
class HeaderRow:
    """Where a layout's header row is and how well it matches what the layout expects."""

    index: int
    """0-based index of the header row in ``Sheet.rows``."""
    positions: dict[str, int]
    """Column key -> position in the row."""
    written: dict[str, str]
    """Column key -> the header text as the file writes it."""
    unknown: tuple[str, ...]
    missing: tuple[str, ...]
    score: float


def find_header_row(
    sheet: Sheet, names: Mapping[str, str], *, scan_rows: int = HEADER_SCAN_ROWS
) -> HeaderRow | None:
    """The row among the first ``scan_rows`` that holds the most of ``names`` (header text as
    written by the platform -> column key), or ``None`` when no row holds any of them."""
    lookup = {normalise_header(name): key for name, key in names.items()}
    expected: dict[str, str] = {}
    for name, column_key in names.items():
        expected.setdefault(column_key, name)
    best: HeaderRow | None = None
    for index, row in enumerate(sheet.rows[:scan_rows]):
        positions: dict[str, int] = {}
        written: dict[str, str] = {}
        unknown: list[str] = []
        for position, cell in enumerate(row):
            if cell is None or str(cell).strip() == "":
                continue
            key = lookup.get(normalise_header(cell))
            if key is None or key in positions:
                unknown.append(str(cell).strip())
                continue
            positions[key] = position
            written[key] = str(cell).strip()
        if not positions:
            continue
        if best is not None and len(positions) <= len(best.positions):
            continue
        missing = tuple(name for key, name in expected.items() if key not in positions)
        best = HeaderRow(
            index=index,
            positions=positions,
            written=written,
            unknown=tuple(unknown),
            missing=missing,
            score=len(positions) / len(expected),
        )
    return best


def located(found: _Found | None, source: SourceFile) -> _Found:
    """What a layout's ``_locate`` found in ``source``; a file it does not recognise (any
    more) is refused naming the file."""
    if found is None:
        raise BadInputError("import.unrecognised", path=source.path)
    return found


@dataclass(frozen=True)
class LocatedHeader(Generic[_Variant]):
    """Where a layout's header row stands in a file: its sheet, the row, and which variant of
    the layout's header (a UI language, say) it is written in."""

    sheet: Sheet
    header: HeaderRow
    variant: _Variant


def best_header(
    source: SourceFile,
    variants: Mapping[_Variant, Mapping[str, str]],
    *,
    min_share: float,
    sheet_name: str | None = None,
) -> LocatedHeader[_Variant] | None:
    """The header row in ``source`` that holds the largest share of one variant's names (header
    text as written -> column key), if one holds at least ``min_share`` of them; on a sheet
    named ``sheet_name`` (compared as headers are) any share will do."""
    best: LocatedHeader[_Variant] | None = None
    for sheet in source.sheets:
        named = sheet_name is not None and normalise_header(sheet.name or "") == sheet_name
        for variant, names in variants.items():
            header = find_header_row(sheet, names)
            if header is None or (header.score < min_share and not named):
                continue
            if best is None or header.score > best.header.score:
                best = LocatedHeader(sheet, header, variant)
    return best


def header_match(layout: str, found: LocatedHeader[object] | None) -> Match | None:
    """How well the header row a layout found (if any) matches the columns of ``layout``: what
    the layout's ``match`` answers."""
    if found is None:
        return None
    header = found.header
    return Match(layout, header.score, header.unknown, header.missing)


SUMMARY_LABELS: Final = frozenset(
    {"total", "totals", "grand total", "subtotal", "sub total", "sum", "summary"}
    | {"jumlah", "total keseluruhan", "ringkasan"}
)
"""What the first cell of a summary row at the bottom of a table says (compared lower-cased,
without a closing colon)."""


def data_rows(
    sheet: Sheet,
    start: int,
    used: Collection[int] | None = None,
    *,
    summaries: list[int] | None = None,
) -> tuple[list[list[Cell]], list[int]]:
    """The rows from index ``start`` with a cell filled (one of the positions ``used``, when
    given), and their row numbers as the user sees them. With ``summaries``, the rows at the
    bottom whose first filled cell is a total label (:data:`SUMMARY_LABELS`) are left out and
    their numbers added to it: they sum the rows above and are not rows themselves."""
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for index in range(start, len(sheet.rows)):
        row = sheet.rows[index]
        if used is None:
            filled = any(cell is not None for cell in row)
        else:
            filled = any(p < len(row) and row[p] is not None for p in used)
        if filled:
            rows.append(row)
            numbers.append(sheet.row_number(index))
    while summaries is not None and rows and _is_summary(rows[-1]):
        rows.pop()
        summaries.insert(0, numbers.pop())
    return rows, numbers


def _is_summary(row: Sequence[Cell]) -> bool:
    first = next((cell for cell in row if cell is not None and str(cell).strip()), None)
    return isinstance(first, str) and first.strip().rstrip(":").strip().lower() in SUMMARY_LABELS


def find_period(rows: Sequence[Sequence[Cell]]) -> tuple[dt.date, dt.date] | None:
    """The first ``2026-07-01 ~ 2026-09-17`` (or ``2026/07/01 - 2026/07/31``) in ``rows``."""
    for row in rows:
        for cell in row:
            found = _PERIOD.search(cell) if isinstance(cell, str) else None
            if found is None:
                continue
            y1, m1, d1, y2, m2, d2 = (int(part) for part in found.groups())
            try:
                return dt.date(y1, m1, d1), dt.date(y2, m2, d2)
            except ValueError:
                return None
    return None
