"""The casework benchmark runs end to end at a tiny size; speed is never asserted here."""

from __future__ import annotations

from benchmarks.casework_bench import run


def test_benchmark_rows_have_the_promised_shape() -> None:
    rows = run(documents=3, excerpts=60)
    assert [r["name"] for r in rows] == ["qdpx_import", "qdpx_export", "matrices"]
    for row in rows:
        assert row["n"] == 60 and row["seconds"] > 0 and row["floor_seconds"] > 0
        assert row["verdict"] in ("PASS", "MISS")
