"""TikTok Seller Center's older LIVE list export (``Live*.xlsx``): one row per live session.

Two title rows come before the header, which is in English or Indonesian depending on the
seller's UI language. Numeric cells may be real numbers; rates carry ``%``; Launched Time looks
like ``2026/07/04/ 20:01``; durations ``1h 5m``, ``1j 5m``, ``2m 30s``, ``2m 30d``, ``00:00:25``.
There is no room ID: a session is its account (the Creator column) plus its start time.

Decisions:

* The account is the file's Creator (Kreator) handle; ``--account`` only fills empty Creator
  cells, and a note says so when it disagrees with the file.
* ``Revenue (Rp)`` is ``gmv`` with ``gmv_basis = "revenue"`` and currency IDR.
* ``Orders Paid`` is ``orders``; ``Orders Created`` is the platform value ``orders_created``.
* ``CO rate`` is orders / product clicks: the platform value ``ctor``.
* ``CTR`` is the session list's CTR, product clicks / views: the platform value ``live_ctr``.
* ``Average Price (Rp)`` is revenue / unit sales (a price, not an order value): the platform
  value ``avg_unit_price``, so it is never compared with ``aov``.
* ``Products`` / ``Different Products Sold`` are ``products_listed`` / ``products_sold``.
* ``Creator ID`` and ``Nickname`` are read but not stored (no canonical field).
* ``ended_at`` = Launched Time + Duration. Numbers written as text follow the header's
  language (Indonesian: ``1.234.567``; English: ``1,234,567``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final, Literal

import pyarrow as pa
import pyarrow.compute as pc

from siaran.errors import Problem, UsageError
from siaran.ingest.layout import Constant, ImportContext, Match, Note, ParsedImport, SessionBatch
from siaran.ingest.layouts._sheet_table import (
    HeaderRow,
    LocatedHeader,
    best_header,
    header_match,
    located,
)
from siaran.ingest.layouts._tiktok_cells import (
    format_percent,
    number_of,
    ratio,
    seconds_of,
)
from siaran.ingest.layouts._tiktok_columns import Column, ReadTable
from siaran.ingest.layouts._tiktok_parse import parse_sessions
from siaran.ingest.numbers import Convention
from siaran.ingest.numbers.cells import PYTHON_WHITESPACE
from siaran.ingest.source import SourceFile

Language = Literal["en", "id"]

PLATFORM: Final = "tiktok"
GMV_BASIS: Final = "revenue"
CURRENCY: Final = "IDR"
MIN_HEADER_SHARE: Final = 0.5

COLUMNS: Final[tuple[Column, ...]] = (
    Column("Creator ID", "text"),
    Column("Creator", "text"),
    Column("Nickname", "text"),
    Column("Launched Time", "datetime", field="started_at"),
    Column("Duration", "duration", field="duration_s"),
    Column("Revenue (Rp)", "money", field="gmv"),
    Column("Products", "number", kpi="products_listed"),
    Column("Different Products Sold", "number", kpi="products_sold"),
    Column("Orders Created", "number", kpi="orders_created"),
    Column("Orders Paid", "number", field="orders"),
    Column("Unit Sales", "number", field="items_sold"),
    Column("Buyers", "number", field="customers"),
    Column("Average Price (Rp)", "money", kpi="avg_unit_price"),
    Column("CO rate", "rate", kpi="ctor"),
    Column("Viewers", "number", field="viewers"),
    Column("Views", "number", field="views"),
    Column("ACU", "number", field="acu"),
    Column("PCU", "number", field="pcu"),
    Column("Avg. Viewing Duration", "duration", field="avg_view_duration_s"),
    Column("Comments", "number", field="comments"),
    Column("Shares", "number", field="shares"),
    Column("Likes", "number", field="likes"),
    Column("New Followers", "number", field="new_followers"),
    Column("Product Impressions", "number", field="product_impressions"),
    Column("Product Clicks", "number", field="product_clicks"),
    Column("CTR", "rate", kpi="live_ctr"),
)

HEADERS: Final[dict[Language, tuple[str, ...]]] = {
    "en": tuple(column.key for column in COLUMNS),
    "id": (
        "Creator ID",
        "Kreator",
        "Nama panggilan",
        "Waktu Live",
        "Durasi",
        "Penghasilan (Rp)",
        "Produk",
        "Produk Terjual",
        "Pesanan Dibuat",
        "Pesanan Dibayar",
        "Penjualan",
        "Pembeli",
        "Harga Rata-Rata (Rp)",
        "CO Rate",
        "Penonton",
        "Live Stream Dilihat",
        "Rata-rata Penonton",
        "Penonton Tertinggi",
        "Durasi Rata-rata",
        "Komentar",
        "Live Dibagikan",
        "Likes",
        "Pengikut Baru",
        "Produk Dilihat",
        "Klik Produk",
        "CTR",
    ),
}
_NAMES: Final[dict[Language, dict[str, str]]] = {
    language: dict(zip(headers, (column.key for column in COLUMNS), strict=True))
    for language, headers in HEADERS.items()
}
_TITLES: Final[dict[Language, tuple[str, str]]] = {
    "en": ("LIVE Data", "Period"),
    "id": ("Data LIVE", "Periode"),
}


class SellerCenterLive:
    """The Seller Center ``Live*.xlsx`` session list, English or Indonesian header."""

    name = "tiktok_seller_center_live"

    def match(self, source: SourceFile) -> Match | None:
        return header_match(self.name, _locate(source))

    def parse(self, source: SourceFile, context: ImportContext) -> ParsedImport:
        found = located(_locate(source), source)
        sheet, header, language = found.sheet, found.header, found.variant

        def sessions(table: ReadTable, parsed: ParsedImport) -> SessionBatch:
            accounts = _accounts(table, header, context, parsed)
            if accounts is None:
                raise UsageError("import.account_required", path=str(source.path))
            parsed.problems.extend(_start_problems(table, header))
            return _sessions(table, accounts)

        prefer: Convention = "comma_decimal" if language == "id" else "dot_decimal"
        return parse_sessions(
            self.name, sheet, header, COLUMNS, context, prefer=prefer, sessions=sessions
        )


SELLER_CENTER_LIVE: Final = SellerCenterLive()


def _locate(source: SourceFile) -> LocatedHeader[Language] | None:
    return best_header(source, _NAMES, min_share=MIN_HEADER_SHARE)


def _handle(value: object) -> str | None:
    if value is None:
        return None
    cleaned = str(value).strip().lstrip("@").strip()
    return cleaned or None


def _accounts(
    table: ReadTable, header: HeaderRow, context: ImportContext, parsed: ParsedImport
) -> pa.Array | None:
    """Each row's account: the file's Creator handle, else ``--account``. ``None`` when the
    file names no account at all and none was given."""
    given = _handle(context.account)
    n = len(table)
    creators = table.values.get("Creator", pa.nulls(n, pa.string()))
    handles = pc.utf8_trim(
        pc.utf8_ltrim(pc.utf8_trim(creators, characters=PYTHON_WHITESPACE), characters="@"),
        characters=PYTHON_WHITESPACE,
    )
    from_file = pc.if_else(pc.equal(handles, ""), pa.scalar(None, pa.string()), handles)
    named = {str(account) for account in pc.unique(pc.drop_null(from_file)).to_pylist()}
    if not named and given is None:
        return None
    if given is not None and any(a.casefold() != given.casefold() for a in named):
        parsed.notes.append(
            Note("tiktok.account_from_file", {"given": given, "file": ", ".join(sorted(named))})
        )
    if given is not None:
        return pc.fill_null(from_file, given)
    column = header.written.get("Creator", "Creator")
    for at in pc.indices_nonzero(pc.is_null(from_file)).to_pylist():
        parsed.problems.append(Problem("tiktok.missing_account", table.source_rows[at], column))
    return from_file


def _start_problems(table: ReadTable, header: HeaderRow) -> list[Problem]:
    column = header.written.get("Launched Time", "Launched Time")
    raws = table.raw.get("Launched Time", pa.nulls(len(table), pa.string()))
    return [
        Problem("tiktok.missing_start_time", table.source_rows[at], column)
        for at in pc.indices_nonzero(pc.is_null(raws)).to_pylist()
    ]


def _sessions(table: ReadTable, accounts: pa.Array) -> SessionBatch:
    columns: dict[str, pa.Array | Constant] = {"platform": PLATFORM, "account": accounts}
    for column in COLUMNS:
        if column.field is not None and column.key in table.values:
            columns[column.field] = table.values[column.key]
    starts = table.values.get("Launched Time")
    durations = table.values.get("Duration")
    if starts is not None and durations is not None:
        columns["ended_at"] = ended_at(starts, durations)
    columns["currency"] = CURRENCY
    columns["gmv_basis"] = GMV_BASIS
    return SessionBatch.of(table.source_rows, columns)


_EPOCH: Final = dt.datetime(1970, 1, 1)
_MICROSECOND: Final = dt.timedelta(microseconds=1)
_WALL_RANGE: Final = (
    (dt.datetime.min - _EPOCH) // _MICROSECOND,
    (dt.datetime.max - _EPOCH) // _MICROSECOND,
)
"""The wall-clock times a :class:`datetime.datetime` can hold, in microseconds from 1970."""
_LONGEST_S: Final = 1e12
"""Seconds past any calendar's span (about 31,700 years): such a duration ends nowhere."""


def ended_at(starts: pa.Array, durations: pa.Array) -> pa.Array:
    """The end of each live, its start (a timestamp in the workspace's zone) plus its duration
    in seconds, as :class:`datetime.datetime` adds a :class:`~datetime.timedelta`: on the
    wall clock of the zone, the duration rounded to the microsecond (half to even), a wall time
    a clock change skips or repeats read with ``fold=0``. Unknown when either is unknown, or
    when the duration runs past the calendar (a duration of 1e30 seconds is kept and reported
    by the value bounds, not allowed to end the import in an overflow)."""
    zone = starts.type.tz
    finite = pc.fill_null(pc.less(pc.abs(durations), _LONGEST_S), False)
    seconds = pc.if_else(finite, durations, 0.0)
    whole = pc.trunc(seconds)
    fraction = pc.round(pc.multiply(pc.subtract(seconds, whole), 1e6), round_mode="half_to_even")
    micros = pc.add(
        pc.multiply(pc.cast(whole, pa.int64()), 1_000_000), pc.cast(fraction, pa.int64())
    )
    wall = pc.add(pc.cast(pc.local_timestamp(starts), pa.int64()), micros)
    inside = pc.and_(
        finite,
        pc.and_(pc.greater_equal(wall, _WALL_RANGE[0]), pc.less_equal(wall, _WALL_RANGE[1])),
    )
    wall = pc.if_else(inside, wall, pa.scalar(None, pa.int64())).cast(pa.timestamp("us"))
    ends = pc.assume_timezone(wall, timezone=zone, ambiguous="earliest", nonexistent="latest")
    # A wall time in a gap (clocks put forward) keeps the offset before the change, as
    # fold=0 does: 02:30 in a gap from 02:00 to 03:00 is 03:30 after it.
    skipped = pc.fill_null(pc.not_equal(pc.local_timestamp(ends), wall), False)
    if not pc.any(skipped).as_py():
        return ends
    before = pc.subtract(ends.cast(pa.timestamp("us")).cast(pa.int64()), 1)
    local_before = pc.local_timestamp(before.cast(pa.timestamp("us", zone))).cast(pa.int64())
    offset = pc.subtract(local_before, before)
    shifted = pc.subtract(wall.cast(pa.int64()), offset).cast(pa.timestamp("us", zone))
    return pc.if_else(skipped, shifted, ends)


# -- writing the layout -----------------------------------------------------------------------


def write_seller_center_live(
    path: Path,
    rows: Sequence[Mapping[str, object]],
    *,
    language: Language = "en",
    numeric_cells: bool = True,
) -> None:
    """Write ``rows`` (canonical session dicts, each with its ``account``) as a Seller Center
    ``Live*.xlsx``: two title rows, the header in ``language``, one row per session.

    Counts and money are real numeric cells when ``numeric_cells``, else text in the
    language's number format (``1.234.567`` / ``1,234,567``); rates are text with ``%`` and
    two decimals (``4,38%`` in Indonesian). Optional extra keys: ``creator_id``, ``nickname``,
    ``products_listed``, ``products_sold``, ``orders_created`` (default: ``orders``).
    """
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet1")
    title, period_label = _TITLES[language]
    starts = [row["started_at"] for row in rows if isinstance(row.get("started_at"), dt.datetime)]
    sheet.append([title])
    if starts:
        first, last = min(starts), max(starts)  # type: ignore[type-var]
        sheet.append([f"{period_label}: {first:%Y/%m/%d} - {last:%Y/%m/%d}"])
    else:
        sheet.append([period_label])
    sheet.append(list(HEADERS[language]))
    for row in rows:
        sheet.append(seller_row_cells(row, language, numeric_cells))
    workbook.save(path)


def seller_row_cells(
    row: Mapping[str, object], language: Language, numeric_cells: bool
) -> list[object]:
    """The 26 cells of one session as Seller Center writes them (``None`` when empty)."""
    get = row.get
    account = str(get("account") or "")
    start = get("started_at")
    duration = seconds_of(get("duration_s"))
    end = get("ended_at")
    if duration is None and isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        duration = (end - start).total_seconds()
    gmv, orders, items = (
        number_of(get("gmv")),
        number_of(get("orders")),
        number_of(get("items_sold")),
    )
    views, clicks = number_of(get("views")), number_of(get("product_clicks"))
    creator_id = get("creator_id") or _creator_id(account)
    orders_created = get("orders_created", get("orders"))

    def number(value: object) -> object:
        return _number_cell(value, language, numeric_cells)

    def rate(fraction: float | None) -> str | None:
        return format_percent(fraction, 2, "," if language == "id" else ".") or None

    return [
        str(creator_id),
        account or None,
        str(get("nickname") or account) or None,
        f"{start:%Y/%m/%d/ %H:%M}" if isinstance(start, dt.datetime) else None,
        format_session_duration(duration, language),
        number(gmv),
        number(get("products_listed")),
        number(get("products_sold")),
        number(orders_created),
        number(orders),
        number(items),
        number(get("customers")),
        number(_round2(ratio(gmv, items))),
        rate(ratio(orders, clicks)),
        number(get("viewers")),
        number(views),
        number(get("acu")),
        number(get("pcu")),
        format_clock(seconds_of(get("avg_view_duration_s"))),
        number(get("comments")),
        number(get("shares")),
        number(get("likes")),
        number(get("new_followers")),
        number(get("product_impressions")),
        number(clicks),
        rate(ratio(clicks, views)),
    ]


def _creator_id(account: str) -> str:
    """A stable 19-digit id for an account that has none (demo and test files)."""
    digest = hashlib.sha256(account.encode("utf-8")).hexdigest()
    return str(7 * 10**18 + int(digest[:15], 16) % 10**18)


def _round2(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _number_cell(raw: object, language: Language, numeric: bool) -> object:
    value = number_of(raw)
    if value is None:
        return None
    integral = value.is_integer()
    if numeric:
        return int(value) if integral else float(value)
    text = f"{int(value):,}" if integral else f"{value:,.2f}"
    if language == "id":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def format_session_duration(seconds: float | None, language: Language) -> str | None:
    """``1h 5m`` / ``1j 5m`` from an hour up, else ``2m 30s`` / ``2m 30d``."""
    if seconds is None:
        return None
    whole = int(seconds)
    hour, second = ("h", "s") if language == "en" else ("j", "d")
    if whole >= 3600:
        return f"{whole // 3600}{hour} {whole % 3600 // 60}m"
    return f"{whole // 60}m {whole % 60}{second}"


def format_clock(seconds: float | None) -> str | None:
    """``00:00:25``: an average viewing duration in whole seconds."""
    if seconds is None:
        return None
    whole = round(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
