"""The indicators of each area, measured for one account and placed in its cohort.

Each indicator is defined once (:class:`Definition`): its area, the unit it is written in,
which way is better, and how it is measured from an account's lives (imported sessions) or
scored lives (talk scorecards). A money indicator is compared only with accounts of the same
currency and GMV basis; the others with every account that has the figure. A percentile needs
a cohort of :data:`MIN_COHORT` accounts (the comparison's own minimum), else it is ``None``.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from siaran.advice.effects import percentile
from siaran.advice.lives import Live, ScoredLive
from siaran.advice.model import Better, Evidence, Indicator
from siaran.metrics.verdict import MIN_ACCOUNTS

MIN_COHORT: Final = MIN_ACCOUNTS
EVIDENCE_ITEMS: Final = 5
TEN_MINUTES_S: Final = 600.0
COHORT_ALL: Final = "accounts_with_lives"
COHORT_SCORED: Final = "accounts_with_scorecards"

Item = TypeVar("Item")


@dataclass(frozen=True)
class Measured:
    """One account's figure, how many lives it rests on and what shows it."""

    value: float | None
    n_lives: int
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Definition(Generic[Item]):
    id: str
    area: str
    unit: str
    better: Better
    measure: Callable[[Sequence[Item]], Measured]
    money: bool = False


# -- evidence -------------------------------------------------------------------------------------
def live_evidence(lives: Sequence[Live], limit: int = EVIDENCE_ITEMS) -> tuple[Evidence, ...]:
    """The latest ``limit`` lives, newest first."""
    latest = sorted(lives, key=lambda live: live.started_at, reverse=True)[:limit]
    return tuple(
        Evidence("live", live.account, live.room_id, started_at=live.started_at.isoformat())
        for live in latest
    )


def line_evidence(scored: ScoredLive, cue: str, limit: int = 3) -> tuple[Evidence, ...]:
    """The first ``limit`` host lines of ``scored`` carrying ``cue``."""
    return tuple(
        Evidence("line", scored.account, scored.room_id, line.number, line.start_s, line.text)
        for line in scored.lines_with(cue)[:limit]
    )


def scored_evidence(scored: ScoredLive) -> Evidence:
    return Evidence("live", scored.account, scored.room_id)


# -- measures of imported lives -------------------------------------------------------------------
def _ratio(
    lives: Sequence[Live],
    top: Callable[[Live], float | None],
    bottom: Callable[[Live], float | None],
) -> Measured:
    """sum(top) / sum(bottom) over the lives where both are known."""
    used = [live for live in lives if top(live) is not None and bottom(live) is not None]
    total = sum(bottom(live) or 0.0 for live in used)
    value = sum(top(live) or 0.0 for live in used) / total if total else None
    return Measured(value, len(used), live_evidence(used))


def _median(
    lives: Sequence[Live], get: Callable[[Live], float | None], scale: float = 1.0
) -> Measured:
    used = [live for live in lives if get(live) is not None]
    value = statistics.median(get(live) or 0.0 for live in used) / scale if used else None
    return Measured(value, len(used), live_evidence(used))


def lives_per_week(lives: Sequence[Live], window_days: int) -> Measured:
    return Measured(len(lives) / (window_days / 7.0), len(lives), live_evidence(lives))


def gmv_per_live_hour(lives: Sequence[Live]) -> Measured:
    return _ratio(
        lives, lambda v: v.gmv, lambda v: None if v.duration_s is None else v.duration_s / 3600.0
    )


def zero_sale_share(lives: Sequence[Live]) -> Measured:
    known = [live for live in lives if live.gmv is not None]
    zero = [live for live in known if live.gmv == 0]
    value = len(zero) / len(known) if known else None
    return Measured(value, len(known), live_evidence(zero or known))


SESSION_INDICATORS: Final[tuple[Definition[Live], ...]] = (
    Definition(
        "median_duration_min",
        "rhythm",
        "minutes",
        "neutral",
        lambda lives: _median(lives, lambda v: v.duration_s, 60.0),
    ),
    Definition(
        "gmv_per_live_hour", "rhythm", "money_per_hour", "higher", gmv_per_live_hour, money=True
    ),
    Definition(
        "avg_view_duration_s",
        "session_design",
        "seconds",
        "higher",
        lambda lives: _median(lives, lambda v: v.avg_view_duration_s),
    ),
    Definition(
        "comment_rate",
        "session_design",
        "fraction",
        "higher",
        lambda lives: _ratio(lives, lambda v: v.comments, lambda v: v.views),
    ),
    Definition(
        "ctor",
        "conversion",
        "fraction",
        "higher",
        lambda lives: _ratio(lives, lambda v: v.orders, lambda v: v.product_clicks),
    ),
    Definition(
        "conversion",
        "conversion",
        "fraction",
        "higher",
        lambda lives: _ratio(lives, lambda v: v.customers, lambda v: v.audience),
    ),
    Definition("zero_sale_share", "conversion", "fraction", "lower", zero_sale_share),
)


# -- measures of scored lives ---------------------------------------------------------------------
def _mean_metric(scored: Sequence[ScoredLive], name: str, cue: str | None = None) -> Measured:
    """The mean of a scorecard metric over the scored lives that have it."""
    values = [(s, s.metrics.get(name)) for s in scored]
    known = [(s, float(v)) for s, v in values if v is not None]
    value = statistics.fmean(v for _, v in known) if known else None
    evidence: list[Evidence] = []
    for s, _ in known:
        evidence.extend(line_evidence(s, cue) if cue else ())
        if not evidence or evidence[-1].room_id != s.room_id:
            evidence.append(scored_evidence(s))
    return Measured(value, len(known), tuple(evidence))


def first_demonstration_min(scored: Sequence[ScoredLive]) -> Measured:
    """Minutes into the live of the first demonstration line, the mean over scored lives; a
    live without one counts its whole length (it never showed the product working)."""
    minutes: list[float] = []
    evidence: list[Evidence] = []
    for s in scored:
        first = s.first_line_with("demonstration")
        if first is not None and first.start_s is not None:
            minutes.append(first.start_s / 60.0)
            evidence.append(
                Evidence("line", s.account, s.room_id, first.number, first.start_s, first.text)
            )
        elif s.duration_s is not None:
            minutes.append(s.duration_s / 60.0)
            evidence.append(scored_evidence(s))
    value = statistics.fmean(minutes) if minutes else None
    return Measured(value, len(minutes), tuple(evidence))


def per_ten_minutes(scored: Sequence[ScoredLive], name: str, cue: str) -> Measured:
    """A count of lines in the scorecard's metrics per 10 minutes of live, over scored lives."""
    used = [s for s in scored if s.metrics.get(name) is not None and s.duration_s]
    total = sum(s.duration_s or 0.0 for s in used)
    value = (
        sum(float(s.metrics[name] or 0) for s in used) / (total / TEN_MINUTES_S) if total else None
    )
    evidence: list[Evidence] = []
    for s in used:
        evidence.extend(line_evidence(s, cue) or (scored_evidence(s),))
    return Measured(value, len(used), tuple(evidence))


def unanswered_evidence(scored: Sequence[ScoredLive], limit: int = 3) -> tuple[Evidence, ...]:
    out = []
    for s in scored:
        for q in [q for q in s.questions if not q.answered][:limit]:
            out.append(Evidence("comment", s.account, s.room_id, q.comment, q.asked_at_s, q.text))
        if not out or out[-1].room_id != s.room_id:
            out.append(scored_evidence(s))
    return tuple(out)


def answer_rate(scored: Sequence[ScoredLive]) -> Measured:
    found = _mean_metric(scored, "answer_rate")
    return Measured(found.value, found.n_lives, unanswered_evidence(scored))


TALK_INDICATORS: Final[tuple[Definition[ScoredLive], ...]] = (
    Definition("answer_rate", "session_design", "fraction", "higher", answer_rate),
    Definition(
        "median_latency_s",
        "session_design",
        "seconds",
        "lower",
        lambda s: _mean_metric(s, "median_latency_s", "answer"),
    ),
    Definition(
        "dead_air_share",
        "session_design",
        "fraction",
        "lower",
        lambda s: _mean_metric(s, "dead_air_share"),
    ),
    Definition(
        "demo_share",
        "trust",
        "fraction",
        "higher",
        lambda s: _mean_metric(s, "demo_share", "demonstration"),
    ),
    Definition("first_demonstration_min", "trust", "minutes", "lower", first_demonstration_min),
    Definition(
        "trust_lines_per_10min",
        "trust",
        "per_10min",
        "higher",
        lambda s: per_ten_minutes(s, "trust_lines", "trust"),
    ),
    Definition(
        "ctas_per_10min",
        "conversion",
        "per_10min",
        "higher",
        lambda s: _mean_metric(s, "ctas_per_10min", "call_to_action"),
    ),
    Definition(
        "cta_in_last_10min",
        "conversion",
        "fraction",
        "higher",
        lambda s: _mean_metric(s, "cta_in_last_10min"),
    ),
    Definition(
        "urgency_without_offer",
        "conversion",
        "count",
        "lower",
        lambda s: _mean_metric(s, "urgency_without_offer", "urgency"),
    ),
    Definition(
        "ecosystem_mentions_per_10min",
        "ecosystem",
        "per_10min",
        "neutral",
        lambda s: per_ten_minutes_cue(s, "ecosystem"),
    ),
)


def per_ten_minutes_cue(scored: Sequence[ScoredLive], cue: str) -> Measured:
    """Host lines carrying ``cue`` per 10 minutes of live, over scored lives."""
    used = [s for s in scored if s.duration_s]
    total = sum(s.duration_s or 0.0 for s in used)
    count = sum(len(s.lines_with(cue)) for s in used)
    value = count / (total / TEN_MINUTES_S) if total else None
    evidence: list[Evidence] = []
    for s in used:
        evidence.extend(line_evidence(s, cue) or (scored_evidence(s),))
    return Measured(value, len(used), tuple(evidence))


# -- placing an account in its cohort -------------------------------------------------------------
def money_group(lives: Sequence[Live]) -> tuple[str | None, str | None] | None:
    """The currency and GMV basis most of the lives have (``None`` without lives)."""
    counts = Counter(live.money_group for live in lives)
    return max(counts, key=lambda g: (counts[g], str(g))) if counts else None


def money_cohort_name(group: tuple[str | None, str | None] | None) -> str:
    currency, basis = group or (None, None)
    return f"money:{currency or 'unknown'}/{basis or 'unknown'}"


def place(
    definition: Definition[Item],
    account: str,
    by_account: dict[str, Sequence[Item]],
    *,
    cohort_name: str,
    history: Sequence[Item] | None = None,
) -> Indicator:
    """``account``'s indicator, its percentile among the accounts of ``by_account`` that have
    the figure (the cohort, already restricted to comparable money when it is money), and its
    value over ``history`` (the window before)."""
    values = {name: definition.measure(items) for name, items in by_account.items() if items}
    own = values.get(account, Measured(None, 0))
    cohort = [m.value for m in values.values() if m.value is not None]
    found = None
    if own.value is not None and len(cohort) >= MIN_COHORT:
        found = percentile(own.value, cohort)
    before = definition.measure(history).value if history else None
    return Indicator(
        id=definition.id,
        value=own.value,
        unit=definition.unit,
        better=definition.better,
        cohort_percentile=found,
        cohort_name=cohort_name,
        cohort_size=len(cohort),
        history=before,
        n_lives=own.n_lives,
        evidence=own.evidence,
    )
