"""Writing ecosystem files in the layouts siaran reads, for the demo and the tests: a TikTok
Shop affiliate order export (the headers docs/en/formats.md lists), the canonical affiliate
CSV and a reseller register, as CSV or XLSX. Rows are dicts of canonical fields; ``buyer``
and ``phone`` add the personal columns an export may carry (which the import drops)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final, Literal

TIKTOK_AFFILIATE_HEADERS: Final[dict[str, str]] = {
    "order_id": "Order ID",
    "product": "Product Name",
    "creator": "Creator Username",
    "content_type": "Content Type",
    "content_id": "Content ID",
    "created_at": "Time Created",
    "status": "Order Status",
    "gmv": "Payment Amount",
    "commission_rate": "Standard Commission Rate",
    "estimated_commission": "Estimated Commission",
    "commission": "Actual Commission",
    "buyer": "Buyer Username",
    "phone": "Phone #",
}
RESELLER_HEADERS: Final[dict[str, str]] = {
    "reseller_id": "reseller_id",
    "name": "name",
    "joined_on": "joined_on",
    "channel": "channel",
    "month": "month",
    "orders": "orders",
    "purchase_value": "purchase_value",
    "phone": "phone",
}
_CANONICAL: Final = ("order_id", "created_at", "creator", "content_type", "gmv",
                     "commission_rate", "commission", "status", "product", "content_id",
                     "currency")  # fmt: skip


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _write(path: Path, fields: Sequence[str], headers: Mapping[str, str],
           rows: Sequence[Mapping[str, object]]) -> Path:  # fmt: skip
    """A CSV, or an XLSX when ``path`` ends in ``.xlsx``."""
    used = [f for f in fields if any(f in row for row in rows)] or list(fields)
    if Path(path).suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append([headers.get(f, f) for f in used])
        for row in rows:
            sheet.append([_cell(row.get(f)) for f in used])
        book.save(path)
        return Path(path)
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([headers.get(f, f) for f in used])
        for row in rows:
            writer.writerow([_cell(row.get(f)) for f in used])
    return Path(path)


def write_affiliate_export(
    path: Path,
    rows: Sequence[Mapping[str, object]],
    layout: Literal["tiktok", "canonical"] = "tiktok",
) -> Path:
    """``rows`` as a TikTok Shop affiliate order export or the canonical affiliate CSV."""
    if layout == "canonical":
        return _write(path, _CANONICAL, {}, rows)
    return _write(path, tuple(TIKTOK_AFFILIATE_HEADERS), TIKTOK_AFFILIATE_HEADERS, rows)


def write_reseller_register(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    """``rows`` as a reseller register (one row per reseller and month)."""
    return _write(path, tuple(RESELLER_HEADERS), RESELLER_HEADERS, rows)
