"""Third-party account summaries (FastMoss, Kalodata and similar): estimates, never sessions.

One row per account and period: the account, the period (``7``/``28``/``30`` days, ``Last 28
days``, ``28 hari terakhir``, a range ``2026-07-01 ~ 2026-07-28``, or Start/End Date columns),
the number of live sessions, total GMV, average GMV per session, views, and optionally units
sold and peak online; header in English or Indonesian, CSV or xlsx, title rows allowed above
the header. Every row becomes an :class:`~siaran.ingest.layout.AccountEstimate` with basis
``"estimate"``, kept apart from first-party figures.

Decisions:

* ``source`` is a ``Source``/``Sumber`` cell, else the tool named in the title rows, a header
  (``FastMoss GMV``) or the file name, else ``"third_party"``.
* ``platform`` is a ``Platform`` cell, else the tool's platform (the tools known here all
  follow TikTok Shop: ``tiktok``), else ``"other"``.
* A period given as a number of days ends on the row's End Date, else on the end of a date
  range in the title rows; without either the row is a problem (no end date is guessed).
* Average GMV per session is stored as the tool reported it (empty when it did not).
* Units sold and peak online are checked but not stored (the estimates table has no place for
  them yet); a note says so.
* Numbers follow the sheet's decimal convention (Indonesian when the sheet shows it). When
  the cells do not decide it, the headers' language does: ``M`` after a figure is million in an
  English sheet (``Rp125M``) and miliar in an Indonesian one (which writes ``jt`` for juta).
  Headers in neither or both languages leave the ``Rp`` sign to decide (miliar), and the
  import report says which reading ``M`` got.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final, Literal
from zoneinfo import ZoneInfo

from siaran.errors import Problem, UsageError
from siaran.ingest.layout import (
    AccountEstimate,
    ImportContext,
    Match,
    Note,
    ParsedImport,
    normalise_header,
)
from siaran.ingest.layouts._sheet_table import HeaderRow, find_header_row, located
from siaran.ingest.layouts._tiktok_columns import Column, ReadTable, read_table
from siaran.ingest.numbers import ParseFailure, format_money_id, format_number_id
from siaran.ingest.numbers import parse_local_datetime as _parse_datetime
from siaran.ingest.source import Sheet, SourceFile

LAYOUT_NAME: Final = "third_party_account_summary"
BASIS: Final = "estimate"
DEFAULT_SOURCE: Final = "third_party"
MAX_PERIOD_DAYS: Final = 366

KNOWN_TOOLS: Final[dict[str, tuple[str, str]]] = {
    "fastmoss": ("FastMoss", "tiktok"),
    "kalodata": ("Kalodata", "tiktok"),
    "tabcut": ("Tabcut", "tiktok"),
    "echotik": ("EchoTik", "tiktok"),
    "shoplus": ("Shoplus", "tiktok"),
}
"""Lower-case name -> (name as the tool writes it, platform it reports on)."""

PLATFORMS: Final[dict[str, str]] = {
    "tiktok": "tiktok", "tiktok shop": "tiktok", "tokopedia": "tiktok",
    "shopee": "shopee", "shopee live": "shopee", "instagram": "instagram",
}  # fmt: skip

COLUMNS: Final[tuple[tuple[Column, tuple[str, ...]], ...]] = (
    (
        Column("Account", "text"),
        ("Akun", "Nama Akun", "Creator", "Kreator", "Username", "Handle", "Shop", "Toko"),
    ),
    (Column("Platform", "text"), ()),
    (Column("Source", "text"), ("Sumber",)),
    (Column("Period", "text"), ("Periode", "Date Range", "Rentang Tanggal")),
    (Column("Start Date", "datetime"), ("Period Start", "Tanggal Mulai", "Awal Periode")),
    (Column("End Date", "datetime"), ("Period End", "Tanggal Akhir", "Akhir Periode")),
    (
        Column("Live Sessions", "number", whole=True),
        ("Lives", "Live Count", "Number of Lives", "Jumlah Live", "Sesi Live", "Jumlah Sesi Live"),
    ),
    (
        Column("GMV", "money"),
        ("Total GMV", "Live GMV", "Estimated GMV", "Revenue", "Live Revenue", "Perkiraan GMV"),
    ),
    (
        Column("Avg. GMV per Live", "money"),
        (
            "Average GMV per Live",
            "Avg. GMV per Session",
            "GMV per Live",
            "Avg. Revenue per Live",
            "Rata-rata GMV per Live",
            "Rata-rata GMV per Sesi",
        ),
    ),
    (
        Column("Views", "number", whole=True),
        ("Total Views", "Live Views", "Tayangan", "Total Tayangan"),
    ),
    (
        Column("Units Sold", "number", whole=True),
        ("Units", "Sales Volume", "Unit Terjual", "Terjual"),
    ),
    (
        Column("Peak Online", "number", whole=True),
        ("Peak Viewers", "Puncak Online", "Penonton Tertinggi"),
    ),
    (Column("Currency", "text"), ("Mata Uang",)),
)
_COLUMNS: Final[tuple[Column, ...]] = tuple(column for column, _ in COLUMNS)
_FIGURE_COLUMNS: Final = {
    "sessions": "Live Sessions",
    "gmv": "GMV",
    "avg_gmv_per_session": "Avg. GMV per Live",
    "views": "Views",
}
"""Figure of an :class:`AccountEstimate` -> the column it is read from."""
_NAMES: Final[dict[str, str]] = {
    f"{prefix}{name}": column.key
    for column, aliases in COLUMNS
    for name in (column.key, *aliases)
    for prefix in ("", *(f"{tool} " for tool, _ in KNOWN_TOOLS.values()))
}
"""Every header as written, also prefixed by a tool's name (``FastMoss GMV``)."""
_SUMMARY_KEYS: Final = frozenset({"Live Sessions", "Avg. GMV per Live"})
_NOT_STORED: Final = ("Units Sold", "Peak Online")

_DAYS = re.compile(
    r"^(?:last|past|terakhir)?\s*(\d{1,3})\s*(?:d|days?|hari)?\s*(?:terakhir)?$", re.IGNORECASE
)
_RANGE = re.compile(r"\s*(?:~|–|—|\bs/d\b|\bsampai\b|\bto\b|\s-\s)\s*", re.IGNORECASE)
_ISO_RANGE = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*(?:~|–|-|to|s/d)\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
)


class ThirdPartySummary:
    """An account summary table from a third-party analytics tool."""

    name = LAYOUT_NAME

    def match(self, source: SourceFile) -> Match | None:
        found = _locate(source)
        if found is None:
            return None
        sheet, header = found
        has_period = bool({"Period", "End Date"} & header.positions.keys()) or (
            _title_range(sheet, header) is not None
        )
        missing = () if has_period else ("Period",)
        known = len(header.positions)
        return Match(self.name, known / (known + len(header.unknown)), header.unknown, missing)

    def parse(self, source: SourceFile, context: ImportContext) -> ParsedImport:
        sheet, header = located(_locate(source), source)
        if "Account" not in header.positions and context.account is None:
            raise UsageError("import.account_required", path=str(source.path))
        language = header_language(header)
        table = read_table(
            sheet,
            header,
            _COLUMNS,
            tz=context.timezone,
            prefer="comma_decimal" if language == "id" else "dot_decimal",
            marks_break_tie=language is None,
        )
        parsed = ParsedImport(layout=self.name)
        parsed.problems.extend(table.problems)
        if language is None and not table.convention_voted:
            parsed.notes.extend(_m_reading_note(table, header))
        tool = _tool_of(source, sheet, header)
        title_range = _title_range(sheet, header)
        currency = table.currencies.get("GMV") or table.currencies.get("Avg. GMV per Live")
        for i, row in enumerate(table.source_rows):
            estimate = _estimate(table, header, i, row, context, tool, title_range, currency)
            if isinstance(estimate, Problem):
                parsed.problems.append(estimate)
            else:
                parsed.estimates.append(estimate)
        parsed.headers = {
            figure: header.written[key]
            for figure, key in _FIGURE_COLUMNS.items()
            if key in header.written
        }
        sources = sorted({estimate.source for estimate in parsed.estimates})
        parsed.notes.extend(Note("import.estimate_label", {"source": s}) for s in sources)
        unstored = [header.written[key] for key in _NOT_STORED if key in header.positions]
        if unstored:
            parsed.notes.append(Note("third_party.not_stored", {"columns": ", ".join(unstored)}))
        if parsed.estimates:
            parsed.period = (
                min(e.period_start for e in parsed.estimates),
                max(e.period_end for e in parsed.estimates),
            )
        return parsed


THIRD_PARTY_SUMMARY: Final = ThirdPartySummary()


def _locate(source: SourceFile) -> tuple[Sheet, HeaderRow] | None:
    best: tuple[Sheet, HeaderRow] | None = None
    for sheet in source.sheets:
        header = find_header_row(sheet, _NAMES)
        if header is None or not (_SUMMARY_KEYS & header.positions.keys()):
            continue
        if not ({"GMV", "Views", "Avg. GMV per Live"} & header.positions.keys()):
            continue
        if best is None or len(header.positions) > len(best[1].positions):
            best = (sheet, header)
    return best


_INDONESIAN_HEADERS: Final = frozenset(
    normalise_header(name)
    for name in (
        "Akun", "Nama Akun", "Kreator", "Toko", "Sumber", "Periode", "Rentang Tanggal",
        "Tanggal Mulai", "Awal Periode", "Tanggal Akhir", "Akhir Periode", "Jumlah Live",
        "Sesi Live", "Jumlah Sesi Live", "Perkiraan GMV", "Rata-rata GMV per Live",
        "Rata-rata GMV per Sesi", "Tayangan", "Total Tayangan", "Unit Terjual", "Terjual",
        "Puncak Online", "Penonton Tertinggi", "Mata Uang",
    )
)  # fmt: skip
_SHARED_HEADERS: Final = frozenset(
    normalise_header(name)
    for name in ("GMV", "Total GMV", "Live GMV", "Platform", "Username", "Handle")
)
"""Headers both languages' interfaces write."""
_BARE_M: Final = re.compile(r"\d\s*M\.?\s*$", re.IGNORECASE)
"""A figure scaled by ``M`` without a decimal mark of its own (``Rp125M``, not ``1,2M``)."""


def header_language(header: HeaderRow) -> Literal["en", "id"] | None:
    """The language the table's headers are written in (a tool's name before a header
    ignored), or ``None`` when they are in neither or in both."""
    languages = set()
    for written in header.written.values():
        text = normalise_header(_without_tool(written))
        if text in _INDONESIAN_HEADERS:
            languages.add("id")
        elif text not in _SHARED_HEADERS:
            languages.add("en")
    if languages == {"id"}:
        return "id"
    return "en" if languages == {"en"} else None


def _without_tool(header: str) -> str:
    for tool, _ in KNOWN_TOOLS.values():
        if header.casefold().startswith(f"{tool.casefold()} "):
            return header[len(tool) + 1 :]
    return header


def _m_reading_note(table: ReadTable, header: HeaderRow) -> list[Note]:
    """The note that says how ``M`` was read where neither the cells nor the headers tell."""
    columns = [
        header.written[key]
        for key in ("GMV", "Avg. GMV per Live", "Views")
        if any(text is not None and _BARE_M.search(text) for text in table.raw_column(key))
    ]
    if not columns:
        return []
    key = "million" if table.convention == "dot_decimal" else "miliar"
    return [Note(f"third_party.m_read_as_{key}", {"columns": ", ".join(columns)})]


def _tool_in(text: str) -> str | None:
    lowered = text.casefold()
    return next((name for key, (name, _) in KNOWN_TOOLS.items() if key in lowered), None)


def _tool_of(source: SourceFile, sheet: Sheet, header: HeaderRow) -> str | None:
    """The tool named by the title rows, a header, or the file name."""
    texts = [str(cell) for row in sheet.rows[: header.index] for cell in row if cell is not None]
    texts += list(header.written.values())
    texts.append(source.path.name)
    return next((tool for tool in map(_tool_in, texts) if tool is not None), None)


def _title_range(sheet: Sheet, header: HeaderRow) -> tuple[dt.date, dt.date] | None:
    for row in sheet.rows[: header.index]:
        for cell in row:
            found = _ISO_RANGE.search(cell) if isinstance(cell, str) else None
            if found is not None:
                period = _parse_range(found.group(0))
                if period is not None:
                    return period
    return None


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _parse_range(text: str) -> tuple[dt.date, dt.date] | None:
    parts = [part for part in _RANGE.split(text.strip()) if part]
    if len(parts) != 2:
        return None
    try:
        dates = [_parse_datetime(part, ZoneInfo("UTC")) for part in parts]
    except ParseFailure:
        return None
    start, end = (_date(d) for d in dates)
    if start is None or end is None or end < start:
        return None
    return start, end


def _period(
    table: ReadTable, i: int, title_range: tuple[dt.date, dt.date] | None
) -> tuple[dt.date, dt.date] | str:
    """The row's period, or the reason key of why it has none."""
    start = _date(table.column("Start Date")[i])
    end = _date(table.column("End Date")[i])
    text = table.column("Period")[i]
    days: int | None = None
    if isinstance(text, str):
        ranged = _parse_range(text)
        if ranged is not None:
            return ranged
        found = _DAYS.match(text.strip())
        if found is None or not 1 <= int(found.group(1)) <= MAX_PERIOD_DAYS:
            return "third_party.bad_period"
        days = int(found.group(1))
    if start is not None and end is not None:
        return (start, end) if start <= end else "third_party.bad_period"
    if days is None:
        return "third_party.no_period"
    if end is None and start is not None:
        return start, start + dt.timedelta(days=days - 1)
    end = end or (title_range[1] if title_range else None)
    if end is None:
        return "third_party.period_without_end"
    return end - dt.timedelta(days=days - 1), end


def _estimate(
    table: ReadTable,
    header: HeaderRow,
    i: int,
    row: int,
    context: ImportContext,
    tool: str | None,
    title_range: tuple[dt.date, dt.date] | None,
    currency: str | None,
) -> AccountEstimate | Problem:
    account = table.column("Account")[i] or context.account
    if account is None:
        return Problem("third_party.missing_account", row, header.written.get("Account"))
    period = _period(table, i, title_range)
    if isinstance(period, str):
        column = header.written.get("Period") or header.written.get("End Date")
        return Problem(period, row, column, _cell_text(table, "Period", i))
    written_source = table.column("Source")[i]
    source = _tool_in(str(written_source)) or written_source or tool or DEFAULT_SOURCE
    platform_cell = table.column("Platform")[i]
    if isinstance(platform_cell, str):
        platform = PLATFORMS.get(normalise_header(platform_cell), normalise_header(platform_cell))
    else:
        known = next((p for name, p in KNOWN_TOOLS.values() if name == source), None)
        platform = known or "other"
    return AccountEstimate(
        platform=platform,
        account=str(account),
        source=str(source),
        period_start=period[0],
        period_end=period[1],
        sessions=_number(table.column("Live Sessions")[i]),
        gmv=_number(table.column("GMV")[i]),
        avg_gmv_per_session=_number(table.column("Avg. GMV per Live")[i]),
        views=_number(table.column("Views")[i]),
        currency=_text(table.column("Currency")[i]) or currency,
        basis=BASIS,
        source_row=row,
    )


def _cell_text(table: ReadTable, key: str, i: int) -> str | None:
    raw = table.raw.get(key)
    return raw[i].as_py() if raw is not None else None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


# -- writing the layout -----------------------------------------------------------------------

WRITTEN_HEADERS: Final[tuple[str, ...]] = (
    "Account",
    "Period",
    "Live Sessions",
    "GMV",
    "Avg. GMV per Live",
    "Views",
    "Units Sold",
    "Peak Online",
)


def write_third_party_summary(
    path: Path, rows: Sequence[Mapping[str, object]], *, source: str = "FastMoss"
) -> None:
    """Write account summaries the way a third-party tool exports them.

    ``rows`` hold ``account``, ``period_start``/``period_end`` (dates), ``sessions``, ``gmv``,
    ``avg_gmv_per_session`` (computed from the two when absent), ``views`` and optionally
    ``units`` and ``peak_online``. A title row names the tool (``FastMoss · Live Analytics``);
    money is Indonesian rupiah (``Rp1.234.567``), counts ``13.262``. An ``.xlsx`` path gets a
    workbook, any other a CSV file.
    """
    table = [[f"{source} · Live Analytics"], [], list(WRITTEN_HEADERS)]
    table.extend(_summary_cells(row) for row in rows)
    if Path(path).suffix.lower() == ".xlsx":
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Live")
        for cells in table:
            sheet.append([cell or None for cell in cells])
        workbook.save(path)
        return
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)


def _summary_cells(row: Mapping[str, object]) -> list[str]:
    get = row.get
    start, end = get("period_start"), get("period_end")
    period = f"{start} ~ {end}" if start is not None and end is not None else ""
    sessions, gmv = _number(get("sessions")), _number(get("gmv"))
    average = _number(get("avg_gmv_per_session"))
    if average is None and sessions and gmv is not None:
        average = gmv / sessions
    return [
        str(get("account") or ""),
        period,
        _count(sessions),
        "" if gmv is None else format_money_id(gmv),
        "" if average is None else format_money_id(average),
        _count(_number(get("views"))),
        _count(_number(get("units"))),
        _count(_number(get("peak_online"))),
    ]


def _count(value: float | None) -> str:
    return "" if value is None else format_number_id(value)
