"""``siaran programme impact``: did coaching move the coached accounts' lives?

Coached accounts against accounts not yet coached, with coaching that starts on different days
in different accounts (the method and its assumptions: :mod:`siaran.programme.staggered`), per
capability area (accounts coached on that topic, measured by the area's KPI,
:data:`AREA_KPIS`) and overall (every coached account from its first session, measured by
``--kpi``, GMV per live hour by default). The verdict rules are the experiments' own
(:func:`siaran.experiments.estimate.verdict_code`): ``too_little_data`` below the minimums,
``improved`` / ``worse`` only when the interval excludes zero and ``p < 0.05``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal, TypedDict

from siaran.advice.model import AREAS
from siaran.errors import UsageError
from siaran.experiments.estimate import MIN_CONTROLS, MIN_LIVES_PER_CELL, shortage, verdict_code
from siaran.experiments.evaluate import MONEY_UNITS, Bilingual, KpiLive, kpi_lives
from siaran.experiments.records import RATIO_KPI, experiment_kpis
from siaran.formatting import format_number, format_p_value, format_percent
from siaran.formatting.fields import format_field, label, unit_of
from siaran.i18n import Lang, text
from siaran.metrics import list_sessions
from siaran.metrics.verdict import ALPHA
from siaran.programme.coaching import CoachingSession, first_sessions
from siaran.programme.coaching import list_sessions as list_coaching
from siaran.programme.staggered import MIN_COACHED, StaggeredEstimate, build_panel, staggered_effect

if TYPE_CHECKING:
    from siaran.experiments.estimate import Code
    from siaran.store.engine import EngineName
    from siaran.workspace import Workspace

WINDOW_DAYS: Final = 28
"""Days before and from each start that are compared."""
AREA_KPIS: Final[dict[str, str]] = {
    "session_design": "avg_view_duration_s",
    "trust": "conversion",
    "conversion": "ctor",
    "ecosystem": "share_rate",
    "operations": RATIO_KPI,
    "rhythm": RATIO_KPI,
}
"""The KPI each capability area's coaching should move."""
METHOD: Final = "staggered_did_not_yet_treated"
Shortfall = Literal[
    "no_coaching", "too_few_coached", "design_cannot_reach_alpha", "unusable_resamples"
]


class WaveJson(TypedDict):
    start: str
    coached: list[str]
    controls: list[str]
    relative: float | None


class RelativeJson(TypedDict):
    estimate: float | None
    ci_low: float | None
    ci_high: float | None


class VerdictJson(TypedDict):
    code: Code
    id: str
    en: str


class ImpactJson(TypedDict):
    area: str | None
    kpi: str
    unit: str | None
    method: str
    window_days: int
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    relative: RelativeJson
    baseline: float | None
    currency: str | None
    p_value: float | None
    min_p_value: float | None
    confidence: float | None
    n_lives: int
    n_coached: int
    n_controls: int
    coached: list[str]
    controls: list[str]
    waves: list[WaveJson]
    shortage: Shortfall | None
    verdict: VerdictJson


class ProgrammeImpactJson(TypedDict):
    overall: ImpactJson
    areas: list[ImpactJson]
    assumptions: Bilingual


@dataclass(frozen=True)
class Impact:
    """The impact of coaching on one KPI: overall (``area`` ``None``) or of one topic."""

    area: str | None
    kpi: str
    window_days: int
    found: StaggeredEstimate | None
    coached_accounts: int
    currency: str | None
    money: bool

    @property
    def shortage(self) -> Shortfall | None:
        if self.coached_accounts == 0:
            return "no_coaching"
        if self.found is None:
            return "too_few_coached"
        reason = shortage(self.found.estimate)
        return None if reason is None or reason == "no_usable_account" else reason

    @property
    def code(self) -> Code:
        return verdict_code(self.found.estimate if self.found else None)

    def verdict(self, lang: Lang) -> str:
        return impact_sentence(self, lang)

    def to_json(self) -> ImpactJson:
        e = self.found.estimate if self.found else None
        absolute = e is not None and (not self.money or self.currency is not None)
        waves = self.found.waves if self.found else ()
        unit = unit_of(self.kpi)
        return {
            "area": self.area,
            "kpi": self.kpi,
            "unit": str(unit) if unit else None,
            "method": METHOD,
            "window_days": self.window_days,
            "estimate": e.absolute if e and absolute else None,
            "ci_low": e.absolute_low if e and absolute else None,
            "ci_high": e.absolute_high if e and absolute else None,
            "relative": {
                "estimate": e.relative if e else None,
                "ci_low": e.relative_low if e else None,
                "ci_high": e.relative_high if e else None,
            },
            "baseline": e.baseline if e and absolute else None,
            "currency": self.currency if self.money else None,
            "p_value": e.p_value if e else None,
            "min_p_value": e.min_p_value if e else None,
            "confidence": e.confidence if e else None,
            "n_lives": e.n_lives if e else 0,
            "n_coached": len(self.found.coached) if self.found else 0,
            "n_controls": len(self.found.controls) if self.found else 0,
            "coached": list(self.found.coached) if self.found else [],
            "controls": list(self.found.controls) if self.found else [],
            "waves": [
                {
                    "start": w.start.isoformat(),
                    "coached": list(w.coached),
                    "controls": list(w.controls),
                    "relative": w.relative,
                }
                for w in waves
            ],
            "shortage": self.shortage,
            "verdict": {
                "code": self.code,
                "id": self.verdict("id"),
                "en": self.verdict("en"),
            },
        }


@dataclass(frozen=True)
class ProgrammeImpact:
    """The overall impact and one per capability area."""

    overall: Impact
    areas: tuple[Impact, ...]

    def to_json(self) -> ProgrammeImpactJson:
        return {
            "overall": self.overall.to_json(),
            "areas": [a.to_json() for a in self.areas],
            "assumptions": {
                "id": text("programme.assumptions", "id"),
                "en": text("programme.assumptions", "en"),
            },
        }


def _impact(
    area: str | None,
    kpi: str,
    lives: Sequence[KpiLive],
    coaching: Sequence[CoachingSession],
    window: int,
) -> Impact:
    by_account: dict[str, list[KpiLive]] = {}
    for live in lives:
        by_account.setdefault(live.account, []).append(live)
    starts = first_sessions(coaching, area)
    first_any = first_sessions(coaching)
    starts = {a: d for a, d in starts.items() if a in by_account}
    money = unit_of(kpi) in MONEY_UNITS
    currencies = {(x.currency, x.basis) for a in starts for x in by_account.get(a, ())}
    currency = next(iter(currencies))[0] if money and len(currencies) == 1 else None
    found = staggered_effect(build_panel(by_account, starts, first_any, window)) if starts else None
    return Impact(area, kpi, window, found, len(starts), currency, money)


def programme_impact(
    workspace: Workspace,
    *,
    kpi: str = RATIO_KPI,
    window_days: int = WINDOW_DAYS,
    accounts: Sequence[str] | None = None,
    engine: EngineName = "duckdb",
) -> ProgrammeImpact:
    """The programme's impact on the workspace's lives (of ``accounts`` only, when given: the
    dashboard passes the coach's cohort), overall on ``kpi`` and per area on its KPI."""
    if kpi not in experiment_kpis():
        raise UsageError("programme.unknown_kpi", kpi=kpi, known=", ".join(experiment_kpis()))
    if window_days < 7:
        raise UsageError("programme.bad_window", days=window_days)
    rows = list_sessions(workspace, engine=engine)
    keep = None if accounts is None else set(accounts)
    rows = [r for r in rows if keep is None or r["account"] in keep]
    coaching = list_coaching(workspace, accounts=accounts)
    cache: dict[str, list[KpiLive]] = {}

    def lives(name: str) -> list[KpiLive]:
        if name not in cache:
            cache[name] = kpi_lives(rows, name)
        return cache[name]

    overall = _impact(None, kpi, lives(kpi), coaching, window_days)
    areas = tuple(
        _impact(area, AREA_KPIS[area], lives(AREA_KPIS[area]), coaching, window_days)
        for area in AREAS
    )
    return ProgrammeImpact(overall, areas)


def _signed(value: float | None, lang: Lang) -> str:
    shown = format_percent(value, lang)
    return f"+{shown}" if value is not None and value > 0 and shown[0].isdigit() else shown


def impact_sentence(impact: Impact, lang: Lang) -> str:
    """The verdict in plain words, with the numbers it rests on."""
    what = (
        text("programme.overall", lang)
        if impact.area is None
        else text(f"advice.area.{impact.area}", lang)
    )
    params: dict[str, object] = {
        "what": what,
        "kpi": label(impact.kpi, lang),
        "min_coached": MIN_COACHED,
        "min_controls": MIN_CONTROLS,
        "min_lives": MIN_LIVES_PER_CELL,
        "window": impact.window_days,
        "alpha": format_number(ALPHA, lang, decimals=2),
        "coached": impact.coached_accounts,
    }
    reason = impact.shortage
    if reason is not None or impact.found is None:
        return text(f"programme.verdict.too_little_data.{reason}", lang, **params)
    e, found = impact.found.estimate, impact.found
    params |= {
        "relative": _signed(e.relative, lang),
        "low": _signed(e.relative_low, lang),
        "high": _signed(e.relative_high, lang),
        "p": format_p_value(e.p_value, lang),
        "lives": format_number(e.n_lives, lang),
        "confidence": format_percent(e.confidence, lang, decimals=0),
        "n_coached": len(found.coached),
        "n_controls": len(found.controls),
    }
    if impact.money and impact.currency is None:
        params["absolute"] = text("programme.no_absolute", lang)
    else:
        params["absolute"] = format_field(impact.kpi, e.absolute, lang, currency=impact.currency)
    return text(f"programme.verdict.{impact.code}", lang, **params)
