"""Which cohort accounts without the change serve as its comparison.

A control account must have enough lives before and after the start and a positive level in
both (:attr:`AccountCells.usable`). Of those, at most :data:`MAX_CONTROLS` are kept: the
nearest to the treated accounts' mean in **level** before the start (log of the before level)
and **trend** before the start (log of the later half's level over the earlier half's, lives
in time order), each distance measured in standard deviations of the candidates. Ties by
account name, so the choice is the same on every run.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from siaran.experiments.estimate import MAX_CONTROLS, AccountCells, Cell


@dataclass(frozen=True)
class Control:
    """A chosen control account and why: its level and trend before the start."""

    cells: AccountCells
    level_before: float
    trend_before: float | None
    distance: float


def trend(cell: Cell) -> float | None:
    """log(level of the later half / level of the earlier half) of a cell's lives in order."""
    half = cell.lives // 2
    if half < 1:
        return None
    early = Cell(cell.numerators[:half], cell.denominators[:half]).level
    late = Cell(cell.numerators[-half:], cell.denominators[-half:]).level
    if early is None or late is None or early <= 0 or late <= 0:
        return None
    return math.log(late / early)


def _spread(values: Sequence[float]) -> float:
    return statistics.pstdev(values) if len(values) > 1 and statistics.pstdev(values) > 0 else 1.0


def choose_controls(
    treated: Sequence[AccountCells],
    candidates: Sequence[AccountCells],
    limit: int = MAX_CONTROLS,
) -> list[Control]:
    """The usable ``candidates`` nearest to ``treated`` before the start, at most ``limit``."""
    usable = [c for c in candidates if c.usable]
    if not usable or not treated:
        return []
    levels = {c.account: math.log(c.before.level or 1.0) for c in usable}
    trends = {c.account: trend(c.before) for c in usable}
    target_level = statistics.fmean(math.log(t.before.level or 1.0) for t in treated)
    known = [t for t in (trend(t.before) for t in treated) if t is not None]
    target_trend = statistics.fmean(known) if known else 0.0
    level_scale = _spread(list(levels.values()))
    trend_scale = _spread([t for t in trends.values() if t is not None])
    chosen = []
    for cell in usable:
        found = trends[cell.account]
        step_level = (levels[cell.account] - target_level) / level_scale
        step_trend = ((found if found is not None else target_trend) - target_trend) / trend_scale
        chosen.append(
            Control(cell, cell.before.level or 0.0, found, math.hypot(step_level, step_trend))
        )
    chosen.sort(key=lambda c: (c.distance, c.cells.account))
    return chosen[:limit]
