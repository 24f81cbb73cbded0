"""Cutting a session into the phases of the recommended architecture.

The study behind siaran recommends a session architecture of a strong opening, a clear
demonstration, directed questions and answers, a transparent offer and a firm call to action.
Host lines are grouped into windows (:data:`WINDOW_S` seconds, or :data:`WINDOW_LINES` lines
when the transcript has no times); each window takes the phase its cues point to most, by the
weights of :data:`PHASE_OF_CUE`, and a window without any keeps the phase before it. Greetings
count for the opening only near the start, and calls to action count for the closing call
only near the end (:data:`EDGE_SHARE` of the session, at most :data:`EDGE_MAX_S` seconds).
Consecutive windows of one phase make a segment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, TypedDict

from siaran.talk.tagger import TaggedLine
from siaran.talk.transcripts import TranscriptLine

PHASES: Final[tuple[str, ...]] = ("opening", "demonstration", "qa", "offer", "closing_cta")
WINDOW_S: Final = 60.0
WINDOW_LINES: Final = 6
EDGE_SHARE: Final = 0.15
EDGE_MAX_S: Final = 600.0

PHASE_OF_CUE: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "greeting": (("opening", 2.0),),
    "demonstration": (("demonstration", 1.5),),
    "product_info": (("demonstration", 1.0),),
    "answer": (("qa", 1.5),),
    "price_offer": (("offer", 1.5),),
    "urgency": (("offer", 1.0),),
    "trust": (("offer", 0.5),),
    "social_proof": (("offer", 0.5),),
    "call_to_action": (("offer", 1.0),),
    "closing": (("closing_cta", 2.0),),
}


class SegmentJson(TypedDict):
    phase: str
    first_line: int
    last_line: int
    start_s: float | None
    end_s: float | None


class PhaseSummaryJson(TypedDict):
    phase: str
    present: bool
    first_at_s: float | None
    first_line: int | None
    seconds: float | None
    share: float | None


@dataclass(frozen=True)
class Segment:
    phase: str
    first_line: int
    last_line: int
    start_s: float | None
    end_s: float | None

    def to_dict(self) -> SegmentJson:
        return {
            "phase": self.phase,
            "first_line": self.first_line,
            "last_line": self.last_line,
            "start_s": self.start_s,
            "end_s": self.end_s,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segment:
        return cls(
            data["phase"], data["first_line"], data["last_line"], data["start_s"], data["end_s"]
        )


@dataclass(frozen=True)
class PhaseSummary:
    phase: str
    present: bool
    first_at_s: float | None
    first_line: int | None
    seconds: float | None
    share: float | None  # of the session's time, or of its lines when untimed

    def to_dict(self) -> PhaseSummaryJson:
        return {
            "phase": self.phase,
            "present": self.present,
            "first_at_s": self.first_at_s,
            "first_line": self.first_line,
            "seconds": self.seconds,
            "share": self.share,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PhaseSummary:
        return cls(
            data["phase"],
            data["present"],
            data["first_at_s"],
            data["first_line"],
            data["seconds"],
            data["share"],
        )


def segment_phases(
    lines: Sequence[TranscriptLine], tags: Sequence[TaggedLine], duration_s: float | None
) -> list[Segment]:
    """The phase segments of a session, in time order."""
    if not lines:
        return []
    timed = duration_s is not None and all(line.start_s is not None for line in lines)
    windows = _windows(lines, timed)
    total = len(lines)
    phases: list[str | None] = []
    previous: str | None = None
    for members in windows:
        weights = dict.fromkeys(PHASES, 0.0)
        for i in members:
            where = _position(lines[i], i, total, duration_s if timed else None)
            for cue in tags[i].cues:
                for phase, weight in PHASE_OF_CUE.get(cue, ()):
                    if phase == "opening" and where != "start":
                        continue
                    if cue == "call_to_action" and where == "end":
                        phase, weight = "closing_cta", 1.5
                    weights[phase] += weight
        best = max(PHASES, key=lambda p: (weights[p], -PHASES.index(p)))
        chosen = best if weights[best] > 0 else previous
        phases.append(chosen)
        previous = chosen
    segments: list[Segment] = []
    for members, window_phase in zip(windows, phases, strict=True):
        if window_phase is None:
            continue
        phase = window_phase
        first, last = lines[members[0]], lines[members[-1]]
        end = last.end_s if last.end_s is not None else last.start_s
        if segments and segments[-1].phase == phase:
            segments[-1] = Segment(
                phase, segments[-1].first_line, last.number, segments[-1].start_s, end
            )
        else:
            segments.append(Segment(phase, first.number, last.number, first.start_s, end))
    if timed:
        # A segment runs until the next one starts, so that the phases cover the session.
        for i in range(len(segments) - 1):
            following = segments[i + 1].start_s
            segments[i] = Segment(
                segments[i].phase,
                segments[i].first_line,
                segments[i].last_line,
                segments[i].start_s,
                following,
            )
    return segments


def summarise_phases(
    segments: Sequence[Segment], total_lines: int, duration_s: float | None
) -> list[PhaseSummary]:
    out = []
    for phase in PHASES:
        chosen = [s for s in segments if s.phase == phase]
        if not chosen:
            out.append(PhaseSummary(phase, False, None, None, 0.0 if duration_s else None, 0.0))
            continue
        lines = sum(s.last_line - s.first_line + 1 for s in chosen)
        seconds: float | None = None
        share: float | None = lines / total_lines if total_lines else None
        if duration_s:
            seconds = sum((s.end_s or 0.0) - (s.start_s or 0.0) for s in chosen)
            share = seconds / duration_s
        out.append(
            PhaseSummary(
                phase, True, chosen[0].start_s, chosen[0].first_line, seconds, _round(share)
            )
        )
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _windows(lines: Sequence[TranscriptLine], timed: bool) -> list[list[int]]:
    windows: list[list[int]] = []
    if not timed:
        for start in range(0, len(lines), WINDOW_LINES):
            windows.append(list(range(start, min(start + WINDOW_LINES, len(lines)))))
        return windows
    current: list[int] = []
    current_slot = -1
    for i, line in enumerate(lines):
        slot = int((line.start_s or 0.0) // WINDOW_S)
        if slot != current_slot and current:
            windows.append(current)
            current = []
        current_slot = slot
        current.append(i)
    if current:
        windows.append(current)
    return windows


def edge_s(duration_s: float) -> float:
    """How far from the start (or end) of a session counts as its opening (or closing)."""
    return min(EDGE_MAX_S, max(WINDOW_S * 2, duration_s * EDGE_SHARE))


def _position(line: TranscriptLine, index: int, total: int, duration_s: float | None) -> str:
    if duration_s is not None and line.start_s is not None:
        edge = edge_s(duration_s)
        if line.start_s <= edge:
            return "start"
        if line.start_s >= duration_s - edge:
            return "end"
        return "middle"
    edge_lines = max(WINDOW_LINES, int(total * EDGE_SHARE))
    if index < edge_lines:
        return "start"
    if index >= total - edge_lines:
        return "end"
    return "middle"
