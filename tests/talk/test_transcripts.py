"""Transcripts in every supported format, written here as the tools write them; bad files
are refused whole, naming the file, the line and the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siaran.errors import BadInputError
from siaran.talk import Transcript, read_transcript
from siaran.talk.timecodes import format_clock, parse_clock, parse_moment

SRT = """1
00:00:01,000 --> 00:00:04,200
Halo kak, selamat datang di live kita

2
00:00:05,000 --> 00:00:09,500
ini aku cobain ya,
<i>liat deket kamera</i>

3
00:01:10,250 --> 00:01:15,000
harganya cuma 59 ribu aja kak
"""

VTT = """WEBVTT
Kind: captions
Language: id

NOTE made with whisper

intro
00:01.000 --> 00:04.000 align:start position:0%
<v Host>Selamat malam semuanya</v>

00:00:05.500 --> 00:00:08.000
langsung klik keranjang kuning &amp; checkout ya
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_srt(tmp_path: Path) -> None:
    transcript = read_transcript(_write(tmp_path, "live.srt", SRT))
    assert transcript.format == "srt"
    assert transcript.timed
    assert [line.text for line in transcript.lines] == [
        "Halo kak, selamat datang di live kita",
        "ini aku cobain ya, liat deket kamera",
        "harganya cuma 59 ribu aja kak",
    ]
    first, _, third = transcript.lines
    assert (first.number, first.start_s, first.end_s, first.source_line) == (1, 1.0, 4.2, 1)
    assert (third.start_s, third.end_s, third.source_line) == (70.25, 75.0, 10)
    assert transcript.duration_s == 75.0
    assert transcript.sha256 is not None and len(transcript.sha256) == 64


def test_srt_recognised_by_content_with_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "subtitles.txt"
    path.write_bytes(("\ufeff" + SRT).replace("\n", "\r\n").encode("utf-8"))
    transcript = read_transcript(path)
    assert transcript.format == "srt"
    assert len(transcript.lines) == 3


def test_webvtt_with_header_note_identifier_voice_and_entities(tmp_path: Path) -> None:
    transcript = read_transcript(_write(tmp_path, "live.vtt", VTT))
    assert transcript.format == "vtt"
    assert [(line.start_s, line.end_s) for line in transcript.lines] == [(1.0, 4.0), (5.5, 8.0)]
    assert transcript.lines[0].text == "Selamat malam semuanya"
    assert transcript.lines[0].speaker == "Host"
    assert transcript.lines[1].text == "langsung klik keranjang kuning & checkout ya"


def test_json_segments_list_and_whisper_document(tmp_path: Path) -> None:
    segments = [
        {"start": 0.0, "end": 3.5, "text": " Halo kak semuanya"},
        {"start": 3.5, "end": 7.0, "text": " ready size M sampai XL", "speaker": "SPEAKER_00"},
    ]
    plain = read_transcript(_write(tmp_path, "a.json", json.dumps(segments)))
    assert plain.format == "json"
    assert [line.text for line in plain.lines] == ["Halo kak semuanya", "ready size M sampai XL"]
    assert plain.lines[1].speaker == "SPEAKER_00"
    whisper = {"text": "...", "language": "id", "segments": [{"id": 0, **segments[0]}]}
    document = read_transcript(_write(tmp_path, "b.json", json.dumps(whisper)))
    assert document.lines[0].end_s == 3.5


def test_json_accepts_clock_strings(tmp_path: Path) -> None:
    segments = [{"start": "00:00:01.500", "end": "00:00:03", "text": "halo"}]
    transcript = read_transcript(_write(tmp_path, "c.json", json.dumps(segments)))
    assert transcript.lines[0].start_s == 1.5


def test_stamped_text_with_wrapped_line(tmp_path: Path) -> None:
    text = (
        "[00:00:05] halo kak selamat datang\n"
        "[00:01:02] ini bahannya katun\n"
        "adem banget\n\n"
        "[1:02:03] dadah\n"
    )
    transcript = read_transcript(_write(tmp_path, "notes.txt", text))
    assert transcript.format == "stamped_text"
    assert [line.start_s for line in transcript.lines] == [5.0, 62.0, 3723.0]
    assert transcript.lines[1].text == "ini bahannya katun adem banget"
    assert all(line.end_s is None for line in transcript.lines)
    assert transcript.duration_s == 3723.0


def test_plain_text_keeps_order_only(tmp_path: Path) -> None:
    transcript = read_transcript(
        _write(tmp_path, "talk.txt", "halo kak\n\n  ini harganya 50 ribu \n")
    )
    assert transcript.format == "plain_text"
    assert not transcript.timed
    assert transcript.duration_s is None
    assert [(line.number, line.text, line.source_line) for line in transcript.lines] == [
        (1, "halo kak", 1),
        (2, "ini harganya 50 ribu", 3),
    ]


def test_from_texts() -> None:
    transcript = Transcript.from_texts(["halo", "", "dadah"])
    assert [line.number for line in transcript.lines] == [1, 2]
    assert not transcript.timed


def _problems(error: pytest.ExceptionInfo[BadInputError]) -> list[tuple[int | None, str]]:
    return [(p.row, p.reason_key) for p in error.value.problems]


def test_malformed_srt_block_is_named_by_line(tmp_path: Path) -> None:
    text = SRT.replace("00:00:05,000 --> 00:00:09,500\n", "")
    path = _write(tmp_path, "bad.srt", text)
    with pytest.raises(BadInputError) as error:
        read_transcript(path)
    assert (5, "talk.reason.no_timing_line") in _problems(error)
    message = error.value.message("en")
    assert "bad.srt" in message and "row 5" in message and "timing line" in message
    assert "baris 5" in error.value.message("id")


def test_bad_timestamp_and_end_before_start(tmp_path: Path) -> None:
    text = SRT.replace("00:00:01,000 --> 00:00:04,200", "00:00:01,000 --> 00:61:04,200").replace(
        "00:01:10,250 --> 00:01:15,000", "00:01:10,250 --> 00:01:09,000"
    )
    with pytest.raises(BadInputError) as error:
        read_transcript(_write(tmp_path, "bad.srt", text))
    problems = _problems(error)
    assert (2, "talk.reason.bad_timestamp") in problems
    assert (11, "talk.reason.end_before_start") in problems
    assert error.value.problems[0].value == "00:61:04,200"


def test_time_going_back_is_an_error(tmp_path: Path) -> None:
    text = "[00:05:00] halo\n[00:01:00] dadah\n"
    with pytest.raises(BadInputError) as error:
        read_transcript(_write(tmp_path, "t.txt", text))
    assert _problems(error) == [(2, "talk.reason.time_goes_back")]


def test_bad_stamp_in_stamped_text(tmp_path: Path) -> None:
    with pytest.raises(BadInputError) as error:
        read_transcript(_write(tmp_path, "t.txt", "[00:00:05] halo\n[00:0x:10] dadah\n"))
    assert _problems(error) == [(2, "talk.reason.bad_timestamp")]


def test_vtt_without_header(tmp_path: Path) -> None:
    with pytest.raises(BadInputError) as error:
        read_transcript(_write(tmp_path, "x.vtt", "00:01.000 --> 00:02.000\nhalo\n"))
    assert _problems(error) == [(1, "talk.reason.no_webvtt_header")]


def test_bad_json_segments(tmp_path: Path) -> None:
    segments = [{"start": 0, "end": 1, "text": "ok"}, {"start": None, "end": 2}, "x"]
    with pytest.raises(BadInputError) as error:
        read_transcript(_write(tmp_path, "s.json", json.dumps(segments)))
    assert _problems(error) == [
        (2, "talk.reason.bad_timestamp"),
        (2, "talk.reason.segment_no_text"),
        (3, "talk.reason.segment_not_object"),
    ]
    with pytest.raises(BadInputError) as error:
        read_transcript(_write(tmp_path, "t.json", '[{"start": 0,'))
    assert _problems(error)[0][1] == "talk.reason.bad_json"


def test_binary_and_empty_files(tmp_path: Path) -> None:
    binary = tmp_path / "audio.srt"
    binary.write_bytes(b"ID3\x03\x00\x00\x00\x00\x0fvTIT2")
    with pytest.raises(BadInputError) as error:
        read_transcript(binary)
    assert error.value.key == "talk.file.binary"
    assert "audio.srt" in error.value.message("en")
    empty = _write(tmp_path, "empty.vtt", "  \n\n")
    with pytest.raises(BadInputError) as error:
        read_transcript(empty)
    assert error.value.key == "talk.file.empty"
    with pytest.raises(BadInputError) as error:
        read_transcript(tmp_path / "missing.srt")
    assert error.value.key == "talk.file.unreadable"


def test_srt_with_only_empty_cues_has_no_lines(tmp_path: Path) -> None:
    with pytest.raises(BadInputError) as error:
        read_transcript(_write(tmp_path, "e.srt", "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n"))
    assert error.value.key == "talk.transcript.no_lines"


def test_clock_helpers() -> None:
    assert parse_clock("01:02:03,5") == 3723.5
    assert parse_clock("02:03.250") == 123.25
    assert parse_clock("1:2") is None
    assert parse_clock("00:60:00") is None
    assert format_clock(3723.6) == "01:02:04"
    assert format_clock(None) == "--:--:--"
    assert parse_moment("312") == (312.0, None)
    assert parse_moment("05:12") == (312.0, None)
    assert parse_moment("-3") == (None, None)
    offset, moment = parse_moment("1751634312000")
    assert offset is None and moment is not None and moment.year == 2025
