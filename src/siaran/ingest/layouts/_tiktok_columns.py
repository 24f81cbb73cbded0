"""The table reader every session layout shares (named for the TikTok Shop layouts it was first
written for): reading a table's columns once into Arrow and parsing them whole into canonical
fields and platform values. Where the table stands in its sheet (header row, data rows,
period) is ``_sheet_table``; cells as TikTok writes them are in ``_tiktok_cells``; the checks
of start and end times as column expressions are in ``_time_checks``."""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Literal
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from siaran.errors import Problem
from siaran.ingest.cell import Cell
from siaran.ingest.layout import (
    PLATFORM_VALUE_SCHEMA,
    WHOLE_FIELDS,
    ImportContext,
    Note,
    ParsedImport,
    PlatformTable,
    date_order_notes,
    fraction_rate_notes,
)
from siaran.ingest.layouts._sheet_table import HeaderRow, data_rows
from siaran.ingest.numbers import Convention, day_first_guess
from siaran.ingest.numbers.amounts import currency_of_header
from siaran.ingest.numbers.cells import PYTHON_WHITESPACE
from siaran.ingest.numbers.rates import workbook_fractions
from siaran.ingest.numbers.vector import (
    ConventionVotes,
    VectorResult,
    convention_votes,
    parse_cells,
    string_array,
)
from siaran.ingest.source import Sheet

CellKind = Literal["text", "room_id", "number", "money", "rate", "duration", "datetime"]

CONVENTION_SAMPLE_ROWS = 2000
"""Rows whose numeric cells decide a table's decimal convention."""

_DIGITS = re.compile(r"^\d+$")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")
_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z|WIB|WITA|WIT|UTC|GMT)$", re.IGNORECASE)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Build millions of small objects (a 200,000-row file has over 3 million platform values)
    without the cyclic garbage collector re-scanning them every few hundred allocations: it
    made parsing several times slower. Nothing built here forms reference cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Column:
    """One column a layout knows: its key (the English header), what it holds and where it goes.

    Exactly one of ``field`` (a canonical session field) and ``kpi`` (a platform-reported
    value) is set, or neither for columns that are read only to be checked or used by the
    layout itself (the account handle, for example).
    """

    key: str
    kind: CellKind
    field: str | None = None
    kpi: str | None = None
    whole: bool = False
    """The column counts things one by one (its field is one of :data:`WHOLE_FIELDS`, or it
    says so): a lone group of three digits there is thousands."""

    @property
    def counts(self) -> bool:
        """Whether the column's values are whole numbers of things."""
        return self.whole or self.field in WHOLE_FIELDS


@dataclass
class ReadTable:
    """A table read column by column, as Arrow arrays: ``values[key][i]`` and
    ``raw[key][i]`` (the cell as text) belong to ``source_rows[i]``. Numbers are float64,
    times timestamps in the workspace's zone, texts and room ids strings."""

    source_rows: list[int] = field(default_factory=list)
    values: dict[str, pa.Array] = field(default_factory=dict)
    raw: dict[str, pa.Array] = field(default_factory=dict)
    currencies: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    naive_times: bool = False
    summary_rows: list[int] = field(default_factory=list)
    """Total rows at the bottom of the table, left out (their row numbers)."""
    convention: Convention = "dot_decimal"
    """The decimal convention its numbers were read in (:func:`sheet_votes`)."""
    convention_voted: bool = False
    """Whether the cells' own forms decided the convention (else a tie was broken)."""
    day_first_guesses: dict[str, str] = field(default_factory=dict)
    """Header -> a cell of a date column read day first with nothing to prove the order
    (:func:`~siaran.ingest.numbers.day_first_guess`)."""
    fraction_rates: dict[str, float] = field(default_factory=dict)
    """Header -> a number of a workbook's rate column read as fractions
    (:func:`~siaran.ingest.numbers.rates.workbook_fractions`)."""
    _lists: dict[str, list[object]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.source_rows)

    def column(self, key: str) -> list[object]:
        """The values of column ``key`` as Python objects (``None`` for every row when the
        file does not carry it); converted once, a fresh list each call."""
        if key not in self.values:
            return [None] * len(self.source_rows)
        if key not in self._lists:
            self._lists[key] = self.values[key].to_pylist()
        return list(self._lists[key])

    def raw_column(self, key: str) -> list[str | None]:
        """The cells of column ``key`` as the file writes them (``None`` when empty)."""
        if key not in self.raw:
            return [None] * len(self.source_rows)
        return list(self.raw[key].to_pylist())

    def platform_values(self, columns: Sequence[Column]) -> PlatformTable:
        """Every non-empty platform-reported cell, column by column."""
        parts = []
        for column in columns:
            if column.kpi is None or column.key not in self.values:
                continue
            written = pc.is_valid(self.raw[column.key])
            values = self.values[column.key]
            if not pa.types.is_floating(values.type):
                values = pa.nulls(len(values), pa.float64())
            parts.append(
                pa.table(
                    {
                        "row": pa.array(np.arange(len(values), dtype=np.int64)),
                        "kpi": pa.repeat(pa.scalar(column.kpi, pa.string()), len(values)),
                        "value": values,
                        "raw": self.raw[column.key],
                    }
                ).filter(written)
            )
        if not parts:
            return PlatformTable(PLATFORM_VALUE_SCHEMA.empty_table())
        return PlatformTable(pa.concat_tables(parts))


def read_table(
    sheet: Sheet,
    header: HeaderRow,
    columns: Sequence[Column],
    *,
    tz: ZoneInfo,
    prefer: Convention,
    marks_break_tie: bool = True,
) -> ReadTable:
    """Read every non-empty row below ``header``; every unreadable cell becomes a Problem.

    Numbers follow the sheet's decimal convention (:func:`sheet_votes`); a tie goes to
    ``comma_decimal`` when the cells show an Indonesian mark and ``marks_break_tie``, else to
    ``prefer``. Each column is parsed whole as Arrow expressions (:func:`parse_cells`); only the
    cells outside the forms exports write, and the bad ones, are read one by one."""
    votes = sheet_votes(sheet, header, columns)
    convention = votes.decided or (
        "comma_decimal" if marks_break_tie and votes.indonesian else prefer
    )
    summaries: list[int] = []
    rows, source_rows = data_rows(sheet, header.index + 1, summaries=summaries)
    table = ReadTable(
        source_rows=source_rows,
        summary_rows=summaries,
        convention=convention,
        convention_voted=votes.decided is not None,
    )
    present = [column for column in columns if column.key in header.positions]

    def parsed(column: Column) -> ParsedColumn:
        cells = column_cells(rows, header.positions[column.key])
        written = header.written[column.key]
        return parse_column(column, cells, tz=tz, convention=convention, written=written)

    # Arrow's kernels let go of the interpreter: the columns of a long table are parsed on
    # every core, and their results taken in column order, so that problems come in the order
    # they always did. A short table is parsed inline: threads would cost more than they save.
    if len(rows) < THREADED_ROWS:
        for column in present:
            take_column(table, column, parsed(column), header.written[column.key])
        return table
    with ThreadPoolExecutor(max_workers=PARSE_THREADS) as pool:
        for column, done in zip(present, pool.map(parsed, present), strict=True):
            take_column(table, column, done, header.written[column.key])
    return table


def column_cells(rows: Sequence[Sequence[Cell]], position: int) -> list[Cell]:
    """The cells of one column of ``rows`` (``None`` where a row is shorter)."""
    if position < min(map(len, rows), default=0):
        return list(map(itemgetter(position), rows))
    return [row[position] if position < len(row) else None for row in rows]


def text_of(cell: Cell) -> str | None:
    """A typed cell as the text a text column keeps (``None`` when empty)."""
    return _text(cell)


@dataclass(frozen=True)
class TimeZoneRule:
    """Which cells of a time column carry a zone of their own: text with an offset (``+07:00``,
    ``Z``, ``WIB``) always; with ``epochs``, text of digits only (epoch seconds, UTC) too; with
    ``blank_is_zoned``, a blank text (read as unknown) as well."""

    epochs: bool = False
    blank_is_zoned: bool = False


def read_column(
    table: ReadTable,
    column: Column,
    cells: Sequence[Cell],
    written: str,
    *,
    tz: ZoneInfo,
    convention: Convention | None,
    bare_rate_is_percent: bool | None = None,
    text: Callable[[Cell], str | None] = text_of,
    zones: TimeZoneRule = TimeZoneRule(),
    strings: tuple[pa.Array, list[int]] | None = None,
) -> None:
    """Parse ``cells`` (rows of the table) as ``column``: values, the cells as written,
    the currency, and a Problem for every unreadable cell. ``strings`` is
    :func:`string_array` of ``cells`` when the caller has it already. Bare rates are percent
    points when ``bare_rate_is_percent``, fractions when it is ``False``; left ``None``, a
    workbook's column of numbers decides (:func:`workbook_fractions`), else percent points."""
    done = parse_column(
        column,
        cells,
        tz=tz,
        convention=convention,
        bare_rate_is_percent=bare_rate_is_percent,
        strings=strings,
        written=written,
    )
    take_column(table, column, done, written, text=text, zones=zones)


PARSE_THREADS = 2
"""Columns parsed at once by :func:`read_table`."""
THREADED_ROWS = 5_000
"""Tables with fewer rows than this are parsed on one thread by :func:`read_table`."""


@dataclass(frozen=True)
class ParsedColumn:
    """One column's cells, as Arrow strings (``texts``, typed cells at ``others``), and what
    :func:`parse_cells` made of them (``None`` for text and room-id columns), with the day/month
    order a date column had to guess and the first number of a rate column of fractions."""

    cells: Sequence[Cell]
    texts: pa.Array
    others: list[int]
    result: VectorResult | None
    day_first_guess: str | None = None
    fraction: float | None = None


def parse_column(
    column: Column,
    cells: Sequence[Cell],
    *,
    tz: ZoneInfo,
    convention: Convention | None,
    bare_rate_is_percent: bool | None = None,
    strings: tuple[pa.Array, list[int]] | None = None,
    written: str = "",
) -> ParsedColumn:
    """The part of :func:`read_column` that reads nothing but ``cells`` (and the header as
    ``written``): safe to run for several columns at once. A rate column whose header says
    ``%`` (``CTR (%)``) holds percent points, whatever its numbers."""
    texts, others = strings if strings is not None else string_array(cells)
    if column.kind == "text" or column.kind == "room_id":
        return ParsedColumn(cells, texts, others, None)
    guess = None
    if column.kind == "datetime":
        guess = day_first_guess(pc.unique(pc.drop_null(texts)).to_pylist())
    fraction = None
    if column.kind == "rate" and bare_rate_is_percent is None and "%" in written:
        bare_rate_is_percent = True
    if column.kind == "rate" and bare_rate_is_percent is None and others:
        fraction = workbook_fractions(cells, texts.to_pylist(), others)
        if fraction is not None:
            bare_rate_is_percent = False
    result = parse_cells(
        cells,
        column.kind,
        tz=tz,
        convention=convention,
        bare_rate_is_percent=bare_rate_is_percent is not False,
        strings=(texts, others),
        clock_hours=column.field == "duration_s",
    )
    if column.kind == "datetime":
        result = replace(result, values=result.values.cast(pa.timestamp("us", tz=tz.key)))
    return ParsedColumn(cells, texts, others, result, guess, fraction)


def take_column(
    table: ReadTable,
    column: Column,
    done: ParsedColumn,
    written: str,
    *,
    text: Callable[[Cell], str | None] = text_of,
    zones: TimeZoneRule = TimeZoneRule(),
) -> None:
    """Put a parsed column into ``table``: its values, its cells as written, its currency (from
    the cells, else from a unit in a money column's header: ``Sales (Rp)``), what it guessed
    and a Problem for every unreadable cell."""
    key, cells, texts, others = column.key, done.cells, done.texts, done.others
    table.raw[key] = _with_typed(texts, cells, others, _raw)
    if column.kind == "text":
        table.values[key] = _texts(texts, cells, others, text)
        return
    if column.kind == "room_id":
        table.values[key] = _room_ids(texts, cells, others, table, written)
        return
    if column.kind == "datetime" and not table.naive_times:
        table.naive_times = _any_naive(texts, cells, others, zones)
    if done.day_first_guess is not None:
        table.day_first_guesses[written] = done.day_first_guess
    if done.fraction is not None:
        table.fraction_rates[written] = done.fraction
    result = done.result
    assert result is not None  # every other kind is parsed
    table.values[key] = result.values
    currency = result.currency
    if currency is None and column.kind == "money":
        currency = currency_of_header(written)
    if currency is not None:
        table.currencies[key] = currency
    for at, _, reason_key in result.failures:
        table.problems.append(Problem(reason_key, table.source_rows[at], written, _raw(cells[at])))


_OFFSET_RE2 = r"(?i)(?:[+-]\d{2}:?\d{2}|Z|WIB|WITA|WIT|UTC|GMT)$"


def _strip(texts: pa.Array) -> pa.Array:
    return pc.utf8_trim(texts, characters=PYTHON_WHITESPACE)


def _with_typed(
    texts: pa.Array, cells: Sequence[Cell], others: Sequence[int], convert: Callable[[Cell], object]
) -> pa.Array:
    """``texts`` with the typed (non-text) cells at ``others`` replaced by ``convert(cell)``."""
    if not others:
        return texts
    mask = np.zeros(len(texts), dtype=bool)
    mask[list(others)] = True
    picked = [cells[i] for i in others]
    if convert is _raw and set(map(type, picked)) <= {int, float}:
        converted: list[object] = list(map(str, picked))  # what _raw writes, without its checks
    else:
        converted = [convert(cell) for cell in picked]
    return pc.replace_with_mask(texts, pa.array(mask), pa.array(converted, texts.type))


def _texts(
    texts: pa.Array,
    cells: Sequence[Cell],
    others: Sequence[int],
    text: Callable[[Cell], str | None] = text_of,
) -> pa.Array:
    stripped = _strip(texts)
    stripped = pc.if_else(pc.equal(stripped, ""), pa.scalar(None, pa.string()), stripped)
    return _with_typed(stripped, cells, others, text)


def _room_ids(
    texts: pa.Array, cells: Sequence[Cell], others: Sequence[int], table: ReadTable, written: str
) -> pa.Array:
    """Room ids as exact strings; the cells that are not plain ASCII digits once trimmed are
    read by :func:`room_id_of`, which names the reason of a refusal."""
    trimmed = _strip(pc.utf8_ltrim(_strip(texts), characters="'"))
    fast = pc.fill_null(pc.match_substring_regex(trimmed, r"^[0-9]+$"), False)
    slow = pc.and_(pc.is_valid(texts), pc.invert(fast))
    positions = sorted({*pc.indices_nonzero(slow).to_pylist(), *others})
    ids = pc.if_else(fast, trimmed, pa.scalar(None, pa.string()))
    if not positions:
        return ids
    replaced: list[str | None] = []
    for at in positions:
        room_id, reason = room_id_of(cells[at])
        replaced.append(room_id)
        if reason is not None:
            table.problems.append(Problem(reason, table.source_rows[at], written, _raw(cells[at])))
    mask = np.zeros(len(ids), dtype=bool)
    mask[positions] = True
    return pc.replace_with_mask(ids, pa.array(mask), pa.array(replaced, pa.string()))


def _any_naive(
    texts: pa.Array, cells: Sequence[Cell], others: Sequence[int], zones: TimeZoneRule
) -> bool:
    """Whether any time in the column carries no zone of its own (see :func:`_is_naive_time`):
    an ASCII text without an offset decides at once, the rest is checked one by one."""
    stripped = _strip(texts)
    zoned = pc.match_substring_regex(stripped, _OFFSET_RE2)
    if zones.epochs:
        zoned = pc.or_(zoned, pc.match_substring_regex(stripped, r"^[0-9]+$"))
    if zones.blank_is_zoned:
        zoned = pc.or_(zoned, pc.equal(stripped, ""))
    naive = pc.fill_null(pc.invert(zoned), False)
    if pc.any(pc.and_(naive, pc.fill_null(pc.string_is_ascii(texts), False))).as_py():
        return True
    doubtful = pc.indices_nonzero(naive).to_pylist()
    return any(_is_naive_time(cells[i], zones) for i in (*doubtful, *others))


def column_headers(columns: Sequence[Column], written: Mapping[str, str]) -> dict[str, str]:
    """Canonical field or platform KPI -> its header as the file writes it (``written``:
    column key -> header)."""
    return {
        column.field or column.kpi or column.key: written[column.key]
        for column in columns
        if column.key in written
    }


def finish_parse(
    parsed: ParsedImport,
    table: ReadTable,
    columns: Sequence[Column],
    header: HeaderRow,
    context: ImportContext,
) -> ParsedImport:
    """The tail every table layout's ``parse`` shares: the platform's own figures, the headers
    as the file writes them, and a note when times carried no zone (read in the workspace's)."""
    parsed.platform_values = table.platform_values(columns)
    parsed.headers = column_headers(columns, header.written)
    if table.naive_times:
        parsed.notes.append(Note("import.timezone_assumed", {"tz": context.timezone.key}))
    parsed.notes.extend(summary_notes(table.summary_rows))
    parsed.notes.extend(date_order_notes(table.day_first_guesses))
    parsed.notes.extend(fraction_rate_notes(table.fraction_rates))
    return parsed


def summary_notes(rows: Sequence[int]) -> list[Note]:
    """The note that says which total rows at the bottom of a table were left out."""
    if not rows:
        return []
    return [Note("import.summary_rows", {"rows": ", ".join(str(row) for row in rows)})]


def sheet_votes(sheet: Sheet, header: HeaderRow, columns: Sequence[Column]) -> ConventionVotes:
    """The votes on the decimal convention of the whole table, decided once for every numeric
    column.

    A column alone often cannot tell (``13.262`` views), a sheet can: the numeric cells of the
    first :data:`CONVENTION_SAMPLE_ROWS` rows vote (see :func:`detect_convention`). On a tie
    the caller decides: by an Indonesian mark in the cells (``Rp``), or by the convention the
    header's language implies.
    """
    numeric = [
        column
        for column in columns
        if column.kind in ("number", "money", "rate") and column.key in header.positions
    ]
    whole = [column for column in numeric if column.counts]
    others = [column for column in numeric if not column.counts]
    start = header.index + 1
    sample = sheet.rows[start : start + CONVENTION_SAMPLE_ROWS]

    def texts(chosen: Sequence[Column]) -> list[str]:
        positions = [header.positions[column.key] for column in chosen]
        return [
            cell
            for row in sample
            for cell in (row[position] for position in positions if position < len(row))
            if isinstance(cell, str)
        ]

    return convention_votes(
        [pa.array(texts(others), pa.string())], counts=[pa.array(texts(whole), pa.string())]
    )


def room_id_of(cell: Cell) -> tuple[str | None, str | None]:
    """A Room ID as an exact string, or the reason it cannot be one.

    Room IDs have 19 digits, more than a float can hold: a spreadsheet that stored one as a
    number has already lost its last digits, so such a cell is refused rather than rounded.
    """
    if cell is None:
        return None, None
    if isinstance(cell, bool):
        return None, "tiktok.room_id_not_digits"
    if isinstance(cell, int):
        return str(cell), None
    if isinstance(cell, float):
        if cell.is_integer() and abs(cell) < 2**53:
            return str(int(cell)), None
        return None, "tiktok.room_id_rounded"
    text = str(cell).strip().lstrip("'").strip()
    if _DIGITS.match(text):
        return text, None
    if _SCIENTIFIC.match(text):
        return None, "tiktok.room_id_rounded"
    return None, "tiktok.room_id_not_digits"


def _text(cell: Cell) -> str | None:
    if cell is None:
        return None
    text = str(cell).strip()
    return text or None


def _raw(cell: Cell) -> str:
    if type(cell) is str:
        return cell
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ")
    return str(cell)


def _is_naive_time(cell: Cell, zones: TimeZoneRule) -> bool:
    if isinstance(cell, dt.datetime):
        return cell.tzinfo is None
    if isinstance(cell, str):
        text = cell.strip()
        if (zones.epochs and text.isdigit()) or (zones.blank_is_zoned and not text):
            return False
        return not _OFFSET.search(text)
    return False
