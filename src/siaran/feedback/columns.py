"""The columns of a review file: siaran's review layout, recognised by its header.

No platform's own review export could be confirmed (docs/en/formats.md says so), so siaran
reads one documented layout, ``siaran_reviews``, whose headers are written in English or
Indonesian, and any other layout through a review mapping (:mod:`siaran.feedback.mapping`).
A header row is a review file when it names a rating, a review text and a review time; every
other header must be one of the known ones (an unknown header refuses the file and names it).

The reviewer's username is never stored: it becomes the buyers' keyed hash
(:mod:`siaran.orders.privacy`), so a reviewer can be matched to the buyer of an order of the
same workspace and nobody can be named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

ReviewField = Literal[
    "review_id",
    "order_id",
    "product",
    "variation",
    "rating",
    "text",
    "reviewed_at",
    "reviewer",
    "platform",
]

HEADER_ALIASES: Final[dict[ReviewField, tuple[str, ...]]] = {
    "review_id": ("review id", "id ulasan", "id penilaian"),
    "order_id": ("order id", "id pesanan", "no. pesanan", "no pesanan", "nomor pesanan"),
    "product": ("product name", "product", "nama produk", "produk"),
    "variation": ("variation", "variant", "variasi", "nama variasi"),
    "rating": ("rating", "stars", "star rating", "bintang", "penilaian", "nilai"),
    "text": ("review", "review text", "review content", "ulasan", "isi ulasan", "komentar"),
    "reviewed_at": ("review time", "reviewed at", "review date", "waktu ulasan",
                    "tanggal ulasan", "waktu penilaian"),
    "reviewer": ("reviewer", "buyer username", "username", "username (pembeli)",
                 "nama pengguna", "pengulas"),
    "platform": ("platform",),
}  # fmt: skip
"""Every header siaran's review layout knows, by field (compared case- and
space-insensitively)."""

RECOGNISING: Final[tuple[ReviewField, ...]] = ("rating", "text", "reviewed_at")
LAYOUT_NAME: Final = "siaran_reviews"


def header_key(header: str) -> str:
    return " ".join(header.strip().lower().replace("_", " ").split())


_LOOKUP: Final[dict[str, ReviewField]] = {
    header_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases
}


@dataclass(frozen=True)
class ReviewColumns:
    """Where each field stands in a header row (0-based), and the headers nobody knows."""

    positions: dict[ReviewField, int]
    headers: dict[ReviewField, str]
    unknown: tuple[str, ...] = ()
    layout: str = LAYOUT_NAME


def recognise_reviews(header: Sequence[str | None]) -> ReviewColumns | None:
    """The review columns of ``header``; ``None`` unless it names a rating, a review text and
    a review time (the three no order, session or event export has together)."""
    positions: dict[ReviewField, int] = {}
    headers: dict[ReviewField, str] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        if not cell:
            continue
        name = _LOOKUP.get(header_key(cell))
        if name is None or name in positions:
            unknown.append(cell)
            continue
        positions[name] = index
        headers[name] = cell
    if not set(RECOGNISING) <= positions.keys():
        return None
    return ReviewColumns(positions, headers, tuple(unknown))
