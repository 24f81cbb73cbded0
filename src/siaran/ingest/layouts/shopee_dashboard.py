"""Shopee Seller Centre livestream dashboard (CSV/xlsx), English or Indonesian headers.

See :mod:`siaran.ingest.layouts.shopee` for the decisions shared with the session metrics.
"""

from __future__ import annotations

from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

from siaran.ingest.layout import (
    Constant,
    ImportContext,
    Match,
    ParsedImport,
    SessionBatch,
    normalise_header,
)
from siaran.ingest.layouts._sheet_table import HeaderRow, find_header_row, located
from siaran.ingest.layouts._tiktok_columns import (
    Column,
    finish_parse,
    read_table,
)
from siaran.ingest.layouts._time_checks import spans, time_problems
from siaran.ingest.layouts.shopee import GMV_BASIS, PLATFORM, _share_known, accounts
from siaran.ingest.source import Sheet, SourceFile

# -- Seller Centre dashboard ------------------------------------------------------------------

DASHBOARD_COLUMNS: Final[tuple[tuple[Column, tuple[str, ...]], ...]] = (
    (Column("Livestream ID", "room_id", field="room_id"), ("Session ID", "ID Livestream")),
    (Column("Title", "text", field="title"), ("Livestream Title", "Judul", "Judul Livestream")),
    (Column("Account", "text"), ("Username", "Akun", "Nama Akun")),
    (Column("Start Time", "datetime", field="started_at"), ("Waktu Mulai", "Mulai")),
    (Column("End Time", "datetime", field="ended_at"), ("Waktu Selesai", "Selesai")),
    (Column("Duration", "duration", field="duration_s"), ("Durasi",)),
    (Column("Sales", "money", field="gmv"), ("Penjualan", "Sales (Rp)", "Penjualan (Rp)")),
    (Column("Total Views", "number", field="views"), ("Total Tayangan",)),
    (Column("GPM", "money", kpi="watch_gpm"), ("GPM (Rp)",)),
    (Column("Orders", "number", field="orders"), ("Pesanan",)),
    (Column("ABS", "money", kpi="aov"), ("ABS (Rp)",)),
    (Column("Total Viewer", "number", field="viewers"), ("Total Viewers", "Total Penonton")),
    (Column("PCU", "number", field="pcu"), ("Penonton Tertinggi",)),
    (Column("ACU", "number", field="acu"), ("CCU", "Rata-rata Penonton")),
    (Column("Buyers", "number", field="customers"), ("Pembeli",)),
    (Column("Items Sold", "number", field="items_sold"), ("Produk Terjual",)),
    (
        Column("Avg. Viewing Duration", "duration", field="avg_view_duration_s"),
        ("Average Viewing Duration", "Rata-rata Durasi Menonton", "Durasi Rata-rata"),
    ),
    (Column("Comments", "number", field="comments"), ("Komentar",)),
    (Column("Comments Rate", "rate", kpi="comment_rate"), ("Comment Rate", "Tingkat Komentar")),
    (Column("Likes", "number", field="likes"), ("Suka",)),
    (Column("Shares", "number", field="shares"), ("Dibagikan",)),
    (Column("New Followers", "number", field="new_followers"), ("Pengikut Baru",)),
    (Column("CTR", "rate", kpi="live_ctr"), ()),
    (Column("Add to Cart", "number", kpi="add_to_cart"), ("ATC", "Tambah ke Keranjang")),
)
_DASHBOARD: Final[tuple[Column, ...]] = tuple(column for column, _ in DASHBOARD_COLUMNS)
_DASHBOARD_NAMES: Final[dict[str, str]] = {
    name: column.key for column, aliases in DASHBOARD_COLUMNS for name in (column.key, *aliases)
}
_DISTINCTIVE: Final = frozenset({"Sales", "Total Views", "GPM", "ABS", "Total Viewer"})
"""Headers no other known layout has; a dashboard shows at least two of them. (Penjualan is
not among them: TikTok's Indonesian Seller Center uses it for unit sales.)"""
_DISTINCTIVE_TEXTS: Final = frozenset(
    normalise_header(name)
    for column, aliases in DASHBOARD_COLUMNS
    if column.key in _DISTINCTIVE
    for name in (column.key, *aliases)
    if name != "Penjualan"
)


class ShopeeDashboard:
    """The Shopee Seller Centre livestream dashboard table (CSV or xlsx)."""

    name = "shopee_live_dashboard"

    def match(self, source: SourceFile) -> Match | None:
        found = _locate_dashboard(source)
        if found is None:
            return None
        _, header = found
        missing = () if "Start Time" in header.positions else ("Start Time",)
        score = _share_known(len(header.positions), len(header.unknown))
        return Match(self.name, score, header.unknown, missing)

    def parse(self, source: SourceFile, context: ImportContext) -> ParsedImport:
        sheet, header = located(_locate_dashboard(source), source)
        table = read_table(sheet, header, _DASHBOARD, tz=context.timezone, prefer="comma_decimal")
        parsed = ParsedImport(layout=self.name)
        parsed.problems.extend(table.problems)
        n = len(table)
        columns: dict[str, pa.Array | Constant] = {"platform": PLATFORM}
        for column in _DASHBOARD:
            if column.field is not None and column.key in table.values:
                columns[column.field] = table.values[column.key]
        columns["account"] = accounts(table, "Account", None, context, parsed)
        columns["gmv_basis"] = GMV_BASIS
        columns["currency"] = table.currencies.get("Sales", table.currencies.get("GPM"))
        computed = spans(table, "Start Time", "End Time")
        written = table.values.get("Duration", pa.nulls(n, pa.float64()))
        columns["duration_s"] = pc.coalesce(written, computed)
        parsed.problems.extend(
            time_problems(table, header.written, start="Start Time", end="End Time")
        )
        parsed.sessions = SessionBatch.of(table.source_rows, columns)
        return finish_parse(parsed, table, _DASHBOARD, header, context)


SHOPEE_DASHBOARD: Final = ShopeeDashboard()


def _locate_dashboard(source: SourceFile) -> tuple[Sheet, HeaderRow] | None:
    best: tuple[Sheet, HeaderRow] | None = None
    for sheet in source.sheets:
        header = find_header_row(sheet, _DASHBOARD_NAMES)
        if header is None:
            continue
        texts = {normalise_header(text) for text in header.written.values()}
        if len(texts & _DISTINCTIVE_TEXTS) < 2:
            continue
        if best is None or len(header.positions) > len(best[1].positions):
            best = (sheet, header)
    return best
