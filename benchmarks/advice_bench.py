"""Proof by simulation that advice puts a planted practice first for the accounts that lack it.

    python -m benchmarks.advice_bench            # 200 cohorts per row
    python -m benchmarks.advice_bench --json

Cohorts of 12 accounts, 4 of them showing the product working in the first ten minutes of most
of their lives (:mod:`siaran.advice.simulation`), written into a workspace (sessions, scored
transcripts) and diagnosed with the code ``siaran advise`` runs, with a planted effect of that
early demonstration on conversion of +30 %, +50 % and none. Per row: ``found_share`` (the
lacking accounts whose first recommendation is the planted practice), ``wrongly_told_share``
(the practising accounts told to adopt it) and ``claim_rate`` (cohorts in which it is
recommended with high confidence: with nothing planted, the false-positive rate), and the goals
as ``verdict``: with an effect planted, found for at least :data:`MIN_FOUND` of the lacking
accounts; with none, claimed in at most 5 % of cohorts.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import Any, Final

from benchmarks.core_bench import peak_rss_mb
from benchmarks.experiments_bench import MAX_FALSE_CLAIMS, simulation_main
from siaran.advice.simulation import simulate

PLANTED: Final = (0.3, 0.5, 0.0)
MIN_FOUND: Final = 0.75
"""Above the share with nothing planted (where one of the noisy drafts must come first)."""


def row(planted: float, cohorts: int) -> dict[str, Any]:
    started = time.perf_counter()
    found = simulate(planted, cohorts_count=cohorts)
    seconds = time.perf_counter() - started
    if planted:
        goal = f"found {found.found_share:.3f} >= {MIN_FOUND}"
        met = found.found_share >= MIN_FOUND
    else:
        goal = f"false claims {found.claim_rate:.3f} <= {MAX_FALSE_CLAIMS}"
        met = found.claim_rate <= MAX_FALSE_CLAIMS
    return {
        "name": f"early_demonstration.planted_{planted:+.0%}",
        "n": cohorts,
        "seconds": seconds,
        "floor_seconds": None,
        "baseline_seconds": None,
        "peak_rss_mb": peak_rss_mb(),
        "planted": planted,
        "lacking": found.lacking,
        "found": found.found,
        "found_share": found.found_share,
        "practising": found.practising,
        "wrongly_told": found.wrongly_told,
        "wrongly_told_share": found.wrongly_told_share,
        "claimed": found.claimed,
        "claim_rate": found.claim_rate,
        "verdict": ("PASS " if met else "MISS ") + goal,
        "note": (
            f"first for {found.found}/{found.lacking} lacking accounts; told to "
            f"{found.wrongly_told}/{found.practising} practising accounts; high confidence in "
            f"{found.claimed}/{cohorts} cohorts"
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    return simulation_main(
        "python -m benchmarks.advice_bench",
        lambda cohorts: [row(p, cohorts) for p in PLANTED],
        argv,
    )


if __name__ == "__main__":
    sys.exit(main())
