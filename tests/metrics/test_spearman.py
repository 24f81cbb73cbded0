"""Spearman's rho, its bootstrap interval and its permutation test, against values worked out
by hand (the cross-check against scipy is in ``test_against_scipy.py``)."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest

from siaran.metrics import bootstrap_spearman, permutation_test, spearman
from siaran.metrics.spearman import (
    average_ranks,
    bootstrap_interval,
    fisher_interval,
    permutation_p_values,
)


def test_average_ranks_share_ties() -> None:
    assert average_ranks([10, 20, 20, 5]).tolist() == [2.0, 3.5, 3.5, 1.0]
    assert average_ranks([[3, 3, 3], [1, 2, 3]]).tolist() == [[2, 2, 2], [1, 2, 3]]


def test_spearman_known_values() -> None:
    # With ties in y: ranks (1, 2, 3.5, 5, 3.5); rho = 8 / sqrt(10 * 9.5) (as scipy gives).
    assert spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(8 / math.sqrt(95))
    assert spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == pytest.approx(0.8)
    assert spearman([1, 2, 3, 4, 5, 6], [1, 4, 9, 16, 25, 36]) == 1.0  # monotone, not linear
    assert spearman([1, 2, 3, 4], [10, 5, 2, 1]) == -1.0
    assert spearman([1, 1, 2, 2], [1, 1, 2, 2]) == pytest.approx(1.0)


def test_spearman_undefined_cases() -> None:
    assert spearman([1, 2, 3], [4, 4, 4]) is None
    assert spearman([1], [2]) is None
    with pytest.raises(ValueError):
        spearman([1, 2], [1])


def test_bootstrap_is_deterministic_for_a_seed() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=30).tolist()
    y = (np.asarray(x) + rng.normal(size=30)).tolist()
    first = bootstrap_spearman(x, y, resamples=500, seed=7)
    assert first == bootstrap_spearman(x, y, resamples=500, seed=7)
    assert first != bootstrap_spearman(x, y, resamples=500, seed=8)
    low, high = first
    assert low is not None and high is not None
    rho = spearman(x, y)
    assert rho is not None and low < rho < high
    assert -1.0 <= low < high <= 1.0


def test_bootstrap_of_a_perfect_order_stays_at_one() -> None:
    assert bootstrap_spearman([1, 2, 3, 4, 5], [2, 4, 6, 8, 10], resamples=200, seed=1) == (1, 1)
    assert bootstrap_spearman([1, 1, 1], [1, 2, 3], resamples=50, seed=1) == (None, None)


def test_bootstrap_counts_the_resamples_without_rho() -> None:
    everything = bootstrap_interval([1, 1, 1], [1, 2, 3], resamples=50, seed=1)
    assert (everything.dropped, everything.resamples, everything.dropped_share) == (50, 50, 1.0)
    # Two values of x, three pairs: a resample has one x value with chance 2 * (1/3)^3 + ...
    found = bootstrap_interval([1, 1, 2], [1, 2, 3], resamples=4000, seed=3)
    expected = (2 / 3) ** 3 + (1 / 3) ** 3  # all picks from the tied pair, or all the lone one
    assert found.dropped_share == pytest.approx(expected, abs=0.03)
    six = bootstrap_interval([1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1], resamples=300, seed=1)
    assert six.dropped == 0  # one value throughout has chance 6 x (1/6)^6 = 0.00013
    assert bootstrap_interval([1], [1], resamples=10, seed=1).resamples == 0


def test_exact_permutation_p_values_by_hand() -> None:
    # n = 4 in perfect order: 2 of the 24 orderings reach |rho| = 1, the smallest p there is.
    four = permutation_test([1, 2, 3, 4], [40, 30, 20, 10], permutations=10, seed=1)
    assert four.p_value == pytest.approx(2 / 24)
    assert (four.method, four.permutations) == ("exact", 24)
    assert permutation_test([1, 2, 3], [3, 2, 1], permutations=10, seed=1).p_value == 1 / 3
    # Two tied groups of three, perfectly apart: 2 x 3! x 3! = 72 of 720 orderings.
    groups = permutation_test([1, 1, 1, 2, 2, 2], [1, 2, 3, 4, 5, 6], permutations=10, seed=1)
    assert groups.p_value == pytest.approx(0.1)
    assert (
        permutation_test([1, 2, 3, 4, 5], [2, 2, 2, 2, 2], permutations=10, seed=1).p_value is None
    )
    assert permutation_test([1], [2], permutations=10, seed=1).p_value is None


def test_monte_carlo_beyond_eight_pairs_is_seeded_and_never_zero() -> None:
    x = list(range(20))
    found = permutation_test(x, x, permutations=999, seed=5)
    assert found.method == "monte_carlo" and found.permutations == 999
    assert found.p_value == pytest.approx(1 / 1000)  # no random ordering is as extreme
    rng = np.random.default_rng(2)
    y = rng.normal(size=20).tolist()
    first = permutation_test(x, y, permutations=500, seed=5)
    assert first == permutation_test(x, y, permutations=500, seed=5)
    assert first.p_value is not None and 0 < first.p_value <= 1


def test_rows_are_tested_like_single_series() -> None:
    rng = np.random.default_rng(4)
    x = rng.integers(0, 5, size=(6, 7)).astype(float)
    y = rng.normal(size=(6, 7))
    together, method, count = permutation_p_values(x, y, permutations=10, seed=1)
    assert (method, count) == ("exact", 5040)
    for row, p in enumerate(together):
        alone = permutation_test(x[row].tolist(), y[row].tolist(), permutations=10, seed=1)
        assert (alone.p_value is None and math.isnan(p)) or alone.p_value == pytest.approx(p)


def test_fisher_interval() -> None:
    low, high = fisher_interval(0.5, 20)
    spread = 1.959963984540054 * math.sqrt((1 + 0.125) / 17)
    assert low == pytest.approx(math.tanh(math.atanh(0.5) - spread))
    assert high == pytest.approx(math.tanh(math.atanh(0.5) + spread))
    assert fisher_interval(1.0, 20) == (None, None)
    assert fisher_interval(0.3, 3) == (None, None)
    assert fisher_interval(None, 30) == (None, None)


def test_short_and_long_series_agree_whichever_way_they_are_summed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = importlib.import_module("siaran.metrics.spearman")
    rng = np.random.default_rng(9)
    x = rng.integers(0, 6, size=(40, 12)).astype(float)
    y = rng.normal(size=(40, 12))
    matrix, _, _ = permutation_p_values(x, y, permutations=300, seed=2)
    monkeypatch.setattr(module, "_CELLS", 10)  # too small for the matrix product: gathering
    gathered, _, _ = permutation_p_values(x, y, permutations=300, seed=2)
    assert np.array_equal(matrix, gathered)
