"""Order exports (one order per row: when, in which live room, how much) as ``order`` events.

A seller's order list becomes the ``orders`` and ``gmv`` of a timeline. The header is matched
by name in English or Indonesian (case and spacing ignored); the order id, order time, room
and amount columns are required, buyer and product are used when present. Amounts may be
written as a seller's spreadsheet writes them (``Rp35.000``, ``35,000.00``): they are read
with the same money parser as every other export.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, TypedDict
from zoneinfo import ZoneInfo

HEADER_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "id": ("order id", "order_id", "order no", "order number", "id pesanan", "no. pesanan",
           "no pesanan", "nomor pesanan"),
    "ts": ("order time", "order_time", "created time", "create time", "order created time",
           "paid time", "waktu pesanan", "waktu pesanan dibuat", "waktu dibuat",
           "waktu pembayaran"),
    "room_id": ("room id", "room_id", "live room id", "live id", "id room", "id live",
                "live room"),
    "amount": ("amount", "order amount", "order_amount", "order value", "gmv", "total",
               "total amount", "jumlah", "total pesanan", "total pembayaran", "nilai pesanan"),
    "user": ("buyer", "buyer username", "buyer_id", "pembeli", "username pembeli"),
    "product_id": ("product id", "product_id", "sku id", "id produk"),
}  # fmt: skip
REQUIRED: Final = ("id", "ts", "room_id", "amount")


def _key(header: str) -> str:
    return " ".join(header.strip().lower().replace("_", " ").split())


_LOOKUP: Final[dict[str, str]] = {
    _key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases
}


def match_order_header(header: Sequence[str]) -> dict[int, str] | None:
    """Column index -> canonical field when ``header`` is an order export's, else ``None``."""
    found: dict[int, str] = {}
    for index, cell in enumerate(header):
        name = _LOOKUP.get(_key(cell))
        if name is not None and name not in found.values():
            found[index] = name
    return found if set(REQUIRED) <= set(found.values()) else None


_ISO: Final = re.compile(
    r"\s*\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?\s*(Z|[+-]\d\d:?\d\d)?\s*"
)


def _iso_time(value: Any) -> Any:
    """Order times as exports write them (``04/07/2026 20:05``, ``2026/07/04/ 20:05``) as ISO
    8601; a time without an offset stays without one (the workspace zone applies, and the
    import report says so). What cannot be read is kept as written and fails typing, named."""
    from siaran.ingest.numbers import ParseFailure, parse_local_datetime

    if not isinstance(value, str) or not value.strip() or _ISO.fullmatch(value):
        return value
    try:
        parsed = parse_local_datetime(value, ZoneInfo("UTC"))
    except ParseFailure:
        return value
    if parsed is None:
        return None
    return (
        parsed.replace(tzinfo=None).isoformat()
        if not _HAS_ZONE.search(value)
        else parsed.isoformat()
    )


_HAS_ZONE: Final = re.compile(r"(z|[+-]\d\d:?\d\d|gmt|utc|wib|wita|wit)\s*$", re.IGNORECASE)


class OrderEvent(TypedDict):
    """An order export's row as a canonical ``order`` event, its cells as read (the column-wise
    validation types them and names what fails)."""

    id: object
    ts: object
    room_id: object
    user: object
    product_id: object
    type: Literal["order"]
    amount: object


def order_event(row: Mapping[str, Any]) -> OrderEvent:
    """One export row (canonical names as keys) as a canonical ``order`` event; the amount
    is parsed here (a value that is not money is kept as text and fails typing, named)."""
    from siaran.ingest.numbers import ParseFailure, parse_money

    raw = row.get("amount")
    amount: object
    try:
        amount, _currency = parse_money(raw.strip() if isinstance(raw, str) else raw)
    except ParseFailure:
        amount = raw
    return {
        "id": row.get("id"),
        "ts": _iso_time(row.get("ts")),
        "room_id": row.get("room_id"),
        "user": row.get("user"),
        "product_id": row.get("product_id"),
        "type": "order",
        "amount": amount,
    }
