"""Rhythm recommendations from the account's own lives: the start hour, the length of a live
and the number of lives a week that went with more value.

Each compares the account's lives (or weeks) on one side of a choice with those on the other,
in its main currency and GMV basis, with :func:`siaran.advice.effects.relative_difference`.
The side is chosen from the data, so a recommendation is made only when its interval lies
wholly above zero: picking the better of two sides by their means alone would find a
"better" side in pure noise. And because it was chosen after seeing the data, its interval is
widened for the sides it was chosen from (``choices``: the two halves, or the start hours other
than the usual one), so that noise clears zero no more often than for a side named in advance.
The estimate is still the winner's and leans high; the ranking reads the interval's lower end.

A percentile bootstrap of a few lives against a few is narrower than it should be (with no
spread inside the groups it is a single point), so the interval alone let noise through. A
recommendation is therefore also tested by permutation, the choice included
(:func:`selection_p_value`): the outcomes are shuffled over the same lives (or weeks), the side
is chosen again from each shuffle as it was from the data, and the recommendation is made only
when a winner as strong as the real one comes from fewer than :data:`ALPHA` of the shuffles.
That test is exact whatever the outcomes' distribution, and it says plainly that a handful of
lives cannot settle a choice: four weeks split two against two never can.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final, Generic, TypeVar

import numpy as np

from siaran.advice.effects import MIN_GROUP, relative_difference
from siaran.advice.indicators import live_evidence, money_group
from siaran.advice.lives import Live
from siaran.advice.model import Effect, Evidence
from siaran.metrics.spearman import CONFIDENCE
from siaran.resampling import RESAMPLES, SEED

WITHIN_GMV_PER_HOUR = "within_account:gmv_per_live_hour"
WITHIN_GMV_PER_LIVE = "within_account:gmv_per_live"
ALPHA: Final = (1.0 - CONFIDENCE) / 2.0
"""The share of shuffles a winner may match before the choice is put down to noise: one tail
of the 95% interval, as for a side named in advance."""
T = TypeVar("T")


@dataclass(frozen=True)
class Draft:
    """A recommendation before its texts and ranks: the message keys' parameters are raw
    values with their kind (``percent``, ``number``, ``minutes``, ``hour``, ``text``), written
    in each language later."""

    id: str
    area: str
    params: dict[str, tuple[str, float | str]]
    effect: Effect
    evidence: tuple[Evidence, ...]
    within_account: Effect | None = None
    notes: tuple[str, ...] = field(default=())


def _main_money(lives: Sequence[Live]) -> list[Live]:
    group = money_group(lives)
    return [v for v in lives if v.money_group == group and v.gmv_per_hour is not None]


def _mean(values: Sequence[float]) -> float:
    return statistics.fmean(values)


def selection_p_value(
    outcomes: Sequence[float], groups: Sequence[int], reference: int | None
) -> float:
    """How often shuffling ``outcomes`` over the items gives a winner at least as strong as the
    real one, the choice made again on every shuffle (a permutation p-value, the observed
    order counted as one of the shuffles).

    ``groups`` numbers the side of each item. With a ``reference`` side (the usual start hour)
    the winner is the side with the highest mean and its strength is that mean over the
    reference's (0 when the reference itself wins); without one (two halves) it is the higher
    mean over the lower. A reference or lower mean of 0 makes a shuffle as strong as any."""
    values = np.asarray(outcomes, dtype=np.float64)
    sides = np.asarray(groups, dtype=np.int64)
    rng = np.random.default_rng(SEED)
    shuffled = np.vstack(
        [values, rng.permuted(np.broadcast_to(values, (RESAMPLES, values.size)), axis=1)]
    )
    members = np.zeros((values.size, int(sides.max()) + 1))
    members[np.arange(values.size), sides] = 1.0
    means = (shuffled @ members) / members.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        if reference is None:
            strength = means.max(axis=1) / means.min(axis=1)
        else:
            strength = np.where(
                means.argmax(axis=1) == reference,
                1.0,
                means.max(axis=1) / means[:, reference],
            )
    strength = np.nan_to_num(strength, nan=np.inf, posinf=np.inf)
    observed = strength[0]
    as_strong = np.count_nonzero(strength[1:] >= observed * (1.0 - 1e-12))
    return float((1 + as_strong) / (RESAMPLES + 1))


@dataclass(frozen=True)
class Split(Generic[T]):
    """Items split at the median of a size: the half whose mean outcome is higher
    (``follow``), the other half, and whether the lower half won."""

    follow: list[T]
    other: list[T]
    lower_won: bool


def _better_half(
    items: Sequence[T], size: Callable[[T], float], outcome: Callable[[T], float]
) -> Split[T] | None:
    """``items`` split at the median ``size`` (the median itself in the lower half), the half
    with the higher mean ``outcome`` first; ``None`` with fewer than :data:`MIN_GROUP` a side,
    or when shuffling the outcomes over the items gives as large a gap between the halves
    :data:`ALPHA` of the time or more (:func:`selection_p_value`)."""
    if len(items) < 2 * MIN_GROUP:
        return None
    middle = statistics.median(size(i) for i in items)
    lower = [i for i in items if size(i) <= middle]
    upper = [i for i in items if size(i) > middle]
    if len(lower) < MIN_GROUP or len(upper) < MIN_GROUP:
        return None
    outcomes = [outcome(i) for i in lower] + [outcome(i) for i in upper]
    if selection_p_value(outcomes, [0] * len(lower) + [1] * len(upper), None) >= ALPHA:
        return None
    if _mean([outcome(i) for i in lower]) >= _mean([outcome(i) for i in upper]):
        return Split(lower, upper, True)
    return Split(upper, lower, False)


def start_hour(lives: Sequence[Live]) -> Draft | None:
    """Start at the hour whose lives earned the most per live hour instead of the usual one."""
    used = _main_money(lives)
    by_hour: dict[int, list[Live]] = {}
    for live in used:
        by_hour.setdefault(live.started_at.hour, []).append(live)
    eligible = {hour: group for hour, group in by_hour.items() if len(group) >= MIN_GROUP}
    if len(eligible) < 2:
        return None
    usual = max(eligible, key=lambda h: (len(eligible[h]), -h))
    best = max(eligible, key=lambda h: (_mean([v.gmv_per_hour or 0.0 for v in eligible[h]]), -h))
    if best == usual:
        return None
    hours = sorted(eligible)
    chosen_from = [(hours.index(h), v.gmv_per_hour or 0.0) for h in hours for v in eligible[h]]
    if (
        selection_p_value(
            [value for _, value in chosen_from],
            [side for side, _ in chosen_from],
            hours.index(usual),
        )
        >= ALPHA
    ):
        return None
    effect = relative_difference(
        [v.gmv_per_hour or 0.0 for v in eligible[best]],
        [v.gmv_per_hour or 0.0 for v in eligible[usual]],
        basis=WITHIN_GMV_PER_HOUR,
        choices=len(eligible) - 1,
    )
    return Draft(
        "rhythm.start_hour",
        "rhythm",
        {
            "best": ("hour", best),
            "usual": ("hour", usual),
            "n_best": ("number", len(eligible[best])),
            "n_usual": ("number", len(eligible[usual])),
        },
        effect,
        live_evidence(eligible[best], 3) + live_evidence(eligible[usual], 2),
    )


def duration(lives: Sequence[Live]) -> Draft | None:
    """Keep lives short or long, whichever half (split at the median length) earned more per
    live hour."""
    used = [v for v in _main_money(lives) if v.duration_s is not None]
    split = _better_half(used, lambda v: v.duration_s or 0.0, lambda v: v.gmv_per_hour or 0.0)
    if split is None:
        return None
    follow, other = split.follow, split.other
    effect = relative_difference(
        [v.gmv_per_hour or 0.0 for v in follow],
        [v.gmv_per_hour or 0.0 for v in other],
        basis=WITHIN_GMV_PER_HOUR,
        choices=2,
    )
    minutes = statistics.median((v.duration_s or 0.0) / 60.0 for v in follow)
    other_minutes = statistics.median((v.duration_s or 0.0) / 60.0 for v in other)
    key = "rhythm.shorter_lives" if split.lower_won else "rhythm.longer_lives"
    return Draft(
        key,
        "rhythm",
        {
            "minutes": ("minutes", minutes),
            "other_minutes": ("minutes", other_minutes),
            "n_follow": ("number", len(follow)),
            "n_other": ("number", len(other)),
        },
        effect,
        live_evidence(follow, 3) + live_evidence(other, 2),
    )


@dataclass(frozen=True)
class Week:
    start: dt.date
    lives: tuple[Live, ...]

    @property
    def gmv_per_live(self) -> float | None:
        known = [v.gmv for v in self.lives if v.gmv is not None]
        return _mean(known) if known else None


def complete_weeks(lives: Sequence[Live], end: dt.date) -> list[Week]:
    """7-day blocks ending on ``end``, back to the first that starts on or after the day of the
    account's first live (a block the data do not cover wholly would pass for a quiet week)."""
    if not lives:
        return []
    first = min(v.started_at.date() for v in lives)
    weeks = []
    block_end = end
    while block_end - dt.timedelta(days=6) >= first:
        start = block_end - dt.timedelta(days=6)
        inside = tuple(v for v in lives if start <= v.started_at.date() <= block_end)
        weeks.append(Week(start, inside))
        block_end = start - dt.timedelta(days=1)
    return weeks[::-1]


def frequency(lives: Sequence[Live], end: dt.date) -> Draft | None:
    """Go live as often as in the weeks (fewer or more lives than the median week) whose lives
    earned more each."""
    group = money_group(lives)
    weeks = [
        w
        for w in complete_weeks([v for v in lives if v.money_group == group], end)
        if w.gmv_per_live is not None
    ]
    split = _better_half(weeks, lambda w: float(len(w.lives)), lambda w: w.gmv_per_live or 0.0)
    if split is None:
        return None
    follow, other = split.follow, split.other
    effect = relative_difference(
        [w.gmv_per_live or 0.0 for w in follow],
        [w.gmv_per_live or 0.0 for w in other],
        basis=WITHIN_GMV_PER_LIVE,
        n_lives=sum(len(w.lives) for w in weeks),
        choices=2,
    )
    key = "rhythm.fewer_lives" if split.lower_won else "rhythm.more_lives"
    chosen = [v for w in follow for v in w.lives]
    return Draft(
        key,
        "rhythm",
        {
            "per_week": ("number", statistics.median(len(w.lives) for w in follow)),
            "other_per_week": ("number", statistics.median(len(w.lives) for w in other)),
            "weeks": ("number", len(weeks)),
        },
        effect,
        live_evidence(chosen, 5),
    )
