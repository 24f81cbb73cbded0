"""The tagging benchmark runs end to end at a tiny size with the promised row (no timing is
asserted: speed is reported by ``python -m benchmarks.talk_bench``)."""

from __future__ import annotations

from benchmarks.talk_bench import generate_comments, run_talk_benchmark

FIELDS = ("name", "n", "seconds", "floor_seconds", "baseline_seconds", "peak_rss_mb")


def test_row_shape() -> None:
    row = run_talk_benchmark(2000, repeats=1)
    assert set(FIELDS) <= row.keys()
    assert row["name"] == "talk_tag_comments" and row["n"] == 2000
    for key in FIELDS[2:]:
        assert isinstance(row[key], float) and row[key] > 0
    assert sum(row["cue_counts"].values()) >= 2000
    assert row["verdict"].startswith(("PASS", "MISS"))


def test_generated_comments_are_reproducible_and_varied() -> None:
    first = generate_comments(500, seed=1)
    assert first == generate_comments(500, seed=1)
    assert len(set(first)) > 250
