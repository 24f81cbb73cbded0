"""The statistics of advice on numbers worked out by hand."""

from __future__ import annotations

import itertools

import pytest

from siaran.advice.effects import confidence_of, percentile, relative_difference
from siaran.advice.model import Effect
from siaran.advice.rhythm import ALPHA, selection_p_value


def test_percentile_counts_ties_half() -> None:
    cohort = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert percentile(3.0, cohort) == 0.5
    assert percentile(5.0, cohort) == 0.9
    assert percentile(1.0, cohort) == 0.1
    assert percentile(2.0, [2.0, 2.0, 1.0, 3.0]) == pytest.approx((1 + 0.5 * 2) / 4)


def test_relative_difference_of_constant_groups_is_exact() -> None:
    effect = relative_difference([300.0] * 3, [100.0] * 6, basis="within_account:x")
    assert effect == Effect(2.0, 2.0, 2.0, 9, "within_account:x")
    assert confidence_of(effect) == "medium"


def test_relative_difference_needs_three_each_side() -> None:
    effect = relative_difference([3.0, 4.0], [1.0, 1.0, 1.0], basis="b")
    assert effect.estimate is None and effect.n_lives == 5
    assert confidence_of(effect) == "too_little_data"


def test_no_ratio_against_a_zero_mean() -> None:
    assert relative_difference([1.0] * 3, [0.0] * 3, basis="b").estimate is None


def test_interval_across_zero_is_low_confidence_and_many_lives_high() -> None:
    noisy = relative_difference([1.0, 5.0, 9.0], [2.0, 5.0, 8.0], basis="b")
    assert noisy.estimate == pytest.approx(0.0)
    assert noisy.ci_low is not None and noisy.ci_low < 0 < (noisy.ci_high or 0)
    assert confidence_of(noisy) == "low"
    many = relative_difference([2.0, 2.1] * 10, [1.0, 1.1] * 10, basis="b")
    assert many.n_lives == 40 and confidence_of(many) == "high"


def test_same_data_same_interval() -> None:
    first = relative_difference([1.0, 3.0, 7.0, 2.0], [1.0, 2.0, 1.5], basis="b")
    assert first == relative_difference([1.0, 3.0, 7.0, 2.0], [1.0, 2.0, 1.5], basis="b")


def test_across_accounts_two_accounts_are_two_pieces_of_evidence_not_six() -> None:
    """Three lives of one account against three of another: resampled as lives, a sure
    difference; resampled as accounts, half the draws hold one account only, so no interval."""
    lives = relative_difference([2.0] * 3, [1.0] * 3, basis="b")
    assert (lives.estimate, lives.ci_low, lives.ci_high) == (1.0, 1.0, 1.0)
    accounts = relative_difference([2.0] * 3, [1.0] * 3, basis="b", accounts=(["a"] * 3, ["b"] * 3))
    assert accounts.estimate == 1.0 and accounts.ci_low is None
    assert confidence_of(accounts) == "too_little_data"


def test_across_accounts_the_interval_is_as_wide_as_the_accounts_differ() -> None:
    """Four accounts follow a practice and eight do not; each account's lives convert alike
    (levels 1 to 4 among the followers, 1 to 2.4 among the others) and the practice changes
    nothing within an account. Resampling lives finds the followers' higher level a sure
    effect; resampling accounts does not."""
    follow = [float(level) for level in (1, 2, 3, 4) for _ in range(9)]
    other = [1.0 + 0.2 * i for i in range(8) for _ in range(9)]
    owners = (
        [f"f{level}" for level in (1, 2, 3, 4) for _ in range(9)],
        [f"o{i}" for i in range(8) for _ in range(9)],
    )
    lives = relative_difference(follow, other, basis="b")
    accounts = relative_difference(follow, other, basis="b", accounts=owners)
    assert lives.estimate == accounts.estimate == pytest.approx(2.5 / 1.7 - 1.0)
    assert confidence_of(lives) == "high"
    assert accounts.ci_low is not None and accounts.ci_high is not None
    assert lives.ci_low is not None and lives.ci_high is not None
    assert accounts.ci_high - accounts.ci_low > 1.5 * (lives.ci_high - lives.ci_low)
    assert accounts.ci_low < 0.0 < accounts.ci_high and confidence_of(accounts) == "low"


def test_a_side_chosen_from_two_gets_the_wider_interval() -> None:
    """The better of two halves, picked after seeing the data: each tail is halved, so the
    interval holds the one for a side named in advance, with the same estimate."""
    follow, other = [3.0, 5.0, 4.0, 6.0, 2.0], [2.0, 3.0, 4.0, 1.0, 3.0]
    named = relative_difference(follow, other, basis="b")
    chosen = relative_difference(follow, other, basis="b", choices=2)
    assert chosen.estimate == named.estimate
    assert chosen.ci_low is not None and named.ci_low is not None
    assert chosen.ci_high is not None and named.ci_high is not None
    assert chosen.ci_low < named.ci_low and chosen.ci_high > named.ci_high


def _exact_selection_p(values: list[float], groups: list[int], reference: int | None) -> float:
    """The permutation p-value of :func:`selection_p_value` worked out over every distinct way
    of giving the values to the sides (each equally likely under shuffling)."""

    def strength(order: tuple[float, ...]) -> float:
        sums: dict[int, list[float]] = {}
        for side, value in zip(groups, order, strict=True):
            sums.setdefault(side, []).append(value)
        means = {side: sum(v) / len(v) for side, v in sums.items()}
        best = max(means.values())
        if reference is None:
            return best / min(means.values())
        return 1.0 if means[reference] == best else best / means[reference]

    orders = set(itertools.permutations(values))
    observed = strength(tuple(values))
    # With distinct values every arrangement is equally likely under shuffling.
    as_strong = sum(strength(order) >= observed * (1 - 1e-12) for order in orders)
    return as_strong / len(orders)


@pytest.mark.parametrize(
    ("values", "groups", "reference"),
    [
        ([5.0, 1.0, 2.0, 9.0, 3.0, 4.0, 2.5], [0, 0, 0, 1, 1, 1, 1], None),
        ([8.0, 7.5, 9.0, 2.0, 3.0, 1.0, 2.5], [0, 0, 0, 1, 1, 1, 1], None),
        ([4.0, 6.0, 5.0, 1.0, 2.0, 1.5, 3.0], [1, 1, 1, 0, 0, 0, 2], 0),
    ],
)
def test_selection_p_value_agrees_with_every_permutation(
    values: list[float], groups: list[int], reference: int | None
) -> None:
    """The Monte Carlo permutation p-value (2,000 shuffles) lies within 0.035 (over three
    standard errors) of the p-value counted over every permutation."""
    exact = _exact_selection_p(values, groups, reference)
    found = selection_p_value(values, groups, reference)
    assert found == pytest.approx(exact, abs=0.035)


def test_a_clean_split_of_four_against_four_is_never_enough() -> None:
    """Eight values, the four largest on one side: 2 of the 70 ways of splitting them are as
    clean (either side on top), p = 2/70, more than the 2.5% a recommendation may risk."""
    p = selection_p_value([600.0] * 4 + [300.0] * 4, [0] * 4 + [1] * 4, None)
    assert p == pytest.approx(2 / 70, abs=0.012)
    assert p >= ALPHA
