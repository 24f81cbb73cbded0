"""Every siaran benchmark in one run: each suite against its floor and its baseline, as ratios.

    python -m benchmarks.run --quick          # every suite at its quick size (a few minutes)
    python -m benchmarks.run                  # every suite at full size
    python -m benchmarks.run --only talk      # one suite (names: see SUITES)
    python -m benchmarks.run --quick --json   # all rows as JSON on stdout

Each suite is its own module with its own ``main`` and ``--json`` output (a row or a list of
rows) and runs in a child process, so that one suite's memory never counts against another.
Every row carries at least ``name, n, seconds, floor_seconds, baseline_seconds, peak_rss_mb``
and, where the suite has them, ``floor_ratio`` (seconds / floor: how close to the fastest
possible), ``baseline_speedup`` (baseline / seconds: how much better than the obvious way),
``verdict`` (PASS/MISS against the suite's goals) and a ``note`` saying what was measured.
A benchmark reports, it does not judge the build: the exit code is non-zero only when a suite
crashed or its implementations disagreed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

ROOT: Final = Path(__file__).resolve().parents[1]
Row = dict[str, Any]


@dataclass(frozen=True)
class Suite:
    """A benchmark module and the arguments of its quick and full sizes."""

    name: str
    module: str
    quick: tuple[str, ...]
    full: tuple[str, ...] = ()


SUITES: Final[tuple[Suite, ...]] = (
    Suite("core", "benchmarks.core_bench", ("--quick",)),
    Suite("talk", "benchmarks.talk_bench", ("--lines", "100000"), ("--lines", "1000000")),
    Suite("events", "benchmarks.events_bench", ("--quick", "--spark", "--csv", "--capture"), ()),
    Suite("casework", "benchmarks.casework_bench", ("--documents", "20", "--excerpts", "5000"), ()),
    Suite("web", "benchmarks.web_bench", ("--quick",), ()),
    Suite("orders", "benchmarks.orders_bench", ("--lines", "50000"), ("--lines", "1000000")),
    Suite("experiments", "benchmarks.experiments_bench", (), ()),
    Suite("programme", "benchmarks.programme_bench", (), ()),
    Suite("advice", "benchmarks.advice_bench", ("--cohorts", "40"), ()),
    Suite(
        "session_import",
        "benchmarks.session_import_bench",
        ("--rows", "100000"),
        ("--rows", "1000000"),
    ),
)


def run_suite(suite: Suite, *, quick: bool) -> list[Row]:
    """Run ``suite`` in a child process and return its rows (progress goes to our stderr)."""
    command = [sys.executable, "-m", suite.module, *(suite.quick if quick else suite.full)]
    result = subprocess.run(
        [*command, "--json"], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"benchmark suite {suite.name} failed (exit {result.returncode})")
    parsed = json.loads(result.stdout)
    rows: list[Row] = parsed if isinstance(parsed, list) else [parsed]
    for row in rows:
        row["suite"] = suite.name
    return rows


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def render_table(rows: Sequence[Row]) -> str:
    header = ("suite", "step", "n", "seconds", "s/floor", "baseline/s", "peak RSS MB", "goals")
    body = [
        (
            row["suite"],
            row["name"],
            f"{row['n']:,}",
            _seconds(row["seconds"]),
            _ratio(row.get("floor_ratio")),
            _ratio(row.get("baseline_speedup")),
            f"{row['peak_rss_mb']:.0f}" if row.get("peak_rss_mb") is not None else "-",
            str(row.get("verdict") or "-"),
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in (header, *body)
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="every suite at its quick size")
    parser.add_argument(
        "--only",
        type=lambda value: value.split(","),
        help="comma-separated suite names: " + ", ".join(s.name for s in SUITES),
    )
    parser.add_argument("--json", action="store_true", help="print every row as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    chosen = [s for s in SUITES if args.only is None or s.name in args.only]
    unknown = set(args.only or ()) - {s.name for s in SUITES}
    if unknown:
        raise SystemExit(f"unknown suite(s): {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    rows: list[Row] = []
    for suite in chosen:
        print(f"[benchmarks] {suite.name} ...", file=sys.stderr, flush=True)
        rows.extend(run_suite(suite, quick=args.quick))
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    size = "quick" if args.quick else "full"
    print(
        f"siaran benchmarks ({size} size): {len(chosen)} suites, {os.cpu_count()} CPUs, "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    print("s/floor: seconds over the floor's (lower is better, 1.00x = as fast as the floor);")
    print("baseline/s: how many times faster than the baseline (higher is better)")
    print(render_table(rows))
    for row in rows:
        print(f"  {row['suite']}/{row['name']}: {row.get('note', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
