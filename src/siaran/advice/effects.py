"""How large an association a recommendation rests on, and how sure siaran is of it.

An effect is the relative difference of a mean outcome between lives (or weeks) that follow a
practice and those that do not: ``mean(follow) / mean(other) - 1``, with a percentile
bootstrap interval that resamples each group with replacement (seeded by
:mod:`siaran.resampling`, so the same data give the same interval). Below
:data:`MIN_GROUP` items on either side there is no estimate. It is an association: the lives
that follow a practice differ from the others in more than the practice.

Lives of many accounts are not independent: an account's lives share its audience, products
and level, and an account that follows a practice mostly follows it in every live. A
comparison across the cohort's lives therefore resamples whole accounts (``accounts``: the
account of each item), so that its interval is as wide as the number of accounts allows; a
resampling of lives would treat forty lives of four accounts as forty independent pieces of
evidence, and call a difference between those accounts' levels a sure effect of the practice.

A side picked after seeing the data (the better half of the lives, the best start hour) is
one of ``choices`` that could have been picked: its interval shares the tail of a
pre-specified comparison among them (Bonferroni), so that an interval clear of zero is no more
likely in noise than for a comparison chosen in advance. The estimate itself stays that of
the side that won, and so leans high.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np

from siaran.advice.model import Confidence, Effect
from siaran.metrics.spearman import CONFIDENCE
from siaran.resampling import RESAMPLES, SEED

MIN_GROUP: Final = 3
"""Items each side of a comparison needs before siaran estimates a difference."""
HIGH_CONFIDENCE_LIVES: Final = 30
"""Lives an interval clear of zero needs before its confidence is called high."""
MAX_UNUSABLE_SHARE: Final = 0.10
"""Resamples whose other side has a mean of 0 (no ratio) beyond this share: no interval."""


def relative_difference(
    follow: Sequence[float],
    other: Sequence[float],
    *,
    basis: str,
    n_lives: int | None = None,
    accounts: tuple[Sequence[str], Sequence[str]] | None = None,
    choices: int = 1,
    seed: int = SEED,
    resamples: int = RESAMPLES,
) -> Effect:
    """The relative difference of the means of ``follow`` and ``other`` with its interval.

    ``n_lives`` is how many lives the two groups hold (default: the items themselves, when
    each item is a live; weeks hold several). ``accounts`` gives the account of each item of
    ``follow`` and of ``other``: the interval then resamples accounts, each with all its
    items, instead of items. ``choices`` is how many sides ``follow`` was picked from
    after seeing the data: each tail of the interval is divided by it. No estimate when a
    side has fewer than :data:`MIN_GROUP` items or ``other`` has a mean of 0."""
    lives = n_lives if n_lives is not None else len(follow) + len(other)
    if len(follow) < MIN_GROUP or len(other) < MIN_GROUP:
        return Effect(None, None, None, lives, basis)
    a = np.asarray(follow, dtype=np.float64)
    b = np.asarray(other, dtype=np.float64)
    if b.mean() == 0:
        return Effect(None, None, None, lives, basis)
    estimate = float(a.mean() / b.mean() - 1.0)
    rng = np.random.default_rng(seed)
    if accounts is None:
        means_a = a[rng.integers(0, a.size, size=(resamples, a.size))].mean(axis=1)
        means_b = b[rng.integers(0, b.size, size=(resamples, b.size))].mean(axis=1)
        usable = means_b != 0
    else:
        means_a, means_b, usable = _account_means(a, b, accounts, rng, resamples)
    if 1.0 - usable.mean() > MAX_UNUSABLE_SHARE:
        return Effect(estimate, None, None, lives, basis)
    ratios = means_a[usable] / means_b[usable] - 1.0
    tail = (1.0 - CONFIDENCE) / 2.0 / choices * 100.0
    low, high = np.percentile(ratios, [tail, 100.0 - tail])
    return Effect(estimate, float(low), float(high), lives, basis)


def _account_means(
    a: np.ndarray,
    b: np.ndarray,
    accounts: tuple[Sequence[str], Sequence[str]],
    rng: np.random.Generator,
    resamples: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The means of both groups over ``resamples`` draws of the accounts with replacement
    (an account drawn twice counts its items twice); a draw is usable when both groups have
    items in it and the other group's mean is not 0."""
    names = sorted(set(accounts[0]) | set(accounts[1]))
    index = {name: i for i, name in enumerate(names)}
    sums = np.zeros((2, len(names)))
    counts = np.zeros((2, len(names)))
    for side, (values, owners) in enumerate(((a, accounts[0]), (b, accounts[1]))):
        where = np.array([index[o] for o in owners], dtype=np.int64)
        np.add.at(sums[side], where, values)
        np.add.at(counts[side], where, 1.0)
    drawn = rng.multinomial(len(names), np.full(len(names), 1.0 / len(names)), size=resamples)
    total = drawn @ sums.T
    items = drawn @ counts.T
    usable = (items > 0).all(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        means = np.where(items > 0, total / np.where(items > 0, items, 1.0), 0.0)
    usable &= means[:, 1] != 0
    return means[:, 0], means[:, 1], usable


def confidence_of(effect: Effect) -> Confidence:
    """``too_little_data`` without an estimate or interval; ``high`` when the interval lies
    wholly above zero and rests on :data:`HIGH_CONFIDENCE_LIVES` lives or more, ``medium`` when
    it lies above zero on fewer, ``low`` when it reaches zero or below."""
    if effect.estimate is None or effect.ci_low is None:
        return "too_little_data"
    if effect.ci_low > 0.0:
        return "high" if effect.n_lives >= HIGH_CONFIDENCE_LIVES else "medium"
    return "low"


def percentile(value: float, cohort: Sequence[float]) -> float:
    """Where ``value`` stands in ``cohort`` (which holds it): the share of the cohort below
    it, ties (itself included) counted half. ``[1, 2, 3, 4, 5]``: 3 stands at 0.5, 5 at 0.9."""
    below = sum(1 for v in cohort if v < value)
    equal = sum(1 for v in cohort if v == value)
    return (below + 0.5 * equal) / len(cohort)
