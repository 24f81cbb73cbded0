"""Any other spreadsheet, read through a small YAML mapping file written by the user.

For exports siaran does not know (an Instagram Live log kept by hand, a platform whose headers
changed), the user says which column holds which canonical field::

    platform: instagram        # required: tiktok | shopee | instagram | other
    account: tokobatikku       # optional; an `account` column, else --account, else this
    sheet: Log Live            # optional; the first sheet by default (ignored for CSV)
    header_row: 1              # optional; else the first row holding every header below
    decimal: comma             # optional: comma (1.234,5) | dot (1,234.5); else from the sheet
    timezone: Asia/Jakarta     # optional; else the workspace's zone
    currency: IDR              # optional; else a `currency` column, else the money's sign
    gmv_basis: paid            # optional: what the GMV counts (paid, placed, ...)
    columns:                   # canonical field: header text as written in the file
      started_at: Tanggal & Jam Mulai   # required; or [Tanggal, Jam] to join two columns
      duration_s: Durasi
      viewers: Penonton
      gmv: Omzet (Rp)
      orders: Pesanan
      comments: Komentar

Headers are compared case- and space-insensitively. Columns of the file that the mapping does
not name are ignored: the user chose what to read. Each field's kind (money, number, rate,
duration, datetime, text) comes from :data:`FIELD_KINDS`; derived KPIs the sheet reports
(``watch_gpm``, ``aov``, ``conversion``, ...) are kept as platform values, never as counts.
Values are read like any export: ``Rp 1,2 jt``, ``12,5rb``, ``1j 5m``, ``4,5%``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, cast
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.compute as pc

from siaran.errors import BadInputError, Problem
from siaran.ingest.cell import Cell
from siaran.ingest.layout import (
    WHOLE_FIELDS,
    Constant,
    ImportContext,
    Match,
    Note,
    ParsedImport,
    SessionBatch,
    date_order_notes,
    fraction_rate_notes,
    normalise_header,
)
from siaran.ingest.layouts._sheet_table import data_rows
from siaran.ingest.layouts._tiktok_columns import (
    Column,
    ReadTable,
    TimeZoneRule,
    column_cells,
    read_column,
    summary_notes,
)
from siaran.ingest.layouts._time_checks import spans, time_problems
from siaran.ingest.mapping_file import (
    bad_setting,
    read_mapping_document,
    unknown_settings,
    zone_setting,
)
from siaran.ingest.numbers import Convention
from siaran.ingest.numbers.vector import string_array, vote_convention
from siaran.ingest.source import Sheet, SourceFile

FieldKind = Literal["money", "number", "rate", "duration", "datetime", "text"]

FIELD_KINDS: Final[dict[str, FieldKind]] = {
    # canonical session fields
    "account": "text",
    "room_id": "text",
    "title": "text",
    "started_at": "datetime",
    "ended_at": "datetime",
    "duration_s": "duration",
    "currency": "text",
    "gmv": "money",
    "orders": "number",
    "sku_orders": "number",
    "items_sold": "number",
    "customers": "number",
    "views": "number",
    "viewers": "number",
    "impressions": "number",
    "acu": "number",
    "pcu": "number",
    "avg_view_duration_s": "duration",
    "product_impressions": "number",
    "product_clicks": "number",
    "comments": "number",
    "likes": "number",
    "shares": "number",
    "new_followers": "number",
    # derived KPIs as the sheet reports them (stored as platform values)
    "watch_gpm": "money",
    "show_gpm": "money",
    "aov": "money",
    "gmv_per_hour": "money",
    "live_ctr": "rate",
    "ctr": "rate",
    "ctor": "rate",
    "conversion": "rate",
}
"""Every field a mapping may name, with the kind of value its column holds."""
REPORTED_KPIS: Final = frozenset(
    {"watch_gpm", "show_gpm", "aov", "gmv_per_hour", "live_ctr", "ctr", "ctor", "conversion"}
)
PLATFORMS: Final = ("tiktok", "shopee", "instagram", "other")
SETTINGS: Final = (
    "platform", "account", "sheet", "header_row", "decimal", "timezone", "currency",
    "gmv_basis", "columns",
)  # fmt: skip
HEADER_SCAN_ROWS: Final = 20
MAPPED_ZONES: Final = TimeZoneRule(epochs=True)
"""Times in a mapped sheet: a cell of digits only is epoch seconds (UTC)."""
_DECIMALS: Final[dict[str, Convention]] = {"comma": "comma_decimal", "dot": "dot_decimal"}


@dataclass(frozen=True)
class MappingFile:
    """A validated mapping file."""

    path: Path
    platform: str
    columns: dict[str, tuple[str, ...]]
    account: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    convention: Convention | None = None
    timezone: ZoneInfo | None = None
    currency: str | None = None
    gmv_basis: str | None = None


def load_mapping(path: Path) -> MappedLayout:
    """Read and check the YAML mapping at ``path``; raises :class:`BadInputError` naming the
    file and every problem in it."""
    path = Path(path)
    return MappedLayout(_validate(path, read_mapping_document(path)))


def _validate(path: Path, document: object) -> MappingFile:
    if not isinstance(document, dict):
        raise BadInputError("mapping.invalid", path=path, problems=[Problem("mapping.not_a_table")])
    problems = unknown_settings(document, SETTINGS)

    def bad(setting: str, expected: str) -> None:
        problems.append(bad_setting(setting, document.get(setting), expected))

    platform = document.get("platform")
    if platform is None:
        problems.append(
            Problem("mapping.missing_platform", params={"known": " | ".join(PLATFORMS)})
        )
    elif str(platform).strip().lower() not in PLATFORMS:
        bad("platform", " | ".join(PLATFORMS))
    texts: dict[str, str | None] = {}
    for setting in ("account", "sheet", "currency", "gmv_basis"):
        value = document.get(setting)
        if value is not None and (isinstance(value, dict | list) or not str(value).strip()):
            bad(setting, "text")
        texts[setting] = None if value is None else str(value).strip().lstrip("@") or None
    header_row = document.get("header_row")
    if header_row is not None and (type(header_row) is not int or header_row < 1):
        bad("header_row", "1, 2, 3, ...")
    decimal = document.get("decimal")
    if decimal is not None and str(decimal).strip().lower() not in _DECIMALS:
        bad("decimal", "comma | dot")
    zone = zone_setting(document, problems)
    columns = _columns(document.get("columns"), problems)
    if problems:
        raise BadInputError("mapping.invalid", path=path, problems=problems)
    return MappingFile(
        path=path,
        platform=str(platform).strip().lower(),
        columns=columns,
        account=texts["account"],
        sheet=texts["sheet"],
        header_row=cast(int | None, header_row),
        convention=_DECIMALS[str(decimal).strip().lower()] if decimal is not None else None,
        timezone=zone,
        currency=texts["currency"],
        gmv_basis=texts["gmv_basis"],
    )


def _columns(value: object, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict) or not value:
        problems.append(Problem("mapping.no_columns"))
        return {}
    columns: dict[str, tuple[str, ...]] = {}
    known = ", ".join(FIELD_KINDS)
    for name, headers in value.items():
        field_name = str(name).strip()
        if field_name not in FIELD_KINDS:
            problems.append(
                Problem("mapping.unknown_field", params={"field": field_name, "known": known})
            )
            continue
        many = isinstance(headers, list) and FIELD_KINDS[field_name] == "datetime"
        items = headers if many else [headers]
        if not items or any(
            item is None or isinstance(item, dict | list) or not str(item).strip() for item in items
        ):
            problems.append(
                Problem("mapping.bad_header", params={"field": field_name, "value": str(headers)})
            )
            continue
        columns[field_name] = tuple(str(item).strip() for item in items)
    if "started_at" not in columns and not any(
        p.params.get("field") == "started_at" for p in problems
    ):
        problems.append(Problem("mapping.missing_started_at"))
    return columns


@dataclass
class _Located:
    sheet: Sheet
    header_index: int
    positions: dict[str, tuple[int, ...]] = field(default_factory=dict)


class MappedLayout:
    """A :class:`~siaran.ingest.layout.Layout` built from a mapping file."""

    def __init__(self, mapping: MappingFile) -> None:
        self.mapping = mapping
        self.name = f"mapping:{mapping.path.name}"

    def match(self, source: SourceFile) -> Match | None:
        sheet = self._sheet(source)
        if sheet is None:
            return None
        _, missing = _find_header(sheet, self.mapping)
        wanted = len({h for headers in self.mapping.columns.values() for h in headers})
        return Match(self.name, (wanted - len(missing)) / wanted, missing_headers=tuple(missing))

    def parse(self, source: SourceFile, context: ImportContext) -> ParsedImport:
        mapping = self.mapping
        located = self._locate(source)
        tz = mapping.timezone or context.timezone
        parsed = ParsedImport(layout=self.name)
        used = {p for ps in located.positions.values() for p in ps}
        summaries: list[int] = []
        rows, source_rows = data_rows(
            located.sheet, located.header_index + 1, used, summaries=summaries
        )
        parsed.notes.extend(summary_notes(summaries))
        cells = {name: _field_cells(rows, ps) for name, ps in located.positions.items()}
        strings = {name: string_array(column) for name, column in cells.items()}
        numeric = [name for name in cells if FIELD_KINDS[name] in ("money", "number", "rate")]
        convention = mapping.convention or vote_convention(
            [strings[n][0] for n in numeric if n not in WHOLE_FIELDS],
            counts=[strings[n][0] for n in numeric if n in WHOLE_FIELDS],
        )
        written = {name: " + ".join(mapping.columns[name]) for name in cells}
        table = ReadTable(source_rows=source_rows)
        for name, column in cells.items():
            read_column(
                table,
                _column(name),
                column,
                written[name],
                tz=tz,
                convention=convention,
                zones=MAPPED_ZONES,
                strings=strings[name],
            )
        parsed.headers = dict(written)
        if table.naive_times:
            parsed.notes.append(Note("import.timezone_assumed", {"tz": tz.key}))
        parsed.notes.extend(date_order_notes(table.day_first_guesses))
        parsed.notes.extend(fraction_rate_notes(table.fraction_rates))
        parsed.problems.extend(table.problems)
        parsed.problems.extend(time_problems(table, written, start="started_at", end="ended_at"))
        currency = next((table.currencies[n] for n in cells if n in table.currencies), None)
        parsed.sessions = _sessions(table, mapping, context, currency)
        reported = [_column(name) for name in sorted(REPORTED_KPIS & cells.keys())]
        parsed.platform_values = table.platform_values(reported)
        return parsed

    def _sheet(self, source: SourceFile) -> Sheet | None:
        if source.container == "json" or not source.sheets:
            return None
        wanted = self.mapping.sheet
        if wanted is None or source.container == "csv":
            return source.sheets[0]
        return next(
            (
                s
                for s in source.sheets
                if s.name and normalise_header(s.name) == normalise_header(wanted)
            ),
            None,
        )

    def _locate(self, source: SourceFile) -> _Located:
        mapping = self.mapping
        if source.container == "json":
            raise BadInputError(
                "mapping.not_a_table_file", path=source.path, mapping=mapping.path.name
            )
        sheet = self._sheet(source)
        if sheet is None:
            names = ", ".join(repr(s.name) for s in source.sheets)
            raise BadInputError(
                "mapping.sheet_not_found",
                path=source.path, mapping=mapping.path.name, sheet=mapping.sheet, sheets=names,
            )  # fmt: skip
        index, missing = _find_header(sheet, mapping)
        if missing:
            fields = {h: f for f, hs in mapping.columns.items() for h in hs}
            raise BadInputError(
                "mapping.headers_not_found",
                path=source.path,
                mapping=mapping.path.name,
                headers=", ".join(repr(h) for h in missing),
                row=index + 1,
                problems=[
                    Problem("mapping.header_not_found_one", column=h, params={"field": fields[h]})
                    for h in missing
                ],
            )
        lookup = {
            normalise_header(cell): i
            for i, cell in reversed(list(enumerate(sheet.rows[index])))
            if cell is not None
        }
        positions = {
            name: tuple(lookup[normalise_header(h)] for h in headers)
            for name, headers in mapping.columns.items()
        }
        return _Located(sheet, index, positions)


def _find_header(sheet: Sheet, mapping: MappingFile) -> tuple[int, list[str]]:
    """The header row's index and the mapped headers it lacks (the best row's when none has
    them all): the given ``header_row``, else the first of the top rows holding every one."""
    wanted = [h for headers in mapping.columns.values() for h in headers]
    candidates = (
        [mapping.header_row - 1]
        if mapping.header_row is not None
        else list(range(min(HEADER_SCAN_ROWS, len(sheet.rows))))
    )
    best: tuple[int, list[str]] | None = None
    for index in candidates:
        row = sheet.rows[index] if index < len(sheet.rows) else []
        present = {normalise_header(cell) for cell in row if cell is not None}
        missing = [h for h in dict.fromkeys(wanted) if normalise_header(h) not in present]
        if best is None or len(missing) < len(best[1]):
            best = (index, missing)
        if not missing:
            break
    return best if best is not None else (0, list(dict.fromkeys(wanted)))


def _column(name: str) -> Column:
    """The mapped field ``name`` as a column of the table reader: a session field, or a KPI
    the sheet reports (kept as a platform value)."""
    if name in REPORTED_KPIS:
        return Column(name, FIELD_KINDS[name], kpi=name)
    return Column(name, FIELD_KINDS[name], field=name)


def _field_cells(rows: Sequence[Sequence[Cell]], positions: tuple[int, ...]) -> list[Cell]:
    """One column's cells, or a date and a time column read as one date-time: text parts
    joined by a space as column expressions, typed ones (a date and a time cell) per row."""
    parts = [column_cells(rows, p) for p in positions]
    if len(parts) == 1:
        return parts[0]
    strings = [string_array(part) for part in parts]
    if any(others for _, others in strings):
        return [_joined(cells) for cells in zip(*parts, strict=True)]
    joined = strings[0][0]
    for texts, _ in strings[1:]:  # the parts written, joined by a space
        both = pc.and_(pc.is_valid(joined), pc.is_valid(texts))
        spaced = pc.binary_join_element_wise(joined, texts, " ")
        joined = pc.if_else(both, spaced, pc.coalesce(joined, texts))
    return list(pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.string()), joined).to_pylist())


def _joined(cells: Sequence[Cell]) -> Cell:
    parts = [c for c in cells if c is not None]
    if len(parts) == 2 and isinstance(parts[0], dt.date) and isinstance(parts[1], dt.time):
        day = parts[0].date() if isinstance(parts[0], dt.datetime) else parts[0]
        return dt.datetime.combine(day, parts[1])
    return " ".join(_raw(p) for p in parts) or None


def _raw(cell: object) -> str:
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


def _sessions(
    table: ReadTable, mapping: MappingFile, context: ImportContext, currency: str | None
) -> SessionBatch:
    n = len(table)
    columns: dict[str, pa.Array | Constant] = {
        name: values for name, values in table.values.items() if name not in REPORTED_KPIS
    }
    columns["platform"] = mapping.platform
    fallback = context.account or mapping.account
    accounts = table.values.get("account", pa.nulls(n, pa.string()))
    columns["account"] = accounts if fallback is None else pc.fill_null(accounts, fallback)
    stated = table.values.get("currency", pa.nulls(n, pa.string()))
    chosen = mapping.currency or currency
    if mapping.currency is None:
        columns["currency"] = pc.fill_null(stated, chosen) if chosen is not None else stated
    else:
        columns["currency"] = mapping.currency
    duration = table.values.get("duration_s", pa.nulls(n, pa.float64()))
    columns["duration_s"] = pc.coalesce(duration, spans(table, "started_at", "ended_at"))
    columns["gmv_basis"] = mapping.gmv_basis
    return SessionBatch.of(table.source_rows, columns)
