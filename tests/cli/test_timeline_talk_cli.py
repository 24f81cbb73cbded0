"""``siaran timeline ROOM`` with the host's words at the moments of largest change, from an
imported event stream and a transcript of the same live scored with ``siaran talk score``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from siaran.cli.app import main
from siaran.events import TIMELINE_FIELDS
from tests.events.samples import ROOM, session_events, write_jsonl

# The capture starts at 20:00:05 (its first event; there is no imported session), so a line at
# 00:00:10 was spoken at 20:00:15. Moments: 20:01 (+30), 20:03 (-22), 20:04 (-6).
TRANSCRIPT = """1
00:00:10,000 --> 00:00:14,000
Halo kak selamat datang di live

2
00:01:00,000 --> 00:01:05,000
ini sambalnya aku cobain langsung ya

3
00:02:10,000 --> 00:02:15,000
harganya 35 ribu aja, klik keranjang kuning ya kak

4
00:04:00,000 --> 00:04:04,000
makasih udah nonton
"""


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "ws")
    assert _run(["init", "-w", folder], capsys)[0] == 0
    capture = write_jsonl(tmp_path / "capture.jsonl", session_events())
    assert _run(["import", str(capture), "-w", folder, "-a", "dapur"], capsys)[0] == 0
    return folder


def _score(ws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    transcript = tmp_path / "live.srt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    code, _, err = _run(["talk", "score", str(transcript), "--room", ROOM, "-w", ws], capsys)
    assert code == 0, err


def test_moments_carry_what_the_host_said_once_the_live_is_scored(
    ws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["timeline", ROOM, "-w", ws, "--format", "json"], capsys)
    assert code == 0
    unscored = json.loads(out)
    marked = [row["largest_change"] for row in unscored if row["largest_change"]]
    assert [m["rank"] for m in marked] == [1, 2, 3]
    assert all(m["said"] is None for m in marked)  # never scored: unknown, not "nothing"
    code, out, _ = _run(["--lang", "en", "timeline", ROOM, "-w", ws], capsys)
    assert code == 0 and "has not been scored" in out and f"--room {ROOM}" in out

    _score(ws, tmp_path, capsys)
    code, out, _ = _run(["timeline", ROOM, "-w", ws, "--format", "json"], capsys)
    assert code == 0
    rows = json.loads(out)
    # The existing fields are unchanged: only largest_change is added.
    assert [{k: v for k, v in row.items() if k != "largest_change"} for row in rows] == [
        {k: v for k, v in row.items() if k != "largest_change"} for row in unscored
    ]
    assert set(rows[0]) == {*TIMELINE_FIELDS, "largest_change"}
    by_minute = {row["minute"][11:16]: row["largest_change"] for row in rows}
    assert by_minute["20:00"] is None and by_minute["20:02"] is None
    jump = by_minute["20:01"]
    assert jump["rank"] == 1 and jump["change"] == 30 and jump["viewers_before"] == 10
    assert jump["product"] == "Sambal bawang 150 g"
    assert [line["number"] for line in jump["said"]] == [1, 2]
    greeting = jump["said"][0]
    assert greeting["text"] == "Halo kak selamat datang di live"
    assert greeting["start_s"] == 10.0 and "greeting" in greeting["cues"]
    assert greeting["phase"] == "opening"
    assert [line["number"] for line in by_minute["20:03"]["said"]] == [3]
    assert "call_to_action" in by_minute["20:03"]["said"][0]["cues"]
    assert [line["number"] for line in by_minute["20:04"]["said"]] == [4]

    code, out, _ = _run(["--lang", "en", "timeline", ROOM, "-w", ws], capsys)
    assert code == 0
    assert "what the host said in that minute and the minute before" in out
    assert "“Halo kak selamat datang di live”" in out and "Greeting" in out
    assert "has not been scored" not in out
    code, out, _ = _run(["--lang", "id", "timeline", ROOM, "-w", ws], capsys)
    assert code == 0 and "yang diucapkan host" in out

    # CSV stays one flat row per minute.
    code, out, _ = _run(["timeline", ROOM, "-w", ws, "--format", "csv"], capsys)
    assert code == 0
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert list(parsed[0]) == list(TIMELINE_FIELDS)


def test_a_moment_when_the_host_was_silent_says_so(
    ws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "short.srt"
    transcript.write_text("1\n00:00:10,000 --> 00:00:14,000\nHalo kak\n", encoding="utf-8")
    assert _run(["talk", "score", str(transcript), "-r", ROOM, "-w", ws], capsys)[0] == 0
    code, out, _ = _run(["timeline", ROOM, "-w", ws, "--format", "json"], capsys)
    moments = [row["largest_change"] for row in json.loads(out) if row["largest_change"]]
    assert [len(m["said"]) for m in moments] == [1, 0, 0]
    code, out, _ = _run(["--lang", "en", "timeline", ROOM, "-w", ws], capsys)
    assert code == 0 and out.count("(the host said nothing)") == 2
