"""Percentile bootstrap intervals for per-cue F1 and macro-F1, resampling lines.

The lines of one part are drawn with replacement, ``resamples`` times, with a fixed seed (the
same file gives the same interval on every machine). In each resample a cue's F1 is
``2 TP / (support + predicted)``; a cue with no example in a resample has no F1 there, and
macro-F1 is the mean over the cues that have one (``other`` excluded, as for the point value).
The interval holds the middle ``confidence`` share of the resampled values.

It measures how much the figure would move with another sample of lines *like these*; it says
nothing about lines unlike them (another author, real transcripts), which only a part written
independently can show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from siaran.resampling import RESAMPLES, SEED

if TYPE_CHECKING:
    import numpy as np

CONFIDENCE: Final = 0.95
_CELLS: Final = 4_000_000  # resamples x lines held in memory at once

Interval = tuple[float, float]


@dataclass(frozen=True)
class F1Intervals:
    """Per-cue intervals (in the order of the cues given; ``None`` where a cue has no example)
    and the macro-F1 interval (``None`` when no cue has an example)."""

    cues: tuple[Interval | None, ...]
    macro: Interval | None


def f1_intervals(
    expected: Sequence[frozenset[str]],
    predicted: Sequence[frozenset[str]],
    cues: Sequence[str],
    macro_cues: Sequence[str],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
) -> F1Intervals:
    """Bootstrap intervals over lines: ``expected[i]`` and ``predicted[i]`` are line i's cues."""
    import numpy as np  # only when evaluating: importing siaran.talk stays light

    n = len(expected)
    if n == 0 or resamples < 1:
        return F1Intervals(tuple(None for _ in cues), None)
    truth = np.array([[cue in labels for cue in cues] for labels in expected], dtype=np.float64)
    guess = np.array([[cue in labels for cue in cues] for labels in predicted], dtype=np.float64)
    hits = truth * guess
    rng = np.random.default_rng(seed)
    f1 = np.empty((resamples, len(cues)), dtype=np.float64)
    chunk = max(1, min(resamples, _CELLS // n))
    for done in range(0, resamples, chunk):
        size = min(chunk, resamples - done)
        picks = rng.integers(0, n, size=(size, n))
        offsets = (np.arange(size) * n)[:, None]
        weights = np.bincount((picks + offsets).ravel(), minlength=size * n).reshape(size, n)
        support = weights @ truth
        denominator = support + weights @ guess
        with np.errstate(invalid="ignore", divide="ignore"):
            values = np.where(support > 0, 2 * (weights @ hits) / denominator, np.nan)
        f1[done : done + size] = values
    tail = (1.0 - confidence) / 2.0 * 100.0
    per_cue = tuple(_percentiles(f1[:, j], tail) for j in range(len(cues)))
    chosen = [j for j, cue in enumerate(cues) if cue in macro_cues and truth[:, j].any()]
    if not chosen:
        return F1Intervals(per_cue, None)
    picked = f1[:, chosen]
    known = np.isfinite(picked)
    counts = known.sum(axis=1)
    totals = np.where(known, picked, 0.0).sum(axis=1)
    macro = np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)
    return F1Intervals(per_cue, _percentiles(macro, tail))


def _percentiles(values: np.ndarray, tail: float) -> Interval | None:
    import numpy as np

    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    low, high = np.percentile(finite, [tail, 100.0 - tail])
    return float(low), float(high)
