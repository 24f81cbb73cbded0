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

from siaran.errors import Problem, UsageError
from siaran.ingest.layout import ImportContext, Match, Note, ParsedImport, SessionBatch
from siaran.ingest.layouts._tiktok_cells import (
    format_percent,
    number_of,
    ratio,
    seconds_of,
)
from siaran.ingest.layouts._tiktok_columns import (
    Column,
    HeaderRow,
    LocatedHeader,
    ReadTable,
    best_header,
    header_match,
    located,
)
from siaran.ingest.layouts._tiktok_parse import parse_sessions
from siaran.ingest.numbers import Convention
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
) -> list[str | None] | None:
    """Each row's account: the file's Creator handle, else ``--account``. ``None`` when the
    file names no account at all and none was given."""
    given = _handle(context.account)
    from_file = [_handle(value) for value in table.column("Creator")]
    named = {account for account in from_file if account is not None}
    if not named and given is None:
        return None
    if given is not None and any(a.casefold() != given.casefold() for a in named):
        parsed.notes.append(
            Note("tiktok.account_from_file", {"given": given, "file": ", ".join(sorted(named))})
        )
    if given is None:
        column = header.written.get("Creator", "Creator")
        for row, account in zip(table.source_rows, from_file, strict=True):
            if account is None:
                parsed.problems.append(Problem("tiktok.missing_account", row, column))
    return [account or given for account in from_file]


def _start_problems(table: ReadTable, header: HeaderRow) -> list[Problem]:
    column = header.written.get("Launched Time", "Launched Time")
    raws = table.raw_column("Launched Time")
    return [
        Problem("tiktok.missing_start_time", row, column)
        for row, raw in zip(table.source_rows, raws, strict=True)
        if raw is None
    ]


def _sessions(table: ReadTable, accounts: list[str | None]) -> SessionBatch:
    n = len(table)
    columns: dict[str, list[object]] = {"platform": [PLATFORM] * n, "account": list(accounts)}
    for column in COLUMNS:
        if column.field is not None:
            columns[column.field] = table.column(column.key)
    columns["ended_at"] = [
        _ended_at(start, duration)
        for start, duration in zip(columns["started_at"], columns["duration_s"], strict=True)
    ]
    columns["currency"] = [CURRENCY] * n
    columns["gmv_basis"] = [GMV_BASIS] * n
    return SessionBatch(columns=columns, source_rows=list(table.source_rows))


def _ended_at(start: object, duration: object) -> dt.datetime | None:
    """The end of a live from its start and duration: unknown when either is, or when the
    duration runs past the calendar (a duration of 1e30 seconds is kept and reported by the
    value bounds, not allowed to end the import in an overflow)."""
    if not isinstance(start, dt.datetime) or not isinstance(duration, float):
        return None
    try:
        return start + dt.timedelta(seconds=duration)
    except (OverflowError, ValueError):
        return None


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
