"""The demo's two recorded experiments: one with a real (planted) effect, one without.

- ``demo-awal``: four TikTok accounts start showing the product working early in every live
  from :data:`PLANTED_FROM`; the cohort generator really raises their conversion (customers /
  viewers, the experiment's KPI) by :data:`PLANTED_EFFECT` from that day
  (:mod:`siaran.demo.cohort`).
  Evaluated before/after against the cohort's accounts without the change.
- ``demo-pin-menit-5``: a switchback on the busiest account, pinning the product at minute 5 in
  every other live from the same day. Nothing is planted: its verdict should not claim an
  effect.

Both are recorded through :mod:`siaran.experiments`, like any seller's; running the demo again
records nothing new.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from siaran.demo.cohort import PLANTED_ACCOUNTS, PLANTED_EFFECT, PLANTED_FROM, TIMEZONE
from siaran.experiments import add_experiment, assign_lives, list_experiments

if TYPE_CHECKING:
    from siaran.workspace import Workspace

PLANTED_NAME: Final = "demo-awal"
NULL_NAME: Final = "demo-pin-menit-5"
SWITCHBACK_ACCOUNT: Final = "hijab.ayunda"
RECORDED_AT: Final = dt.datetime(2026, 9, 18, 9, 0, tzinfo=dt.UTC)


def record_demo_experiments(workspace: Workspace) -> None:
    """Record both experiments (and the switchback's lives) unless they are there already."""
    known = {e.name for e in list_experiments(workspace)}
    if PLANTED_NAME not in known:
        add_experiment(
            workspace,
            PLANTED_NAME,
            accounts=PLANTED_ACCOUNTS,
            start=PLANTED_FROM,
            kpi="conversion",
            note=(
                "Tunjukkan produk dipakai di 10 menit pertama (demo: konversi benar-benar "
                f"dinaikkan {PLANTED_EFFECT:.0%})."
            ),
            created_at=RECORDED_AT,
        )
    if NULL_NAME not in known:
        add_experiment(
            workspace,
            NULL_NAME,
            accounts=[SWITCHBACK_ACCOUNT],
            start=PLANTED_FROM,
            kpi="gmv_per_live_hour",
            design="switchback",
            note="Pin produk di menit ke-5, selang-seling per live (demo: tanpa efek).",
            created_at=RECORDED_AT,
        )
        rooms = [
            str(row[0])
            for row in workspace.con.execute(
                "SELECT room_id FROM sessions WHERE account = ? AND room_id IS NOT NULL "
                "AND started_at >= ? ORDER BY started_at",
                [SWITCHBACK_ACCOUNT, dt.datetime.combine(PLANTED_FROM, dt.time(), TIMEZONE)],
            ).fetchall()
        ]
        assign_lives(
            workspace, NULL_NAME, SWITCHBACK_ACCOUNT, treated=rooms[1::2], untreated=rooms[0::2]
        )
