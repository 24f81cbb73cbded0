"""The time slot: the account's lives by local weekday and start hour, with the mean GMV per
live hour of each slot and its uncertainty.

Every imported live of the account in its main currency and GMV basis counts (not only the
last 28 days: a slot needs lives to say anything). A slot with fewer than :data:`MIN_SLOT`
lives gets no mean and no interval. The interval is a percentile bootstrap of the mean
(seeded by :mod:`siaran.resampling`, so the same lives give the same interval). The slot
proposed is the one of the plan's weekday with the highest mean; the one the account uses
most is shown beside it. Overlapping intervals mean the data do not tell the two apart.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from siaran.advice.indicators import money_group
from siaran.advice.lives import Live
from siaran.metrics.spearman import CONFIDENCE
from siaran.plan.model import SlotJson
from siaran.resampling import RESAMPLES, SEED

MIN_SLOT: Final = 3
"""Lives a weekday x hour slot needs before its mean GMV per live hour is given."""
TOP_SLOTS: Final = 5


@dataclass(frozen=True)
class SlotResult:
    currency: str | None
    gmv_basis: str | None
    n_lives: int
    best: SlotJson | None
    """The best slot on the plan's weekday (``None``: no slot of that weekday has enough lives)."""
    usual: SlotJson | None
    cells: tuple[SlotJson, ...]
    """The slots with enough lives, best first (at most :data:`TOP_SLOTS`)."""


def mean_interval(values: Sequence[float]) -> tuple[float, float]:
    """A percentile bootstrap interval of the mean of ``values``."""
    data = np.asarray(values, dtype=np.float64)
    rng = np.random.default_rng(SEED)
    means = data[rng.integers(0, data.size, size=(RESAMPLES, data.size))].mean(axis=1)
    tail = (1.0 - CONFIDENCE) / 2.0 * 100.0
    low, high = np.percentile(means, [tail, 100.0 - tail])
    return float(low), float(high)


def _slot(weekday: int, hour: int, lives: Sequence[Live]) -> SlotJson:
    values = [v.gmv_per_hour for v in lives if v.gmv_per_hour is not None]
    mean: float | None = None
    low: float | None = None
    high: float | None = None
    if len(values) >= MIN_SLOT:
        mean = statistics.fmean(values)
        low, high = mean_interval(values)
    return {
        "weekday": weekday,
        "hour": hour,
        "n_lives": len(lives),
        "gmv_per_hour": mean,
        "ci_low": low,
        "ci_high": high,
    }


def time_slots(lives: Sequence[Live], weekday: int) -> SlotResult:
    """The slots of ``lives`` (one account's) and the best one on ``weekday``."""
    group = money_group(lives) or (None, None)
    used = [v for v in lives if v.money_group == group]
    by_cell: dict[tuple[int, int], list[Live]] = {}
    for live in used:
        by_cell.setdefault((live.started_at.weekday(), live.started_at.hour), []).append(live)
    slots = [_slot(day, hour, found) for (day, hour), found in sorted(by_cell.items())]
    rated = sorted(
        (s for s in slots if s["gmv_per_hour"] is not None),
        key=lambda s: (-(s["gmv_per_hour"] or 0.0), s["weekday"], s["hour"]),
    )
    on_day = [s for s in rated if s["weekday"] == weekday]
    usual = max(slots, key=lambda s: (s["n_lives"], -s["weekday"], -s["hour"])) if slots else None
    return SlotResult(
        currency=group[0],
        gmv_basis=group[1],
        n_lives=len(used),
        best=on_day[0] if on_day else None,
        usual=usual,
        cells=tuple(rated[:TOP_SLOTS]),
    )
