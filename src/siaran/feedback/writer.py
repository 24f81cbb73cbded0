"""Writing a review file in siaran's review layout (the demo, tests and anyone who keeps
reviews by hand in a spreadsheet): the headers of :mod:`siaran.feedback.columns`."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Final, TypedDict

HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("Review ID", "Order ID", "Product Name", "Variation", "Rating", "Review",
           "Review Time", "Buyer Username", "Platform"),
    "id": ("ID Ulasan", "No. Pesanan", "Nama Produk", "Variasi", "Bintang", "Ulasan",
           "Waktu Ulasan", "Username (Pembeli)", "Platform"),
}  # fmt: skip
_KEYS: Final = (
    "review_id", "order_id", "product", "variation", "rating", "text", "reviewed_at",
    "reviewer", "platform",
)  # fmt: skip


class ReviewRow(TypedDict, total=False):
    review_id: str
    order_id: str
    product: str
    variation: str
    rating: int | str
    text: str
    reviewed_at: dt.datetime | str
    reviewer: str
    platform: str


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.tzinfo else value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def write_review_file(
    path: Path, rows: Sequence[ReviewRow], *, language: str = "en", xlsx: bool = False
) -> Path:
    """``rows`` as a review file at ``path`` (CSV, or XLSX with ``xlsx``); a naive time is
    written as it is (local time, as spreadsheets keep it), an aware one with its offset."""
    header = list(HEADERS[language])
    body = [[_cell(row.get(key)) for key in _KEYS] for row in rows]
    if xlsx:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(header)
        for values in body:
            sheet.append(values)
        book.save(path)
        return path
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(body)
    return path
