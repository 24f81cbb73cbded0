"""What ``siaran advise`` finds, as data: areas and their indicators, recommendations and their
effects, and the evidence each one points at.

Every object has a ``to_json`` giving the contract of ``siaran advise --format json``
(docs/en/advice.md): snake_case names, rates as fractions, unknown as ``null``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal, TypedDict

AREAS: Final[tuple[str, ...]] = (
    "session_design",
    "trust",
    "conversion",
    "ecosystem",
    "operations",
    "rhythm",
)
"""The study's five capability areas, plus rhythm (frequency, time slots, duration)."""

AreaStatus = Literal["strength", "typical", "needs_work", "unknown"]
Better = Literal["higher", "lower", "neutral"]
Confidence = Literal["high", "medium", "low", "too_little_data"]
EvidenceKind = Literal["live", "line", "comment", "review"]


class EvidenceJson(TypedDict, total=False):
    kind: EvidenceKind
    account: str
    room_id: str | None
    started_at: str | None
    number: int
    at_s: float | None
    quote: str
    review_id: str


@dataclass(frozen=True)
class Evidence:
    """Something in the workspace a finding rests on.

    - ``live``: an imported session (``sessions``: account and room id, or account and start
      time for an export that gives no room id).
    - ``line``: a host line of a scored live (``talk_lines``: account, room id, line number),
      with its minute mark (``at_s``, seconds from the start) and what was said.
    - ``comment``: a viewer's question kept in a stored scorecard (``talk_scores``: account,
      room id, place in the comment list), with when it was asked and its text.
    - ``review``: a buyer's review (``reviews``: account and ``ref``, the review id), with the
      live its order was bought in (``None`` when outside a live or not linked) and its text.
    """

    kind: EvidenceKind
    account: str
    room_id: str | None
    number: int | None = None
    at_s: float | None = None
    quote: str | None = None
    started_at: str | None = None
    ref: str | None = None

    def to_json(self) -> EvidenceJson:
        out: EvidenceJson = {"kind": self.kind, "account": self.account, "room_id": self.room_id}
        if self.kind == "live":
            out["started_at"] = self.started_at
        elif self.kind == "review":
            out["review_id"] = self.ref or ""
            out["quote"] = self.quote or ""
        else:
            out["number"] = self.number if self.number is not None else 0
            out["at_s"] = self.at_s
            out["quote"] = self.quote or ""
        return out


class CohortJson(TypedDict):
    name: str
    size: int


class IndicatorJson(TypedDict):
    id: str
    value: float | None
    unit: str
    better: Better
    cohort_percentile: float | None
    cohort: CohortJson
    history: float | None
    n_lives: int
    evidence: list[EvidenceJson]


@dataclass(frozen=True)
class Indicator:
    """One measured indicator of an area: the account's value, where it stands in its cohort
    (``cohort_percentile``: share of the cohort below it, ties counted half; ``None`` when the
    cohort is smaller than the minimum) and in its own history (the same figure over the
    window before), the lives it rests on and the evidence."""

    id: str
    value: float | None
    unit: str
    better: Better
    cohort_percentile: float | None
    cohort_name: str
    cohort_size: int
    history: float | None
    n_lives: int
    evidence: tuple[Evidence, ...] = ()

    @property
    def standing(self) -> float | None:
        """The percentile turned so that higher is better (``None`` when neutral or unknown)."""
        if self.cohort_percentile is None or self.better == "neutral":
            return None
        return self.cohort_percentile if self.better == "higher" else 1.0 - self.cohort_percentile

    def to_json(self) -> IndicatorJson:
        return {
            "id": self.id,
            "value": self.value,
            "unit": self.unit,
            "better": self.better,
            "cohort_percentile": self.cohort_percentile,
            "cohort": {"name": self.cohort_name, "size": self.cohort_size},
            "history": self.history,
            "n_lives": self.n_lives,
            "evidence": [e.to_json() for e in self.evidence],
        }


class TextJson(TypedDict):
    id: str
    en: str


class MissingJson(TypedDict):
    source: str
    text: TextJson


class AreaJson(TypedDict):
    id: str
    status: AreaStatus
    indicators: list[IndicatorJson]
    missing: list[MissingJson]


@dataclass(frozen=True)
class Missing:
    """A data source an area needs and the workspace does not have, and what it would answer."""

    source: str
    text: dict[str, str]

    def to_json(self) -> MissingJson:
        return {"source": self.source, "text": {"id": self.text["id"], "en": self.text["en"]}}


@dataclass(frozen=True)
class Area:
    id: str
    status: AreaStatus
    indicators: tuple[Indicator, ...]
    missing: tuple[Missing, ...] = ()

    def to_json(self) -> AreaJson:
        return {
            "id": self.id,
            "status": self.status,
            "indicators": [i.to_json() for i in self.indicators],
            "missing": [m.to_json() for m in self.missing],
        }


class EffectJson(TypedDict):
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    n_lives: int
    basis: str


@dataclass(frozen=True)
class Effect:
    """The association a recommendation rests on: the relative difference of the mean outcome
    between lives that follow the practice and lives that do not (``0.25`` = 25% higher), a
    percentile bootstrap interval, how many lives it rests on and which comparison it is
    (``basis``: ``within_account:<kpi>`` or ``cohort_lives:<kpi>``). An association, not a
    cause: the lives differ in more than the practice."""

    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    n_lives: int
    basis: str

    def to_json(self) -> EffectJson:
        return {
            "estimate": self.estimate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "n_lives": self.n_lives,
            "basis": self.basis,
        }


class RecommendationJson(TypedDict):
    id: str
    area: str
    action: TextJson
    why: TextJson
    source: TextJson
    effect: EffectJson
    within_account: EffectJson | None
    confidence: Confidence
    rank_by_effect: int
    rank_by_confidence: int
    evidence: list[EvidenceJson]


@dataclass(frozen=True)
class Recommendation:
    id: str
    area: str
    action: dict[str, str]
    why: dict[str, str]
    source: dict[str, str]
    effect: Effect
    within_account: Effect | None
    confidence: Confidence
    evidence: tuple[Evidence, ...]
    rank_by_effect: int = 0
    rank_by_confidence: int = 0

    def to_json(self) -> RecommendationJson:
        return {
            "id": self.id,
            "area": self.area,
            "action": _text(self.action),
            "why": _text(self.why),
            "source": _text(self.source),
            "effect": self.effect.to_json(),
            "within_account": self.within_account.to_json() if self.within_account else None,
            "confidence": self.confidence,
            "rank_by_effect": self.rank_by_effect,
            "rank_by_confidence": self.rank_by_confidence,
            "evidence": [e.to_json() for e in self.evidence],
        }


class CollectJson(TypedDict):
    id: str
    text: TextJson


class AdviceJson(TypedDict):
    account: str
    window: dict[str, str]
    n_lives: int
    money: dict[str, str | None]
    areas: list[AreaJson]
    recommendations: list[RecommendationJson]
    collect_next: list[CollectJson]


@dataclass(frozen=True)
class Advice:
    """The diagnosis of one account and the advice that follows from it."""

    account: str
    window_start: str
    window_end: str
    n_lives: int
    areas: tuple[Area, ...]
    recommendations: tuple[Recommendation, ...]
    collect_next: tuple[tuple[str, dict[str, str]], ...] = field(default=())
    currency: str | None = None
    gmv_basis: str | None = None

    def to_json(self) -> AdviceJson:
        return {
            "account": self.account,
            "window": {"start": self.window_start, "end": self.window_end},
            "n_lives": self.n_lives,
            "money": {"currency": self.currency, "gmv_basis": self.gmv_basis},
            "areas": [a.to_json() for a in self.areas],
            "recommendations": [r.to_json() for r in self.recommendations],
            "collect_next": [{"id": key, "text": _text(t)} for key, t in self.collect_next],
        }


def _text(value: dict[str, str]) -> TextJson:
    return {"id": value["id"], "en": value["en"]}
