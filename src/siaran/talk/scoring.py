"""Scoring a session against the recommended architecture (strong opening, clear
demonstration, directed Q&A, transparent offer, firm call to action).

The targets below are siaran's working defaults, not figures from the study (which gives the
architecture, not numbers); docs/en/talk.md lists them and why.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from siaran.errors import UsageError
from siaran.talk.comments import Comment, as_comments
from siaran.talk.cues import COMMENT_CUES, HOST_CUES
from siaran.talk.lexicon import Lexicon, default_lexicon
from siaran.talk.phases import segment_phases, summarise_phases
from siaran.talk.qa import QaSummary, link_questions
from siaran.talk.scorecard import Check, Finding, LineRef, Scorecard, Status, overall_score
from siaran.talk.tagger import TaggedLine, tag_lines
from siaran.talk.transcripts import Transcript, TranscriptLine

OPENING_WITHIN_S: Final = 120.0
OPENING_WITHIN_LINES: Final = 5
DEMO_SHARE_OK: Final = 0.20
DEMO_SHARE_WARN: Final = 0.10
ANSWER_RATE_OK: Final = 0.80
ANSWER_RATE_WARN: Final = 0.50
LATENCY_OK_S: Final = 60.0
LATENCY_WARN_S: Final = 180.0
CTA_PER_10MIN_OK: Final = 2.0
CTA_PER_10MIN_WARN: Final = 1.0
LAST_CTA_WINDOW_S: Final = 600.0
LAST_CTA_SHARE_UNTIMED: Final = 0.10
URGENCY_OFFER_WINDOW_S: Final = 90.0
URGENCY_OFFER_LINES: Final = 3
DEAD_AIR_GAP_S: Final = 15.0
DEAD_AIR_SHARE_OK: Final = 0.05
DEAD_AIR_SHARE_FAIL: Final = 0.15
LONG_GAP_S: Final = 60.0
EVIDENCE_LINES: Final = 3


def score_session(
    transcript: Transcript,
    comments: Iterable[Comment | Mapping[str, Any]] | None = None,
    *,
    room_id: str | None = None,
    started_at: dt.datetime | None = None,
    lexicon: Lexicon | None = None,
    tags: Sequence[TaggedLine] | None = None,
) -> Scorecard:
    """Score one live session from its transcript and (optionally) its viewer comments.

    Comments timed by offsets line up with the transcript directly; comments timed by clock
    need ``started_at`` (when the live started), else :class:`UsageError`. ``tags`` are the
    transcript lines' cues when already tagged (:func:`tag_transcript`), to keep them with the
    lines (:func:`siaran.talk.storage.save_scorecard`) without tagging twice.
    """
    chosen = lexicon or default_lexicon()
    lines = list(transcript.lines)
    if tags is None:
        tags = tag_transcript(transcript, chosen)
    elif len(tags) != len(lines):
        raise ValueError(f"{len(lines)} transcript lines but {len(tags)} tags")
    duration = transcript.duration_s
    timed = transcript.timed and duration is not None

    comment_list = as_comments(comments) if comments is not None else None
    comment_tags: list[TaggedLine] | None = None
    qa: QaSummary | None = None
    if comment_list is not None:
        offsets = [c.offset_s(started_at) for c in comment_list]
        if any(o is None and c.ts is not None for o, c in zip(offsets, comment_list, strict=True)):
            raise UsageError("talk.comments.need_start")
        comment_tags = tag_lines((c.text for c in comment_list), "comment", lexicon=chosen)
        if timed:
            qa = link_questions(
                lines, tags, comment_tags, [c.user for c in comment_list], offsets, chosen
            )

    segments = segment_phases(lines, tags, duration if timed else None)
    phases = summarise_phases(segments, len(lines), duration if timed else None)
    metrics, checks, findings = _measure(lines, tags, duration if timed else None, qa)
    if comment_list is not None and comment_tags is not None:
        metrics["comments"] = len(comment_list)
        metrics["comments_per_min"] = (
            round(len(comment_list) / (duration / 60), 3) if timed and duration else None
        )
        intent = sum(1 for t in comment_tags if t.has("purchase_intent"))
        metrics["purchase_intent_comments"] = intent
    host_counts = Counter(c for t in tags for c in t.cues)
    comment_counts = (
        Counter(c for t in comment_tags for c in t.cues) if comment_tags is not None else None
    )
    return Scorecard(
        room_id=room_id,
        started_at=started_at,
        made_from={
            "transcript_format": transcript.format,
            "transcript_sha256": transcript.sha256,
            "timed": timed,
            "duration_s": duration if timed else None,
            "host_lines": len(lines),
            "comment_count": len(comment_list) if comment_list is not None else None,
        },
        score=overall_score(tuple(checks)),
        checks=tuple(checks),
        phases=tuple(phases),
        segments=tuple(segments),
        metrics=metrics,
        host_cues={cue: host_counts.get(cue, 0) for cue in HOST_CUES},
        comment_cues=(
            {cue: comment_counts.get(cue, 0) for cue in COMMENT_CUES}
            if comment_counts is not None
            else None
        ),
        qa=qa,
        findings=tuple(findings),
        lexicon=chosen.source,
    )


def tag_transcript(transcript: Transcript, lexicon: Lexicon | None = None) -> list[TaggedLine]:
    """The host cues of every transcript line, in order."""
    return tag_lines((line.text for line in transcript.lines), "host", lexicon=lexicon)


def _ref(line: TranscriptLine) -> LineRef:
    return LineRef("host", line.number, line.start_s, line.text)


def _with(lines: Sequence[TranscriptLine], tags: Sequence[TaggedLine], cue: str) -> list[int]:
    return [i for i, tagged in enumerate(tags) if tagged.has(cue)]


def _status(value: float, ok: float, warn: float, *, higher_is_better: bool = True) -> Status:
    if higher_is_better:
        return "ok" if value >= ok else "warn" if value >= warn else "fail"
    return "ok" if value <= ok else "warn" if value <= warn else "fail"


def _measure(
    lines: Sequence[TranscriptLine],
    tags: Sequence[TaggedLine],
    duration: float | None,
    qa: QaSummary | None,
) -> tuple[dict[str, float | int | bool | None], list[Check], list[Finding]]:
    metrics: dict[str, float | int | bool | None] = {}
    checks: list[Check] = []
    findings: list[Finding] = []

    def add(check: Check, finding: Finding | None) -> None:
        checks.append(check)
        if finding is not None and check.status in ("warn", "fail"):
            findings.append(finding)

    # A strong opening: a greeting early on.
    greetings = _with(lines, tags, "greeting")
    params: dict[str, str | int | float]
    if duration is not None:
        early = [i for i in greetings if (lines[i].start_s or 0.0) <= OPENING_WITHIN_S]
        key, params = "opening", {"minutes": int(OPENING_WITHIN_S // 60)}
    else:
        early = [i for i in greetings if i < OPENING_WITHIN_LINES]
        key, params = "opening_untimed", {"lines": OPENING_WITHIN_LINES}
    metrics["first_greeting_at_s"] = lines[greetings[0]].start_s if greetings else None
    add(
        Check("opening", "ok" if early else "fail", bool(early), True),
        Finding(key, "fail", params, tuple(_ref(line) for line in lines[:2])),
    )

    # A clear demonstration: share of the words spent showing or describing the product.
    words = [len(line.text.split()) for line in lines]
    demo = [i for i, t in enumerate(tags) if t.has("demonstration") or t.has("product_info")]
    share = sum(words[i] for i in demo) / sum(words) if sum(words) else 0.0
    metrics["demo_share"] = round(share, 4)
    metrics["demo_lines"] = len(demo)
    status = _status(share, DEMO_SHARE_OK, DEMO_SHARE_WARN)
    shown = demo[:2] or _with(lines, tags, "price_offer")[:2] or list(range(min(2, len(lines))))
    add(
        Check("demonstration", status, round(share, 4), DEMO_SHARE_OK),
        Finding(
            "demonstration",
            status,
            {"share": _percent(share), "target": _percent(DEMO_SHARE_OK)},
            tuple(_ref(lines[i]) for i in shown),
        ),
    )

    # Directed Q&A: how many questions were answered, and how fast.
    _qa_checks(qa, metrics, add)

    # A transparent offer: a stated price or deal, and evidence to trust it.
    offers = _with(lines, tags, "price_offer")
    ctas = _with(lines, tags, "call_to_action")
    metrics["offer_lines"] = len(offers)
    add(
        Check("offer", "ok" if offers else "fail", len(offers), 1),
        Finding("offer", "fail", {}, tuple(_ref(lines[i]) for i in ctas[:2])),
    )
    trust = _with(lines, tags, "trust")
    metrics["trust_lines"] = len(trust)
    add(
        Check("trust", "ok" if trust else "warn", len(trust), 1),
        Finding("trust", "warn", {}, tuple(_ref(lines[i]) for i in offers[:2])),
    )
    urgency = _with(lines, tags, "urgency")
    bare = [i for i in urgency if not _offer_near(i, lines, offers, duration)]
    metrics["urgency_lines"] = len(urgency)
    metrics["urgency_without_offer"] = len(bare)
    add(
        Check("urgency_without_offer", "ok" if not bare else "warn", len(bare), 0),
        Finding(
            "urgency_without_offer",
            "warn",
            {"count": len(bare)},
            tuple(_ref(lines[i]) for i in bare[:EVIDENCE_LINES]),
        ),
    )

    # A firm call to action: often enough, and in the last minutes.
    _cta_checks(lines, ctas, duration, metrics, add)
    _dead_air_check(lines, duration, metrics, add)

    if not findings:
        findings.append(Finding("all_good", "ok"))
    return metrics, checks, findings


def _qa_checks(qa: QaSummary | None, metrics: dict[str, Any], add: Any) -> None:
    rate = qa.answer_rate if qa is not None else None
    latency = qa.median_latency_s if qa is not None else None
    metrics["questions"] = qa.questions if qa is not None else None
    metrics["answered"] = qa.answered if qa is not None else None
    metrics["answer_rate"] = round(rate, 4) if rate is not None else None
    metrics["median_latency_s"] = latency
    if qa is None or rate is None:
        add(Check("questions_answered", "unknown", None, ANSWER_RATE_OK), None)
    else:
        status = _status(rate, ANSWER_RATE_OK, ANSWER_RATE_WARN)
        unanswered = qa.unanswered
        add(
            Check("questions_answered", status, round(rate, 4), ANSWER_RATE_OK),
            Finding(
                "questions_answered",
                status,
                {
                    "unanswered": len(unanswered),
                    "questions": qa.questions,
                    "rate": _percent(rate),
                    "target": _percent(ANSWER_RATE_OK),
                },
                tuple(
                    LineRef("comment", q.comment + 1, q.asked_at_s, f"{q.user}: {q.text}")
                    for q in unanswered[:EVIDENCE_LINES]
                ),
            ),
        )
    if qa is None or latency is None:
        add(Check("response_time", "unknown", None, LATENCY_OK_S), None)
        return
    status = _status(latency, LATENCY_OK_S, LATENCY_WARN_S, higher_is_better=False)
    slowest = max((q for q in qa.links if q.latency_s is not None), key=lambda q: q.latency_s or 0)
    asked = f"{slowest.user}: {slowest.text}"
    evidence = (
        LineRef("comment", slowest.comment + 1, slowest.asked_at_s, asked),
        LineRef("host", slowest.answer_line or 0, slowest.answered_at_s, slowest.answer_text or ""),
    )
    add(
        Check("response_time", status, round(latency, 1), LATENCY_OK_S),
        Finding(
            "response_time",
            status,
            {"median": round(latency), "target": round(LATENCY_OK_S)},
            evidence,
        ),
    )


def _offer_near(
    index: int, lines: Sequence[TranscriptLine], offers: list[int], duration: float | None
) -> bool:
    if duration is not None:
        at = lines[index].start_s or 0.0
        return any(abs((lines[o].start_s or 0.0) - at) <= URGENCY_OFFER_WINDOW_S for o in offers)
    return any(abs(o - index) <= URGENCY_OFFER_LINES for o in offers)


def _cta_checks(
    lines: Sequence[TranscriptLine],
    ctas: list[int],
    duration: float | None,
    metrics: dict[str, Any],
    add: Any,
) -> None:
    metrics["cta_lines"] = len(ctas)
    params: dict[str, str | int | float]
    last_lines = tuple(_ref(line) for line in lines[-2:])
    if duration is not None and duration > 0:
        rate = len(ctas) / (duration / 600)
        metrics["ctas_per_10min"] = round(rate, 3)
        status = _status(rate, CTA_PER_10MIN_OK, CTA_PER_10MIN_WARN)
        add(
            Check("cta_rate", status, round(rate, 3), CTA_PER_10MIN_OK),
            Finding(
                "cta_rate",
                status,
                {"rate": f"{rate:.1f}", "target": f"{CTA_PER_10MIN_OK:g}"},
                tuple(_ref(lines[i]) for i in ctas[:2]) or last_lines,
            ),
        )
        late = [i for i in ctas if (lines[i].start_s or 0.0) >= duration - LAST_CTA_WINDOW_S]
        key, params = "closing_cta", {"minutes": int(LAST_CTA_WINDOW_S // 60)}
        metrics["last_cta_at_s"] = lines[ctas[-1]].start_s if ctas else None
    else:
        metrics["ctas_per_10min"] = None
        add(Check("cta_rate", "unknown", None, CTA_PER_10MIN_OK), None)
        tail = max(OPENING_WITHIN_LINES, int(len(lines) * LAST_CTA_SHARE_UNTIMED))
        late = [i for i in ctas if i >= len(lines) - tail]
        key, params = "closing_cta_untimed", {"lines": tail}
        metrics["last_cta_at_s"] = None
    metrics["cta_in_last_10min"] = bool(late) if duration is not None else None
    add(
        Check("closing_cta", "ok" if late else "fail", bool(late), True),
        Finding(key, "fail", params, last_lines),
    )


def _dead_air_check(
    lines: Sequence[TranscriptLine], duration: float | None, metrics: dict[str, Any], add: Any
) -> None:
    measurable = duration is not None and all(line.end_s is not None for line in lines)
    if not measurable or not duration:
        metrics.update(dead_air_s=None, dead_air_gaps=None, longest_gap_s=None, dead_air_share=None)
        add(Check("dead_air", "unknown", None, DEAD_AIR_SHARE_OK), None)
        return
    gaps = []
    for before, after in itertools.pairwise(lines):
        gap = (after.start_s or 0.0) - (before.end_s or 0.0)
        if gap >= DEAD_AIR_GAP_S:
            gaps.append((gap, before, after))
    total = sum(g for g, _, _ in gaps)
    share = total / duration
    longest = max(gaps, key=lambda g: g[0]) if gaps else None
    metrics.update(
        dead_air_s=round(total, 1),
        dead_air_gaps=len(gaps),
        longest_gap_s=round(longest[0], 1) if longest else 0.0,
        dead_air_share=round(share, 4),
    )
    status = _status(share, DEAD_AIR_SHARE_OK, DEAD_AIR_SHARE_FAIL, higher_is_better=False)
    if status == "ok" and longest is not None and longest[0] >= LONG_GAP_S:
        status = "warn"
    add(
        Check("dead_air", status, round(share, 4), DEAD_AIR_SHARE_OK),
        Finding(
            "dead_air",
            status,
            {
                "seconds": round(total),
                "gaps": len(gaps),
                "threshold": round(DEAD_AIR_GAP_S),
                "longest": round(longest[0]) if longest else 0,
            },
            (_ref(longest[1]), _ref(longest[2])) if longest else (),
        ),
    )


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"
