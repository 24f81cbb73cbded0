"""Real-layout exports for the web tests, written by the layouts' own writers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance

JAKARTA = ZoneInfo("Asia/Jakarta")
LAST_DAY = dt.date(2026, 9, 17)


def creator_rows(
    account_number: int,
    sessions: int,
    *,
    gmv_per_session: float | None,
    days: int = 28,
    hour: int = 19,
) -> list[dict[str, Any]]:
    """``sessions`` lives spread over the ``days`` days ending on :data:`LAST_DAY`, with room
    ids unique to the account; ``gmv_per_session=None`` leaves GMV out (unknown)."""
    rows = []
    for index in range(sessions):
        day = LAST_DAY - dt.timedelta(days=(index * days) // max(sessions, 1))
        start = dt.datetime.combine(day, dt.time(hour, 5 + index % 40), tzinfo=JAKARTA)
        gmv = None if gmv_per_session is None else gmv_per_session * (1 + (index % 3) / 10)
        views = 900 + 37 * index
        rows.append(
            {
                "room_id": f"76{account_number:04d}{index:013d}",
                "title": f"Live {index + 1}",
                "started_at": start,
                "ended_at": start + dt.timedelta(minutes=75),
                "duration_s": 75 * 60,
                "gmv": gmv,
                "orders": None if gmv is None else 12 + index % 5,
                "sku_orders": None if gmv is None else 14 + index % 5,
                "items_sold": None if gmv is None else 15 + index % 5,
                "customers": None if gmv is None else 11 + index % 5,
                "views": views,
                "viewers": int(views * 0.7),
                "impressions": views * 9,
                "avg_view_duration_s": 41,
                "product_impressions": views // 2,
                "product_clicks": 60 + index,
                "comments": 120 + index,
                "likes": 2500 + 10 * index,
                "shares": 8,
                "new_followers": 5 + index % 4,
            }
        )
    return rows


def write_creator_export(path: Path, rows: list[dict[str, Any]]) -> Path:
    """A ``Creator-Live-Performance`` workbook of ``rows``, as TikTok Shop exports it."""
    starts = [row["started_at"].date() for row in rows]
    write_creator_live_performance(path, rows, period=(min(starts), max(starts)))
    return path


# Accounts of the small test cohort: (handle, sessions in 28 days, GMV per session).
COHORT: tuple[tuple[str, int, float | None], ...] = (
    ("kopi.senja", 6, 2_400_000.0),
    ("batik.sekar", 12, 450_000.0),
    ("kacamata.jelas", 24, 35_000.0),
    ("keripik.mantap", 9, 1_100_000.0),
    ("tanaman.hias", 4, None),
)
