"""The effect of a change on a live-level KPI: estimate, interval, p-value and verdict code.

Pure arithmetic on the lives of each account (no workspace), so that the simulation that checks
it (:mod:`siaran.experiments.simulation`) runs the very code the command runs.

Each account contributes two **cells** of lives: before and after the start (design
``before_after``), or without and with the change (design ``switchback``). A cell's **level**
is ``sum(numerator) / sum(denominator)`` over its lives: GMV over live hours for
``gmv_per_live_hour`` (as the rollup KPI defines it), the mean of the per-live values for every
other KPI (denominator 1).

- **Estimate**: the mean over treated accounts of ``log(after / before)``, minus the same mean
  over the control accounts when there are any (difference-in-differences on the log scale, so
  a change that multiplies everyone's level by the same factor, and accounts of different size,
  cancel out). Both means weigh each account by the precision of its own log ratio (one over
  its bootstrap variance), so that an account of a few lives, or of lives that mostly sell
  nothing, counts for less; with one effect for every account, any weighting estimates it.
  ``relative = exp(difference) - 1`` (a fraction: 0.12 is +12 %);
  ``absolute = relative x`` the treated accounts' mean level before, in the KPI's unit.
- **Interval**: a percentile bootstrap resampling lives with replacement within every cell
  (:data:`siaran.resampling.RESAMPLES` times from :data:`siaran.resampling.SEED`). A resample
  in which some cell's level is not positive has no log ratio: it is counted in ``dropped``.
- **p-value** (two-sided), by permutation: with controls, of which accounts are treated (every
  choice when there are at most :data:`EXACT_MAX_CHOICES`, else random ones); without controls,
  of the before/after (or without/with) labels of each treated account's lives.
- **Verdict code** (:func:`verdict_code`): ``too_little_data`` below the minimums,
  ``improved`` / ``worse`` only when the interval lies wholly on one side of zero **and**
  ``p < ALPHA``, else ``no_evidence``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np

from siaran.metrics.spearman import CONFIDENCE
from siaran.metrics.verdict import ALPHA, MAX_DROPPED_SHARE
from siaran.resampling import RESAMPLES, SEED

if TYPE_CHECKING:
    from numpy.typing import NDArray

MIN_LIVES_PER_CELL: Final = 4
"""Lives an account needs before and after the start (or without and with the change)."""
MIN_CONTROLS: Final = 2
"""Fewer eligible control accounts than this: before/after without a comparison."""
MAX_CONTROLS: Final = 8
"""At most this many control accounts, the nearest in level and trend before the start."""
EXACT_MAX_CHOICES: Final = 20_000
"""Up to this many ways of choosing the treated accounts, the permutation test tries all."""
_MIN_VARIANCE: Final = 1e-8  # a floor, so that no account's weight is infinite
_STREAM: Final = 11  # keeps this module's random numbers apart from the other users of SEED

Design = Literal["before_after", "switchback"]
Code = Literal["improved", "no_evidence", "worse", "too_little_data"]
Shortage = Literal["no_usable_account", "design_cannot_reach_alpha", "unusable_resamples"]
PMethod = Literal["exact_accounts", "monte_carlo_accounts", "monte_carlo_lives"]


@dataclass(frozen=True)
class Cell:
    """The lives of one account in one period or arm: per-live numerators and denominators."""

    numerators: tuple[float, ...]
    denominators: tuple[float, ...]

    @property
    def lives(self) -> int:
        return len(self.numerators)

    @property
    def level(self) -> float | None:
        den = math.fsum(self.denominators)
        return math.fsum(self.numerators) / den if den > 0 else None


@dataclass(frozen=True)
class AccountCells:
    """One account's two cells: ``before`` is also "without", ``after`` also "with"."""

    account: str
    before: Cell
    after: Cell

    @property
    def log_ratio(self) -> float | None:
        before, after = self.before.level, self.after.level
        if before is None or after is None or before <= 0 or after <= 0:
            return None
        return math.log(after / before)

    @property
    def usable(self) -> bool:
        enough = min(self.before.lives, self.after.lives) >= MIN_LIVES_PER_CELL
        return enough and self.log_ratio is not None


@dataclass(frozen=True)
class Estimate:
    """What :func:`estimate_effect` found. Bounds are ``None`` when no resample was usable."""

    relative: float
    relative_low: float | None
    relative_high: float | None
    baseline: float
    absolute: float
    absolute_low: float | None
    absolute_high: float | None
    p_value: float
    p_method: PMethod
    permutations: int
    min_p_value: float
    resamples: int
    dropped: int
    n_lives: int
    confidence: float

    @property
    def dropped_share(self) -> float:
        return self.dropped / self.resamples if self.resamples else 1.0


def _arrays(cell: Cell) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    return (
        np.asarray(cell.numerators, dtype=np.float64),
        np.asarray(cell.denominators, dtype=np.float64),
    )


def _resampled_levels(cell: Cell, resamples: int, rng: np.random.Generator) -> NDArray[np.float64]:
    numerators, denominators = _arrays(cell)
    picks = rng.integers(0, cell.lives, size=(resamples, cell.lives))
    den = denominators[picks].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        levels: NDArray[np.float64] = numerators[picks].sum(axis=1) / den
    return np.where(den > 0, levels, np.nan)


def _log_ratios(
    accounts: Sequence[AccountCells], resamples: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    out = np.empty((len(accounts), resamples), dtype=np.float64)
    befores = np.empty((len(accounts), resamples), dtype=np.float64)
    for i, account in enumerate(accounts):
        before = _resampled_levels(account.before, resamples, rng)
        after = _resampled_levels(account.after, resamples, rng)
        with np.errstate(invalid="ignore", divide="ignore"):
            logs = np.where((before > 0) & (after > 0), np.log(after / before), np.nan)
        # A resampled mean of n lives varies (n - 1) / n times as much as the mean itself:
        # widen each account's spread back by sqrt(n / (n - 1)) (n: the harmonic mean of its
        # two cells' lives), around its observed log ratio.
        n = 2.0 / (1.0 / account.before.lives + 1.0 / account.after.lives)
        centre = account.log_ratio or 0.0
        out[i] = centre + (logs - centre) * math.sqrt(n / (n - 1.0))
        befores[i] = before
    return out, befores


def _weighted_gap(
    values: NDArray[np.float64], weights: NDArray[np.float64], picks: NDArray[np.intp]
) -> NDArray[np.float64]:
    """|weighted mean of the picked accounts - weighted mean of the others|, per row of picks."""
    w_in = weights[picks].sum(axis=1)
    wd_in = (weights * values)[picks].sum(axis=1)
    w_out, wd_out = weights.sum() - w_in, (weights * values).sum() - wd_in
    gap: NDArray[np.float64] = np.abs(wd_in / w_in - wd_out / w_out)
    return gap


def _p_between_accounts(
    ratios: Sequence[float] | NDArray[np.float64],
    weights: Sequence[float] | NDArray[np.float64],
    treated: int,
    rng: np.random.Generator,
) -> tuple[float, PMethod, int, float]:
    """Permute which ``treated`` of the accounts (log ratios, weights) are the treated ones."""
    values = np.asarray(ratios, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    n = values.size
    observed = float(_weighted_gap(values, w, np.arange(treated)[None, :])[0])
    tolerance = 1e-9 * max(1.0, observed)
    choices = math.comb(n, treated)
    if choices <= EXACT_MAX_CHOICES:
        picks = np.array(list(itertools.combinations(range(n), treated)), dtype=np.intp)
        method: PMethod = "exact_accounts"
    else:
        picks = np.argsort(rng.random((RESAMPLES, n)), axis=1)[:, :treated]
        method = "monte_carlo_accounts"
    hits = int((_weighted_gap(values, w, picks) >= observed - tolerance).sum())
    if method == "exact_accounts":
        return hits / len(picks), method, len(picks), 1.0 / choices
    return (hits + 1.0) / (len(picks) + 1.0), method, len(picks), 1.0 / choices


def _p_within_accounts(
    treated: Sequence[AccountCells], weights: Sequence[float], rng: np.random.Generator
) -> tuple[float, PMethod, int, float]:
    """Permute the before/after (or without/with) labels of each account's lives."""
    total = math.fsum(weights)
    observed = abs(
        math.fsum(w * (a.log_ratio or 0.0) for a, w in zip(treated, weights, strict=True)) / total
    )
    sums = np.zeros(RESAMPLES, dtype=np.float64)
    usable = np.ones(RESAMPLES, dtype=bool)
    labelings = 1.0
    for account, weight in zip(treated, weights, strict=True):
        numerators = np.concatenate([_arrays(account.before)[0], _arrays(account.after)[0]])
        denominators = np.concatenate([_arrays(account.before)[1], _arrays(account.after)[1]])
        n, first = numerators.size, account.before.lives
        labelings *= math.comb(n, first)
        order = np.argsort(rng.random((RESAMPLES, n)), axis=1)
        before_num = numerators[order[:, :first]].sum(axis=1)
        before_den = denominators[order[:, :first]].sum(axis=1)
        after_num = numerators[order[:, first:]].sum(axis=1)
        after_den = denominators[order[:, first:]].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = (after_num / after_den) / (before_num / before_den)
            logs = np.log(ratio)
        good = np.isfinite(logs) & (ratio > 0)
        usable &= good
        sums += weight * np.where(good, logs, 0.0)
    stats = np.abs(sums / total)
    tolerance = 1e-12 * max(1.0, observed)
    # A relabelling without a level on some side counts as at least as extreme (conservative).
    hits = int(((stats >= observed - tolerance) | ~usable).sum())
    min_p = max(1.0 / labelings, 1.0 / (RESAMPLES + 1.0))
    return (hits + 1.0) / (RESAMPLES + 1.0), "monte_carlo_lives", RESAMPLES, min_p


def estimate_effect(
    treated: Sequence[AccountCells],
    controls: Sequence[AccountCells] = (),
    *,
    seed: int = SEED,
    resamples: int = RESAMPLES,
    confidence: float = CONFIDENCE,
) -> Estimate:
    """The effect on ``treated`` accounts (each :attr:`AccountCells.usable`), against
    ``controls`` when there are any (usable too). Deterministic for a given ``seed``."""
    if not treated or not all(a.usable for a in (*treated, *controls)):
        raise ValueError("every account must have enough lives and positive levels")
    rng = np.random.default_rng([seed, _STREAM])
    everyone = [*treated, *controls]
    logs, befores = _log_ratios(everyone, resamples, rng)
    # Each account weighs by the precision of its own log ratio (1 / its bootstrap variance):
    # an account of five lives, or of lives that mostly sell nothing, counts for less.
    spread = np.nanvar(logs, axis=1)
    weights = 1.0 / np.maximum(np.where(np.isfinite(spread), spread, np.inf), _MIN_VARIANCE)
    observed = np.array([a.log_ratio or 0.0 for a in everyone], dtype=np.float64)
    k = len(treated)

    def weighted(values: NDArray[np.float64], w: NDArray[np.float64]) -> Any:
        return (w[:, None] * values).sum(axis=0) / w.sum()

    t_w, c_w = weights[:k], weights[k:]
    difference = float(weighted(observed[:k, None], t_w)[0]) - (
        float(weighted(observed[k:, None], c_w)[0]) if controls else 0.0
    )
    baseline = float(np.mean([a.before.level or 0.0 for a in treated]))
    boot = weighted(logs[:k], t_w) - (weighted(logs[k:], c_w) if controls else 0.0)
    boot_baseline = befores[:k].mean(axis=0)
    finite = np.isfinite(boot)
    relative_boot = np.expm1(boot[finite])
    absolute_boot = relative_boot * boot_baseline[finite]
    tail = (1.0 - confidence) / 2.0 * 100.0
    bounds: list[float | None] = [None, None, None, None]
    if relative_boot.size:
        low, high = np.percentile(relative_boot, [tail, 100.0 - tail])
        a_low, a_high = np.percentile(absolute_boot, [tail, 100.0 - tail])
        bounds = [float(low), float(high), float(a_low), float(a_high)]

    if len(controls) >= MIN_CONTROLS:
        p, method, count, min_p = _p_between_accounts(observed, weights, k, rng)
    else:
        p, method, count, min_p = _p_within_accounts(treated, list(t_w), rng)
    relative = math.expm1(difference)
    lives = sum(a.before.lives + a.after.lives for a in (*treated, *controls))
    return Estimate(
        relative=relative,
        relative_low=bounds[0],
        relative_high=bounds[1],
        baseline=baseline,
        absolute=relative * baseline,
        absolute_low=bounds[2],
        absolute_high=bounds[3],
        p_value=min(1.0, p),
        p_method=method,
        permutations=count,
        min_p_value=min_p,
        resamples=resamples,
        dropped=int((~finite).sum()),
        n_lives=lives,
        confidence=confidence,
    )


def shortage(estimate: Estimate | None) -> Shortage | None:
    """Why the data cannot carry a verdict, or ``None`` when they can."""
    if estimate is None:
        return "no_usable_account"
    if estimate.min_p_value >= ALPHA:
        return "design_cannot_reach_alpha"
    if estimate.dropped_share > MAX_DROPPED_SHARE or estimate.relative_low is None:
        return "unusable_resamples"
    return None


def verdict_code(estimate: Estimate | None) -> Code:
    """``improved`` or ``worse`` only when the interval excludes zero and ``p < ALPHA``."""
    if estimate is None or shortage(estimate) is not None:
        return "too_little_data"
    low, high = estimate.relative_low, estimate.relative_high
    if estimate.p_value < ALPHA and low is not None and low > 0:
        return "improved"
    if estimate.p_value < ALPHA and high is not None and high < 0:
        return "worse"
    return "no_evidence"
