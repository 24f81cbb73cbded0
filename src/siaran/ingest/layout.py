"""The contract between the importer and the layout modules.

A layout module (``siaran.ingest.layouts.*``) knows one real export layout: how to recognise it
by content (sheet name, header signature, JSON keys) and how to turn it into canonical rows.
It never touches the database: the importer archives the file, asks every layout how well it
matches, lets the best one parse, and writes the result in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Protocol, overload
from zoneinfo import ZoneInfo

import pyarrow as pa

from siaran.errors import Problem
from siaran.ingest.source import Note as Note  # re-exported: layouts import it from here
from siaran.ingest.source import SourceFile
from siaran.store.schema import SESSION_FIELDS

WHOLE_FIELDS: Final = frozenset(
    {
        "orders",
        "sku_orders",
        "items_sold",
        "customers",
        "views",
        "viewers",
        "impressions",
        "pcu",
        "product_impressions",
        "product_clicks",
        "comments",
        "likes",
        "shares",
        "new_followers",
    }
)
"""The session fields that count things, one by one: their values are whole numbers (the
average concurrent viewers, ``acu``, is not one of them)."""


@dataclass(frozen=True)
class ImportContext:
    """What the user told us beyond the file itself."""

    account: str | None
    timezone: ZoneInfo


@dataclass(frozen=True)
class Match:
    """How well a layout recognises a file.

    ``score`` is 0..1 (1 = every expected header found where expected). A match with
    ``unknown_headers`` is reported as an error naming them, never guessed around.
    """

    layout: str
    score: float
    unknown_headers: tuple[str, ...] = ()
    missing_headers: tuple[str, ...] = ()


_STORED_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "DOUBLE": pa.float64(),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
}
SESSION_ARROW_TYPES: dict[str, pa.DataType] = {
    name: _STORED_TYPES[kind.split()[0]] for name, kind in SESSION_FIELDS
}
"""Each canonical session field's Arrow type, the type of its column in the store."""

Constant = str | None
"""A value every row of a batch shares (the platform, the currency a layout knows)."""


@dataclass
class SessionBatch:
    """Parsed sessions, column-wise, as Arrow arrays that go to the store as they are. Keys
    are canonical session field names (:data:`siaran.store.schema.SESSION_FIELD_NAMES`),
    each column of its stored type (:data:`SESSION_ARROW_TYPES`: a time column in any zone
    is the same instants in UTC); a field that the layout does not carry is simply absent
    (stored as NULL). ``source_rows[i]`` (int64) is the row number of row ``i`` in the file as
    the user sees it."""

    columns: dict[str, pa.Array] = field(default_factory=dict)
    source_rows: pa.Array = field(default_factory=lambda: pa.array([], pa.int64()))

    def __post_init__(self) -> None:
        rows = self.source_rows
        if isinstance(rows, pa.Array):
            self.source_rows = rows.cast(pa.int64())
        else:
            self.source_rows = pa.array(rows, pa.int64())
        self.columns = {name: self._stored(name, values) for name, values in self.columns.items()}

    @classmethod
    def of(
        cls, source_rows: Sequence[int] | pa.Array, columns: Mapping[str, pa.Array | Constant]
    ) -> SessionBatch:
        """A batch of ``columns``, where a :data:`Constant` stands for a column of that value
        in every row."""
        n = len(source_rows)
        return cls(
            {
                name: values if isinstance(values, pa.Array) else constant(name, values, n)
                for name, values in columns.items()
            },
            source_rows,
        )

    def __len__(self) -> int:
        return len(self.source_rows)

    def column(self, name: str) -> pa.Array:
        """The column of field ``name``: nulls of its type when the batch does not carry it."""
        found = self.columns.get(name)
        return pa.nulls(len(self), _arrow_type(name)) if found is None else found

    def _stored(self, name: str, values: pa.Array) -> pa.Array:
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        if len(values) != len(self.source_rows):
            raise ValueError(f"column {name!r} has {len(values)} rows, not {len(self)}")
        return values.cast(_arrow_type(name))


def constant(name: str, value: Constant, n: int) -> pa.Array:
    """Field ``name`` holding ``value`` in each of ``n`` rows."""
    arrow_type = _arrow_type(name)
    if value is None:
        return pa.nulls(n, arrow_type)
    return pa.repeat(pa.scalar(value, arrow_type), n)


def _arrow_type(name: str) -> pa.DataType:
    found = SESSION_ARROW_TYPES.get(name)
    if found is None:
        raise ValueError(f"{name!r} is not a session field")
    return found


@dataclass(frozen=True)
class PlatformValue:
    """A derived KPI as the export itself reported it, for row ``index`` of the batch."""

    index: int
    kpi: str
    value: float | None
    raw: str | None


PLATFORM_VALUE_SCHEMA = pa.schema(
    [("row", pa.int64()), ("kpi", pa.string()), ("value", pa.float64()), ("raw", pa.string())]
)


class PlatformTable(Sequence[PlatformValue]):
    """Platform values held column-wise (a 100,000-row export has over a million): the
    columns of :data:`PLATFORM_VALUE_SCHEMA`, ``row`` being the batch index. Reads as a
    sequence of :class:`PlatformValue` like the list the smaller layouts build."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table.cast(PLATFORM_VALUE_SCHEMA)

    def __len__(self) -> int:
        return int(self.table.num_rows)

    @overload
    def __getitem__(self, index: int) -> PlatformValue: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[PlatformValue]: ...
    def __getitem__(self, index: int | slice) -> PlatformValue | Sequence[PlatformValue]:
        if isinstance(index, slice):
            return PlatformTable(self.table.slice(*_span(index, len(self))))
        row = self.table.slice(index % len(self) if index < 0 else index, 1).to_pylist()
        if not row:
            raise IndexError(index)
        return PlatformValue(row[0]["row"], row[0]["kpi"], row[0]["value"], row[0]["raw"])

    def __iter__(self) -> Iterator[PlatformValue]:
        columns = (self.table[name].to_pylist() for name in PLATFORM_VALUE_SCHEMA.names)
        for index, kpi, value, raw in zip(*columns, strict=True):
            yield PlatformValue(index, kpi, value, raw)


def _span(index: slice, length: int) -> tuple[int, int]:
    start, stop, step = index.indices(length)
    if step != 1:
        raise ValueError("platform values are sliced with step 1 only")
    return start, max(0, stop - start)


def platform_table(values: Sequence[PlatformValue]) -> pa.Table:
    """Platform values as a table of :data:`PLATFORM_VALUE_SCHEMA`, whichever form holds
    them."""
    if isinstance(values, PlatformTable):
        return values.table
    return pa.table(
        {
            "row": pa.array([v.index for v in values], pa.int64()),
            "kpi": pa.array([v.kpi for v in values], pa.string()),
            "value": pa.array([v.value for v in values], pa.float64()),
            "raw": pa.array([v.raw for v in values], pa.string()),
        },
        schema=PLATFORM_VALUE_SCHEMA,
    )


@dataclass(frozen=True)
class AccountEstimate:
    """A third-party account summary: an estimate, kept apart from first-party figures."""

    platform: str
    account: str
    source: str
    period_start: dt.date
    period_end: dt.date
    sessions: float | None
    gmv: float | None
    avg_gmv_per_session: float | None
    views: float | None
    currency: str | None
    basis: str
    source_row: int


@dataclass
class ParsedImport:
    layout: str
    sessions: SessionBatch = field(default_factory=SessionBatch)
    platform_values: Sequence[PlatformValue] = field(default_factory=list)
    estimates: list[AccountEstimate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    period: tuple[dt.date, dt.date] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    """Canonical field, platform KPI or estimate figure -> its header as the file writes it
    (for the problems and notes :mod:`siaran.ingest.bounds` finds in the values)."""


class Layout(Protocol):
    """One real export layout."""

    name: str
    """Stable identifier stored with every imported row (``tiktok_creator_live``...)."""

    def match(self, source: SourceFile) -> Match | None:
        """How well this layout recognises ``source``; ``None`` when not at all."""
        ...

    def parse(self, source: SourceFile, context: ImportContext) -> ParsedImport:
        """Turn ``source`` into canonical rows. Never raises for a bad cell: every unreadable
        cell becomes a :class:`~siaran.errors.Problem` with row, column and reason. Raises
        :class:`~siaran.errors.UsageError` (``import.account_required``) when the file does not
        name its account and ``context.account`` is ``None``."""
        ...


def header_index(headers: Sequence[object]) -> dict[str, int]:
    """Map a header row's normalised texts to their column positions."""
    return {normalise_header(h): i for i, h in enumerate(headers) if h is not None}


def normalise_header(header: object) -> str:
    """Header text compared case- and space-insensitively (``"Avg. Viewing  Duration "``)."""
    return " ".join(str(header).replace("\ufeff", "").split()).casefold()


def date_order_notes(guesses: Mapping[str, str]) -> list[Note]:
    """The note that says which date columns were read day first with nothing to prove it
    (header -> one of their cells, see :func:`siaran.ingest.numbers.day_first_guess`)."""
    if not guesses:
        return []
    example = next(iter(guesses.values()))
    return [Note("import.day_first_assumed", {"columns": ", ".join(guesses), "example": example})]


def fraction_rate_notes(fractions: Mapping[str, float]) -> list[Note]:
    """The note that says which rate columns of a workbook were read as fractions (header ->
    one of their numbers, see :func:`siaran.ingest.numbers.rates.workbook_fractions`)."""
    if not fractions:
        return []
    example = next(iter(fractions.values()))
    shown = {"example": f"{example:g}", "percent": f"{example * 100:g}%"}
    return [Note("import.rates_as_fractions", {"columns": ", ".join(fractions), **shown})]
