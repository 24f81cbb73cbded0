"""The report's per-session timeline charts, from a real captured live."""

from __future__ import annotations

from pathlib import Path

from siaran.events import import_event_file
from siaran.report.sections import ReportData
from siaran.report.timeline import collect_timelines, timeline_chart, timelines
from siaran.store.engine import engine_context
from siaran.talk import Transcript, TranscriptLine, save_scorecard, score_session
from siaran.talk.scoring import tag_transcript
from siaran.workspace import Workspace
from tests.events.samples import ROOM, event, session_events, write_jsonl


def test_no_capture_says_so(workspace: Workspace) -> None:
    assert collect_timelines(engine_context(workspace), workspace) == []
    assert "No session has captured events" in timelines(ReportData(comparison={}), "en")


def test_chart_breaks_the_viewer_line_at_unknown_minutes(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", session_events())
    import_event_file(workspace, path, account="a")
    [item] = collect_timelines(engine_context(workspace), workspace)
    assert item["measures"]["room_id"] == ROOM and len(item["minutes"]) == 5
    svg = timeline_chart("t1", item["measures"], item["minutes"], "en")
    assert svg.count("<polyline") == 2  # 20:00-20:01, then 20:03-20:04: the gap is not drawn
    assert svg.count("<path") == 2  # the two minutes with orders
    body = timelines(ReportData(comparison={}, timelines=[item]), "id")
    assert "retention_at_end" in body and "30,0%" in body and "Penonton serentak" in body


def test_room_ids_and_handles_are_escaped(workspace: Workspace, tmp_path: Path) -> None:
    evil = "<b>x</b>"
    events = [event(1, "viewers", 0, room=evil, viewers=3), event(2, "comment", 60, room=evil)]
    import_event_file(workspace, write_jsonl(tmp_path / "e.jsonl", events), account="a")
    found = collect_timelines(engine_context(workspace), workspace)
    body = timelines(ReportData(comparison={}, timelines=found), "en")
    assert evil not in body and "&lt;b&gt;x&lt;/b&gt;" in body


def _score(workspace: Workspace, *lines: tuple[float, str]) -> None:
    """Store a timed transcript of the captured live (offsets from its first event, 20:00:05)."""
    transcript = Transcript(
        tuple(TranscriptLine(n, words, at, at + 4) for n, (at, words) in enumerate(lines, 1)),
        "srt",
    )
    tags = tag_transcript(transcript)
    card = score_session(transcript, room_id=ROOM, tags=tags)
    save_scorecard(workspace, card, transcript.lines, tags, account="a")


def test_moments_quote_what_the_host_said_then(workspace: Workspace, tmp_path: Path) -> None:
    import_event_file(workspace, write_jsonl(tmp_path / "c.jsonl", session_events()), account="a")
    [unscored] = collect_timelines(engine_context(workspace), workspace)
    assert [m["said"] for m in unscored["moments"]] == [None, None, None]
    body = timelines(ReportData(comparison={}, timelines=[unscored]), "en")
    assert '<ol class="moments">' in body and "20:01: +30 viewers (to 40)" in body
    assert "once the live is scored from a timed transcript" in body and "<q>" not in body

    _score(
        workspace,
        (10, "Halo kak selamat datang <di> live"),
        (60, "ini sambalnya aku cobain langsung ya"),
        (240, "makasih udah nonton"),
    )
    [item] = collect_timelines(engine_context(workspace), workspace)
    assert [len(m["said"]) for m in item["moments"]] == [2, 0, 1]  # 20:01, 20:03, 20:04
    body = timelines(ReportData(comparison={}, timelines=[item]), "id")
    assert (
        "<q>Halo kak selamat datang &lt;di&gt; live / ini sambalnya aku cobain langsung ya</q>"
        in body
    )
    assert "Sapaan" in body and "Demonstrasi" in body  # the cues, in the report's language
    assert "20:03: −22 penonton (menjadi 18)" in body
    assert "(host tidak berbicara)" in body
    assert "siaran talk score" not in body
