"""Shopee Live: the open platform's session metrics and the Seller Centre dashboard export.

**Session metrics** (:data:`SHOPEE_SESSION_METRICS`): the fields of the open platform's
``get_session_metric`` (``gmv`` of placed orders, ``orders`` placed incl. unpaid and cancelled,
``ctr`` = clicks / views, ``co`` = orders / clicks, ``ccu``, ``engage_ccu_1m``, ``peak_ccu``,
``likes``, ``comments``, ``shares``, ``views``, ``avg_viewing_duration``, ``atc``) plus the
session's identity (``session_id``, ``title``, ``start_time``, ``end_time``, ``shop_id`` /
``username``), as

* JSON: one API response ``{"request_id": ..., "error": "", "message": "", "response": {...}}``,
  a list of them, a list of plain metric objects, either list wrapped as ``{"data": [...]}``,
  or JSON Lines of either; identity fields may sit in ``response`` or beside it;
* CSV or xlsx with those field names as the header.

**Dashboard** (:mod:`siaran.ingest.layouts.shopee_dashboard`): the Seller Centre
livestream table (CSV/xlsx), header in English or Indonesian (``Sales``/``Penjualan``,
``Total Views``, ``GPM``, ``Orders``/``Pesanan``, ``ABS``, ``Total Viewer``, ``PCU``,
``Buyers``/``Pembeli``, ``Items Sold``, ``Avg. Viewing Duration``, ``Comments Rate``...),
numbers usually Indonesian (``21.281.718,00``).

Decisions:

* ``gmv`` has ``gmv_basis = "placed"``; ``ctr`` is the platform value ``live_ctr`` (clicks /
  views), ``co`` is ``ctor``, ``atc`` is ``add_to_cart``, ``GPM`` is ``watch_gpm``, ``ABS``
  is ``aov``; no base count is derived from a rate.
* ``start_time``/``end_time``: epoch seconds (13 digits: milliseconds) or ISO text; naive text
  is local time in the workspace's zone.
* Rates without ``%`` in the API data are fractions unless the file shows otherwise: where a row
  has ``ctr``, ``co``, ``orders`` and ``views``, ``ctr * co`` must equal ``orders / views`` and
  that decides; with no such row, a bare value above 1 means the column is in percent.
* The account is ``username``, else ``--account``, else ``shop_id``.
* A dashboard's decimal convention is decided from the whole sheet (``13.262`` views follow
  ``21.281.718,00`` sales); a dashboard row needs a start time like any session.
* Currency: a ``currency`` field/column, else the sign on the money cells (``Rp``), else unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import chain
from operator import methodcaller
from typing import Final, cast

import pyarrow as pa
import pyarrow.compute as pc

from siaran.errors import Problem
from siaran.ingest.cell import Cell
from siaran.ingest.layout import (
    Constant,
    ImportContext,
    Match,
    Note,
    ParsedImport,
    SessionBatch,
    date_order_notes,
)
from siaran.ingest.layouts._sheet_table import HeaderRow, data_rows, find_header_row, located
from siaran.ingest.layouts._tiktok_columns import (
    Column,
    ReadTable,
    TimeZoneRule,
    column_cells,
    column_headers,
    read_column,
)
from siaran.ingest.layouts._time_checks import spans, time_problems
from siaran.ingest.numbers import Convention
from siaran.ingest.numbers.vector import parse_cells, string_array, vote_convention
from siaran.ingest.source import JsonValue, Sheet, SourceFile

PLATFORM: Final = "shopee"
GMV_BASIS: Final = "placed"
MIN_METRIC_FIELDS: Final = 3
"""How many ``get_session_metric`` fields a file must carry to be taken for this layout."""

API_METRICS: Final[tuple[Column, ...]] = (
    Column("gmv", "money", field="gmv"),
    Column("orders", "number", field="orders"),
    Column("ctr", "rate", kpi="live_ctr"),
    Column("co", "rate", kpi="ctor"),
    Column("ccu", "number", field="acu"),
    Column("engage_ccu_1m", "number", kpi="engage_ccu_1m"),
    Column("peak_ccu", "number", field="pcu"),
    Column("likes", "number", field="likes"),
    Column("comments", "number", field="comments"),
    Column("shares", "number", field="shares"),
    Column("views", "number", field="views"),
    Column("avg_viewing_duration", "duration", field="avg_view_duration_s"),
    Column("atc", "number", kpi="add_to_cart"),
)
API_IDENTITY: Final[tuple[Column, ...]] = (
    Column("session_id", "text", field="room_id"),
    Column("title", "text", field="title"),
    Column("start_time", "datetime", field="started_at"),
    Column("end_time", "datetime", field="ended_at"),
    Column("shop_id", "text"),
    Column("username", "text"),
    Column("currency", "text", field="currency"),
)
API_COLUMNS: Final[tuple[Column, ...]] = (*API_IDENTITY, *API_METRICS)
API_FIELDS: Final[tuple[str, ...]] = tuple(c.key for c in API_COLUMNS)
_METRIC_KEYS: Final = frozenset(c.key for c in API_METRICS)
_SHOPEE_ONLY: Final = frozenset(
    {"gmv", "co", "ccu", "engage_ccu_1m", "peak_ccu", "avg_viewing_duration", "atc"}
)
"""Metric names no other known layout uses as a header (``views``, ``likes``... are shared)."""
_ENVELOPE: Final = frozenset({"request_id", "error", "message", "warning", "response"})
API_ZONES: Final = TimeZoneRule(epochs=True, blank_is_zoned=True)
"""Times in the API's records: epoch seconds (digits only) are UTC, a blank is unknown."""


# -- the records, whatever the container ------------------------------------------------------


class _Records:
    """The API records as columns of cells: ``cells[field][i]`` is record ``rows[i]``."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cells: dict[str, list[Cell]] = {}
        self.written: dict[str, str] = {}
        self.unknown: list[str] = []
        self.problems: list[Problem] = []

    def column(self, key: str) -> list[Cell]:
        return self.cells.get(key, [None] * len(self.rows))


def _flatten_record(
    item: Mapping[str, JsonValue],
) -> tuple[dict[str, JsonValue], str | None]:
    """A record's fields (response merged over its envelope) and the API error, if any."""
    response = item.get("response")
    fields = {k: v for k, v in item.items() if k not in _ENVELOPE}
    if isinstance(response, Mapping):
        fields.update(response)
    error = item.get("error")
    if error:
        return fields, f"{error} {item.get('message') or ''}".strip()
    return fields, None


_WRAPPERS: Final = ("data", "records", "items", "list")
"""Keys under which an export or a script writes the list of records (``{"data": [...]}``)."""


def _records_of(document: JsonValue) -> list[JsonValue]:
    """The records of a JSON document: a list, one record, or a list wrapped in an object
    under one of :data:`_WRAPPERS` (and nothing else that is a record's field)."""
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping) and not set(document).intersection(API_FIELDS):
        wrapped = [document[key] for key in _WRAPPERS if isinstance(document.get(key), list)]
        if len(wrapped) == 1:
            return cast(list[JsonValue], wrapped[0])
    return [document]


def _from_json(document: JsonValue) -> _Records:
    records = _Records()
    flat: list[tuple[int, dict[str, JsonValue]]] = []
    items = _records_of(document)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            records.problems.append(Problem("shopee.not_a_record", number))
            continue
        fields, error = _flatten_record(item)
        if error is not None:
            records.problems.append(Problem("shopee.api_error", number, params={"error": error}))
            continue
        flat.append((number, fields))
    known = set(API_FIELDS)
    every = [fields for _, fields in flat]
    for key in dict.fromkeys(chain.from_iterable(every)):  # every field, first seen first
        if key in known:
            records.written[key] = key
        else:
            records.unknown.append(key)
    records.rows = [number for number, _ in flat]
    for key in records.written:
        column = list(map(methodcaller("get", key), every))
        if not set(map(type, column)).isdisjoint((dict, list)):
            for at, value in enumerate(column):
                if isinstance(value, dict | list):
                    row = records.rows[at]
                    records.problems.append(Problem("shopee.not_a_value", row, key, str(value)))
                    column[at] = None
        records.cells[key] = column  # nested values are gone
    return records


def _from_sheet(sheet: Sheet, header: HeaderRow) -> _Records:
    records = _Records()
    records.unknown = list(header.unknown)
    records.written = dict(header.written)
    rows, records.rows = data_rows(sheet, header.index + 1)
    for key, position in header.positions.items():
        records.cells[key] = column_cells(rows, position)
    return records


def _read_api(source: SourceFile) -> _Records | None:
    """The file's records if it carries enough ``get_session_metric`` fields."""
    if source.container == "json":
        records = _from_json(source.document)
        return records if _looks_like_api(records.written.keys()) else None
    names = {key: key for key in API_FIELDS}
    for sheet in source.sheets:
        header = find_header_row(sheet, names)
        if header is not None and _looks_like_api(header.positions.keys()):
            return _from_sheet(sheet, header)
    return None


def _looks_like_api(fields: Iterable[str]) -> bool:
    found = set(fields)
    return len(found & _METRIC_KEYS) >= MIN_METRIC_FIELDS and len(found & _SHOPEE_ONLY) >= 2


def _share_known(known: int, unknown: int) -> float:
    return known / (known + unknown) if known + unknown else 0.0


# -- session metrics --------------------------------------------------------------------------


class ShopeeSessionMetrics:
    """Shopee Live ``get_session_metric`` records (JSON, JSON Lines, CSV or xlsx)."""

    name = "shopee_live_session"

    def match(self, source: SourceFile) -> Match | None:
        records = _read_api(source)
        if records is None:
            return None
        missing = () if "start_time" in records.written else ("start_time",)
        score = _share_known(len(records.written), len(records.unknown))
        return Match(self.name, score, tuple(records.unknown), missing)

    def parse(self, source: SourceFile, context: ImportContext) -> ParsedImport:
        records = located(_read_api(source), source)
        parsed = ParsedImport(layout=self.name)
        parsed.problems.extend(records.problems)
        table = _read_records(records, context)
        parsed.problems.extend(table.problems)
        if table.naive_times:
            parsed.notes.append(Note("import.timezone_assumed", {"tz": context.timezone.key}))
        parsed.notes.extend(date_order_notes(table.day_first_guesses))
        columns: dict[str, pa.Array | Constant] = {"platform": PLATFORM}
        for column in API_COLUMNS:
            if column.field is not None and column.key in table.values:
                columns[column.field] = table.values[column.key]
        columns["account"] = accounts(table, "username", "shop_id", context, parsed)
        columns["gmv_basis"] = GMV_BASIS
        if "currency" not in columns:
            columns["currency"] = table.currencies.get("gmv")
        columns["duration_s"] = spans(table, "start_time", "end_time")
        parsed.problems.extend(
            time_problems(table, records.written, start="start_time", end="end_time")
        )
        parsed.sessions = SessionBatch.of(table.source_rows, columns)
        parsed.headers = column_headers(API_COLUMNS, records.written)
        parsed.platform_values = table.platform_values(API_METRICS)
        return parsed


SHOPEE_SESSION_METRICS: Final = ShopeeSessionMetrics()


def _read_records(records: _Records, context: ImportContext) -> ReadTable:
    """Every column of ``records`` parsed whole by its kind; unreadable cells become problems.
    The decimal convention is the numeric metrics' vote; bare rates are percentages when the
    file shows it (:func:`_rates_in_percent`)."""
    strings = {key: string_array(cells) for key, cells in records.cells.items()}
    numeric = [c.key for c in API_METRICS if c.kind != "duration" and c.key in strings]
    convention = vote_convention([strings[key][0] for key in numeric])
    percent = _rates_in_percent(records, strings, convention)
    table = ReadTable(source_rows=list(records.rows))
    for column in API_COLUMNS:
        if column.key in records.cells:
            read_column(
                table,
                column,
                records.cells[column.key],
                records.written[column.key],
                tz=context.timezone,
                convention=convention,
                bare_rate_is_percent=percent,
                text=_text,
                zones=API_ZONES,
                strings=strings[column.key],
            )
    return table


def _rates_in_percent(
    records: _Records,
    strings: Mapping[str, tuple[pa.Array, list[int]]],
    convention: Convention,
) -> bool:
    """Whether bare ``ctr``/``co`` values are percentages (see the module's decisions): rows
    with all four of ``ctr``, ``co``, ``orders`` and ``views`` above 0 vote, as column
    expressions; without a vote, a bare rate above 1 means percent."""
    n = len(records.rows)

    def bare(key: str) -> pa.Array:
        if key not in records.cells:
            return pa.nulls(n, pa.float64())
        cells = records.cells[key]
        result = parse_cells(cells, "number", convention=convention, strings=strings[key])
        return result.values  # a cell with % fails as a number: unknown here

    ctr, co = bare("ctr"), bare("co")
    orders, views = bare("orders"), bare("views")
    voting = pc.fill_null(
        pc.and_(
            pc.and_(pc.greater(ctr, 0.0), pc.greater(co, 0.0)),
            pc.and_(pc.greater(orders, 0.0), pc.greater(views, 0.0)),
        ),
        False,
    )
    observed = pc.log10(pc.divide(pc.multiply(pc.multiply(ctr, co), views), orders))
    above = pc.greater(pc.filter(observed, voting), 2.0)  # 0 for fractions, 4 for percents
    votes = pc.sum(pc.if_else(above, 1, -1)).as_py() or 0
    if votes:
        return bool(votes > 0)
    return bool(pc.any(pc.greater(pa.concat_arrays([ctr, co]), 1.0)).as_py())


def accounts(
    table: ReadTable,
    username: str,
    shop: str | None,
    context: ImportContext,
    parsed: ParsedImport,
) -> pa.Array:
    """Each row's account: its ``username`` column, else ``--account``, else its ``shop``
    column; a note when the file names another account than the one given."""
    n = len(table)
    usernames = table.values.get(username, pa.nulls(n, pa.string()))
    named = sorted(str(u) for u in pc.unique(pc.drop_null(usernames)).to_pylist())
    given = context.account
    if given is not None and any(u.lstrip("@").casefold() != given.casefold() for u in named):
        parsed.notes.append(
            Note("tiktok.account_from_file", {"given": given, "file": ", ".join(named)})
        )
    if given is not None:
        chosen = pc.fill_null(usernames, given)
    else:
        shops = table.values.get(shop, pa.nulls(n, pa.string())) if shop else None
        chosen = usernames if shops is None else pc.coalesce(usernames, shops)
    return chosen


def _text(cell: Cell) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip()
    return text or None


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
