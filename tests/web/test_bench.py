"""The web benchmark runs end to end at a tiny size and reports the promised row (no timing is
asserted: speed is reported by ``python -m benchmarks.run``, never enforced by tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_web_benchmark_reports_its_row() -> None:
    command = [sys.executable, "-m", "benchmarks.web_bench", "--sessions", "600"]
    command += ["--accounts", "12", "--requests", "5", "--upload-rows", "300", "--json"]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    row, during = json.loads(result.stdout)
    for field in ("seconds", "floor_seconds", "baseline_seconds", "peak_rss_mb", "cold_seconds"):
        assert isinstance(row[field], float) and row[field] > 0, field
    assert row["name"] == "overview_p95" and row["n"] == 12
    assert 0 < row["accounts_in_window"] <= 12
    assert "PASS" in row["verdict"] or "MISS" in row["verdict"]
    assert during["name"] == "overview_p95_during_upload" and during["n"] >= 2
    for field in ("seconds", "floor_seconds", "baseline_seconds", "floor_ratio"):
        assert isinstance(during[field], float) and during[field] > 0, field
    assert during["hostile_status"] == 422
