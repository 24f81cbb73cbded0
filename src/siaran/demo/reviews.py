"""Reviews for the demo: buyers' reviews of the demo's orders, consistent with them.

For each account of :data:`siaran.demo.orders.ORDER_ACCOUNTS`, about two in three delivered
orders get a review 1-6 days after delivery, by the order's (fake) buyer, of its first product,
with the order id; a few reviews come without an order (bought before the exported weeks).
Stars lean positive, as real shops' do, with one in seven reviews at 1-2 stars; each text is
drawn from phrases of its stars' side, so the feedback cues find a mix of praise and complaints
(shipping, packaging, size or taste, price, authenticity, service). The file is siaran's review
layout (`siaran_reviews`), Indonesian headers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from siaran.demo.orders import ORDER_ACCOUNTS, DemoOrderLine, demo_order_lines
from siaran.feedback.writer import ReviewRow, write_review_file

if TYPE_CHECKING:
    import numpy as np

REVIEWS_DIR: Final = "reviews"
REVIEW_SHARE: Final = 0.65
WITHOUT_ORDER: Final = 3
PRAISE: Final = (
    "mantap, rasanya enak banget",
    "pengiriman cepat, packing rapi",
    "barang bagus, sesuai deskripsi",
    "harga terjangkau, kualitas oke",
    "seller ramah, fast respon",
    "udah langganan, selalu original",
    "enak, pedesnya pas",
    "dikemas rapi pakai bubble wrap",
    "worth it, bakal beli lagi",
    "",
)
MIXED: Final = (
    "rasanya enak tapi pengirimannya lama",
    "barang oke, packing kurang rapi",
    "lumayan, agak mahal sih",
    "enak tp kemanisan buat aku",
)
COMPLAINTS: Final = (
    "pengiriman lama banget, seminggu baru sampai",
    "botolnya bocor, packing asal asalan",
    "kemahalan buat isi segini",
    "rasanya hambar, ga sesuai ekspektasi",
    "chat ga dibales, komplain dicuekin",
    "segelnya udah kebuka, curiga bukan ori",
    "barang rusak pas dateng",
)


def _stars(rng: np.random.Generator) -> int:
    return int(rng.choice([5, 4, 3, 2, 1], p=[0.55, 0.22, 0.09, 0.08, 0.06]))


def _text(rng: np.random.Generator, stars: int) -> str:
    bank = PRAISE if stars >= 4 else MIXED if stars == 3 else COMPLAINTS
    return str(bank[int(rng.integers(len(bank)))])


def demo_reviews(sessions: Sequence[Mapping[str, Any]], account: str, seed: int) -> list[ReviewRow]:
    """``account``'s demo reviews (module docstring), oldest first."""
    import numpy as np

    rng = np.random.default_rng([seed, sum(map(ord, account)), 7])
    orders: dict[str, DemoOrderLine] = {}
    for line in demo_order_lines(sessions, account, seed):
        orders.setdefault(str(line["order_id"]), line)
    platform = ORDER_ACCOUNTS[account]
    rows: list[ReviewRow] = []
    for order_id, line in orders.items():
        delivered = line.get("delivered_at")
        if not isinstance(delivered, dt.datetime) or rng.random() > REVIEW_SHARE:
            continue
        stars = _stars(rng)
        rows.append(
            {
                "order_id": order_id,
                "product": str(line["product"]),
                "rating": stars,
                "text": _text(rng, stars),
                "reviewed_at": delivered + dt.timedelta(hours=int(rng.integers(20, 140))),
                "reviewer": str(line["buyer"]),
                "platform": platform,
            }
        )
    if rows:
        first = min(r["reviewed_at"] for r in rows if isinstance(r["reviewed_at"], dt.datetime))
        names = sorted({str(r.get("product")) for r in rows})
        for n in range(WITHOUT_ORDER):
            stars = _stars(rng)
            rows.append(
                {
                    "product": names[n % len(names)],
                    "rating": stars,
                    "text": _text(rng, stars),
                    "reviewed_at": first - dt.timedelta(days=3 + n),
                    "reviewer": f"pembeli.lama{n}",
                    "platform": platform,
                }
            )
    return sorted(rows, key=lambda r: str(r["reviewed_at"]))


def write_demo_reviews(
    folder: Path, sessions: Sequence[Mapping[str, Any]], *, seed: int
) -> list[tuple[Path, str]]:
    """Write the review file of each order account; (file, account) pairs."""
    written = []
    for account in ORDER_ACCOUNTS:
        rows = demo_reviews(sessions, account, seed)
        if not rows:
            continue
        target = Path(folder) / account / REVIEWS_DIR
        target.mkdir(parents=True, exist_ok=True)
        written.append((write_review_file(target / "ulasan.csv", rows, language="id"), account))
    return written
