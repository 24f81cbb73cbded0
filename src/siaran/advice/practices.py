"""Recommendations from the study's practices, read from the account's scored lives: show the
product working early, answer viewers' questions, call to action through to the end, and back
urgency with an offer.

A practice is recommended when the account followed it in fewer than half of its latest
:data:`RECENT_LIVES` scored lives (all of them when it has fewer), so that one slip of an
account that practises it does not set off advice; the texts give that count and quote the
lines (and questions) of the latest of those lives without it. Its effect is the association,
across the cohort's scored lives, between following the practice and the live's conversion
(buyers per viewer, a rate, so lives of any currency compare), beside the same within the
account. With few scored lives there is no estimate and the recommendation says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from siaran.advice.effects import relative_difference
from siaran.advice.indicators import TEN_MINUTES_S, scored_evidence, unanswered_evidence
from siaran.advice.lives import Live, ScoredLive
from siaran.advice.model import Evidence
from siaran.advice.rhythm import Draft

COHORT_CONVERSION: Final = "cohort_lives:conversion"
WITHIN_CONVERSION: Final = "within_account:conversion"
CTA_PER_10MIN_TARGET: Final = 2.0
ANSWER_RATE_TARGET: Final = 0.8
RECENT_LIVES: Final = 3
"""The account's latest scored lives over which it is judged to follow a practice or not."""


def _metric(scored: ScoredLive, name: str) -> float | None:
    value = scored.metrics.get(name)
    return None if value is None else float(value)


def early_demonstration(scored: ScoredLive) -> bool:
    first = scored.first_line_with("demonstration")
    return first is not None and (first.start_s or 0.0) <= TEN_MINUTES_S


def calls_to_action(scored: ScoredLive) -> bool:
    rate = _metric(scored, "ctas_per_10min")
    return (
        rate is not None
        and rate >= CTA_PER_10MIN_TARGET
        and bool(scored.metrics.get("cta_in_last_10min"))
    )


def answers_questions(scored: ScoredLive) -> bool:
    rate = _metric(scored, "answer_rate")
    return rate is None or rate >= ANSWER_RATE_TARGET


def urgency_with_offer(scored: ScoredLive) -> bool:
    return not _metric(scored, "urgency_without_offer")


def _opening_lines(scored: ScoredLive, limit: int = 2) -> tuple[Evidence, ...]:
    return tuple(
        Evidence("line", scored.account, scored.room_id, line.number, line.start_s, line.text)
        for line in scored.lines[:limit]
    )


def _closing_lines(scored: ScoredLive, limit: int = 2) -> tuple[Evidence, ...]:
    return tuple(
        Evidence("line", scored.account, scored.room_id, line.number, line.start_s, line.text)
        for line in scored.lines[-limit:]
    )


def _cue_lines(cue: str) -> Callable[[ScoredLive], tuple[Evidence, ...]]:
    def cite(scored: ScoredLive) -> tuple[Evidence, ...]:
        return tuple(
            Evidence("line", scored.account, scored.room_id, line.number, line.start_s, line.text)
            for line in scored.lines_with(cue)[:3]
        )

    return cite


@dataclass(frozen=True)
class Practice:
    id: str
    area: str
    follows: Callable[[ScoredLive], bool]
    cite: Callable[[ScoredLive], tuple[Evidence, ...]]
    figure: Callable[[ScoredLive], tuple[str, float | str]]


def _first_demo_minute(scored: ScoredLive) -> tuple[str, float | str]:
    first = scored.first_line_with("demonstration")
    if first is None or first.start_s is None:
        return ("none", 0.0)
    return ("minutes", first.start_s / 60.0)


PRACTICES: Final[tuple[Practice, ...]] = (
    Practice(
        "trust.early_demonstration",
        "trust",
        early_demonstration,
        lambda s: _cue_lines("demonstration")(s)[:1] or _opening_lines(s),
        _first_demo_minute,
    ),
    Practice(
        "session_design.answer_questions",
        "session_design",
        answers_questions,
        lambda s: unanswered_evidence([s]),
        lambda s: ("percent", _metric(s, "answer_rate") or 0.0),
    ),
    Practice(
        "conversion.calls_to_action",
        "conversion",
        calls_to_action,
        lambda s: _cue_lines("call_to_action")(s) or _closing_lines(s),
        lambda s: ("decimal", _metric(s, "ctas_per_10min") or 0.0),
    ),
    Practice(
        "conversion.urgency_with_offer",
        "conversion",
        urgency_with_offer,
        _cue_lines("urgency"),
        lambda s: ("number", _metric(s, "urgency_without_offer") or 0.0),
    ),
)


def practice_drafts(
    account: str, scored: Sequence[ScoredLive], lives: Sequence[Live]
) -> list[Draft]:
    """A draft for each practice the account followed in fewer than half of its latest
    :data:`RECENT_LIVES` scored lives, its figures from the latest of those without it."""
    conversion = {
        (v.account, v.room_id): v.customers / v.audience
        for v in lives
        if v.customers is not None and v.audience
    }
    started = {(v.account, v.room_id): v.started_at.timestamp() for v in lives}
    # Scorecards are stored by room; "latest" is by the start of the live (a room id says nothing).
    own = sorted(
        (s for s in scored if s.account == account),
        key=lambda s: (
            (s.account, s.room_id) in started,
            started.get((s.account, s.room_id), 0.0),
            s.room_id,
        ),
    )
    if not own:
        return []
    recent = own[-RECENT_LIVES:]
    drafts = []
    for practice in PRACTICES:
        followed = sum(1 for s in recent if practice.follows(s))
        if 2 * followed >= len(recent):
            continue
        latest = next(s for s in reversed(recent) if not practice.follows(s))
        effects = []
        for pool, basis in ((scored, COHORT_CONVERSION), (own, WITHIN_CONVERSION)):
            known = [s for s in pool if (s.account, s.room_id) in conversion]
            follow = [s for s in known if practice.follows(s)]
            skipped = [s for s in known if not practice.follows(s)]
            effects.append(
                relative_difference(
                    [conversion[(s.account, s.room_id)] for s in follow],
                    [conversion[(s.account, s.room_id)] for s in skipped],
                    basis=basis,
                    # Across the cohort, accounts are resampled: their lives are not independent.
                    accounts=(
                        ([s.account for s in follow], [s.account for s in skipped])
                        if basis == COHORT_CONVERSION
                        else None
                    ),
                )
            )
        evidence = practice.cite(latest) or (scored_evidence(latest),)
        if evidence[0].kind != "live":
            evidence = (scored_evidence(latest), *evidence)
        drafts.append(
            Draft(
                practice.id,
                practice.area,
                {
                    "followed": ("number", followed),
                    "recent": ("number", len(recent)),
                    "room": ("text", latest.room_id),
                    "value": practice.figure(latest),
                },
                effects[0],
                evidence,
                within_account=effects[1],
            )
        )
    return drafts
