"""Proof by simulation that an experiment's verdict finds what is there and nothing else.

    python -m benchmarks.experiments_bench            # 200 cohorts per row
    python -m benchmarks.experiments_bench --json

For each design (``before_after`` with controls: 12 accounts, 3 treated; ``switchback``: 2
accounts alternating lives) it generates cohorts with a planted effect of +25 %, +50 % and none
(:mod:`siaran.experiments.simulation`), evaluates each with the code ``siaran experiment
evaluate`` runs, and reports per row: ``coverage`` (share of intervals containing the planted
effect), ``claim_rate`` (share of verdicts ``improved`` or ``worse``: with nothing planted the
false-positive rate, with an effect the power), and the goals of the issue as ``verdict``:
coverage at least 90 %, and with nothing planted claims in at most 5 % of cohorts. Time is
reported as well (no floor or baseline: there is no faster way to the same figures).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

from benchmarks.core_bench import peak_rss_mb
from siaran.experiments.estimate import Design
from siaran.experiments.simulation import COHORTS, simulate

PLANTED: Final = (0.25, 0.5, 0.0)
DESIGNS: Final[tuple[Design, ...]] = ("before_after", "switchback")
MIN_COVERAGE: Final = 0.90
MAX_FALSE_CLAIMS: Final = 0.05


def row(design: Design, planted: float, cohorts: int) -> dict[str, Any]:
    started = time.perf_counter()
    found = simulate(design, planted, cohorts=cohorts)
    seconds = time.perf_counter() - started
    goals = [f"coverage {found.coverage:.3f} >= {MIN_COVERAGE}"]
    met = found.coverage >= MIN_COVERAGE
    if planted == 0:
        goals.append(f"false claims {found.claim_rate:.3f} <= {MAX_FALSE_CLAIMS}")
        met = met and found.claim_rate <= MAX_FALSE_CLAIMS
    return {
        "name": f"{design}.planted_{planted:+.0%}",
        "n": cohorts,
        "seconds": seconds,
        "floor_seconds": None,
        "baseline_seconds": None,
        "peak_rss_mb": peak_rss_mb(),
        "design": design,
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


def simulation_main(
    prog: str, rows: Callable[[int], list[dict[str, Any]]], argv: Sequence[str] | None
) -> int:
    """The command line of a proof by simulation: ``rows(cohorts)`` printed one per line
    (name, note and verdict) or as JSON."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--cohorts", type=int, default=COHORTS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    found_rows = rows(args.cohorts)
    if args.json:
        print(json.dumps(found_rows, indent=2))
    else:
        for found in found_rows:
            print(f"{found['name']}: {found['note']} ({found['verdict']})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return simulation_main(
        "python -m benchmarks.experiments_bench",
        lambda cohorts: [row(d, p, cohorts) for d in DESIGNS for p in PLANTED],
        argv,
    )


if __name__ == "__main__":
    sys.exit(main())
