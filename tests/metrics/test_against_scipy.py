"""Dev-only: siaran's Spearman statistics against scipy's independent implementation.

scipy is a development dependency (the ``dev`` extra), never a runtime one; without it these
tests are skipped. Tolerances: rho and exact p-values agree to 1e-12; Monte Carlo p-values and
bootstrap bounds come from different random streams, so they must agree within Monte Carlo
error (five standard errors for p, 0.06 for a percentile bound from 4,000 resamples).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from siaran.metrics.spearman import bootstrap_interval, permutation_test, spearman

stats = pytest.importorskip("scipy.stats")

RESAMPLES = 4000


def _sample(n: int, seed: int, ties: bool) -> tuple[list[float], list[float]]:
    rng = np.random.default_rng(seed)
    x = rng.integers(0, max(2, n // 2), size=n) if ties else rng.normal(size=n)
    y = x * 0.6 + rng.normal(size=n)
    if ties:
        y = np.round(y)
    return [float(v) for v in x], [float(v) for v in y]


def _abs_rho_against(x: list[float]) -> Any:
    """``|rho|`` of a fixed ``x`` against (reorderings of) ``y``, vectorised for scipy."""
    rx = stats.rankdata(x)
    rx = rx - rx.mean()

    def statistic(y: Any, axis: int = -1) -> Any:
        ry = stats.rankdata(y, axis=axis)
        ry = ry - ry.mean(axis=axis, keepdims=True)
        scale = np.sqrt((rx * rx).sum() * (ry * ry).sum(axis=axis))
        return np.abs((ry * rx).sum(axis=axis) / scale)

    return statistic


CASES = [(n, seed, ties) for n in (3, 4, 5, 6, 7, 8) for seed in (1, 2) for ties in (False, True)]


@pytest.mark.parametrize(("n", "seed", "ties"), CASES)
def test_rho_and_exact_p_match_scipy(n: int, seed: int, ties: bool) -> None:
    x, y = _sample(n, seed, ties)
    ours_rho = spearman(x, y)
    theirs_rho = stats.spearmanr(x, y).statistic
    if math.isnan(theirs_rho):
        assert ours_rho is None
        return
    assert ours_rho == pytest.approx(theirs_rho, abs=1e-12)
    ours = permutation_test(x, y, permutations=10, seed=1)
    theirs = stats.permutation_test(
        (np.asarray(y),),
        _abs_rho_against(x),
        permutation_type="pairings",
        vectorized=True,
        n_resamples=math.inf,
        alternative="greater",
    )
    assert ours.method == "exact" and ours.permutations == math.factorial(n)
    assert ours.p_value == pytest.approx(theirs.pvalue, abs=1e-12)


@pytest.mark.parametrize(("n", "seed", "ties"), [(12, 3, True), (30, 4, False), (60, 5, True)])
def test_monte_carlo_p_and_bootstrap_match_scipy(n: int, seed: int, ties: bool) -> None:
    x, y = _sample(n, seed, ties)
    assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-12)
    ours = permutation_test(x, y, permutations=RESAMPLES, seed=seed)
    theirs = stats.permutation_test(
        (np.asarray(y),),
        _abs_rho_against(x),
        permutation_type="pairings",
        vectorized=True,
        n_resamples=RESAMPLES,
        alternative="greater",
        rng=seed,
    )
    assert ours.method == "monte_carlo" and ours.p_value is not None
    error = math.sqrt(max(theirs.pvalue * (1 - theirs.pvalue), 1 / RESAMPLES) * 2 / RESAMPLES)
    assert abs(ours.p_value - theirs.pvalue) <= 5 * error + 1 / RESAMPLES

    def rho(a: Any, b: Any, axis: int = -1) -> Any:
        ra, rb = stats.rankdata(a, axis=axis), stats.rankdata(b, axis=axis)
        ra = ra - ra.mean(axis=axis, keepdims=True)
        rb = rb - rb.mean(axis=axis, keepdims=True)
        return (ra * rb).sum(axis=axis) / np.sqrt((ra * ra).sum(axis=axis) * (rb * rb).sum(axis))

    interval = bootstrap_interval(x, y, resamples=RESAMPLES, seed=seed)
    reference = stats.bootstrap(
        (np.asarray(x), np.asarray(y)),
        rho,
        paired=True,
        vectorized=True,
        n_resamples=RESAMPLES,
        method="percentile",
        confidence_level=0.95,
        rng=seed,
    ).confidence_interval
    assert interval.dropped == 0
    assert interval.low == pytest.approx(reference.low, abs=0.06)
    assert interval.high == pytest.approx(reference.high, abs=0.06)
