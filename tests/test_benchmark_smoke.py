"""The benchmark runs end to end at a tiny size: its rows have the promised shape and siaran,
the floor (one DuckDB query) and the baseline (pandas) agreed. No timing is asserted: speed is
reported by ``python -m benchmarks.run`` (this suite: ``benchmarks.core_bench``), never enforced
by tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("name", "n", "seconds", "floor_seconds", "baseline_seconds", "peak_rss_mb")


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_benchmark_runs_and_the_three_implementations_agree(tmp_path: Path) -> None:
    workdir = tmp_path / "bench"
    command = [
        sys.executable,
        "-m",
        "benchmarks.core_bench",
        "--sessions",
        "2000",
        "--accounts",
        "50",
    ]
    result = subprocess.run(
        [*command, "--json", "--workdir", str(workdir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # A disagreement between siaran, the floor and the baseline exits non-zero, naming it.
    assert result.returncode == 0, result.stdout + result.stderr
    rows = json.loads(result.stdout)

    assert [row["name"] for row in rows] == ["import", "rollup_28d", "compare"]
    for row in rows:
        assert set(FIELDS) <= row.keys()
        assert row["n"] == 2000
        assert _number(row["seconds"]) and row["seconds"] > 0
        assert _number(row["peak_rss_mb"]) and row["peak_rss_mb"] > 0
    rollup = rows[1]
    assert _number(rollup["floor_seconds"]) and _number(rollup["baseline_seconds"])
    assert rollup["agree"] is True
    assert "PASS" in rollup["verdict"] or "MISS" in rollup["verdict"]
    for row in (rows[0], rows[2]):
        assert row["floor_seconds"] is None and row["baseline_seconds"] is None

    # The three result sets the run compared are there, row for row.
    results = {
        name: json.loads((workdir / "results" / f"rollup_28d.{name}.json").read_text("utf-8"))
        for name in ("siaran", "floor", "baseline")
    }
    accounts = [(r["account"], r["currency"]) for r in results["siaran"]]
    assert accounts, "the rollup found no accounts"
    for name in ("floor", "baseline"):
        assert [(r["account"], r["currency"]) for r in results[name]] == accounts
        assert [r["sessions"] for r in results[name]] == [r["sessions"] for r in results["siaran"]]


def test_the_runner_collects_a_suite_as_ratio_rows() -> None:
    from benchmarks.run import SUITES, Suite, run_suite

    assert {suite.name for suite in SUITES} >= {"core", "talk"}
    rows = run_suite(Suite("talk", "benchmarks.talk_bench", ("--lines", "2000")), quick=True)
    (row,) = rows
    assert row["suite"] == "talk" and row["n"] == 2000
    assert set(FIELDS) <= row.keys()
    assert _number(row["floor_ratio"]) and _number(row["baseline_speedup"])


def test_the_orders_benchmark_stores_every_line_it_wrote() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.orders_bench", "--lines", "2000", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    row = json.loads(result.stdout)
    assert set(FIELDS) <= row.keys()
    assert row["n"] == 2000 and row["agree"] is True and row["orders"] > 0
    assert _number(row["seconds"]) and _number(row["floor_seconds"])
    assert row["baseline_seconds"] is None
