"""Proof that the evaluation finds what is there and claims nothing that is not.

Generated cohorts with a **known** planted effect (or none) go through the same code as
``siaran experiment evaluate`` (:func:`choose_controls`, :func:`estimate_effect`,
:func:`verdict_code`), many times, and two figures are counted:

- **coverage**: the share of cohorts whose interval of the relative effect contains the
  planted effect;
- **false positives**: with nothing planted, the share of cohorts whose verdict claims an
  effect (``improved`` or ``worse``).

The cohort model (what the evaluation assumes, and nothing kinder): every account has its own
level of GMV per live hour (log-normal across accounts, a factor of about 1.8 either way), lives
of 45 minutes to 2 hours, per-live GMV with log-normal noise (sigma 0.6) and a share of lives
that sell nothing; a **shared** change of level between the periods (a season, between -10 %
and +15 %) that hits every account alike; and, in ``before_after`` cohorts, the planted effect
multiplying the treated accounts' GMV from the start date. In ``switchback`` cohorts an
account's lives alternate without and with the change, the effect multiplying the lives with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from siaran.experiments.controls import choose_controls
from siaran.experiments.estimate import (
    AccountCells,
    Cell,
    Design,
    Estimate,
    estimate_effect,
    verdict_code,
)

COHORTS: Final = 200
ACCOUNTS: Final = 12
TREATED: Final = 3
SWITCHBACK_ACCOUNTS: Final = 2
PLANTED: Final = 0.25
"""The planted effect: +25 % GMV per live hour."""
NOISE_SIGMA: Final = 0.6
ZERO_SALE_SHARE: Final = 0.05


@dataclass(frozen=True)
class SimulationResult:
    """How often the interval held the planted effect and how often an effect was claimed."""

    design: Design
    planted: float
    cohorts: int
    with_interval: int
    covered: int
    claimed: int
    too_little_data: int

    @property
    def coverage(self) -> float:
        return self.covered / self.with_interval if self.with_interval else 0.0

    @property
    def claim_rate(self) -> float:
        return self.claimed / self.cohorts


def _cell(rng: np.random.Generator, level: float, lives: int, factor: np.ndarray | float) -> Cell:
    hours = rng.uniform(0.75, 2.0, size=lives)
    noise = rng.lognormal(-(NOISE_SIGMA**2) / 2, NOISE_SIGMA, size=lives)
    sold = rng.random(lives) >= ZERO_SALE_SHARE
    gmv = np.round(level * hours * noise * factor * sold, -2)
    return Cell(tuple(float(g) for g in gmv), tuple(float(h) for h in hours))


def _account_level(rng: np.random.Generator) -> float:
    return float(rng.lognormal(np.log(1_500_000.0), 0.6))


def before_after_cohort(rng: np.random.Generator, effect: float) -> list[AccountCells]:
    """:data:`ACCOUNTS` accounts, the first :data:`TREATED` with ``effect`` from the start."""
    season = float(rng.uniform(0.90, 1.15))
    cohort = []
    for index in range(ACCOUNTS):
        level = _account_level(rng)
        treated = index < TREATED
        before = _cell(rng, level, int(rng.integers(8, 13)), 1.0)
        after = _cell(
            rng, level, int(rng.integers(8, 13)), season * (1.0 + effect if treated else 1.0)
        )
        cohort.append(AccountCells(f"akun{index:02d}", before, after))
    return cohort


def switchback_cohort(rng: np.random.Generator, effect: float) -> list[AccountCells]:
    """:data:`SWITCHBACK_ACCOUNTS` accounts whose lives alternate without and with ``effect``
    under a level that drifts over the weeks (the same drift for both arms)."""
    cohort = []
    for index in range(SWITCHBACK_ACCOUNTS):
        level = _account_level(rng)
        lives = int(rng.integers(20, 33))
        drift = np.linspace(1.0, float(rng.uniform(0.9, 1.15)), lives)
        without, with_change = drift[0::2], drift[1::2]
        cohort.append(
            AccountCells(
                f"akun{index:02d}",
                _cell(rng, level, without.size, without),
                _cell(rng, level, with_change.size, with_change * (1.0 + effect)),
            )
        )
    return cohort


def evaluate_cohort(design: Design, cohort: Sequence[AccountCells]) -> Estimate | None:
    """The estimate the command would give on ``cohort`` (``None``: no usable account)."""
    if design == "switchback":
        treated = [a for a in cohort if a.usable]
        return estimate_effect(treated) if treated else None
    treated = [a for a in cohort[:TREATED] if a.usable]
    if not treated:
        return None
    controls = [c.cells for c in choose_controls(treated, cohort[TREATED:])]
    return estimate_effect(treated, controls)


def simulate(
    design: Design, planted: float, *, cohorts: int = COHORTS, seed: int = 20261205
) -> SimulationResult:
    """Run ``cohorts`` generated cohorts with ``planted`` (0 for none) and count."""
    rng = np.random.default_rng([seed, 0 if design == "before_after" else 1, int(planted * 1e6)])
    make = before_after_cohort if design == "before_after" else switchback_cohort
    return tally(
        design, planted, (evaluate_cohort(design, make(rng, planted)) for _ in range(cohorts))
    )


def tally(design: Design, planted: float, estimates: Iterable[Estimate | None]) -> SimulationResult:
    """Count over the estimates of generated cohorts (``None``: no usable account) the
    intervals, those holding ``planted``, the verdicts that claim an effect and those of too
    little data."""
    cohorts = with_interval = covered = claimed = too_little = 0
    for found in estimates:
        cohorts += 1
        code = verdict_code(found)
        too_little += code == "too_little_data"
        claimed += code in ("improved", "worse")
        if found is not None and found.relative_low is not None:
            with_interval += 1
            covered += found.relative_low <= planted <= (found.relative_high or 0.0)
    return SimulationResult(design, planted, cohorts, with_interval, covered, claimed, too_little)
