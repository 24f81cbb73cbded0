"""A live's timeline in spans of a few minutes (what ``siaran timeline ROOM`` prints)."""

from __future__ import annotations

import pytest

from siaran.events.summary import SUMMARY_FIELDS, summarise_timeline


def _minute(clock: str, viewers: int | None, **counts: float | None) -> dict[str, object]:
    row: dict[str, object] = {
        "minute": f"2026-07-04T{clock}:00+07:00",
        "viewers": viewers,
        "joins": 1,
        "comments": 2,
        "likes": 3,
        "shares": 0,
        "follows": 0,
        "gifts_diamonds": 0,
        "orders": 0,
        "gmv": 0.0,
    }
    row.update(counts)
    return row


def test_spans_align_to_the_clock_with_peaks_and_sums() -> None:
    rows = [
        _minute("20:03", 10),
        _minute("20:04", 25, orders=1, gmv=35_000.0),
        _minute("20:05", 40),
        _minute("20:09", None, comments=None),
        _minute("20:10", 18, orders=2, gmv=None),
    ]
    spans = summarise_timeline(rows, every=5)
    assert [s["minute"][11:16] for s in spans] == ["20:00", "20:05", "20:10"]
    first, second, third = spans
    assert set(first) == set(SUMMARY_FIELDS)
    assert (first["minutes"], first["viewers_peak"], first["comments"]) == (2, 25, 4)
    assert (first["orders"], first["gmv"]) == (1, 35_000.0)
    # A minute without a sample is unknown, not 0; unknown counts are left out of the sum.
    assert (second["viewers_peak"], second["comments"]) == (40, 2)
    assert third["gmv"] is None and third["orders"] == 2  # every GMV unknown: unknown


def test_every_minute_gives_the_minutes_back() -> None:
    rows = [_minute(f"20:{m:02d}", m) for m in range(7)]
    spans = summarise_timeline(rows, every=1)
    assert [s["viewers_peak"] for s in spans] == list(range(7))


def test_a_span_must_be_a_minute_or_more() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        summarise_timeline([], every=0)
