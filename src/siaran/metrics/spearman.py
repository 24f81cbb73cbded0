"""Spearman's rank correlation and the two measures of its uncertainty siaran reports.

- :func:`bootstrap_interval`: a percentile bootstrap interval, resampling pairs with
  replacement (seeded: the same data and seed give the same interval). A resample in which
  one side has a single value has no rho; those resamples are counted, never dropped silently.
- :func:`permutation_test`: a two-sided permutation test of "no association", the statistic
  being ``|rho|``. Exact (every one of the ``n!`` orderings) up to :data:`EXACT_MAX_N` pairs,
  Monte Carlo beyond, with ``p = (1 + hits) / (1 + permutations)`` so that an estimated p is
  never 0. Ties keep their average ranks in every permutation, so the test is exact for tied
  data too.
- :func:`fisher_interval`: the closed-form interval of Fisher's z with the Bonett–Wright
  standard error, for the many short weekly series of the within-account view, where a
  bootstrap per account would cost more than the rest of the comparison.

Everything works on rows (``k`` series of the same length at once) where it matters for speed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist
from typing import TYPE_CHECKING, Final, Literal

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

CONFIDENCE: Final = 0.95
EXACT_MAX_N: Final = 8
"""Up to this many pairs the permutation test enumerates every ordering (8! = 40,320)."""
_CELLS: Final = 4_000_000  # resampled or permuted values held in memory at once
_TIE_TOLERANCE: Final = 1e-9  # relative: a permuted |rho| this close to the observed one ties
_PERMUTATION_STREAM: Final = 1  # keeps the permutations' random stream apart from the bootstrap's

PValueMethod = Literal["exact", "monte_carlo"]


@dataclass(frozen=True)
class BootstrapInterval:
    """A percentile bootstrap interval and how many of its resamples had no rho."""

    low: float | None
    high: float | None
    resamples: int
    dropped: int

    @property
    def dropped_share(self) -> float | None:
        return self.dropped / self.resamples if self.resamples else None


@dataclass(frozen=True)
class PermutationTest:
    """A two-sided permutation p-value of rho, how it was found and from how many orderings."""

    p_value: float | None
    method: PValueMethod | None
    permutations: int


# -- ranks and rho --------------------------------------------------------------------------------
def average_ranks(values: ArrayLike) -> NDArray[np.float64]:
    """1-based ranks along the last axis, ties sharing their average rank."""
    data = np.atleast_2d(np.asarray(values, dtype=np.float64))
    rows, n = data.shape
    order = np.argsort(data, axis=1, kind="stable")
    ordered = np.take_along_axis(data, order, axis=1)
    starts_group = np.ones((rows, n), dtype=bool)
    starts_group[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    ends_group = np.ones((rows, n), dtype=bool)
    ends_group[:, :-1] = starts_group[:, 1:]
    index = np.broadcast_to(np.arange(n), (rows, n))
    first = np.maximum.accumulate(np.where(starts_group, index, 0), axis=1)
    last = np.minimum.accumulate(np.where(ends_group, index, n - 1)[:, ::-1], axis=1)[:, ::-1]
    ranks = np.empty((rows, n), dtype=np.float64)
    np.put_along_axis(ranks, order, (first + last) / 2.0 + 1.0, axis=1)
    return ranks.reshape(np.shape(values)) if np.ndim(values) == 1 else ranks


def _centred(ranks: NDArray[np.float64]) -> NDArray[np.float64]:
    centred: NDArray[np.float64] = ranks - ranks.mean(axis=1, keepdims=True)
    return centred


def _pearson_rows(rx: NDArray[np.float64], ry: NDArray[np.float64]) -> NDArray[np.float64]:
    """Pearson's r of each row pair (of ranks, for Spearman); NaN where a row is constant."""
    rx, ry = _centred(rx), _centred(ry)
    denominator = np.sqrt((rx * rx).sum(axis=1) * (ry * ry).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = (rx * ry).sum(axis=1) / denominator
    rho[denominator == 0] = np.nan
    clipped: NDArray[np.float64] = np.clip(rho, -1.0, 1.0)
    return clipped


def spearman_rows(x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """Spearman's rho of each row pair; NaN where either row has no variation."""
    return _pearson_rows(
        average_ranks(np.atleast_2d(np.asarray(x, dtype=np.float64))),
        average_ranks(np.atleast_2d(np.asarray(y, dtype=np.float64))),
    )


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rank correlation with average ranks for ties; ``None`` for fewer than two
    pairs or when either side has no variation."""
    if len(x) != len(y):
        raise ValueError("x and y must have the same length")
    if len(x) < 2:
        return None
    rho = spearman_rows([x], [y])
    return None if np.isnan(rho[0]) else float(rho[0])


# -- bootstrap ------------------------------------------------------------------------------------
def _resampled_ranks(
    groups: NDArray[np.intp], n_groups: int, picks: NDArray[np.intp]
) -> NDArray[np.float64]:
    """Average ranks of ``values[picks]`` row by row, without sorting.

    ``groups[i]`` is the place of ``values[i]`` among the distinct values in ascending order.
    In a resample, the rank of a value is the count of picked values below it plus the mean
    place within its own ties, ``below + (count + 1) / 2``: one counting pass per resample
    instead of a sort, with ranks identical to :func:`average_ranks`.
    """
    size = picks.shape[0]
    picked = groups[picks]
    offsets = (np.arange(size, dtype=np.intp) * n_groups)[:, None]
    counts = np.bincount((picked + offsets).ravel(), minlength=size * n_groups)
    counts = counts.reshape(size, n_groups).astype(np.float64)
    group_rank = np.cumsum(counts, axis=1) - counts + (counts + 1.0) / 2.0
    ranks: NDArray[np.float64] = np.take_along_axis(group_rank, picked, axis=1)
    return ranks


def bootstrap_interval(
    x: Sequence[float],
    y: Sequence[float],
    *,
    resamples: int,
    seed: int,
    confidence: float = CONFIDENCE,
) -> BootstrapInterval:
    """Percentile bootstrap interval of Spearman's rho, resampling pairs with replacement.

    Deterministic for a given ``seed``. Resamples without variation on one side have no rho:
    they are left out of the percentiles and counted in ``dropped``; the bounds are ``None``
    when no resample has a rho.
    """
    n = len(x)
    if n < 2 or resamples < 1:
        return BootstrapInterval(None, None, 0, 0)
    x_values, x_groups = np.unique(np.asarray(x, dtype=np.float64), return_inverse=True)
    y_values, y_groups = np.unique(np.asarray(y, dtype=np.float64), return_inverse=True)
    rng = np.random.default_rng(seed)
    chunk = max(1, min(resamples, _CELLS // n))
    rhos = np.empty(resamples, dtype=np.float64)
    for done in range(0, resamples, chunk):
        size = min(chunk, resamples - done)
        picks = rng.integers(0, n, size=(size, n))
        rhos[done : done + size] = _pearson_rows(
            _resampled_ranks(x_groups, x_values.size, picks),
            _resampled_ranks(y_groups, y_values.size, picks),
        )
    finite = rhos[np.isfinite(rhos)]
    dropped = resamples - int(finite.size)
    if finite.size == 0:
        return BootstrapInterval(None, None, resamples, dropped)
    tail = (1.0 - confidence) / 2.0 * 100.0
    low, high = np.percentile(finite, [tail, 100.0 - tail])
    return BootstrapInterval(float(low), float(high), resamples, dropped)


def bootstrap_spearman(
    x: Sequence[float],
    y: Sequence[float],
    *,
    resamples: int,
    seed: int,
    confidence: float = CONFIDENCE,
) -> tuple[float | None, float | None]:
    """The bounds of :func:`bootstrap_interval` alone, ``(low, high)``."""
    found = bootstrap_interval(x, y, resamples=resamples, seed=seed, confidence=confidence)
    return found.low, found.high


# -- permutation test -----------------------------------------------------------------------------
@cache
def _every_ordering(n: int) -> NDArray[np.intp]:
    return np.array(list(itertools.permutations(range(n))), dtype=np.intp).reshape(-1, n)


def permutation_p_values(
    x: ArrayLike,
    y: ArrayLike,
    *,
    permutations: int,
    seed: int,
    exact_up_to: int = EXACT_MAX_N,
) -> tuple[NDArray[np.float64], PValueMethod, int]:
    """Two-sided permutation p-values of Spearman's rho for each row pair of ``x`` and ``y``
    (``k`` rows of length ``n``): ``(p, method, orderings)``.

    Up to ``exact_up_to`` pairs every ordering of ``y`` against ``x`` is tried and ``p`` is
    the share with ``|rho|`` at least the observed one. Beyond, ``permutations`` random
    orderings (the same for every row, drawn from ``seed`` and ``n``) give
    ``(1 + hits) / (1 + permutations)``. Rows without variation on a side get NaN.
    """
    rx = _centred(average_ranks(np.atleast_2d(np.asarray(x, dtype=np.float64))))
    ry = _centred(average_ranks(np.atleast_2d(np.asarray(y, dtype=np.float64))))
    rows, n = rx.shape
    scale = np.sqrt((rx * rx).sum(axis=1) * (ry * ry).sum(axis=1))
    observed = np.abs((rx * ry).sum(axis=1))
    method: PValueMethod
    if n <= exact_up_to:
        method, orderings = "exact", _every_ordering(n)
    else:
        if permutations < 1:
            raise ValueError("permutations must be at least 1")
        rng = np.random.default_rng([seed, _PERMUTATION_STREAM, n])
        method = "monte_carlo"
        orderings = rng.permuted(np.tile(np.arange(n, dtype=np.intp), (permutations, 1)), axis=1)
    count = orderings.shape[0]
    hits = np.zeros(rows, dtype=np.int64)
    threshold = observed - _TIE_TOLERANCE * scale
    for start, stop, sums in _permuted_sums(rx, ry, orderings):
        hits[start:stop] = (np.abs(sums) >= threshold[start:stop, None]).sum(axis=1)
    # An estimated p counts the observed ordering among the random ones, so it is never 0.
    p = hits / count if method == "exact" else (hits + 1.0) / (count + 1.0)
    p = np.where(scale > 0, p, np.nan)
    return p.astype(np.float64), method, count


def _permuted_sums(
    rx: NDArray[np.float64], ry: NDArray[np.float64], orderings: NDArray[np.intp]
) -> Iterator[tuple[int, int, NDArray[np.float64]]]:
    """``sum_j rx[k, j] * ry[k, orderings[p, j]]`` for every row ``k`` and ordering ``p``, in
    blocks of rows ``(start, stop, sums)``.

    For short series (the weekly views, exact tests) it is one matrix product: each ordering
    is a permutation matrix flattened to ``n²`` zeros and ones, each row the outer product of
    its ranks, and BLAS does the rest, far faster than gathering ``rows x orderings x n``
    values. Long series (thousands of accounts) gather instead, in blocks that fit in memory.
    """
    rows, n = rx.shape
    count = orderings.shape[0]
    if count * n * n <= 2 * _CELLS:
        flat = np.zeros((count, n * n), dtype=np.float64)
        flat[np.arange(count)[:, None], np.arange(n) * n + orderings] = 1.0
        step = max(1, _CELLS // max(1, count + n * n))
        for start in range(0, rows, step):
            stop = min(rows, start + step)
            outer = (rx[start:stop, :, None] * ry[start:stop, None, :]).reshape(stop - start, -1)
            yield start, stop, outer @ flat.T
        return
    step = max(1, _CELLS // max(1, count * n))
    for start in range(0, rows, step):
        stop = min(rows, start + step)
        permuted = ry[start:stop][:, orderings]  # (rows, orderings, n)
        yield start, stop, np.einsum("kpn,kn->kp", permuted, rx[start:stop])


def permutation_test(
    x: Sequence[float], y: Sequence[float], *, permutations: int, seed: int
) -> PermutationTest:
    """:func:`permutation_p_values` of one pair of series; ``p_value`` is ``None`` for fewer
    than two pairs or when a side has no variation."""
    if len(x) != len(y):
        raise ValueError("x and y must have the same length")
    if len(x) < 2:
        return PermutationTest(None, None, 0)
    p, method, count = permutation_p_values([x], [y], permutations=permutations, seed=seed)
    if np.isnan(p[0]):
        return PermutationTest(None, None, 0)
    return PermutationTest(float(p[0]), method, count)


# -- closed-form interval -------------------------------------------------------------------------
def fisher_interval(
    rho: float | None, n: int, confidence: float = CONFIDENCE
) -> tuple[float | None, float | None]:
    """The interval of Fisher's z = atanh(rho) with the Bonett–Wright standard error for
    Spearman's rho, ``sqrt((1 + rho² / 2) / (n − 3))``; ``(None, None)`` when rho is unknown
    or ±1 (the method gives no interval there) or ``n <= 3``."""
    if rho is None or n <= 3 or abs(rho) >= 1.0:
        return None, None
    z = math.atanh(rho)
    spread = NormalDist().inv_cdf(0.5 + confidence / 2.0) * math.sqrt((1 + rho * rho / 2) / (n - 3))
    return math.tanh(z - spread), math.tanh(z + spread)
