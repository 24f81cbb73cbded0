"""An account's ecosystem with figures computed by hand (tests/ecosystem/test_measures.py):
its lives, affiliate orders (TikTok Shop layout, with fake buyers), reseller register and
scored lives with and without an ecosystem call."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from siaran.ecosystem.writer import write_affiliate_export, write_reseller_register
from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance
from siaran.talk import Transcript, save_scorecard, score_session
from siaran.workspace import Workspace

WIB = dt.timezone(dt.timedelta(hours=7))
ACCOUNT = "toko.ayu"
BUYER = "pembeli.rahasia"
PHONE = "+6281234567890"


def at(month: int, day: int, hour: int = 20, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WIB)


def affiliate_rows() -> list[dict[str, object]]:
    """July: sari's live order of two lines (150 000), eka's live order (30 000), budi's video
    order (200 000) and an ineligible one (80 000, not counted). August: citra's showcase order
    (60 000) and dewi's product-card order at 00:30 on 1 August (40 000)."""
    private = {"buyer": BUYER, "phone": PHONE}
    return [
        {"order_id": "A1", "creator": "@sari", "content_type": "LIVE", "created_at": at(7, 4),
         "status": "Settled", "gmv": "Rp100.000", "commission_rate": "10%",
         "commission": 10_000, "product": "Sambal roa", **private},
        {"order_id": "A1", "creator": "@sari", "content_type": "LIVE", "created_at": at(7, 4),
         "status": "Settled", "gmv": "Rp50.000", "commission_rate": "10%",
         "commission": 5_000, "product": "Abon tuna", **private},
        {"order_id": "A6", "creator": "eka", "content_type": "LIVE", "created_at": at(7, 15),
         "status": "Settled", "gmv": 30_000, **private},
        {"order_id": "A2", "creator": "budi", "content_type": "Video", "created_at": at(7, 10),
         "status": "Pending", "gmv": 200_000, "estimated_commission": 16_000, **private},
        {"order_id": "A3", "creator": "budi", "content_type": "Video", "created_at": at(7, 11),
         "status": "Ineligible", "gmv": 80_000, **private},
        {"order_id": "A4", "creator": "citra", "content_type": "Showcase",
         "created_at": at(8, 2), "status": "Settled", "gmv": 60_000, **private},
        {"order_id": "A5", "creator": "dewi", "content_type": "Product card",
         "created_at": at(8, 1, 0, 30), "status": "Settled", "gmv": 40_000, **private},
    ]  # fmt: skip


def reseller_rows() -> list[dict[str, object]]:
    """R1 joined 5 July (July 3 orders 300 000, August nothing), R2 6 July (July 1 order
    100 000, August 2 orders 150 000), R3 3 August (August 1 order 50 000), R4 21 July (no
    purchases yet)."""
    wa = {"channel": "WhatsApp", "phone": PHONE}
    return [
        {"reseller_id": "R1", "name": "Ani", "joined_on": "2026-07-05", "month": "2026-07",
         "orders": 3, "purchase_value": "Rp300.000", **wa},
        {"reseller_id": "R1", "name": "Ani", "joined_on": "2026-07-05", "month": "2026-08",
         "orders": 0, "purchase_value": 0, **wa},
        {"reseller_id": "R2", "name": "Bayu", "joined_on": "2026-07-06", "channel": "Shopee",
         "month": "Juli 2026", "orders": 1, "purchase_value": 100_000},
        {"reseller_id": "R2", "name": "Bayu", "joined_on": "2026-07-06", "channel": "Shopee",
         "month": "08/2026", "orders": 2, "purchase_value": 150_000},
        {"reseller_id": "R3", "name": "Cici", "joined_on": "2026-08-03", "channel": "offline",
         "month": "2026-08", "orders": 1, "purchase_value": 50_000},
        {"reseller_id": "R4", "name": "Dodi", "joined_on": "2026-07-21", **wa},
    ]  # fmt: skip


def _live(room: str, start: dt.datetime, gmv: float) -> dict[str, object]:
    return {
        "room_id": room, "title": "Sambal roa", "started_at": start,
        "ended_at": start + dt.timedelta(hours=1), "gmv": gmv, "orders": 10, "sku_orders": 10,
        "items_sold": 12, "customers": 9, "views": 1_000, "viewers": 800, "impressions": 9_000,
        "avg_view_duration_s": 40, "product_impressions": 2_000, "product_clicks": 100,
        "new_followers": 5, "comments": 50, "shares": 2, "likes": 900,
    }  # fmt: skip


def lives_export(folder: Path) -> Path:
    """Own lives: June (outside every ecosystem month), 3 and 20 July, 5 August."""
    path = folder / "Creator-Live-Performance_20260810093000.csv"
    rows = [
        _live("9001", at(6, 20), 9_999_999),
        _live("9002", at(7, 3), 2_000_000),
        _live("9003", at(7, 20), 1_000_000),
        _live("9004", at(8, 5), 500_000),
    ]
    write_creator_live_performance(
        path, rows, period=(dt.date(2026, 6, 1), dt.date(2026, 8, 31)), as_csv=True
    )
    return path


CALL = ["halo kak", "yang mau jadi reseller gabung grup whatsapp ya kak", "checkout ya"]
NO_CALL = ["halo kak", "checkout ya kak"]
SCORED_LIVES = (
    ("8001", at(7, 1), CALL),  # window 1-7 July: R1, R2
    ("8002", at(7, 15), CALL),  # 15-21 July: R4
    ("8003", at(7, 8), NO_CALL),  # 8-14 July: nobody
    ("8004", at(7, 28), NO_CALL),  # 28 July - 3 August: R3
    ("8005", at(8, 28), CALL),  # window past 31 August, which the register covers: left out
)


def write_files(folder: Path) -> tuple[Path, Path]:
    affiliates = write_affiliate_export(folder / "affiliate_orders.csv", affiliate_rows())
    register = write_reseller_register(folder / "resellers.csv", reseller_rows())
    return affiliates, register


def score_lives(ws: Workspace) -> None:
    for room, start, lines in SCORED_LIVES:
        card = score_session(Transcript.from_texts(lines), room_id=room, started_at=start)
        save_scorecard(ws, card, account=ACCOUNT)
