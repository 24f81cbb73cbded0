"""The event benchmark runs end to end at a tiny size and its implementations agree. No timing
is asserted: speed is reported by ``python -m benchmarks.run``, never enforced by tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_events_benchmark_rows_and_agreement(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "benchmarks.events_bench",
        "--events",
        "30000",
        "--json",
        "--capture",
    ]
    result = subprocess.run(
        [*command, "--workdir", str(tmp_path / "bench")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # siaran, the DuckDB floor and the pandas baseline must agree, and the capture dump's import
    # must store every distinct event of the dump, or the run exits non-zero.
    assert result.returncode == 0, result.stderr[-2000:]
    rows = json.loads(result.stdout)
    names = [row["name"] for row in rows]
    assert names == ["event_ingest", "timelines_all_sessions", "event_ingest_capture"]
    for row in rows:
        assert row["n"] == 30000
        fields = ["seconds", "floor_seconds", "peak_rss_mb"]
        fields += ["baseline_seconds"] if row["name"] != "event_ingest_capture" else []
        for field in fields:
            assert isinstance(row[field], float | int) and row[field] > 0, field
    # The dump holds every event but the orders (2 % of the lines).
    assert 0.95 * rows[0]["events_added"] < rows[2]["events_added"] < rows[0]["events_added"]
    assert 29_000 < rows[0]["events_added"] < 30_000  # the re-captured duplicates are dropped
