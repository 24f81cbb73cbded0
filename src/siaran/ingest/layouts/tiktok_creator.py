"""TikTok Shop ``Creator-Live-Performance_<YYYYMMDDHHMMSS>.xlsx``: one row per LIVE room.

The real layout (docs: live-metrics reference): one sheet ``performance_detail``; row 1 the
period (``2026-07-01 ~ 2026-09-17``), row 2 empty, row 3 a 35-column header, then one row per
room. Every cell is a string: money with a currency sign and English separators
(``6,830,000.01₫``, ``Rp1,234,567.00``), rates ``4.38247%``, durations ``0h19m``, local times
``2026-07-04 20:01:54``, 19-digit Room IDs. The same table saved as CSV is accepted too (the
period row may be gone), which is why the header row is found by content, not by position.

The file does not name its account: the user gives it (``--account``).

Decisions:

* ``Avg. viewing duration per view`` is the canonical ``avg_view_duration_s`` (total viewing
  time / views, as its name says); ``Avg. viewing duration`` (TikTok: time per viewer) is kept
  as the platform value ``avg_view_duration_per_viewer_s``.
* ``Duration`` (minute resolution) is kept as exported; only when it is empty is it computed
  from End Time - Start Time.
* ``Attributed GMV`` is stored with ``gmv_basis = "attributed"`` and the currency of its sign.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

from siaran.errors import UsageError
from siaran.ingest.layout import (
    Constant,
    ImportContext,
    Match,
    ParsedImport,
    SessionBatch,
)
from siaran.ingest.layouts._sheet_table import LocatedHeader, best_header, header_match, located
from siaran.ingest.layouts._tiktok_cells import (
    counts,
    moneys,
    number_of,
    percents,
    ratios,
    seconds_of,
)
from siaran.ingest.layouts._tiktok_columns import Column, ReadTable
from siaran.ingest.layouts._tiktok_parse import parse_sessions
from siaran.ingest.layouts._time_checks import time_problems
from siaran.ingest.source import SourceFile

SHEET_NAME: Final = "performance_detail"
PLATFORM: Final = "tiktok"
GMV_BASIS: Final = "attributed"
MIN_HEADER_SHARE: Final = 0.5
"""Share of the known headers a row must hold to be taken for this layout's header (unless
the sheet is named ``performance_detail``, which identifies the layout by itself)."""

COLUMNS: Final[tuple[Column, ...]] = (
    Column("Room ID", "room_id", field="room_id"),
    Column("Room Title", "text", field="title"),
    Column("Start Time", "datetime", field="started_at"),
    Column("End Time", "datetime", field="ended_at"),
    Column("Duration", "duration", field="duration_s"),
    Column("Attributed GMV", "money", field="gmv"),
    Column("Attributed items sold", "number", field="items_sold"),
    Column("Attributed orders", "number", field="orders"),
    Column("Attributed SKU orders", "number", field="sku_orders"),
    Column("Customers", "number", field="customers"),
    Column("AOV", "money", kpi="aov"),
    Column("Views", "number", field="views"),
    Column("Impressions", "number", field="impressions"),
    Column("Impressions Per Hour", "number", kpi="impressions_per_hour"),
    Column("GMV per hour", "money", kpi="gmv_per_hour"),
    Column("Show GPM", "money", kpi="show_gpm"),
    Column("Watch GPM", "money", kpi="watch_gpm"),
    Column("Avg. viewing duration per view", "duration", field="avg_view_duration_s"),
    Column("Avg. viewing duration", "duration", kpi="avg_view_duration_per_viewer_s"),
    Column("Tap through rate", "rate", kpi="tap_through_rate"),
    Column("LIVE CTR", "rate", kpi="live_ctr"),
    Column("Product Impressions", "number", field="product_impressions"),
    Column("Product clicks", "number", field="product_clicks"),
    Column("CTR", "rate", kpi="ctr"),
    Column("CTOR", "rate", kpi="ctor"),
    Column("CTOR (SKU orders)", "rate", kpi="ctor_sku"),
    Column("SKU order rate", "rate", kpi="sku_order_rate"),
    Column("New followers", "number", field="new_followers"),
    Column("Follow rate", "rate", kpi="follow_rate"),
    Column("Comments", "number", field="comments"),
    Column("Comment rate", "rate", kpi="comment_rate"),
    Column("Shares", "number", field="shares"),
    Column("Share rate", "rate", kpi="share_rate"),
    Column("Likes", "number", field="likes"),
    Column("Like rate", "rate", kpi="like_rate"),
)
HEADERS: Final[tuple[str, ...]] = tuple(column.key for column in COLUMNS)
_NAMES: Final[dict[str, str]] = {header: header for header in HEADERS}
_MONEY_KEYS: Final = tuple(column.key for column in COLUMNS if column.kind == "money")


class CreatorLivePerformance:
    """The ``Creator-Live-Performance`` export (xlsx, or the same table saved as CSV)."""

    name = "tiktok_creator_live"

    def match(self, source: SourceFile) -> Match | None:
        return header_match(self.name, _locate(source))

    def parse(self, source: SourceFile, context: ImportContext) -> ParsedImport:
        account = context.account
        if account is None:
            raise UsageError("import.account_required", path=str(source.path))
        found = located(_locate(source), source)
        sheet, header = found.sheet, found.header

        def sessions(table: ReadTable, parsed: ParsedImport) -> SessionBatch:
            parsed.problems.extend(
                time_problems(
                    table, header.written, start="Start Time", end="End Time", room="Room ID"
                )
            )
            return _sessions(table, account)

        return parse_sessions(
            self.name, sheet, header, COLUMNS, context, prefer="dot_decimal", sessions=sessions
        )


CREATOR_LIVE_PERFORMANCE: Final = CreatorLivePerformance()


def _locate(source: SourceFile) -> LocatedHeader[str] | None:
    """The sheet and header row of this layout in ``source``, if it is there at all (the
    header is always in English)."""
    return best_header(source, {"en": _NAMES}, min_share=MIN_HEADER_SHARE, sheet_name=SHEET_NAME)


def _sessions(table: ReadTable, account: str) -> SessionBatch:
    columns: dict[str, pa.Array | Constant] = {"platform": PLATFORM, "account": account}
    duration = table.values.get("Duration")
    starts, ends = table.values.get("Start Time"), table.values.get("End Time")
    if starts is not None and ends is not None:
        # An empty Duration is End Time - Start Time.
        spans = pc.divide(
            pc.cast(pc.cast(pc.subtract(ends, starts), pa.int64()), pa.float64()), 1e6
        )
        filled = spans if duration is None else pc.coalesce(duration, spans)
        table.values["Duration"] = filled
    for column in COLUMNS:
        if column.field is not None and column.key in table.values:
            columns[column.field] = table.values[column.key]
    currency = next((table.currencies[key] for key in _MONEY_KEYS if key in table.currencies), None)
    columns["currency"] = currency
    columns["gmv_basis"] = GMV_BASIS
    return SessionBatch.of(table.source_rows, columns)


# -- writing the layout -----------------------------------------------------------------------


def write_creator_live_performance(
    path: Path,
    rows: Sequence[Mapping[str, object]],
    *,
    period: tuple[dt.date, dt.date],
    currency_sign: str = "Rp",
    as_csv: bool = False,
) -> None:
    """Write ``rows`` (canonical session dicts) as a ``Creator-Live-Performance`` export.

    Every cell is a string formatted the way TikTok does; the platform's derived columns are
    computed from the base counts (empty when a denominator is unknown or 0, see
    :func:`creator_columns`). ``started_at`` / ``ended_at`` are written as the wall-clock time
    of their own zone. With ``as_csv`` the same table is written as UTF-8 CSV, period row
    included.
    """
    period_text = f"{period[0].isoformat()} ~ {period[1].isoformat()}"
    table = zip(*creator_columns(rows, currency_sign), strict=True)
    if as_csv:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([period_text])
            writer.writerow([])
            writer.writerow(HEADERS)
            writer.writerows(table)
        return
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    sheet.append([period_text])
    sheet.append([])
    sheet.append(list(HEADERS))
    for cells in table:
        sheet.append([cell or None for cell in cells])
    workbook.save(path)


def creator_columns(rows: Sequence[Mapping[str, object]], sign: str) -> list[list[str]]:
    """The 35 columns of ``rows`` as TikTok writes them (``""`` for an empty cell).

    Built column by column because the benchmark writes 200,000 rows. Derived columns follow
    TikTok's definitions: AOV = GMV / orders; per hour = / duration; Show GPM = GMV per 1,000
    impressions; Watch GPM = per 1,000 views; tap-through rate = views / impressions; LIVE CTR
    = product clicks / views; CTR = product clicks / product impressions; CTOR = orders /
    product clicks (SKU variant: SKU orders); SKU order rate = SKU orders / views; follow,
    comment, share, like rate = count / views. ``Avg. viewing duration`` is per viewer, so it
    needs ``viewers``, else it is left empty.
    """

    def values(key: str) -> list[float | None]:
        return [number_of(row.get(key)) for row in rows]

    starts = [row.get("started_at") for row in rows]
    ends = [row.get("ended_at") for row in rows]
    durations = [
        _duration_of(row.get("duration_s"), start, end)
        for row, start, end in zip(rows, starts, ends, strict=True)
    ]
    hours = [None if d is None else d / 3600 for d in durations]
    gmv, orders, sku_orders = values("gmv"), values("orders"), values("sku_orders")
    views, impressions = values("views"), values("impressions")
    clicks, product_impressions = values("product_clicks"), values("product_impressions")
    followers, comments = values("new_followers"), values("comments")
    shares, likes = values("shares"), values("likes")
    per_view = [seconds_of(row.get("avg_view_duration_s")) for row in rows]
    total_viewing = [
        None if p is None or v is None else p * v for p, v in zip(per_view, views, strict=True)
    ]
    impressions_per_hour = [None if r is None else round(r, 2) for r in ratios(impressions, hours)]
    return [
        ["" if row.get("room_id") is None else str(row.get("room_id")) for row in rows],
        ["" if row.get("title") is None else str(row.get("title")) for row in rows],
        [_time(start) for start in starts],
        [_time(end) for end in ends],
        [format_hours_minutes(d) for d in durations],
        moneys(gmv, sign),
        counts(values("items_sold")),
        counts(orders),
        counts(sku_orders),
        counts(values("customers")),
        moneys(ratios(gmv, orders), sign),
        counts(views),
        counts(impressions),
        counts(impressions_per_hour),
        moneys(ratios(gmv, hours), sign),
        moneys(ratios(gmv, impressions, 1000), sign),
        moneys(ratios(gmv, views, 1000), sign),
        [format_view_duration(p) for p in per_view],
        [format_view_duration(t) for t in ratios(total_viewing, values("viewers"))],
        percents(views, impressions),
        percents(clicks, views),
        counts(product_impressions),
        counts(clicks),
        percents(clicks, product_impressions),
        percents(orders, clicks),
        percents(sku_orders, clicks),
        percents(sku_orders, views),
        counts(followers),
        percents(followers, views),
        counts(comments),
        percents(comments, views),
        counts(shares),
        percents(shares, views),
        counts(likes),
        percents(likes, views),
    ]


def _duration_of(value: object, start: object, end: object) -> float | None:
    seconds = seconds_of(value)
    if seconds is None and isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        return (end - start).total_seconds()
    return seconds


def _time(value: object) -> str:
    if isinstance(value, dt.datetime):
        # Faster than strftime, which matters for the 200,000-row benchmark file.
        return (
            f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        )
    return ""


def format_hours_minutes(seconds: float | None) -> str:
    """``0h19m``: TikTok's room duration, hours and whole minutes (seconds dropped)."""
    if seconds is None:
        return ""
    minutes = int(seconds // 60)
    return f"{minutes // 60}h{minutes % 60}m"


def format_view_duration(seconds: float | None) -> str:
    """``25s`` or ``1m5s``: an average viewing duration in whole seconds."""
    if seconds is None:
        return ""
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    return f"{whole // 60}m{whole % 60}s"
