"""A plan for the next live, as data: its parts, the figures each rests on, and what is
unknown with the data that would answer it.

Every object has a ``to_json`` giving the contract of the plan's JSON file (docs/en/plan.md),
and :func:`plan_from_json` reads that file back for ``siaran plan check``. Texts a person reads
are carried in both languages (``{"id": ..., "en": ...}``), so one JSON file serves either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NotRequired, TypedDict, cast

PLAN_FORMAT = "siaran.plan/1"
"""The ``format`` field of a plan's JSON file: read back only when it is this."""

Status = Literal["known", "unknown"]


class TextJson(TypedDict):
    id: str
    en: str


def both(value: dict[str, str]) -> TextJson:
    return {"id": value["id"], "en": value["en"]}


class PhaseJson(TypedDict):
    id: str
    start_min: int
    end_min: int
    minutes: int
    recommended_share: float
    account_share: float | None
    n_scored_lives: int


@dataclass(frozen=True)
class PlannedPhase:
    """One phase of the run sheet: its minute marks (from the start of the live), the share
    the study's architecture gives it and the share it took in the account's scored lives
    (``None`` without any), on which the planned share is based."""

    id: str
    start_min: int
    end_min: int
    recommended_share: float
    account_share: float | None
    n_scored_lives: int

    @property
    def minutes(self) -> int:
        return self.end_min - self.start_min

    def to_json(self) -> PhaseJson:
        return {
            "id": self.id,
            "start_min": self.start_min,
            "end_min": self.end_min,
            "minutes": self.minutes,
            "recommended_share": self.recommended_share,
            "account_share": self.account_share,
            "n_scored_lives": self.n_scored_lives,
        }


class ProductJson(TypedDict):
    """A product of the account's lineup: in how many of the lives its orders cover it sold,
    its orders, quantity and value there, and its value per covered live."""

    product: str
    sku: str | None
    lives: int
    orders: int
    quantity: float | None
    amount: float | None
    amount_per_live: float | None
    currency: str | None


class SlotJson(TypedDict):
    """A weekday (0 = Monday) and start hour of the account's lives: how many lives started
    then and their mean GMV per live hour with a bootstrap interval (``None`` below the
    minimum number of lives)."""

    weekday: int
    hour: int
    n_lives: int
    gmv_per_hour: float | None
    ci_low: float | None
    ci_high: float | None


class QuestionJson(TypedDict):
    """Viewers' questions that ask the same thing (one topic cue, most words shared): how
    often they were asked, in how many lives, one of them as asked, and the host's last
    linked answer to one of them (``None``: never answered; a line to fill by hand)."""

    topic: str
    example: str
    count: int
    n_lives: int
    answer: str | None
    answer_room_id: str | None


class CtaJson(TypedDict):
    text: str
    room_id: str | None
    at_s: float | None


class CheckJson(TypedDict):
    key: str
    target: float | int | bool


class AdviceItemJson(TypedDict):
    id: str
    area: str
    action: TextJson
    why: TextJson
    confidence: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    n_lives: int


class PartJson(TypedDict):
    status: Status
    missing: list[TextJson]


class ArchitectureJson(PartJson):
    n_scored_lives: int
    phases: list[PhaseJson]


class LineupJson(PartJson):
    n_lives: int
    products: list[ProductJson]
    stock: TextJson


class SlotPartJson(PartJson):
    weekday: int
    currency: str | None
    gmv_basis: str | None
    n_lives: int
    best: SlotJson | None
    usual: SlotJson | None
    cells: list[SlotJson]


class CrewPersonJson(TypedDict):
    role: str
    label: str | None
    person: str | None


class CrewSourceJson(TypedDict):
    room_id: str
    started_at: str | None
    set_at: str


class CrewEffectJson(TypedDict):
    measure: str
    lives_with: int
    lives_without: int
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    enough: bool
    needed_with: int
    needed_without: int
    reading: str


class CrewJson(PartJson):
    roles: list[str]
    members: NotRequired[list[CrewPersonJson]]
    source: NotRequired[CrewSourceJson | None]
    admin_effect: NotRequired[list[CrewEffectJson]]


class QuestionsJson(PartJson):
    n_scored_lives: int
    n_questions: int
    clusters: list[QuestionJson]


class CallsJson(PartJson):
    calls: list[CtaJson]
    checks: list[CheckJson]


class AdvicePartJson(PartJson):
    n_lives: int
    recommendations: list[AdviceItemJson]
    collect_next: list[TextJson]


class PlanJson(TypedDict):
    format: str
    account: str
    date: str
    minutes: int
    timezone: str
    architecture: ArchitectureJson
    lineup: LineupJson
    slot: SlotPartJson
    crew: CrewJson
    questions: QuestionsJson
    calls_to_action: CallsJson
    advice: AdvicePartJson


@dataclass(frozen=True)
class Plan:
    """The run sheet of one account's next live: the JSON contract, kept as it is written so
    that a saved plan renders and checks exactly as when it was made."""

    data: PlanJson

    @property
    def account(self) -> str:
        return self.data["account"]

    @property
    def phases(self) -> list[PhaseJson]:
        return self.data["architecture"]["phases"]

    def to_json(self) -> PlanJson:
        return self.data


def plan_from_json(raw: Any) -> Plan:
    """A plan read back from its JSON; ``ValueError`` names what is wrong with it."""
    if not isinstance(raw, dict) or raw.get("format") != PLAN_FORMAT:
        raise ValueError(f"format is not {PLAN_FORMAT}")
    for key in PlanJson.__annotations__:
        if key not in raw:
            raise ValueError(f"field {key} is missing")
    phases = raw["architecture"].get("phases") if isinstance(raw["architecture"], dict) else None
    if not isinstance(phases, list):
        raise ValueError("field architecture.phases is not a list")
    for phase in phases:
        if not isinstance(phase, dict) or not {"id", "start_min", "end_min"} <= phase.keys():
            raise ValueError("a phase lacks id, start_min or end_min")
    return Plan(cast(PlanJson, raw))
