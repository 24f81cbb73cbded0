"""Proof by simulation that the programme's impact finds what is there and nothing else.

    python -m benchmarks.programme_bench            # 200 cohorts per row
    python -m benchmarks.programme_bench --json

Cohorts of 24 accounts, 12 of them coached in three waves with staggered starts
(:mod:`siaran.programme.simulation`), with a planted effect of +25 %, +50 % and none, each
evaluated with the code ``siaran programme impact`` runs (stacked difference-in-differences
with not-yet-coached controls). Rows as in :mod:`benchmarks.experiments_bench`: coverage,
claim rate, and the issue's goals as ``verdict``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import Any, Final

from benchmarks.core_bench import peak_rss_mb
from benchmarks.experiments_bench import MAX_FALSE_CLAIMS, MIN_COVERAGE, simulation_main
from siaran.programme.simulation import simulate

PLANTED: Final = (0.25, 0.5, 0.0)


def row(planted: float, cohorts: int) -> dict[str, Any]:
    started = time.perf_counter()
    found = simulate(planted, cohorts=cohorts)
    seconds = time.perf_counter() - started
    goals = [f"coverage {found.coverage:.3f} >= {MIN_COVERAGE}"]
    met = found.coverage >= MIN_COVERAGE
    if planted == 0:
        goals.append(f"false claims {found.claim_rate:.3f} <= {MAX_FALSE_CLAIMS}")
        met = met and found.claim_rate <= MAX_FALSE_CLAIMS
    return {
        "name": f"staggered.planted_{planted:+.0%}",
        "n": cohorts,
        "seconds": seconds,
        "floor_seconds": None,
        "baseline_seconds": None,
        "peak_rss_mb": peak_rss_mb(),
        "planted": planted,
        "with_interval": found.with_interval,
        "covered": found.covered,
        "coverage": found.coverage,
        "claimed": found.claimed,
        "claim_rate": found.claim_rate,
        "too_little_data": found.too_little_data,
        "verdict": ("PASS " if met else "MISS ") + "; ".join(goals),
        "note": (
            f"{found.covered}/{found.with_interval} intervals hold the planted {planted:+.0%}; "
            f"{found.claimed}/{cohorts} verdicts claim an effect"
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    return simulation_main(
        "python -m benchmarks.programme_bench",
        lambda cohorts: [row(p, cohorts) for p in PLANTED],
        argv,
    )


if __name__ == "__main__":
    sys.exit(main())
