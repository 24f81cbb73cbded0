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
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from siaran.errors import BadInputError, Problem
from siaran.files import NotTextError, decode_text, read_input
from siaran.ingest.layout import (
    ImportContext,
    Match,
    Note,
    ParsedImport,
    PlatformValue,
    SessionBatch,
    normalise_header,
)
from siaran.ingest.numbers import Convention, detect_convention, parse_column
from siaran.ingest.source import Cell, Sheet, SourceFile

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
_OFFSET: Final = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z|UTC|GMT|WIB|WITA|WIT)\s*$", re.IGNORECASE)
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
    try:
        text = decode_text(read_input(path, "mapping.unreadable"), refuse_nul=False).text
    except NotTextError as exc:
        raise BadInputError("mapping.unreadable", path=path, reason=str(exc)) from exc
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        reason = getattr(exc, "problem", None) or str(exc)
        raise BadInputError("mapping.bad_yaml", path=path, line=line, reason=reason) from exc
    return MappedLayout(_validate(path, document))


def _validate(path: Path, document: object) -> MappingFile:
    if not isinstance(document, dict):
        raise BadInputError("mapping.invalid", path=path, problems=[Problem("mapping.not_a_table")])
    problems: list[Problem] = []

    def bad(setting: str, expected: str) -> None:
        value = document.get(setting)
        problems.append(
            Problem(
                "mapping.bad_setting",
                params={"setting": setting, "value": str(value), "expected": expected},
            )
        )

    for setting in document:
        if setting not in SETTINGS:
            problems.append(
                Problem(
                    "mapping.unknown_setting",
                    params={"setting": str(setting), "known": ", ".join(SETTINGS)},
                )
            )
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
    zone = None
    if document.get("timezone") is not None:
        try:
            zone = ZoneInfo(str(document["timezone"]).strip())
        except (ZoneInfoNotFoundError, ValueError, OSError):
            bad("timezone", "Asia/Jakarta, Asia/Makassar, Asia/Jayapura, ...")
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
        rows, source_rows = _data_rows(located)
        money_cells = [
            row[p] for row in rows for f, ps in located.positions.items()
            if FIELD_KINDS[f] in ("money", "number", "rate") for p in ps if p < len(row)
        ]  # fmt: skip
        convention = mapping.convention or detect_convention(
            c for c in money_cells if isinstance(c, str)
        )
        values: dict[str, list[object]] = {}
        raws: dict[str, list[str | None]] = {}
        currency: str | None = None
        for name, positions in located.positions.items():
            written = " + ".join(mapping.columns[name])
            parsed.headers[name] = written
            cells = [_joined(row, positions) for row in rows]
            raws[name] = [None if cell is None else _raw(cell) for cell in cells]
            kind = FIELD_KINDS[name]
            if kind == "text":
                values[name] = [None if c is None else str(c).strip() or None for c in cells]
                continue
            if kind == "datetime" and any(_naive(c) for c in cells):
                note = Note("import.timezone_assumed", {"tz": tz.key})
                if note not in parsed.notes:
                    parsed.notes.append(note)
            result = parse_column(cells, kind, tz=tz, convention=convention)
            values[name] = list(result.values)
            currency = currency or result.currency
            parsed.problems.extend(result.problems(written, source_rows))
        parsed.problems.extend(_start_problems(values, raws, source_rows, mapping))
        parsed.sessions = _sessions(values, source_rows, mapping, context, currency)
        parsed.platform_values = [
            PlatformValue(i, name, cast(float | None, value), raws[name][i])
            for name in sorted(REPORTED_KPIS & values.keys())
            for i, value in enumerate(values[name])
            if raws[name][i] is not None
        ]
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


def _data_rows(located: _Located) -> tuple[list[list[Cell]], list[int]]:
    """Rows below the header with at least one mapped cell filled."""
    used = {p for ps in located.positions.values() for p in ps}
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    sheet = located.sheet
    for index in range(located.header_index + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if any(p < len(row) and row[p] is not None for p in used):
            rows.append(row)
            numbers.append(sheet.row_number(index))
    return rows, numbers


def _joined(row: Sequence[Cell], positions: tuple[int, ...]) -> Cell:
    """One cell, or a date and a time column read as one date-time."""
    cells = [row[p] if p < len(row) else None for p in positions]
    if len(cells) == 1:
        return cells[0]
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


def _naive(cell: Cell) -> bool:
    if isinstance(cell, dt.datetime):
        return cell.tzinfo is None
    return isinstance(cell, str) and not cell.strip().isdigit() and not _OFFSET.search(cell)


def _start_problems(
    values: Mapping[str, list[object]],
    raws: Mapping[str, list[str | None]],
    rows: Sequence[int],
    mapping: MappingFile,
) -> list[Problem]:
    written = " + ".join(mapping.columns["started_at"])
    starts, raw = values["started_at"], raws["started_at"]
    ends = values.get("ended_at", [None] * len(rows))
    problems = []
    for i, row in enumerate(rows):
        if starts[i] is None and raw[i] is None:
            problems.append(Problem("tiktok.missing_start_time", row, written))
        start, end = starts[i], ends[i]
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime) and end < start:
            end_header = " + ".join(mapping.columns["ended_at"])
            problems.append(Problem("tiktok.end_before_start", row, end_header, _raw(end)))
    return problems


def _sessions(
    values: Mapping[str, list[object]],
    rows: Sequence[int],
    mapping: MappingFile,
    context: ImportContext,
    currency: str | None,
) -> SessionBatch:
    n = len(rows)
    columns: dict[str, list[object]] = {
        name: list(column) for name, column in values.items() if name not in REPORTED_KPIS
    }
    columns["platform"] = [mapping.platform] * n
    fallback = context.account or mapping.account
    columns["account"] = [a or fallback for a in columns.get("account", [None] * n)]
    columns["currency"] = [
        mapping.currency or c or currency for c in columns.get("currency", [None] * n)
    ]
    columns["gmv_basis"] = [mapping.gmv_basis] * n
    durations = columns.setdefault("duration_s", [None] * n)
    starts, ends = columns["started_at"], columns.get("ended_at", [None] * n)
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if durations[i] is None and isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            durations[i] = (end - start).total_seconds() if end >= start else None
    return SessionBatch(columns=columns, source_rows=list(rows))
