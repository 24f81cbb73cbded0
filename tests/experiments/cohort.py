"""A small cohort written as real TikTok Creator exports and imported, with a known effect."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import numpy as np

from siaran.importing import ImportOptions, import_files
from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance
from siaran.workspace import Workspace

WIB: Final = dt.timezone(dt.timedelta(hours=7))
START: Final = dt.date(2026, 8, 20)
FIRST: Final = START - dt.timedelta(days=28)
LAST: Final = START + dt.timedelta(days=27)


def rows(account: int, level: float, effect: float, seed: int) -> list[dict[str, object]]:
    """A live every 2 to 3 days over 28 days before and 28 after :data:`START`; GMV per live
    hour ``level`` with noise, times ``1 + effect`` from the start."""
    rng = np.random.default_rng([seed, account])
    out: list[dict[str, object]] = []
    day = FIRST
    while day <= LAST:
        start = dt.datetime.combine(day, dt.time(19, int(rng.integers(0, 30))), WIB)
        minutes = int(rng.integers(50, 110))
        factor = (1.0 + effect) if day >= START else 1.0
        gmv = round(level * minutes / 60 * float(rng.lognormal(-0.045, 0.3)) * factor, -2)
        orders = max(1, int(gmv // 50_000))
        out.append(
            {
                "room_id": str(7_400_000_000_000_000_000 + account * 1_000 + len(out)),
                "title": f"Live {len(out) + 1}",
                "started_at": start,
                "ended_at": start + dt.timedelta(minutes=minutes),
                "gmv": gmv,
                "orders": orders,
                "sku_orders": orders,
                "items_sold": orders,
                "customers": orders,
                "views": 2_000 + 10 * len(out),
                "viewers": 1_200,
                "impressions": 30_000,
                "avg_view_duration_s": 40,
                "product_impressions": 5_000,
                "product_clicks": 250 + orders,
                "new_followers": 10,
                "comments": 300,
                "shares": 5,
                "likes": 9_000,
            }
        )
        day += dt.timedelta(days=int(rng.integers(2, 4)))
    return out


def import_cohort(
    workspace: Workspace,
    folder: Path,
    levels: Mapping[str, tuple[float, float]],
    *,
    seed: int = 7,
    currencies: Mapping[str, str] | None = None,
) -> None:
    """Write and import one Creator export per account of ``levels`` ({account: (GMV per
    live hour, effect from the start)}); ``currencies`` gives an account another sign (RM)."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, (account, (level, effect)) in enumerate(sorted(levels.items())):
        path = folder / f"Creator-Live-Performance_{index:02d}.csv"
        sign = (currencies or {}).get(account, "Rp")
        write_creator_live_performance(
            path,
            rows(index, level, effect, seed),
            period=(FIRST, LAST),
            currency_sign=sign,
            as_csv=True,
        )
        import_files(workspace, [path], ImportOptions(account=account))
