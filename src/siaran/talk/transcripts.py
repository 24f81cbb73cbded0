"""Transcripts of what the host said: SRT, WebVTT, JSON segments, stamped or plain text.

siaran does no speech recognition: a transcript is made elsewhere (docs/en/talk.md) and read
here. Times are seconds from the start of the live. Every problem in a file is collected and
reported with its line (or JSON segment) number; a file with any problem is refused whole.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from siaran.errors import BadInputError, Problem
from siaran.talk.textfile import read_text_file
from siaran.talk.timecodes import parse_clock

TranscriptFormat = Literal["srt", "vtt", "json", "stamped_text", "plain_text"]

_ARROW: Final = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)(?:\s+.*)?$")
_STAMP: Final = re.compile(r"^\s*\[(\d{1,3}:\d{1,2}(?::\d{1,2})?(?:[.,]\d{1,3})?)\]\s*(.*)$")
_LOOKS_STAMPED: Final = re.compile(r"^\s*\[[\d:.,]+\]")
_BAD_STAMP: Final = re.compile(r"^\s*\[\d[^\]]*:[^\]]*\]")
_TAGS: Final = re.compile(r"<[^>]*>|\{\\[^}]*\}")
_VOICE: Final = re.compile(r"<v(?:\.[^ >]*)?\s+([^>]+)>")
_BY_SUFFIX: Final[dict[str, TranscriptFormat]] = {".srt": "srt", ".vtt": "vtt", ".json": "json"}


@dataclass(frozen=True)
class TranscriptLine:
    """One thing the host said. ``number`` is its 1-based place in the transcript,
    ``source_line`` the line of the file (or JSON segment number) it came from."""

    number: int
    text: str
    start_s: float | None = None
    end_s: float | None = None
    source_line: int | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class Transcript:
    lines: tuple[TranscriptLine, ...]
    format: TranscriptFormat = "plain_text"
    path: Path | None = None
    sha256: str | None = None
    problems: tuple[Problem, ...] = field(default=(), repr=False)

    @property
    def timed(self) -> bool:
        """True when every line has a start time (all formats but plain text)."""
        return bool(self.lines) and all(line.start_s is not None for line in self.lines)

    @property
    def duration_s(self) -> float | None:
        """From 0 to the last end (or last start) time; ``None`` for an untimed transcript."""
        if not self.timed:
            return None
        last = self.lines[-1]
        ends = [line.end_s for line in self.lines if line.end_s is not None]
        return max([*ends, last.start_s or 0.0])

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Transcript:
        """An untimed transcript from lines of text (order only)."""
        lines = [t.strip() for t in texts]
        return cls(
            tuple(TranscriptLine(i, t) for i, t in enumerate((t for t in lines if t), 1)),
            "plain_text",
        )


def read_transcript(path: Path | str) -> Transcript:
    """Read a transcript file, recognising its format by suffix, else by content."""
    source = read_text_file(path)
    text = source.text.replace("\r\n", "\n").replace("\r", "\n")
    kind = detect_format(source.path, text)
    reader = {
        "srt": _read_srt,
        "vtt": _read_vtt,
        "json": _read_json,
        "stamped_text": _read_stamped,
        "plain_text": _read_plain,
    }[kind]
    problems: list[Problem] = []
    raw = reader(source.path, text, problems)
    _check_order(raw, problems)
    if problems:
        raise BadInputError("talk.transcript.bad", path=source.path, problems=problems, format=kind)
    lines = tuple(
        TranscriptLine(n, t, start, end, where, speaker)
        for n, (t, start, end, where, speaker) in enumerate(raw, 1)
    )
    if not lines:
        raise BadInputError("talk.transcript.no_lines", path=source.path, format=kind)
    return Transcript(lines, kind, source.path, source.sha256)


def detect_format(path: Path, text: str) -> TranscriptFormat:
    by_suffix = _BY_SUFFIX.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")) and not _LOOKS_STAMPED.match(stripped):
        return "json"
    if stripped.startswith("WEBVTT"):
        return "vtt"
    head = [line for line in stripped.split("\n")[:3] if line.strip()]
    if any("-->" in line for line in head[:2]):
        return "srt"
    if head and _LOOKS_STAMPED.match(head[0]):
        return "stamped_text"
    return "plain_text"


# A line as read: text, start, end, where in the file, speaker.
_Raw = tuple[str, float | None, float | None, int, str | None]


def _clean(text: str) -> tuple[str, str | None]:
    voice = _VOICE.search(text)
    speaker = voice.group(1).strip() if voice else None
    cleaned = html.unescape(_TAGS.sub("", text))
    return " ".join(cleaned.split()), speaker


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks, each with the file line number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _timing(line: str, number: int, problems: list[Problem]) -> tuple[float, float] | None:
    match = _ARROW.match(line)
    if match is None:
        return None
    start, end = parse_clock(match.group(1)), parse_clock(match.group(2))
    for value, parsed in ((match.group(1), start), (match.group(2), end)):
        if parsed is None:
            problems.append(Problem("talk.reason.bad_timestamp", row=number, value=value))
    if start is None or end is None:
        return None
    if end < start:
        problems.append(Problem("talk.reason.end_before_start", row=number, value=line.strip()))
        return None
    return start, end


def _read_cues(
    blocks: list[tuple[int, list[str]]], problems: list[Problem], *, numbered: bool
) -> list[_Raw]:
    out: list[_Raw] = []
    for start, block in blocks:
        arrow_at = next((i for i, line in enumerate(block[:2]) if "-->" in line), None)
        if arrow_at is None:
            problems.append(Problem("talk.reason.no_timing_line", row=start, value=block[0]))
            continue
        if numbered and arrow_at == 1 and not block[0].strip().isdigit():
            problems.append(Problem("talk.reason.bad_cue_number", row=start, value=block[0]))
        times = _timing(block[arrow_at], start + arrow_at, problems)
        text, speaker = _clean(" ".join(block[arrow_at + 1 :]))
        if times is not None and text:
            out.append((text, times[0], times[1], start, speaker))
    return out


def _read_srt(path: Path, text: str, problems: list[Problem]) -> list[_Raw]:
    return _read_cues(_blocks(text), problems, numbered=True)


def _read_vtt(path: Path, text: str, problems: list[Problem]) -> list[_Raw]:
    blocks = _blocks(text)
    if not blocks or not blocks[0][1][0].startswith("WEBVTT"):
        problems.append(Problem("talk.reason.no_webvtt_header", row=1))
        return []
    cues = [
        (start, block)
        for start, block in blocks[1:]
        if not block[0].startswith(("NOTE", "STYLE", "REGION"))
    ]
    return _read_cues(cues, problems, numbered=False)


def _read_json(path: Path, text: str, problems: list[Problem]) -> list[_Raw]:
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem("talk.reason.bad_json", row=exc.lineno, params={"msg": exc.msg}))
        return []
    # Whisper writes {"text": ..., "segments": [...]}; other tools write the list itself.
    segments = document.get("segments") if isinstance(document, dict) else document
    if not isinstance(segments, list):
        problems.append(Problem("talk.reason.no_segments", row=1))
        return []
    out: list[_Raw] = []
    for number, segment in enumerate(segments, 1):
        if not isinstance(segment, dict):
            problems.append(Problem("talk.reason.segment_not_object", row=number))
            continue
        times: list[float | None] = []
        for key in ("start", "end"):
            times.append(_seconds(segment.get(key), number, key, problems))
        start, end = times
        if start is not None and end is not None and end < start:
            problems.append(
                Problem("talk.reason.end_before_start", row=number, value=f"{start} > {end}")
            )
        raw_text = segment.get("text")
        if not isinstance(raw_text, str):
            problems.append(Problem("talk.reason.segment_no_text", row=number, column="text"))
            continue
        cleaned, _ = _clean(raw_text)
        speaker = segment.get("speaker")
        if cleaned and start is not None:
            out.append((cleaned, start, end, number, speaker if isinstance(speaker, str) else None))
    return out


def _seconds(value: object, number: int, key: str, problems: list[Problem]) -> float | None:
    if isinstance(value, bool) or value is None:
        problems.append(Problem("talk.reason.bad_timestamp", row=number, column=key, value="null"))
        return None
    if isinstance(value, int | float) and value >= 0:
        return float(value)
    parsed = parse_clock(value) if isinstance(value, str) else None
    if parsed is None:
        problems.append(
            Problem("talk.reason.bad_timestamp", row=number, column=key, value=str(value))
        )
    return parsed


def _read_stamped(path: Path, text: str, problems: list[Problem]) -> list[_Raw]:
    out: list[_Raw] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        match = _STAMP.match(line)
        if match is None:
            if _BAD_STAMP.match(line):
                problems.append(
                    Problem("talk.reason.bad_timestamp", row=number, value=line.strip())
                )
            elif out:
                # A wrapped line continues the stamped line above it.
                previous = out[-1]
                out[-1] = (f"{previous[0]} {' '.join(line.split())}", *previous[1:])
            else:
                problems.append(
                    Problem("talk.reason.missing_stamp", row=number, value=line.strip())
                )
            continue
        start = parse_clock(match.group(1))
        if start is None:
            problems.append(Problem("talk.reason.bad_timestamp", row=number, value=match.group(1)))
            continue
        cleaned, _ = _clean(match.group(2))
        if cleaned:
            out.append((cleaned, start, None, number, None))
    return out


def _read_plain(path: Path, text: str, problems: list[Problem]) -> list[_Raw]:
    out: list[_Raw] = []
    for number, line in enumerate(text.split("\n"), 1):
        cleaned, _ = _clean(line)
        if cleaned:
            out.append((cleaned, None, None, number, None))
    return out


def _check_order(raw: list[_Raw], problems: list[Problem]) -> None:
    previous: float | None = None
    for _, start, _, where, _ in raw:
        if start is None:
            continue
        if previous is not None and start < previous:
            problems.append(Problem("talk.reason.time_goes_back", row=where, value=f"{start:g}"))
        previous = start
