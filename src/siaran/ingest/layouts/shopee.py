"""Shopee Live: the open platform's session metrics and the Seller Centre dashboard export.

**Session metrics** (:data:`SHOPEE_SESSION_METRICS`): the fields of the open platform's
``get_session_metric`` (``gmv`` of placed orders, ``orders`` placed incl. unpaid and cancelled,
``ctr`` = clicks / views, ``co`` = orders / clicks, ``ccu``, ``engage_ccu_1m``, ``peak_ccu``,
``likes``, ``comments``, ``shares``, ``views``, ``avg_viewing_duration``, ``atc``) plus the
session's identity (``session_id``, ``title``, ``start_time``, ``end_time``, ``shop_id`` /
``username``), as

* JSON: one API response ``{"request_id": ..., "error": "", "message": "", "response": {...}}``,
  a list of them, a list of plain metric objects, or JSON Lines of either; identity fields
  may sit in ``response`` or beside it;
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

import contextlib
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from siaran.errors import BadInputError, Problem
from siaran.ingest.layout import (
    ImportContext,
    Match,
    Note,
    ParsedImport,
    PlatformValue,
    SessionBatch,
)
from siaran.ingest.layouts._tiktok_columns import (
    Column,
    HeaderRow,
    find_header_row,
)
from siaran.ingest.numbers import Convention, ParseFailure, detect_convention, parse_column
from siaran.ingest.numbers import parse_number as _parse_number
from siaran.ingest.source import Cell, Sheet, SourceFile

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
API_FIELDS: Final[tuple[str, ...]] = tuple(c.key for c in (*API_IDENTITY, *API_METRICS))
_METRIC_KEYS: Final = frozenset(c.key for c in API_METRICS)
_SHOPEE_ONLY: Final = frozenset(
    {"gmv", "co", "ccu", "engage_ccu_1m", "peak_ccu", "avg_viewing_duration", "atc"}
)
"""Metric names no other known layout uses as a header (``views``, ``likes``... are shared)."""
_ENVELOPE: Final = frozenset({"request_id", "error", "message", "warning", "response"})
_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z|UTC|GMT|WIB|WITA|WIT)$", re.IGNORECASE)


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


def _flatten_record(item: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """A record's fields (response merged over its envelope) and the API error, if any."""
    response = item.get("response")
    fields = {k: v for k, v in item.items() if k not in _ENVELOPE}
    if isinstance(response, Mapping):
        fields.update(response)
    error = item.get("error")
    if error:
        return fields, f"{error} {item.get('message') or ''}".strip()
    return fields, None


def _from_json(document: Any) -> _Records:
    records = _Records()
    flat: list[tuple[int, dict[str, Any]]] = []
    items = document if isinstance(document, list) else [document]
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
    for _, fields in flat:
        for key in fields:
            if key in known:
                records.written.setdefault(key, key)
            elif key not in records.unknown:
                records.unknown.append(key)
    records.rows = [number for number, _ in flat]
    for key in records.written:
        column: list[Cell] = []
        for number, fields in flat:
            value = fields.get(key)
            if isinstance(value, Mapping | list):
                records.problems.append(Problem("shopee.not_a_value", number, key, str(value)))
                value = None
            column.append(value)
        records.cells[key] = column
    return records


def _from_sheet(sheet: Sheet, header: HeaderRow) -> _Records:
    records = _Records()
    records.unknown = list(header.unknown)
    records.written = dict(header.written)
    rows: list[list[Cell]] = []
    for index in range(header.index + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if any(cell is not None for cell in row):
            rows.append(row)
            records.rows.append(sheet.row_number(index))
    for key, position in header.positions.items():
        records.cells[key] = [row[position] if position < len(row) else None for row in rows]
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
        records = _read_api(source)
        if records is None:
            raise BadInputError("import.unrecognised", path=source.path)
        parsed = ParsedImport(layout=self.name)
        parsed.problems.extend(records.problems)
        values = _parse_records(records, context, parsed)
        n = len(records.rows)
        columns: dict[str, list[object]] = {"platform": [PLATFORM] * n}
        for column in (*API_IDENTITY, *API_METRICS):
            if column.field is not None and column.key in values:
                columns[column.field] = values[column.key]
        columns["account"] = _accounts(values, context, parsed)
        columns["gmv_basis"] = [GMV_BASIS] * n
        if "currency" not in columns:
            columns["currency"] = [parse_column(records.column("gmv"), "money").currency] * n
        columns["duration_s"] = _durations(columns.get("started_at"), columns.get("ended_at"), n)
        raw = {"start": records.column("start_time"), "end": records.column("end_time")}
        parsed.problems.extend(_time_problems(columns, records.rows, records.written, raw))
        parsed.sessions = SessionBatch(columns=columns, source_rows=list(records.rows))
        parsed.headers = {
            column.field or column.kpi or column.key: records.written[column.key]
            for column in (*API_IDENTITY, *API_METRICS)
            if column.key in records.written
        }
        parsed.platform_values = [
            PlatformValue(i, column.kpi, _float(value), _raw(records.column(column.key)[i]))
            for column in API_METRICS
            if column.kpi is not None and column.key in values
            for i, value in enumerate(values[column.key])
            if records.column(column.key)[i] is not None
        ]
        return parsed


SHOPEE_SESSION_METRICS: Final = ShopeeSessionMetrics()


def _parse_records(
    records: _Records, context: ImportContext, parsed: ParsedImport
) -> dict[str, list[object]]:
    """Every column of ``records`` parsed by its kind; unreadable cells become problems."""
    numeric = [c.key for c in API_METRICS if c.kind != "duration" and c.key in records.cells]
    convention = detect_convention(
        cell for key in numeric for cell in records.cells[key] if isinstance(cell, str)
    )
    percent = _rates_in_percent(records, convention)
    values: dict[str, list[object]] = {}
    for column in (*API_IDENTITY, *API_METRICS):
        if column.key not in records.cells:
            continue
        cells = records.cells[column.key]
        if column.kind == "text" or column.kind == "room_id":
            values[column.key] = [_text(cell) for cell in cells]
            continue
        if column.kind == "datetime" and any(_naive(cell) for cell in cells):
            note = Note("import.timezone_assumed", {"tz": context.timezone.key})
            if note not in parsed.notes:
                parsed.notes.append(note)
        result = parse_column(
            cells,
            column.kind,
            tz=context.timezone,
            convention=convention,
            bare_rate_is_percent=percent,
        )
        values[column.key] = list(result.values)
        written = records.written[column.key]
        parsed.problems.extend(
            Problem(key, records.rows[at], written, raw) for at, raw, key in result.failures
        )
    return values


def _rates_in_percent(records: _Records, convention: Convention) -> bool:
    """Whether bare ``ctr``/``co`` values are percentages (see the module's decisions)."""

    def bare(key: str) -> list[float | None]:
        out: list[float | None] = []
        for cell in records.column(key):
            value = None
            if isinstance(cell, str | int | float) and "%" not in str(cell):
                with contextlib.suppress(ParseFailure):
                    value = _parse_number(cell, convention)
            out.append(value)
        return out

    ctr, co = bare("ctr"), bare("co")
    orders, views = bare("orders"), bare("views")
    votes = 0
    for c, o, orders_n, views_n in zip(ctr, co, orders, views, strict=True):
        if c and o and orders_n and views_n and c > 0 and o > 0 and orders_n > 0 and views_n > 0:
            observed = math.log10(c * o * views_n / orders_n)  # 0 for fractions, 4 for percents
            votes += 1 if observed > 2 else -1
    if votes:
        return votes > 0
    return any(value is not None and value > 1 for value in (*ctr, *co))


def _accounts(
    values: Mapping[str, list[object]], context: ImportContext, parsed: ParsedImport
) -> list[object]:
    n = len(next(iter(values.values()), []))
    usernames = values.get("username", [None] * n)
    shops = values.get("shop_id", [None] * n)
    named = sorted({str(u) for u in usernames if u is not None})
    given = context.account
    if given is not None and any(u.lstrip("@").casefold() != given.casefold() for u in named):
        parsed.notes.append(
            Note("tiktok.account_from_file", {"given": given, "file": ", ".join(named)})
        )
    return [
        u if u is not None else given if given is not None else s
        for u, s in zip(usernames, shops, strict=True)
    ]


def _durations(starts: list[object] | None, ends: list[object] | None, n: int) -> list[object]:
    out: list[object] = [None] * n
    for i, (start, end) in enumerate(zip(starts or [None] * n, ends or [None] * n, strict=True)):
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime) and end >= start:
            out[i] = (end - start).total_seconds()
    return out


def _time_problems(
    columns: Mapping[str, list[object]],
    rows: Sequence[int],
    written: Mapping[str, str],
    raw: Mapping[str, Sequence[object]],
) -> list[Problem]:
    """Rows without a start time, or ending before they start: not a session. (An unreadable
    start time is already a problem of its own.)"""
    problems = []
    starts = columns.get("started_at", [None] * len(rows))
    ends = columns.get("ended_at", [None] * len(rows))
    start_header = written.get("start_time", written.get("Start Time", "start_time"))
    end_header = written.get("end_time", written.get("End Time", "end_time"))
    for i, row in enumerate(rows):
        start, end = starts[i], ends[i]
        if start is None and raw["start"][i] is None:
            problems.append(Problem("tiktok.missing_start_time", row, start_header))
        elif isinstance(end, dt.datetime) and isinstance(start, dt.datetime) and end < start:
            problems.append(
                Problem("tiktok.end_before_start", row, end_header, _raw(raw["end"][i]))
            )
    return problems


def _text(cell: Cell) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip()
    return text or None


def _raw(cell: object) -> str | None:
    if cell is None:
        return None
    return cell.isoformat(sep=" ") if isinstance(cell, dt.datetime) else str(cell)


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _naive(cell: Cell) -> bool:
    if isinstance(cell, dt.datetime):
        return cell.tzinfo is None
    if isinstance(cell, str):
        text = cell.strip()
        return bool(text) and not text.isdigit() and not _OFFSET.search(text)
    return False
