"""Twelve lives of one account written as a real TikTok Creator export and imported, with
figures chosen so that the crew measures can be worked out by hand.

Every live lasts 60 minutes and has 2,000 views (the Creator export has no unique viewers, so
conversion is customers / views). Lives 1-5 get a dedicated interaction admin (comments per
minute 10, 11, 12, 9, 8: mean 10; conversion 2.5 %, 3 %, 2 %, 2.5 %, 2.5 %: mean 2.5 %); lives
6-10 none (live 6's admin is its host): comments per minute 5, 6, 4, 7, 3 (mean 5), conversion
1 %, 1.5 %, 1 %, 1.5 %, 1 % (mean 1.2 %). Lives 11 and 12 get no roster.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

from siaran.crew import CrewMember, set_crew
from siaran.importing import ImportOptions, import_files
from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance
from siaran.workspace import Workspace

WIB: Final = dt.timezone(dt.timedelta(hours=7))
ACCOUNT: Final = "toko.kru"
OTHER: Final = "toko.lain"
FIRST_DAY: Final = dt.date(2026, 8, 1)
ROOMS: Final = tuple(str(7_500_000_000_000_000_000 + n) for n in range(1, 13))
OTHER_ROOM: Final = "7500000000000000999"
COMMENTS_PER_MINUTE: Final = (10, 11, 12, 9, 8, 5, 6, 4, 7, 3, 6, 6)
CUSTOMERS: Final = (50, 60, 40, 50, 50, 20, 30, 20, 30, 20, 25, 25)


def live_rows(rooms: tuple[str, ...] = ROOMS) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for n, room in enumerate(rooms):
        start = dt.datetime.combine(FIRST_DAY + dt.timedelta(days=2 * n), dt.time(19), WIB)
        out.append(
            {
                "room_id": room,
                "title": f"Live {n + 1}",
                "started_at": start,
                "ended_at": start + dt.timedelta(minutes=60),
                "gmv": 1_000_000.0,
                "orders": CUSTOMERS[n % 12],
                "sku_orders": CUSTOMERS[n % 12],
                "items_sold": CUSTOMERS[n % 12],
                "customers": CUSTOMERS[n % 12],
                "views": 2_000,
                "viewers": 1_000,
                "impressions": 30_000,
                "avg_view_duration_s": 40,
                "product_impressions": 5_000,
                "product_clicks": 300,
                "new_followers": 10,
                "comments": COMMENTS_PER_MINUTE[n % 12] * 60,
                "shares": 5,
                "likes": 9_000,
            }
        )
    return out


def import_lives(workspace: Workspace, folder: Path) -> None:
    """The twelve lives of :data:`ACCOUNT` and one live of :data:`OTHER`."""
    folder.mkdir(parents=True, exist_ok=True)
    period = (FIRST_DAY, FIRST_DAY + dt.timedelta(days=27))
    ours = folder / "Creator-Live-Performance_01.csv"
    write_creator_live_performance(ours, live_rows(), period=period, as_csv=True)
    theirs = folder / "Creator-Live-Performance_02.csv"
    write_creator_live_performance(theirs, live_rows((OTHER_ROOM,)), period=period, as_csv=True)
    import_files(workspace, [ours], ImportOptions(account=ACCOUNT))
    import_files(workspace, [theirs], ImportOptions(account=OTHER))


def set_rosters(workspace: Workspace) -> None:
    """Rosters for lives 1-10 as the module docs say; live 1 and 2 also have fulfilment,
    live 3 a camera operator."""
    for n, room in enumerate(ROOMS[:10], start=1):
        members = [CrewMember("host", "Sari")]
        if n <= 5:
            members.append(CrewMember("interaction_admin", "Dimas"))
        if n == 6:
            members.append(CrewMember("interaction_admin", " sari "))
        if n <= 2:
            members.append(CrewMember("fulfilment", "Rina"))
        if n == 3:
            members.append(CrewMember("other", "Budi", "kamera"))
        set_crew(workspace, room, members, account=ACCOUNT)
