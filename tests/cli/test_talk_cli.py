"""``siaran talk``: a real SRT transcript and a CSV of comments, through the CLI's entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siaran.cli.app import main
from tests.talk.samples import write_comments, write_srt


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write_srt(tmp_path / "live.srt"), write_comments(tmp_path / "comments.csv")


def test_score_prints_checks_phases_and_suggestions_in_both_languages(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    transcript, comments = files
    code, out, _ = _run(
        ["--lang", "id", "talk", "score", str(transcript), "-c", str(comments)], capsys
    )
    assert code == 0
    assert "Skor sesi" in out
    assert "Saran:" in out
    assert "Pertanyaan penonton" in out
    code, out, _ = _run(
        ["--lang", "en", "talk", "score", str(transcript), "-c", str(comments)], capsys
    )
    assert code == 0
    assert "Session score" in out
    # The missing closing call to action is pointed out with the last lines quoted.
    assert "makasih udah nonton" in out


def test_score_with_a_room_is_stored_listed_and_shown(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    transcript, comments = files
    ws = str(tmp_path / "ws")
    assert _run(["init", "-w", ws], capsys)[0] == 0
    room = "7512345678901234567"
    score = ["talk", "score", str(transcript), "-c", str(comments), "--room", room, "-w", ws]
    # No session or event stream of this room is imported: storing needs the explicit flag,
    # and, as no account holds the room, the account whose live it is.
    score.append("--allow-unknown-room")
    code, _, err = _run(["--lang", "en", *score], capsys)
    assert code == 2 and "--account" in err
    code, out, err = _run(["--lang", "en", *score, "--account", "toko.ayu"], capsys)
    assert code == 0
    assert room in out
    assert f"Warning: room {room} is not in this workspace yet" in err
    code, out, _ = _run(["talk", "list", "-w", ws, "--format", "json"], capsys)
    assert code == 0
    (row,) = json.loads(out)
    assert row["room_id"] == room and row["account"] == "toko.ayu"
    assert 0 <= row["score"] <= 100
    code, out, _ = _run(["talk", "show", room, "-w", ws, "--format", "json"], capsys)
    assert code == 0
    shown = json.loads(out)
    assert shown["qa"]["questions"] >= 3
    assert shown["suggestions"] and shown["suggestions"][0]["evidence"]


def test_score_refuses_a_room_that_is_not_imported(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    transcript, comments = files
    ws = str(tmp_path / "ws")
    assert _run(["init", "-w", ws], capsys)[0] == 0
    args = ["talk", "score", str(transcript), "-c", str(comments), "--room", "75123", "-w", ws]
    code, out, err = _run(["--lang", "en", *args], capsys)
    assert code == 1
    assert "Room 75123 is not in this workspace" in err and "--allow-unknown-room" in err
    code, out, _ = _run(["talk", "list", "-w", ws, "--format", "json"], capsys)
    assert code == 0 and json.loads(out) == []  # nothing stored


def test_show_an_unscored_room_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = str(tmp_path / "ws")
    assert _run(["init", "-w", ws], capsys)[0] == 0
    code, _, err = _run(["--lang", "en", "talk", "show", "123", "-w", ws], capsys)
    assert code == 1
    assert "siaran talk score" in err


def test_tag_comments_as_csv(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, comments = files
    code, out, _ = _run(["talk", "tag", str(comments), "--kind", "comment", "-f", "json"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["user"] == "rina_olshop"
    assert "question_price" in rows[0]["cues"]
    assert "purchase_intent" in rows[1]["cues"]


TAG_INPUTS = {
    "comments.txt": ("brp kak?\nmau 2 kak\n\nbelum sampai pesanan aku\n", [None, None, None]),
    "comments.jsonl": ('{"text": "brp kak?", "ts": 12}\n{"text": "mau 2 kak"}\n', [12.0, None]),
    "comments.json": ('[{"komentar": "brp kak?", "user": "rina"}]', [None]),
    "table.csv": ("text,user\nbrp kak?,rina\nmau 2 kak,budi\n", [None, None]),
    "timed.csv": ("ts,user,text\n00:01:50,rina,brp kak?\n,budi,mau 2 kak\n", [110.0, None]),
}


@pytest.mark.parametrize("kind", ["host", "comment"])
@pytest.mark.parametrize("name", sorted(TAG_INPUTS))
def test_tag_reads_plain_text_jsonl_and_csv_for_both_kinds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, name: str
) -> None:
    content, times = TAG_INPUTS[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, out, err = _run(["talk", "tag", str(path), "--kind", kind, "-f", "json"], capsys)
    assert code == 0, err
    rows = json.loads(out)
    assert [row["at_s"] for row in rows] == times
    assert rows[0]["text"] == "brp kak?"
    if kind == "comment":
        assert rows[0]["cues"] == ["question_price"]
        assert all("purchase_intent" in row["cues"] for row in rows[1:2])


def test_tag_comments_keep_their_times_and_clock_moments(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, comments = files
    code, out, _ = _run(["talk", "tag", str(comments), "-k", "comment", "-f", "json"], capsys)
    assert [row["at_s"] for row in json.loads(out)] == [110.0, 130.0, 300.0, 450.0, 480.0]
    path = tmp_path / "clock.jsonl"
    path.write_text(
        '{"ts": "2026-07-04T20:05:12+07:00", "user": "a", "text": "brp kak"}\n'
        '{"ts": "2026-07-04T20:06:00+07:00", "user": "b", "text": "mau"}\n',
        encoding="utf-8",
    )
    code, out, _ = _run(["talk", "tag", str(path), "-k", "comment", "-f", "json"], capsys)
    rows = json.loads(out)
    assert code == 0
    assert [(r["at_s"], r["at"]) for r in rows] == [
        (0.0, "2026-07-04T20:05:12+07:00"),
        (48.0, "2026-07-04T20:06:00+07:00"),
    ]


def test_tag_host_transcripts_still_read_as_transcripts(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    transcript, _ = files
    code, out, _ = _run(["talk", "tag", str(transcript), "-f", "json"], capsys)
    rows = json.loads(out)
    assert code == 0 and rows[0]["at_s"] == 4.0 and rows[0]["cues"] == ["greeting"]


def test_tag_refuses_a_bad_time_and_a_table_without_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.csv"
    path.write_text("ts,text\nkemarin,brp kak\n", encoding="utf-8")
    code, _, err = _run(["--lang", "en", "talk", "tag", str(path), "-k", "comment"], capsys)
    assert code == 1 and "row 2" in err
    path = tmp_path / "c.jsonl"
    path.write_text('{"user": "a"}\n', encoding="utf-8")
    code, _, err = _run(["--lang", "en", "talk", "tag", str(path), "-k", "host"], capsys)
    assert code == 1 and "text" in err


def test_eval_reports_macro_f1_of_the_shipped_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--lang", "en", "talk", "eval", "--format", "json"], capsys)
    assert code == 0
    report = json.loads(out)
    held_out = {p["kind"]: p["macro_f1"] for p in report["parts"] if p["part"] == "heldout"}
    assert held_out["host"] >= 0.85
    assert held_out["comment"] >= 0.85
    for part in report["parts"]:  # every part with its 95% bootstrap interval
        assert part["macro_f1_low"] is not None and part["macro_f1_high"] is not None, part
        if part["part"] != "independent":  # no test depends on the independent part's content
            assert part["macro_f1_low"] <= part["macro_f1"] <= part["macro_f1_high"], part
    code, out, _ = _run(["--lang", "id", "talk", "eval"], capsys)
    assert code == 0
    assert "macro-F1" in out and "interval 95%" in out


@pytest.mark.parametrize(
    "content",
    [b"", bytes(range(256)) * 8, b"1\n00:00:01,000 --> 00:00:0\nhalo kak\n"],
    ids=["empty", "binary", "truncated"],
)
def test_a_bad_transcript_exits_1_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "rusak.srt"
    path.write_bytes(content)
    code, out, err = _run(["--lang", "en", "talk", "score", str(path)], capsys)
    assert code == 1
    assert "rusak.srt" in err
    assert "Traceback" not in out + err


def test_score_takes_comments_from_the_imported_event_stream(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    transcript, _ = files
    ws = str(tmp_path / "ws")
    room = "7512345678901234567"
    assert _run(["init", "-w", ws], capsys)[0] == 0
    start = 1_783_166_400_000  # 2026-07-04 12:00 UTC, epoch milliseconds
    events = [
        {"id": "e1", "type": "join", "ts": start, "room_id": room, "user": "rina_olshop"},
        {"id": "e2", "type": "comment", "ts": start + 110_000, "room_id": room,
         "user": "rina_olshop", "text": "brp kak harganya?"},
        {"id": "e3", "type": "comment", "ts": start + 130_000, "room_id": room,
         "user": "budi88", "text": "mau 2 kak"},
        {"id": "e4", "type": "comment", "ts": start + 300_000, "room_id": room,
         "user": "sari", "text": "bahannya apa kak?"},
        {"id": "e5", "type": "end", "ts": start + 1_800_000, "room_id": room},
    ]  # fmt: skip
    stream = tmp_path / "capture.jsonl"
    stream.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    code, _, err = _run(["import", "-w", ws, str(stream), "--account", "tokoku"], capsys)
    assert code == 0, err
    code, out, _ = _run(
        ["--lang", "en", "talk", "score", str(transcript), "--room", room, "-w", ws], capsys
    )
    assert code == 0
    assert "3 viewer comments taken from this live's event stream" in out
    code, out, _ = _run(["talk", "show", room, "-w", ws, "--format", "json"], capsys)
    shown = json.loads(out)
    assert shown["comment_count"] == 3
    assert shown["qa"]["questions"] == 2
