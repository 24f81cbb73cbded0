"""The session scorecard: what :func:`siaran.talk.scoring.score_session` found, as data.

``to_dict`` gives JSON-ready snake_case data (times in seconds from the start of the live,
``started_at`` in ISO 8601 when known, unknown as ``null``); ``from_dict`` reads it back, so a
stored scorecard renders the same suggestions as a fresh one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypedDict

from siaran.i18n import Lang, text
from siaran.talk.phases import PhaseSummary, PhaseSummaryJson, Segment, SegmentJson
from siaran.talk.qa import QaSummary, QaSummaryJson, QuestionLink
from siaran.talk.timecodes import format_clock

Status = Literal["ok", "warn", "fail", "unknown"]
STATUS_POINTS: Final[dict[str, float]] = {"ok": 1.0, "warn": 0.5, "fail": 0.0}
QUOTE_CHARS: Final = 90


class LineRefJson(TypedDict):
    source: Literal["host", "comment"]
    number: int
    at_s: float | None
    at: str | None
    quote: str


class CheckJson(TypedDict):
    key: str
    status: Status
    value: float | int | bool | None
    target: float | int | bool | None


class FindingJson(TypedDict):
    key: str
    status: Status
    params: dict[str, str | int | float]
    evidence: list[LineRefJson]


class SuggestionJson(TypedDict):
    key: str
    status: Status
    text: str
    evidence: list[LineRefJson]


class MadeFrom(TypedDict):
    """What a scorecard was made from: the transcript (its format and SHA-256, whether its
    lines carry times, its length and host lines) and the comments (``None``: none given)."""

    transcript_format: str
    transcript_sha256: str | None
    timed: bool
    duration_s: float | None
    host_lines: int
    comment_count: int | None


class ScorecardFigures(MadeFrom):
    """What a scorecard was made from and its score: in its JSON and in the store's row."""

    score: float | None


class ScorecardJson(ScorecardFigures):
    """A scorecard as ``siaran talk score --format json`` gives it and the store keeps it."""

    room_id: str | None
    started_at: str | None
    checks: list[CheckJson]
    phases: list[PhaseSummaryJson]
    segments: list[SegmentJson]
    metrics: dict[str, float | int | bool | None]
    host_cues: dict[str, int]
    comment_cues: dict[str, int] | None
    qa: QaSummaryJson | None
    findings: list[FindingJson]
    lexicon: str


@dataclass(frozen=True)
class LineRef:
    """A line a finding is based on: a host line (transcript line number) or a comment
    (1-based place in the comment list)."""

    source: Literal["host", "comment"]
    number: int
    at_s: float | None
    quote: str

    def cite(self) -> str:
        quote = self.quote
        if len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1] + "…"
        return f"“{quote}” ({format_clock(self.at_s)})"

    def to_dict(self) -> LineRefJson:
        return {
            "source": self.source,
            "number": self.number,
            "at_s": self.at_s,
            "at": format_clock(self.at_s) if self.at_s is not None else None,
            "quote": self.quote,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineRef:
        return cls(data["source"], data["number"], data["at_s"], data["quote"])


@dataclass(frozen=True)
class Check:
    """One point of the recommended architecture, measured."""

    key: str
    status: Status
    value: float | int | bool | None
    target: float | int | bool | None

    def to_dict(self) -> CheckJson:
        return {"key": self.key, "status": self.status, "value": self.value, "target": self.target}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Check:
        return cls(data["key"], data["status"], data["value"], data["target"])


@dataclass(frozen=True)
class Finding:
    """Something to improve (or, ``all_good``, nothing): a message key, its parameters and
    the lines it is based on."""

    key: str
    status: Status
    params: dict[str, str | int | float] = field(default_factory=dict)
    evidence: tuple[LineRef, ...] = ()

    def to_dict(self) -> FindingJson:
        return {
            "key": self.key,
            "status": self.status,
            "params": dict(self.params),
            "evidence": [ref.to_dict() for ref in self.evidence],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            data["key"],
            data["status"],
            dict(data["params"]),
            tuple(LineRef.from_dict(ref) for ref in data["evidence"]),
        )


@dataclass(frozen=True)
class Suggestion:
    key: str
    status: Status
    text: str
    evidence: tuple[LineRef, ...]

    def to_dict(self) -> SuggestionJson:
        return {
            "key": self.key,
            "status": self.status,
            "text": self.text,
            "evidence": [ref.to_dict() for ref in self.evidence],
        }


@dataclass(frozen=True)
class Scorecard:
    room_id: str | None
    started_at: dt.datetime | None
    made_from: MadeFrom
    score: float | None
    checks: tuple[Check, ...]
    phases: tuple[PhaseSummary, ...]
    segments: tuple[Segment, ...]
    metrics: dict[str, float | int | bool | None]
    host_cues: dict[str, int]
    comment_cues: dict[str, int] | None
    qa: QaSummary | None
    findings: tuple[Finding, ...]
    lexicon: str = "siaran.talk/lexicons"

    def check(self, key: str) -> Check:
        return next(c for c in self.checks if c.key == key)

    def suggestions(self, lang: Lang) -> list[Suggestion]:
        """Plain-language suggestions, worst first, each quoting the lines it is based on."""
        order = {"fail": 0, "warn": 1, "unknown": 2, "ok": 3}
        out = []
        for finding in sorted(self.findings, key=lambda f: order[f.status]):
            message = text(f"talk.suggest.{finding.key}", lang, **finding.params)
            if finding.evidence:
                message = f"{message} " + "; ".join(ref.cite() for ref in finding.evidence)
            elif message.endswith(":"):
                message = message[:-1] + "."
            out.append(Suggestion(finding.key, finding.status, message, finding.evidence))
        return out

    def to_dict(self) -> ScorecardJson:
        return {
            "room_id": self.room_id,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            **self.made_from,
            "score": self.score,
            "checks": [c.to_dict() for c in self.checks],
            "phases": [p.to_dict() for p in self.phases],
            "segments": [s.to_dict() for s in self.segments],
            "metrics": dict(self.metrics),
            "host_cues": dict(self.host_cues),
            "comment_cues": dict(self.comment_cues) if self.comment_cues is not None else None,
            "qa": self.qa.to_dict() if self.qa is not None else None,
            "findings": [f.to_dict() for f in self.findings],
            "lexicon": self.lexicon,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scorecard:
        qa = data.get("qa")
        started = data.get("started_at")
        return cls(
            room_id=data.get("room_id"),
            started_at=dt.datetime.fromisoformat(started) if started else None,
            made_from={
                "transcript_format": data["transcript_format"],
                "transcript_sha256": data.get("transcript_sha256"),
                "timed": data["timed"],
                "duration_s": data.get("duration_s"),
                "host_lines": data["host_lines"],
                "comment_count": data.get("comment_count"),
            },
            score=data.get("score"),
            checks=tuple(Check.from_dict(c) for c in data["checks"]),
            phases=tuple(PhaseSummary.from_dict(p) for p in data["phases"]),
            segments=tuple(Segment.from_dict(s) for s in data["segments"]),
            metrics=dict(data["metrics"]),
            host_cues=dict(data["host_cues"]),
            comment_cues=data.get("comment_cues"),
            qa=QaSummary(tuple(QuestionLink.from_dict(x) for x in qa["links"])) if qa else None,
            findings=tuple(Finding.from_dict(f) for f in data["findings"]),
            lexicon=data.get("lexicon", "siaran.talk/lexicons"),
        )


def overall_score(checks: tuple[Check, ...]) -> float | None:
    """0-100: ok counts 1, warn 0.5, fail 0; unknown checks are left out."""
    points = [STATUS_POINTS[c.status] for c in checks if c.status in STATUS_POINTS]
    return round(100 * sum(points) / len(points), 1) if points else None
