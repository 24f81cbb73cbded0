"""The effect of coaching that starts on different days in different accounts: a stacked
difference-in-differences with not-yet-coached controls, as pure arithmetic (no workspace), so
that the simulation that checks it (:mod:`siaran.programme.simulation`) runs the very code the
command runs.

**Method** (Callaway and Sant'Anna's group-time effects with not-yet-treated controls, on one
window before and one after each start, aggregated over groups):

- A **wave** is the accounts whose coaching began on one day ``d``. Around ``d`` every account
  has two cells of lives (:class:`siaran.experiments.estimate.AccountCells`): the ``window``
  days before ``d`` and the ``window`` days from ``d``; its **log ratio** is
  ``log(level after / level before)`` (levels as in experiments: a ratio of sums for GMV per
  live hour, the mean per live for every other KPI).
- The wave's effect is the mean log ratio of its coached accounts minus the mean log ratio of
  the **controls**: accounts not coached (on anything) before the end of the wave's after
  window, whether coached later or never. An account already coached is never a control, so
  no comparison is made against accounts whose own change is still unfolding, which is what
  biases a two-way fixed-effects regression under staggered adoption.
- The **overall** effect averages the waves' effects, each weighed by its coached accounts;
  ``relative = exp(effect) - 1``.
- **Interval**: a percentile bootstrap that resamples accounts (clusters) with replacement,
  each keeping its start day and its lives; the spread is widened by ``sqrt(n / (n - 1))``
  (``n`` coached accounts), as a resampled mean of ``n`` varies ``(n - 1) / n`` times as much.
- **p-value**: by permutation of which accounts started when (the start days, and "never",
  shuffled among the accounts), two-sided.

Assumptions, in plain words: without coaching, coached and not-yet-coached accounts would have
changed by the same factor over each window (parallel trends on the log scale); accounts do not
change in anticipation of their coaching; one account's coaching does not move another's lives.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Protocol

import numpy as np

from siaran.experiments.estimate import MIN_CONTROLS, AccountCells, Cell, Estimate
from siaran.metrics.spearman import CONFIDENCE
from siaran.resampling import RESAMPLES, SEED

if TYPE_CHECKING:
    from numpy.typing import NDArray

MIN_COACHED: Final = 3
"""Coached accounts with enough lives around their start an impact needs at all."""
_STREAM: Final = 23  # keeps this module's random numbers apart from the other users of SEED


@dataclass(frozen=True)
class Unit:
    """One account: the day its coaching (on the topic studied) began, the day any coaching
    began (``None``: never), and its cells around every wave's start (``None``: not usable)."""

    account: str
    start: dt.date | None
    first_any: dt.date | None
    cells: tuple[AccountCells | None, ...]


@dataclass(frozen=True)
class Panel:
    """The waves (start days, sorted), the last day of each after window, and the accounts."""

    waves: tuple[dt.date, ...]
    ends: tuple[dt.date, ...]
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class WaveResult:
    """One wave: its coached accounts and controls that had enough lives, and its effect."""

    start: dt.date
    coached: tuple[str, ...]
    controls: tuple[str, ...]
    relative: float | None


@dataclass(frozen=True)
class StaggeredEstimate:
    """The overall estimate (as an experiment's :class:`Estimate`, so that its verdict rules
    apply unchanged) and the waves it rests on."""

    estimate: Estimate
    waves: tuple[WaveResult, ...]
    coached: tuple[str, ...]
    controls: tuple[str, ...]


class LiveValue(Protocol):
    """A live's local day and its KPI as numerator over denominator."""

    @property
    def day(self) -> dt.date: ...
    @property
    def numerator(self) -> float: ...
    @property
    def denominator(self) -> float: ...


def _cell(lives: Sequence[LiveValue]) -> Cell:
    return Cell(tuple(x.numerator for x in lives), tuple(x.denominator for x in lives))


def build_panel(
    lives: Mapping[str, Sequence[LiveValue]],
    starts: Mapping[str, dt.date],
    first_any: Mapping[str, dt.date],
    window: int,
) -> Panel:
    """The panel of every account of ``lives``: ``starts`` are the first days of coaching on
    the topic studied, ``first_any`` the first days of any coaching; each wave's windows are
    ``window`` days before and from its start."""
    waves = tuple(sorted(set(starts.values())))
    ends = tuple(d + dt.timedelta(days=window - 1) for d in waves)
    units = []
    for account in sorted(lives):
        own = lives[account]
        cells: list[AccountCells | None] = []
        for start, end in zip(waves, ends, strict=True):
            first = start - dt.timedelta(days=window)
            before = [x for x in own if first <= x.day < start]
            after = [x for x in own if start <= x.day <= end]
            cells.append(
                AccountCells(account, _cell(before), _cell(after)) if before and after else None
            )
        units.append(Unit(account, starts.get(account), first_any.get(account), tuple(cells)))
    return Panel(waves, ends, tuple(units))


def _day(value: dt.date | None) -> float:
    return float(value.toordinal()) if value is not None else math.inf


def _aggregate(
    starts: NDArray[np.float64],
    clean: NDArray[np.float64],
    ratios: Callable[[int], NDArray[np.float64]],
    waves: NDArray[np.float64],
    ends: NDArray[np.float64],
) -> NDArray[np.float64]:
    """The overall log effect per row of ``starts`` / ``clean`` (rows x accounts); NaN where
    no wave has a coached account and :data:`MIN_CONTROLS` controls."""
    total = np.zeros(starts.shape[0])
    weight = np.zeros(starts.shape[0])
    for g in range(waves.size):
        r = ratios(g)
        ok = np.isfinite(r)
        coached = (starts == waves[g]) & ok
        controls = (clean > ends[g]) & ok
        n_t, n_c = coached.sum(axis=1), controls.sum(axis=1)
        valid = (n_t >= 1) & (n_c >= MIN_CONTROLS)
        values = np.where(ok, r, 0.0)
        mean_t = (values * coached).sum(axis=1) / np.maximum(n_t, 1)
        mean_c = (values * controls).sum(axis=1) / np.maximum(n_c, 1)
        total += np.where(valid, n_t * (mean_t - mean_c), 0.0)
        weight += np.where(valid, n_t, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: NDArray[np.float64] = np.where(weight > 0, total / weight, np.nan)
    return out


def _ratio_matrix(panel: Panel) -> NDArray[np.float64]:
    out = np.full((len(panel.units), len(panel.waves)), np.nan)
    for a, unit in enumerate(panel.units):
        for g, cells in enumerate(unit.cells):
            if cells is not None and cells.usable:
                out[a, g] = cells.log_ratio
    return out


def _choices(starts: Sequence[object]) -> float:
    """How many distinct ways the start days can be shuffled among the accounts."""
    counts: dict[object, int] = {}
    for s in starts:
        counts[s] = counts.get(s, 0) + 1
    ways = math.factorial(len(starts))
    for c in counts.values():
        ways //= math.factorial(c)
    return float(ways)


def _waves(panel: Panel, ratios: NDArray[np.float64]) -> list[WaveResult]:
    out = []
    for g, start in enumerate(panel.waves):
        coached = [
            u
            for a, u in enumerate(panel.units)
            if u.start == start and ratios[a, g] == ratios[a, g]
        ]
        controls = [
            u for a, u in enumerate(panel.units)
            if _day(u.first_any) > _day(panel.ends[g]) and np.isfinite(ratios[a, g])
        ]  # fmt: skip
        relative = None
        if coached and len(controls) >= MIN_CONTROLS:
            index = {u.account: a for a, u in enumerate(panel.units)}
            t = np.mean([ratios[index[u.account], g] for u in coached])
            c = np.mean([ratios[index[u.account], g] for u in controls])
            relative = math.expm1(float(t - c))
        out.append(
            WaveResult(
                start,
                tuple(u.account for u in coached),
                tuple(u.account for u in controls),
                relative,
            )
        )
    return out


def staggered_effect(
    panel: Panel,
    *,
    seed: int = SEED,
    resamples: int = RESAMPLES,
    confidence: float = CONFIDENCE,
) -> StaggeredEstimate | None:
    """The overall effect of coaching on the panel's accounts; ``None`` when fewer than
    :data:`MIN_COACHED` coached accounts can be compared with :data:`MIN_CONTROLS` controls.
    Deterministic for a given ``seed``."""
    ratios = _ratio_matrix(panel)
    waves = _waves(panel, ratios)
    used = [w for w in waves if w.relative is not None]
    coached = tuple(sorted({a for w in used for a in w.coached}))
    if len(coached) < MIN_COACHED:
        return None
    starts = np.array([_day(u.start) for u in panel.units])
    clean = np.array([_day(u.first_any) for u in panel.units])
    wave_days = np.array([_day(d) for d in panel.waves])
    ends = np.array([_day(d) for d in panel.ends])
    effect = float(
        _aggregate(starts[None, :], clean[None, :], lambda g: ratios[None, :, g], wave_days, ends)[
            0
        ]
    )
    rng = np.random.default_rng([seed, _STREAM])
    n_accounts = len(panel.units)
    picks = rng.integers(0, n_accounts, size=(resamples, n_accounts))
    boot = _aggregate(starts[picks], clean[picks], lambda g: ratios[picks, g], wave_days, ends)
    finite = np.isfinite(boot)
    n = len(coached)
    widened = effect + (boot[finite] - effect) * math.sqrt(n / (n - 1.0))
    tail = (1.0 - confidence) / 2.0 * 100.0
    low = high = None
    if widened.size:
        low, high = (float(math.expm1(v)) for v in np.percentile(widened, [tail, 100.0 - tail]))
    # Permutation: the pairs (start on the topic, first coaching) shuffled among the accounts.
    order = np.argsort(rng.random((resamples, n_accounts)), axis=1)
    permuted = _aggregate(
        starts[order],
        clean[order],
        lambda g: np.broadcast_to(ratios[:, g], order.shape),
        wave_days,
        ends,
    )
    hits = int((~np.isfinite(permuted) | (np.abs(permuted) >= abs(effect) - 1e-12)).sum())
    p_value = (hits + 1.0) / (resamples + 1.0)
    min_p = max(
        1.0 / _choices([(float(a), float(b)) for a, b in zip(starts, clean, strict=True)]),
        1.0 / (resamples + 1.0),
    )
    index = {u.account: a for a, u in enumerate(panel.units)}
    baseline = float(
        np.mean(
            [
                panel.units[index[a]].cells[g].before.level or 0.0  # type: ignore[union-attr]
                for g, w in enumerate(waves)
                if w.relative is not None
                for a in w.coached
            ]
        )
    )
    lives = sum(
        cells.before.lives + cells.after.lives
        for g, w in enumerate(waves)
        if w.relative is not None
        for a in (*w.coached, *w.controls)
        if (cells := panel.units[index[a]].cells[g]) is not None
    )
    relative = math.expm1(effect)
    estimate = Estimate(
        relative=relative,
        relative_low=low,
        relative_high=high,
        baseline=baseline,
        absolute=relative * baseline,
        absolute_low=low * baseline if low is not None else None,
        absolute_high=high * baseline if high is not None else None,
        p_value=min(1.0, p_value),
        p_method="monte_carlo_accounts",
        permutations=resamples,
        min_p_value=min_p,
        resamples=resamples,
        dropped=int((~finite).sum()),
        n_lives=lives,
        confidence=confidence,
    )
    controls = tuple(sorted({a for w in used for a in w.controls}))
    return StaggeredEstimate(estimate, tuple(waves), coached, controls)
