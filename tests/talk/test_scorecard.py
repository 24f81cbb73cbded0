"""A session scored from a real SRT file and a CSV of comments; suggestions in both languages
quote the lines they are based on."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from siaran.errors import UsageError
from siaran.talk import (
    Comment,
    Scorecard,
    Transcript,
    read_comments,
    read_transcript,
    score_session,
)
from siaran.talk.transcripts import TranscriptLine
from tests.talk.samples import write_comments, write_srt


@pytest.fixture
def scorecard(tmp_path: Path) -> Scorecard:
    transcript = read_transcript(write_srt(tmp_path / "live.srt"))
    comments = read_comments(write_comments(tmp_path / "comments.csv"))
    return score_session(transcript, comments, room_id="7512345678901234567")


def test_checks_and_metrics(scorecard: Scorecard) -> None:
    status = {c.key: c.status for c in scorecard.checks}
    assert status["opening"] == "ok"
    assert status["offer"] == "ok"
    assert status["trust"] == "ok"
    assert status["closing_cta"] == "fail"  # last call to action at 11:40 of 30:00
    assert status["questions_answered"] == "fail"  # one of three questions answered
    assert status["dead_air"] == "fail"
    metrics = scorecard.metrics
    assert scorecard.made_from["duration_s"] == 1800
    assert metrics["cta_in_last_10min"] is False
    assert metrics["ctas_per_10min"] == pytest.approx(2 / 3, abs=1e-3)
    assert metrics["questions"] == 3 and metrics["answered"] == 1
    assert metrics["median_latency_s"] == 20.0
    assert metrics["urgency_without_offer"] == 1  # the flash sale at 10:00
    assert metrics["purchase_intent_comments"] == 1
    assert scorecard.comment_cues is not None and scorecard.comment_cues["praise"] == 1
    assert 0 < (scorecard.score or 0) < 100
    assert next(p.phase for p in scorecard.phases if p.present) == "opening"


def test_suggestions_quote_lines_with_times_in_both_languages(scorecard: Scorecard) -> None:
    english = {s.key: s for s in scorecard.suggestions("en")}
    indonesian = {s.key: s for s in scorecard.suggestions("id")}
    assert set(english) == set(indonesian)
    closing = english["closing_cta"]
    assert "last 10 minutes" in closing.text
    assert "“makasih udah nonton, sampai jumpa besok” (00:29:50)" in closing.text
    assert "10 menit terakhir" in indonesian["closing_cta"].text
    unanswered = english["questions_answered"]
    assert "“sari: bahannya apa kak?” (00:05:00)" in unanswered.text
    assert unanswered.evidence[0].source == "comment"
    urgency = english["urgency_without_offer"]
    assert "“flash sale jam 9 nanti ya kak” (00:10:00)" in urgency.text
    # Worst first.
    statuses = [s.status for s in scorecard.suggestions("en")]
    assert statuses == sorted(statuses, key=["fail", "warn", "unknown", "ok"].index)


def test_to_dict_is_json_and_round_trips(scorecard: Scorecard) -> None:
    data = scorecard.to_dict()
    text = json.dumps(data)
    assert data["room_id"] == "7512345678901234567"
    assert data["qa"] is not None and data["qa"]["links"][0]["answer_line"] == 5
    assert {"checks", "phases", "segments", "metrics", "findings"} <= data.keys()
    again = Scorecard.from_dict(json.loads(text))
    assert again.to_dict() == data
    assert [s.text for s in again.suggestions("id")] == [
        s.text for s in scorecard.suggestions("id")
    ]


def test_clock_timed_comments_need_the_start() -> None:
    transcript = Transcript.from_texts(["halo kak"])
    zone = ZoneInfo("Asia/Jakarta")
    comments = [Comment(dt.datetime(2026, 7, 4, 20, 1, tzinfo=zone), "a", "brp kak")]
    with pytest.raises(UsageError) as error:
        score_session(transcript, comments)
    assert error.value.key == "talk.comments.need_start"
    start = dt.datetime(2026, 7, 4, 20, 0, tzinfo=zone)
    scored = score_session(transcript, comments, started_at=start)
    assert scored.to_dict()["started_at"] == "2026-07-04T20:00:00+07:00"


def test_untimed_transcript_leaves_time_checks_unknown() -> None:
    transcript = Transcript.from_texts(
        ["halo kak selamat datang", "ini aku cobain ya", "harganya 50 ribu", "checkout ya kak"]
    )
    scored = score_session(transcript, [Comment(5.0, "a", "brp kak?")])
    status = {c.key: c.status for c in scored.checks}
    assert status["opening"] == "ok"
    assert status["closing_cta"] == "ok"
    for key in ("questions_answered", "response_time", "cta_rate", "dead_air"):
        assert status[key] == "unknown"
    assert scored.made_from["duration_s"] is None and scored.qa is None
    assert scored.metrics["ctas_per_10min"] is None


def test_a_model_session_is_all_good() -> None:
    texts = [
        (5, "halo kak selamat datang, hari ini promo opak"),
        (40, "aku cobain ya, liat kriuk banget, bahannya singkong asli"),
        (80, "harganya 25 ribu, bisa COD, ada izin PIRT"),
        (100, "stok tinggal 5, harga promo cuma 25 ribu"),
        (120, "langsung klik keranjang kuning dan checkout"),
        (160, "checkout sekarang ya kak, sampai jumpa"),
    ]
    ends = [at for at, _ in texts[1:]] + [180]
    transcript = Transcript(
        tuple(
            TranscriptLine(i, t, float(at), float(end))
            for i, ((at, t), end) in enumerate(zip(texts, ends, strict=True), 1)
        ),
        "srt",
    )
    scored = score_session(transcript)
    assert [s.key for s in scored.suggestions("en")] == ["all_good"]
    assert scored.score == 100.0


def test_a_suggestion_without_lines_reads_as_a_sentence() -> None:
    scored = score_session(Transcript.from_texts([]))
    texts = [s.text for s in scored.suggestions("en")]
    assert texts and all(t.endswith(".") for t in texts)
