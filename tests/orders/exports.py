"""Order lines with fake personal data, written in the platforms' layouts by the tests."""

from __future__ import annotations

import datetime as dt

WIB = dt.timezone(dt.timedelta(hours=7))
NAMES = ("Sari Wulandari", "Dimas Pratama", "Ayu Lestari")
PHONES = ("+6281234567890", "081298765432", "6285711122233")
ADDRESSES = ("Jl. Sam Ratulangi No. 12 RT 03", "Jl. Gatot Subroto 45", "Gang Mawar 7")
USERNAMES = ("sari_manado", "dimas.pr", "ayu_lestari99")


def at(hour: int, minute: int, day: int = 4) -> dt.datetime:
    return dt.datetime(2026, 7, day, hour, minute, tzinfo=WIB)


def line(
    order_id: str,
    buyer: int,
    created: dt.datetime,
    product: str,
    quantity: int,
    amount: float,
    *,
    order_amount: float | None = None,
    **extra: object,
) -> dict[str, object]:
    """One SKU line of an order by fake buyer ``buyer`` (an index into the lists above)."""
    return {
        "order_id": order_id,
        "status": "Completed",
        "created_at": created,
        "paid_at": created + dt.timedelta(minutes=2),
        "shipped_at": created + dt.timedelta(hours=20),
        "product": product,
        "seller_sku": product[:3].upper(),
        "quantity": quantity,
        "unit_price": amount / quantity,
        "amount": amount,
        "order_amount": order_amount if order_amount is not None else amount,
        "buyer": USERNAMES[buyer],
        "recipient": NAMES[buyer],
        "phone": PHONES[buyer],
        "address": ADDRESSES[buyer],
        "message": f"tolong kirim cepat ya, {NAMES[buyer]}",
        "district": "Wenang",
        "village": "Pinaesaan",
        "province": "Sulawesi Utara",
        "city": "Kota Manado",
        "tracking": "JX1234567890",
        **extra,
    }
