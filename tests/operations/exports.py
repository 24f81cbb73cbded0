"""A small hand-built order export and the two lives it belongs to, for the operations tests.

toko.ayu (TikTok Shop, WIB). Live A on 4 July 2026 20:00-21:00, live B on 6 July 20:00-21:00;
grace window 30 minutes. Times are WIB; "+h" is hours from creation to shipping.

| order | created | what happened | live | 10-min bucket |
| --- | --- | --- | --- | --- |
| A1 | 4 Jul 20:01 | shipped +10 h | A | 0 |
| A2 | 4 Jul 20:03 | shipped +20 h | A | 0 |
| A3 | 4 Jul 20:07 | shipped +30 h (late; 6 Jul 02:07, after A's cut-off) | A | 0 |
| A4 | 4 Jul 20:08 | cancelled by the buyer at 20:30, "Ingin mengubah pesanan" | A | 0 |
| A5 | 4 Jul 20:25 | shipped +50 h (late; 6 Jul 22:25, after A's cut-off) | A | 2 |
| A6 | 4 Jul 20:45 | never shipped (late, backlog) | A | 4 |
| A7 | 4 Jul 21:20 | shipped +5 h, returned: refund 45.000 | A (grace) | 8 |
| B1 | 6 Jul 20:05 | shipped +2 h | B | 0 |
| B2 | 6 Jul 20:15 | shipped +4 h | B | 1 |
| B3 | 6 Jul 20:35 | cancelled by the seller at 21:00, "Stok habis" | B | 3 |
| O1 | 9 Jul 10:00 | shipped +2 h (the export's latest time: 9 Jul 12:00) | none | |

With a capacity of 12 orders an hour (2 per 10 minutes) and a promise of 24 hours:

- live A: 7 orders, peak 4 (20:00-20:10), load 2.0, over capacity; packing 7/12 h; backlog 3
  at 6 Jul 00:00 (A3, A5, A6); shipped 5, 10, 20, 30, 50 h: median 20, p90 30 + 0.6 × 20 = 42;
  late 3 (A3, A5, A6) of 6 judged = 0.5; cancelled 1/7; returned 1 of 6 kept; refund 45.000.
- live B: 3 orders, peak 1, load 0.5; backlog 0 at 8 Jul 00:00; 2 and 4 h: median 3,
  p90 2 + 0.9 × 2 = 3.8; late 0 of 2; cancelled 1/3; returned 0 of 2, refund 0.
- the account: 11 orders; shipped 2, 2, 4, 5, 10, 20, 30, 50 h: median 7.5, p90
  30 + 0.3 × 20 = 36; late 3 of 9 judged; cancelled 2/11 (buyer 1, seller 1); returned 1 of
  9 kept; peak 4; backlog 3; over capacity: live A (late 0.5, cancelled 1/7), within: live B
  (late 0, cancelled 1/3).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from siaran.importing import ImportOptions, import_file
from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance
from siaran.orders.writer import write_order_export
from siaran.workspace import Workspace
from tests.orders.exports import at, line
from tests.orders.test_linking import live

ACCOUNT = "toko.ayu"
ROOM_A, ROOM_B = "7391000000000000001", "7391000000000000002"


def _shipped(order: str, buyer: int, created: dt.datetime, hours: float) -> dict[str, object]:
    return line(
        order, buyer, created, "Sambal Roa", 1, 45_000,
        shipped_at=created + dt.timedelta(hours=hours),
    )  # fmt: skip


def _cancelled(
    order: str, created: dt.datetime, when: dt.datetime, by: str, reason: str
) -> dict[str, object]:
    return line(
        order, 1, created, "Abon Tuna", 1, 40_000, status="Cancelled", shipped_at=None,
        cancelled_at=when, cancelled_by=by, cancel_reason=reason,
    )  # fmt: skip


def order_lines() -> list[dict[str, object]]:
    """The export's lines (module docstring)."""
    return [
        _shipped("A1", 0, at(20, 1), 10),
        _shipped("A2", 1, at(20, 3), 20),
        _shipped("A3", 2, at(20, 7), 30),
        _cancelled("A4", at(20, 8), at(20, 30), "Buyer", "Ingin mengubah pesanan"),
        _shipped("A5", 0, at(20, 25), 50),
        line("A6", 1, at(20, 45), "Sambal Roa", 1, 45_000, status="To ship", shipped_at=None),
        line(
            "A7",
            2,
            at(21, 20),
            "Sambal Roa",
            1,
            45_000,
            shipped_at=at(21, 20) + dt.timedelta(hours=5),
            return_type="Return/Refund",
            refund_amount=45_000,
            returned_quantity=1,
        ),
        _shipped("B1", 0, at(20, 5, day=6), 2),
        _shipped("B2", 1, at(20, 15, day=6), 4),
        _cancelled("B3", at(20, 35, day=6), at(21, 0, day=6), "Seller", "Stok habis"),
        _shipped("O1", 2, at(10, 0, day=9), 2),
    ]


def build(workspace: Workspace, folder: Path) -> Workspace:
    """Import the two lives and the order export into ``workspace``."""
    lives = folder / "Creator-Live-Performance_20260710000000.csv"
    write_creator_live_performance(
        lives,
        [
            live(ROOM_A, at(20, 0), at(21, 0), 7, 315_000),
            live(ROOM_B, at(20, 0, day=6), at(21, 0, day=6), 3, 130_000),
        ],
        period=(dt.date(2026, 7, 1), dt.date(2026, 7, 10)),
        as_csv=True,
    )
    import_file(workspace, lives, ImportOptions(account=ACCOUNT))
    export = write_order_export(folder / "orders.csv", "tiktok", order_lines())
    import_file(workspace, export, ImportOptions(account=ACCOUNT))
    return workspace
