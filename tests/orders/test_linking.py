"""Orders linked to lives, checked against values computed by hand.

Two lives of toko.ayu on 4 July 2026 (WIB): A 20:00-21:00 (the platform attributes 3 orders
and Rp200.000), B 21:20-22:00 (1 order, Rp45.000). Six orders:

| order | created | buyer | value | live (grace 30 min) |
| --- | --- | --- | --- | --- |
| O6 | 19:00 | 2 | 10.000 | none (before A) |
| O1 | 20:05 | 0 | 90.000 + 9.000 | A (on air) |
| O2 | 20:40 | 1 | 45.000 | A |
| O3 | 21:10 | 2 | 120.000 | A (in its grace window, B not yet on air) |
| O4 | 21:25 | 0 | 45.000 | B (on air; also in A's window: on air wins) |
| O5 | 23:00 | 1 | 30.000 | none (after B's window, 22:30) |

A: 3 orders, 264.000 (64.000 more than attributed), buyers 0 and 1 new, 2 returning (O6).
B: 1 order, 45.000 (as attributed), buyer 0 returning.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from siaran.errors import UsageError
from siaran.importing import ImportOptions, import_file
from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance
from siaran.orders import GRACE_SETTING, list_orders, live_orders, live_products
from siaran.orders.writer import write_order_export
from siaran.workspace import Workspace
from tests.orders.exports import at, line

ACCOUNT = "toko.ayu"
ROOM_A, ROOM_B = "7391000000000000001", "7391000000000000002"


def live(
    room: str, start: dt.datetime, end: dt.datetime, orders: int, gmv: float
) -> dict[str, object]:
    return {
        "room_id": room,
        "title": "Sambal roa",
        "started_at": start,
        "ended_at": end,
        "gmv": gmv,
        "orders": orders,
        "sku_orders": orders,
        "items_sold": orders,
        "customers": orders,
        "views": 1000,
        "viewers": 500,
        "impressions": 4000,
        "avg_view_duration_s": 30,
        "product_impressions": 900,
        "product_clicks": 90,
        "new_followers": 3,
        "comments": 40,
        "shares": 2,
        "likes": 500,
    }


@pytest.fixture
def linked(workspace: Workspace, tmp_path: Path) -> Workspace:
    lives = tmp_path / "Creator-Live-Performance_20260705000000.csv"
    write_creator_live_performance(
        lives,
        [
            live(ROOM_A, at(20, 0), at(21, 0), 3, 200_000),
            live(ROOM_B, at(21, 20), at(22, 0), 1, 45_000),
        ],
        period=(dt.date(2026, 7, 1), dt.date(2026, 7, 5)),
        as_csv=True,
    )
    import_file(workspace, lives, ImportOptions(account=ACCOUNT))
    lines = [
        line("O6", 2, at(19, 0), "Abon Tuna", 1, 10_000),
        line("O1", 0, at(20, 5), "Sambal Roa", 2, 90_000, order_amount=99_000),
        line("O1", 0, at(20, 5), "Sambal Cakalang", 1, 9_000, order_amount=99_000),
        line("O2", 1, at(20, 40), "Sambal Roa", 1, 45_000),
        line("O3", 2, at(21, 10), "Abon Tuna", 3, 120_000),
        line("O4", 0, at(21, 25), "Sambal Roa", 1, 45_000),
        line("O5", 1, at(23, 0), "Sambal Roa", 1, 30_000),
    ]
    import_file(
        workspace,
        write_order_export(tmp_path / "orders.csv", "tiktok", lines),
        ImportOptions(account=ACCOUNT),
    )
    return workspace


def test_each_order_gets_its_live(linked: Workspace) -> None:
    rooms = {o.order_id: o.room_id for o in list_orders(linked)}
    assert rooms == {"O6": None, "O1": ROOM_A, "O2": ROOM_A, "O3": ROOM_A, "O4": ROOM_B, "O5": None}
    assert [o.order_id for o in list_orders(linked, room=ROOM_A)] == ["O1", "O2", "O3"]


def test_a_shorter_grace_window_leaves_the_late_order_out(linked: Workspace) -> None:
    rooms = {o.order_id: o.room_id for o in list_orders(linked, grace=0)}
    assert rooms["O3"] is None and rooms["O4"] == ROOM_B
    linked.set_setting(GRACE_SETTING, "0")
    assert [o.order_id for o in list_orders(linked, room=ROOM_A)] == ["O1", "O2"]
    with pytest.raises(UsageError):
        list_orders(linked, grace=-5)


def test_per_live_orders_value_differences_and_buyers(linked: Workspace) -> None:
    found = {(r.room_id): r for r in live_orders(linked)}
    a, b = found[ROOM_A], found[ROOM_B]
    assert (a.orders, a.gmv, a.platform_orders, a.platform_gmv) == (3, 264_000, 3, 200_000)
    assert (a.orders_difference, a.gmv_difference) == (0, 64_000)
    assert (a.buyers, a.new_buyers, a.returning_buyers) == (3, 2, 1)
    assert (b.orders, b.gmv, b.orders_difference, b.gmv_difference) == (1, 45_000, 0, 0)
    assert (b.buyers, b.new_buyers, b.returning_buyers) == (1, 0, 1)
    assert a.currency == "IDR" and a.cancelled_orders == 0


def test_orders_and_value_by_product_per_live(linked: Workspace) -> None:
    rows = [(p.product, p.orders, p.quantity, p.amount) for p in live_products(linked, room=ROOM_A)]
    assert rows == [
        ("Sambal Roa", 2, 3, 135_000),
        ("Abon Tuna", 1, 3, 120_000),
        ("Sambal Cakalang", 1, 1, 9_000),
    ]
