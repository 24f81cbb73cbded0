"""Proof that the programme's impact finds what is there and claims nothing that is not.

Generated cohorts with a **known** planted coaching effect (or none) go through the same code
as ``siaran programme impact`` (:func:`siaran.programme.staggered.build_panel`,
:func:`~siaran.programme.staggered.staggered_effect` and the experiments' verdict rules), many
times, and two figures are counted, as for experiments (:mod:`siaran.experiments.simulation`):
**coverage** (the share of cohorts whose interval of the relative effect contains the planted
one) and **false positives** (with nothing planted, the share of cohorts whose verdict claims
an effect).

The cohort model: :data:`ACCOUNTS` accounts over :data:`DAYS` days, each with its own level
of GMV per live hour (log-normal across accounts, a factor of about 1.8 either way), about
:data:`LIVES_PER_WEEK` lives a week of 45 minutes to 2 hours, per-live GMV with log-normal
noise (sigma :data:`~siaran.experiments.simulation.NOISE_SIGMA`) and a share of lives that sell
nothing; a **shared** level that drifts week by week (seasons, paydays) and hits every account
alike; :data:`COACHED` accounts coached in :data:`len(WAVE_DAYS)` waves that start on
different days, the planted effect multiplying their GMV from their own start; the others
never coached.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import numpy as np

from siaran.experiments.simulation import NOISE_SIGMA, ZERO_SALE_SHARE, SimulationResult, tally
from siaran.programme.staggered import StaggeredEstimate, build_panel, staggered_effect

COHORTS: Final = 200
ACCOUNTS: Final = 24
COACHED: Final = 12
DAYS: Final = 168
WAVE_DAYS: Final = (42, 70, 98)
WINDOW: Final = 28
LIVES_PER_WEEK: Final = 3.0
PLANTED: Final = 0.25
"""The planted effect: +25 % GMV per live hour from each coached account's start."""
FIRST_DAY: Final = dt.date(2026, 1, 5)


@dataclass(frozen=True)
class _Live:
    day: dt.date
    numerator: float
    denominator: float


def staggered_cohort(
    rng: np.random.Generator, effect: float
) -> tuple[dict[str, list[_Live]], dict[str, dt.date]]:
    """The lives of every account, and the coached accounts' start days."""
    weeks = DAYS // 7 + 1
    season = np.exp(np.cumsum(rng.normal(0.0, 0.05, size=weeks)))
    lives: dict[str, list[_Live]] = {}
    starts: dict[str, dt.date] = {}
    for index in range(ACCOUNTS):
        account = f"akun{index:02d}"
        level = float(rng.lognormal(np.log(1_500_000.0), 0.6))
        start = WAVE_DAYS[index % len(WAVE_DAYS)] if index < COACHED else None
        if start is not None:
            starts[account] = FIRST_DAY + dt.timedelta(days=start)
        count = int(rng.poisson(LIVES_PER_WEEK * DAYS / 7))
        days = np.sort(rng.integers(0, DAYS, size=count))
        hours = rng.uniform(0.75, 2.0, size=count)
        noise = rng.lognormal(-(NOISE_SIGMA**2) / 2, NOISE_SIGMA, size=count)
        sold = rng.random(count) >= ZERO_SALE_SHARE
        lift = np.where((start is not None) & (days >= (start or 0)), 1.0 + effect, 1.0)
        gmv = np.round(level * hours * noise * season[days // 7] * lift * sold, -2)
        lives[account] = [
            _Live(FIRST_DAY + dt.timedelta(days=int(d)), float(g), float(h))
            for d, g, h in zip(days, gmv, hours, strict=True)
        ]
    return lives, starts


def evaluate_cohort(
    lives: dict[str, list[_Live]], starts: dict[str, dt.date]
) -> StaggeredEstimate | None:
    """The estimate the command would give on the cohort."""
    return staggered_effect(build_panel(lives, starts, starts, WINDOW))


def simulate(planted: float, *, cohorts: int = COHORTS, seed: int = 20261205) -> SimulationResult:
    """Run ``cohorts`` generated cohorts with ``planted`` (0 for none) and count (as the
    experiments' :class:`SimulationResult`, design ``before_after``: every wave is a
    before/after comparison against controls)."""
    rng = np.random.default_rng([seed, 2, int(planted * 1e6)])
    found = (evaluate_cohort(*staggered_cohort(rng, planted)) for _ in range(cohorts))
    return tally("before_after", planted, (f.estimate if f else None for f in found))
