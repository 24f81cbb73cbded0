"""Sessions cut into opening, demonstration, Q&A, offer and closing call to action."""

from __future__ import annotations

import itertools

from siaran.talk import tag_lines
from siaran.talk.phases import PHASES, segment_phases, summarise_phases
from siaran.talk.transcripts import TranscriptLine

SESSION = [
    (5, "halo kak selamat datang di live kita"),
    (30, "yang baru join merapat dulu"),
    (70, "ini aku cobain ya, liat dekat kamera"),
    (100, "bahannya katun, ukuran M sampai XL"),
    (140, "kak rina nanya warna, ada navy sama hitam"),
    (150, "yang nanya ongkir, ke Jakarta 15 ribu"),
    (200, "harganya cuma 99 ribu, diskon 50 persen"),
    (230, "stok tinggal 5 ya kak"),
    (275, "oke lanjut ya"),
    (560, "langsung checkout sekarang kak"),
    (590, "makasih udah nonton, sampai jumpa"),
]


def _lines() -> list[TranscriptLine]:
    return [TranscriptLine(i, t, at, at + 6) for i, (at, t) in enumerate(SESSION, 1)]


def test_timed_session_follows_the_architecture() -> None:
    lines = _lines()
    segments = segment_phases(lines, tag_lines([t for _, t in SESSION], "host"), 596.0)
    assert [s.phase for s in segments] == list(PHASES)
    assert segments[0].start_s == 5 and segments[0].first_line == 1
    # Segments cover the session: each runs until the next starts.
    for before, after in itertools.pairwise(segments):
        assert before.end_s == after.start_s
    summary = {p.phase: p for p in summarise_phases(segments, len(lines), 596.0)}
    assert all(p.present for p in summary.values())
    assert summary["closing_cta"].first_at_s == 560
    assert abs(sum(p.share or 0 for p in summary.values()) - (596 - 5) / 596) < 1e-3


def test_untimed_session_uses_lines() -> None:
    lines = [TranscriptLine(i, t) for i, (_, t) in enumerate(SESSION, 1)]
    segments = segment_phases(lines, tag_lines([t for _, t in SESSION], "host"), None)
    assert segments[0].phase == "opening"
    assert segments[-1].phase == "closing_cta"
    assert segments[0].start_s is None
    summary = summarise_phases(segments, len(lines), None)
    assert sum(p.share or 0 for p in summary) == 1.0
    assert all(p.seconds is None for p in summary)


def test_missing_phases_are_absent() -> None:
    texts = ["harganya 50 ribu", "diskon 20 persen", "harga spesial"]
    lines = [TranscriptLine(i, t, i * 10.0, i * 10.0 + 5) for i, t in enumerate(texts, 1)]
    segments = segment_phases(lines, tag_lines(texts, "host"), 35.0)
    assert {s.phase for s in segments} == {"offer"}
    summary = {p.phase: p for p in summarise_phases(segments, 3, 35.0)}
    assert not summary["opening"].present
    assert summary["opening"].seconds == 0.0
