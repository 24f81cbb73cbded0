"""Order exports for the demo: the lives' orders, with fake buyers, as the platforms write them.

For the latest :data:`LIVES_PER_ACCOUNT` lives with orders of each of :data:`ORDER_ACCOUNTS`
(one TikTok Shop account, the Shopee one) the demo writes the platform's order export: exactly
the live's exported ``orders``, created while it was on air, whose SKU lines add up to its GMV
to the rupiah, so that ``siaran orders --view lives`` shows no difference for them; plus a few
orders placed outside every live (a morning after a live), which belong to none. Buyers come
from a small pool, so some return. Every buyer has a **fake** name, phone number and street
address in the file, so that the demo shows them dropped at import.

**A flash sale the crew could not keep up with.** In the busiest of :data:`FLASH_ACCOUNT`'s
lives, :data:`FLASH_SHARE` of the orders arrive in one 10-minute flash sale
:data:`FLASH_AT_MINUTES` into the live, far more than the demo crew packs
(:data:`DEMO_CAPACITY_PER_HOUR`, so ``siaran ops`` flags the live over capacity); those orders
ship :data:`FLASH_DELAY_HOURS` later than usual, mostly past the demo's promise
(:data:`DEMO_PROMISE_HOURS`), and more of them are cancelled by buyers tired of waiting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NotRequired, TypedDict, cast

from siaran.operations import FulfilmentSettings, save_fulfilment_settings
from siaran.orders.writer import write_order_export

if TYPE_CHECKING:
    import numpy as np

    from siaran.workspace import Workspace

ORDER_ACCOUNTS: Final = {"dapur.sekar.arum": "tiktok", "kopi.kali.serayu": "shopee"}
LIVES_PER_ACCOUNT: Final = 6
OFF_LIVE_ORDERS: Final = 3
BUYERS_PER_ACCOUNT: Final = 18
ORDERS_DIR: Final = "orders"
DEMO_CAPACITY_PER_HOUR: Final = 30
DEMO_PROMISE_HOURS: Final = 48
FLASH_ACCOUNT: Final = "kopi.kali.serayu"
FLASH_SHARE: Final = 0.6
FLASH_AT_MINUTES: Final = 30
FLASH_DELAY_HOURS: Final = 36
RETURN_SHARE: Final = 1 / 10
PRODUCTS: Final = {
    "dapur.sekar.arum": (("Sambal Bawang 150 g", 23_000), ("Sambal Cumi 150 g", 35_000),
                         ("Rendang Kering 250 g", 58_000)),
    "kopi.kali.serayu": (("Kopi Robusta Banyumas 250 g", 48_000),
                         ("Kopi Arabika Slamet 200 g", 65_000), ("Gula Semut 500 g", 27_000)),
}  # fmt: skip
FIRST_NAMES: Final = ("Rina", "Agus", "Dewi", "Bayu", "Sri", "Eko", "Wulan", "Joko", "Fitri")
LAST_NAMES: Final = ("Santoso", "Rahayu", "Wibowo", "Lestari", "Saputra", "Handayani")
CITIES: Final = (
    ("Jawa Tengah", "Kabupaten Banyumas"),
    ("Jawa Tengah", "Kabupaten Purbalingga"),
    ("Jawa Barat", "Kota Bandung"),
    ("DKI Jakarta", "Kota Jakarta Selatan"),
    ("Jawa Timur", "Kota Surabaya"),
)


class DemoOrderLine(TypedDict):
    """A SKU line of a demo order with its fake buyer's details (which the import drops or
    hashes) and the order's times and status."""

    order_id: str
    product: str
    seller_sku: str
    quantity: int
    unit_price: int
    amount: int
    order_amount: int
    shipping_fee: int
    country: str
    tracking: str
    buyer: str
    recipient: str
    phone: str
    address: str
    district: str
    village: str
    message: str
    province: str
    city: str
    created_at: dt.datetime
    paid_at: dt.datetime
    status: str
    cancelled_at: NotRequired[dt.datetime]
    cancelled_by: NotRequired[str]
    cancel_reason: NotRequired[str]
    rts_at: NotRequired[dt.datetime]
    shipped_at: NotRequired[dt.datetime]
    delivered_at: NotRequired[dt.datetime]
    return_type: NotRequired[str]
    refund_amount: NotRequired[int]


def _buyers(rng: np.random.Generator, account: str) -> list[dict[str, str]]:
    """A pool of fake buyers (name, phone, street address, username, region)."""
    buyers = []
    for n in range(BUYERS_PER_ACCOUNT):
        first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
        last = LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]
        province, city = CITIES[int(rng.integers(len(CITIES)))]
        buyers.append(
            {
                "buyer": f"{first.lower()}{last.lower()[:3]}{n:02d}",
                "recipient": f"{first} {last} (contoh)",
                "phone": f"+62 812-0000-{int(rng.integers(1000, 9999))}",
                "address": f"Jl. Contoh No. {n + 1}, RT 0{n % 9 + 1}/RW 02",
                "district": "Kecamatan Contoh",
                "village": "Desa Contoh",
                "message": f"Titip di pos ya, a.n. {first} (contoh)",
                "province": province,
                "city": city,
            }
        )
    return buyers


def _split(rng: np.random.Generator, total: int, parts: int) -> list[int]:
    """``total`` rupiah in ``parts`` positive multiples of 100 that add up exactly."""
    hundreds = total // 100
    weights = rng.uniform(0.5, 1.5, parts)
    shares = [max(1, int(hundreds * w / weights.sum())) for w in weights]
    shares[-1] += hundreds - sum(shares)
    while shares[-1] < 1:  # pragma: no cover - only when the rounding overshoots
        biggest = max(range(parts - 1), key=lambda i: shares[i])
        shares[biggest] -= 1
        shares[-1] += 1
    return [s * 100 + (total % 100 if i == parts - 1 else 0) for i, s in enumerate(shares)]


def _order_lines(
    rng: np.random.Generator,
    account: str,
    order_id: str,
    created: dt.datetime,
    value: int,
    buyer: Mapping[str, str],
    *,
    flash: bool = False,
) -> list[DemoOrderLine]:
    """One order of ``value`` rupiah: one or two SKU lines, shipped and delivered, or (one in
    fifteen) cancelled by the buyer, and (one in ten of the delivered) returned for a full
    refund; a ``flash`` order ships :data:`FLASH_DELAY_HOURS` later
    and is cancelled one time in four, by a buyer who waited too long."""
    products = PRODUCTS[account]
    count = 2 if value >= 4_000 and rng.random() < 0.3 else 1
    amounts = _split(rng, value, count) if count > 1 else [value]
    cancelled = rng.random() < (1 / 4 if flash else 1 / 15)
    paid = created + dt.timedelta(minutes=int(rng.integers(1, 9)))
    delay = int(rng.integers(6, 40)) + (FLASH_DELAY_HOURS if flash else 0)
    shipped = paid + dt.timedelta(hours=delay)
    times: dict[str, object] = {"created_at": created, "paid_at": paid}
    if cancelled:
        times["cancelled_at"] = paid + dt.timedelta(hours=30 if flash else 2)
        times["cancelled_by"] = "Buyer"
        times["cancel_reason"] = "Pengiriman terlalu lama" if flash else "Ingin mengubah pesanan"
        times["status"] = "Cancelled"
    else:
        times["rts_at"] = shipped - dt.timedelta(hours=2)
        times["shipped_at"] = shipped
        times["delivered_at"] = shipped + dt.timedelta(days=2)
        times["status"] = "Completed"
        if rng.random() < RETURN_SHARE:  # returned after delivery, refunded in full
            times["return_type"] = "Return/Refund"
            times["refund_amount"] = value
    lines: list[DemoOrderLine] = []
    for n, amount in enumerate(amounts):
        name, price = products[(int(rng.integers(len(products))) + n) % len(products)]
        quantity = max(1, round(amount / price))
        line = {
            "order_id": order_id,
            "product": name,
            "seller_sku": name.split()[1][:3].upper() + f"-{len(name)}",
            "quantity": quantity,
            "unit_price": price,
            "amount": amount,
            "order_amount": value + 9_000,
            "shipping_fee": 9_000,
            "country": "Indonesia",
            "tracking": f"JP{int(rng.integers(10**9, 10**10))}",
            **buyer,
            **times,
        }
        lines.append(cast(DemoOrderLine, line))
    return lines


def demo_order_lines(
    sessions: Sequence[Mapping[str, Any]], account: str, seed: int
) -> list[DemoOrderLine]:
    """The SKU lines of ``account``'s demo orders (module docstring), oldest first."""
    import numpy as np

    rng = np.random.default_rng([seed, sum(map(ord, account))])
    own = sorted(
        (s for s in sessions if s["account"] == account and s.get("orders")),
        key=lambda s: s["started_at"],
    )
    lives = own[-LIVES_PER_ACCOUNT:]
    buyers = _buyers(rng, account)
    prefix = "57" if ORDER_ACCOUNTS[account] == "tiktok" else "2609"
    lines: list[DemoOrderLine] = []
    number = 0
    busiest = max(lives, key=lambda s: int(s["orders"]), default=None)
    for live in lives:
        start, end = live["started_at"], live["ended_at"]
        orders, gmv = int(live["orders"]), round(float(live["gmv"]))
        span = max(60.0, (end - start).total_seconds() - 60)
        offsets = [float(x) for x in rng.uniform(30, span, orders)]
        rushed = round(orders * FLASH_SHARE) if account == FLASH_ACCOUNT and live is busiest else 0
        flash_at = FLASH_AT_MINUTES * 60.0
        # A flash sale: the first ``rushed`` orders arrive within its 10 minutes.
        offsets[:rushed] = [flash_at + (x - 30) / span * 590 for x in offsets[:rushed]]
        flash_ids = set(range(rushed))
        timed = sorted(enumerate(offsets), key=lambda pair: pair[1])
        values = _split(rng, gmv, orders)
        for (index, offset), value in zip(timed, values, strict=True):
            number += 1
            buyer = buyers[int(rng.integers(len(buyers)))]
            created = (start + dt.timedelta(seconds=round(offset))).replace(microsecond=0)
            lines += _order_lines(
                rng, account, f"{prefix}{number:08d}", created, value, buyer,
                flash=index in flash_ids,
            )  # fmt: skip
    for n in range(OFF_LIVE_ORDERS):
        live = lives[n % len(lives)]
        morning = live["started_at"].replace(hour=9, minute=15 + 7 * n, second=0)
        number += 1
        buyer = buyers[int(rng.integers(len(buyers)))]
        lines += _order_lines(rng, account, f"{prefix}{number:08d}", morning, 47_000, buyer)
    return sorted(lines, key=lambda line: (str(line["created_at"]), line["order_id"]))


def write_demo_orders(
    folder: Path, sessions: Sequence[Mapping[str, Any]], *, seed: int
) -> list[tuple[Path, str]]:
    """Write the order export of each of :data:`ORDER_ACCOUNTS`; (file, account) pairs."""
    written = []
    for account, platform in ORDER_ACCOUNTS.items():
        target = Path(folder) / account / ORDERS_DIR
        target.mkdir(parents=True, exist_ok=True)
        lines = demo_order_lines(sessions, account, seed)
        if not lines:
            continue
        name = "Order_SKU_List.csv" if platform == "tiktok" else "Order.all.csv"
        path = write_order_export(
            target / name, "tiktok" if platform == "tiktok" else "shopee", lines
        )
        written.append((path, account))
    return written


def set_demo_fulfilment(workspace: Workspace) -> None:
    """The demo crew's capacity and promise, as a seller would set them with ``siaran ops``."""
    save_fulfilment_settings(
        workspace, FulfilmentSettings(DEMO_CAPACITY_PER_HOUR, DEMO_PROMISE_HOURS)
    )
