"""``siaran experiment evaluate``: did the recorded change move the KPI?

The lives come from the workspace (:func:`siaran.metrics.list_sessions`); the arithmetic is
:mod:`siaran.experiments.estimate`, the choice of controls :mod:`siaran.experiments.controls`.

Windows (local days of the workspace): the **after** period runs from the start to the end
day (default: the day of the latest live of the accounts involved); the **before** period is as
many days right before the start. A switchback uses the lives from the start to the end that
were assigned with or without the change. Money is never pooled across currencies or GMV
bases: a money KPI is compared within the currency and basis most of the experiment's accounts
share (ties by code), and every account left out is listed with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, TypedDict

from siaran.experiments.controls import Control, choose_controls
from siaran.experiments.estimate import (
    MIN_CONTROLS,
    MIN_LIVES_PER_CELL,
    AccountCells,
    Cell,
    Code,
    Design,
    Estimate,
    Shortage,
    estimate_effect,
    shortage,
    verdict_code,
)
from siaran.experiments.records import RATIO_KPI, Experiment, get_experiment, list_experiments
from siaran.formatting import format_number, format_p_value, format_percent
from siaran.formatting.fields import format_field, label, unit_of
from siaran.i18n import LANGUAGES, Lang, text
from siaran.metrics import list_sessions
from siaran.metrics.spearman import CONFIDENCE
from siaran.metrics.verdict import ALPHA

if TYPE_CHECKING:
    from siaran.store.engine import EngineName
    from siaran.workspace import Workspace

MONEY_UNITS: Final = frozenset({"money", "money_per_hour"})
Reason = Literal[
    "too_few_lives", "no_level", "currency", "unknown_currency", "gmv_basis", "mixed_gmv_basis"
]


class Bilingual(TypedDict):
    id: str
    en: str


class VerdictJson(TypedDict):
    code: Code
    id: str
    en: str


class RelativeJson(TypedDict):
    estimate: float | None
    ci_low: float | None
    ci_high: float | None


class AccountJson(TypedDict):
    account: str
    lives_before: int
    lives_after: int
    level_before: float | None
    level_after: float | None


class ControlJson(AccountJson):
    trend_before: float | None
    distance: float


class ExcludedJson(TypedDict):
    account: str
    reason: Reason


class EvaluationJson(TypedDict):
    name: str
    kpi: str
    unit: str | None
    design: Design
    method: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    relative: RelativeJson
    baseline: float | None
    p_value: float | None
    p_value_method: str | None
    permutations: int | None
    min_p_value: float | None
    confidence: float
    resamples: int | None
    dropped_resamples: int | None
    n_lives: int
    n_accounts: int
    currency: str | None
    gmv_basis: str | None
    before: list[str | None]
    after: list[str | None]
    accounts: list[AccountJson]
    controls: list[ControlJson]
    excluded: list[ExcludedJson]
    shortage: Shortage | None
    verdict: VerdictJson
    assumptions: Bilingual


@dataclass(frozen=True)
class KpiLive:
    """One live's KPI as numerator over denominator (GMV over hours for
    :data:`~siaran.experiments.records.RATIO_KPI`, the value over 1 otherwise), with its local
    day and money; also what the programme's impact reads."""

    account: str
    day: dt.date
    room_id: str | None
    numerator: float
    denominator: float
    currency: str | None
    basis: str | None


def _live_seconds(row: Mapping[str, Any]) -> float | None:
    start, end = row.get("started_at"), row.get("ended_at")
    if start and end:
        return (dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)).total_seconds()
    seconds = row.get("duration_s")
    return float(seconds) if seconds is not None else None


def kpi_lives(rows: Sequence[Mapping[str, Any]], kpi: str) -> list[KpiLive]:
    """The lives of session ``rows`` that have ``kpi`` (and a start time)."""
    out = []
    for row in rows:
        if row.get("started_at") is None:
            continue
        if kpi == RATIO_KPI:
            seconds = _live_seconds(row)
            if row.get("gmv") is None or seconds is None or seconds <= 0:
                continue
            numerator, denominator = float(row["gmv"]), seconds / 3600.0
        elif row.get(kpi) is None:
            continue
        else:
            numerator, denominator = float(row[kpi]), 1.0
        out.append(
            KpiLive(
                account=str(row["account"]),
                day=dt.date.fromisoformat(str(row["started_at"])[:10]),
                room_id=row.get("room_id"),
                numerator=numerator,
                denominator=denominator,
                currency=row.get("currency"),
                basis=row.get("gmv_basis"),
            )
        )
    return out


def _cell(lives: Sequence[KpiLive]) -> Cell:
    return Cell(tuple(x.numerator for x in lives), tuple(x.denominator for x in lives))


@dataclass(frozen=True)
class _Money:
    currency: str | None
    basis: str | None


def _largest(values: Sequence[str | None]) -> str | None:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v is None, v or "")) if counts else None


def _money_of(
    accounts: Sequence[str], by_account: Mapping[str, Sequence[KpiLive]]
) -> tuple[_Money, dict[str, Reason]]:
    """The currency and basis most of ``accounts`` share, and why the others are left out."""
    left: dict[str, Reason] = {}
    single: dict[str, tuple[str, str | None]] = {}
    for account in accounts:
        currencies = {x.currency for x in by_account.get(account, ())}
        bases = {x.basis for x in by_account.get(account, ())}
        if not currencies:
            continue
        if None in currencies:
            left[account] = "unknown_currency"
        elif len(currencies) > 1:
            left[account] = "currency"
        elif len(bases) > 1:
            left[account] = "mixed_gmv_basis"
        else:
            single[account] = (str(next(iter(currencies))), next(iter(bases)))
    currency = _largest([c for c, _ in single.values()])
    basis = _largest([b for c, b in single.values() if c == currency])
    for account, (c, b) in single.items():
        if c != currency:
            left[account] = "currency"
        elif b != basis:
            left[account] = "gmv_basis"
    return _Money(currency, basis), left


def _fits(lives: Sequence[KpiLive], money: _Money | None) -> bool:
    if money is None:
        return True
    return all(x.currency == money.currency and x.basis == money.basis for x in lives)


@dataclass(frozen=True)
class Evaluation:
    """An experiment's evaluation: the estimate (``None`` when no account had enough data),
    the accounts and controls it rests on, and what was left out."""

    experiment: Experiment
    unit: str | None
    method: str
    before: tuple[dt.date | None, dt.date | None]
    after: tuple[dt.date | None, dt.date | None]
    treated: tuple[AccountCells, ...]
    controls: tuple[Control, ...]
    excluded: tuple[tuple[str, Reason], ...]
    money: _Money | None
    estimate: Estimate | None

    @property
    def code(self) -> Code:
        return verdict_code(self.estimate)

    def verdict(self) -> VerdictJson:
        sentences = {lang: verdict_sentence(self, lang) for lang in LANGUAGES}
        return {"code": self.code, "id": sentences["id"], "en": sentences["en"]}

    def assumptions(self) -> Bilingual:
        key = self.method
        return {
            "id": text(f"experiment.assumptions.{key}", "id"),
            "en": text(f"experiment.assumptions.{key}", "en"),
        }

    def to_json(self) -> EvaluationJson:
        e = self.estimate

        def account(cells: AccountCells) -> AccountJson:
            return {
                "account": cells.account,
                "lives_before": cells.before.lives,
                "lives_after": cells.after.lives,
                "level_before": cells.before.level,
                "level_after": cells.after.level,
            }

        return {
            "name": self.experiment.name,
            "kpi": self.experiment.kpi,
            "unit": self.unit,
            "design": self.experiment.design,
            "method": self.method,
            "estimate": e.absolute if e else None,
            "ci_low": e.absolute_low if e else None,
            "ci_high": e.absolute_high if e else None,
            "relative": {
                "estimate": e.relative if e else None,
                "ci_low": e.relative_low if e else None,
                "ci_high": e.relative_high if e else None,
            },
            "baseline": e.baseline if e else None,
            "p_value": e.p_value if e else None,
            "p_value_method": e.p_method if e else None,
            "permutations": e.permutations if e else None,
            "min_p_value": e.min_p_value if e else None,
            "confidence": e.confidence if e else CONFIDENCE,
            "resamples": e.resamples if e else None,
            "dropped_resamples": e.dropped if e else None,
            "n_lives": e.n_lives if e else 0,
            "n_accounts": len(self.treated),
            "currency": self.money.currency if self.money else None,
            "gmv_basis": self.money.basis if self.money else None,
            "before": [d.isoformat() if d else None for d in self.before],
            "after": [d.isoformat() if d else None for d in self.after],
            "accounts": [account(a) for a in self.treated],
            "controls": [
                {
                    **account(c.cells),
                    "trend_before": c.trend_before,
                    "distance": c.distance,
                }
                for c in self.controls
            ],
            "excluded": [{"account": a, "reason": r} for a, r in self.excluded],
            "shortage": shortage(e),
            "verdict": self.verdict(),
            "assumptions": self.assumptions(),
        }


def evaluate_experiment(
    workspace: Workspace,
    name: str,
    *,
    engine: EngineName = "duckdb",
    cohort: Collection[str] | None = None,
) -> Evaluation:
    """Evaluate the experiment called ``name`` on the workspace's lives; with ``cohort``, on
    the lives of those accounts only (controls are then chosen among them: a viewer who may
    see some accounts gets an evaluation that rests on nothing else)."""
    experiment = get_experiment(workspace, name)
    rows = list_sessions(workspace, engine=engine)
    if cohort is not None:
        allowed = set(cohort)
        rows = [row for row in rows if row["account"] in allowed]
    return _evaluate(experiment, rows, list_experiments(workspace))


def _evaluate(
    experiment: Experiment, rows: Sequence[Mapping[str, Any]], everyone: Sequence[Experiment]
) -> Evaluation:
    """``experiment`` on the lives ``rows``; ``everyone`` the workspace's experiments (their
    accounts are no controls while they run)."""
    by_account: dict[str, list[KpiLive]] = {}
    for live in kpi_lives(rows, experiment.kpi):
        by_account.setdefault(live.account, []).append(live)
    unit = unit_of(experiment.kpi)
    money_kpi = unit in MONEY_UNITS
    if experiment.design == "switchback":
        return _switchback(experiment, by_account, str(unit) if unit else None, money_kpi)
    others = [e for e in everyone if e.name != experiment.name]
    return _before_after(experiment, by_account, str(unit) if unit else None, money_kpi, others)


def evaluate_all(workspace: Workspace, *, engine: EngineName = "duckdb") -> list[Evaluation]:
    """Every experiment of the workspace evaluated, in the order :func:`list_experiments`
    gives (the lives read once)."""
    rows = list_sessions(workspace, engine=engine)
    everyone = list_experiments(workspace)
    return [_evaluate(experiment, rows, everyone) for experiment in everyone]


def _window(
    experiment: Experiment, by_account: Mapping[str, Sequence[KpiLive]], accounts: Sequence[str]
) -> tuple[dt.date, dt.date]:
    last = max(
        (x.day for a in accounts for x in by_account.get(a, ()) if x.day >= experiment.start),
        default=experiment.start,
    )
    return experiment.start, experiment.end or last


def _before_after(
    experiment: Experiment,
    by_account: Mapping[str, Sequence[KpiLive]],
    unit: str | None,
    money_kpi: bool,
    others: Sequence[Experiment] = (),
) -> Evaluation:
    start, end = _window(experiment, by_account, experiment.accounts)
    length = (end - start).days + 1
    first = start - dt.timedelta(days=length)
    # An account in another experiment running in these periods made a change of its own.
    busy = {a for e in others if e.start <= end and (e.end or end) >= first for a in e.accounts}

    def cells(account: str) -> tuple[AccountCells, list[KpiLive]]:
        own = [x for x in by_account.get(account, ()) if first <= x.day <= end]
        before = [x for x in own if x.day < start]
        after = [x for x in own if x.day >= start]
        return AccountCells(account, _cell(before), _cell(after)), own

    in_window = {a: cells(a) for a in by_account}
    money, left = (
        _money_of(experiment.accounts, {a: w for a, (_, w) in in_window.items()})
        if money_kpi
        else (None, {})
    )
    treated, excluded = _usable(experiment.accounts, in_window, left)
    candidates = [
        c
        for a, (c, own) in sorted(in_window.items())
        if a not in experiment.accounts and a not in busy and own and _fits(own, money)
    ]
    controls = choose_controls(treated, candidates) if treated else []
    if len(controls) < MIN_CONTROLS:
        controls = []
    estimate = estimate_effect(treated, [c.cells for c in controls]) if treated else None
    return Evaluation(
        experiment=experiment,
        unit=unit,
        method="difference_in_differences" if controls else "before_after",
        before=(first, start - dt.timedelta(days=1)),
        after=(start, end),
        treated=tuple(treated),
        controls=tuple(controls),
        excluded=tuple(excluded),
        money=money,
        estimate=estimate,
    )


def _usable(
    accounts: Sequence[str],
    cells: Mapping[str, tuple[AccountCells, list[KpiLive]]],
    left: Mapping[str, Reason],
) -> tuple[list[AccountCells], list[tuple[str, Reason]]]:
    treated: list[AccountCells] = []
    excluded: list[tuple[str, Reason]] = []
    for account in accounts:
        found = cells.get(account)
        if account in left:
            excluded.append((account, left[account]))
        elif found is None or min(found[0].before.lives, found[0].after.lives) < MIN_LIVES_PER_CELL:
            excluded.append((account, "too_few_lives"))
        elif not found[0].usable:
            excluded.append((account, "no_level"))
        else:
            treated.append(found[0])
    return treated, excluded


def _switchback(
    experiment: Experiment,
    by_account: Mapping[str, Sequence[KpiLive]],
    unit: str | None,
    money_kpi: bool,
) -> Evaluation:
    start, end = _window(experiment, by_account, experiment.accounts)
    sides: dict[tuple[str, str | None], bool] = {
        (a["account"], a["room_id"]): a["treated"] for a in experiment.assignments
    }
    in_window: dict[str, tuple[AccountCells, list[KpiLive]]] = {}
    for account in experiment.accounts:
        own = [
            x
            for x in by_account.get(account, ())
            if start <= x.day <= end and (account, x.room_id) in sides
        ]
        without = [x for x in own if not sides[(account, x.room_id)]]
        with_change = [x for x in own if sides[(account, x.room_id)]]
        in_window[account] = (AccountCells(account, _cell(without), _cell(with_change)), own)
    money, left = (
        _money_of(experiment.accounts, {a: w for a, (_, w) in in_window.items()})
        if money_kpi
        else (None, {})
    )
    treated, excluded = _usable(experiment.accounts, in_window, left)
    return Evaluation(
        experiment=experiment,
        unit=unit,
        method="switchback",
        before=(start, end),
        after=(start, end),
        treated=tuple(treated),
        controls=(),
        excluded=tuple(excluded),
        money=money,
        estimate=estimate_effect(treated) if treated else None,
    )


def verdict_sentence(evaluation: Evaluation, lang: Lang) -> str:
    """The verdict in plain words, with the numbers it rests on."""
    e = evaluation.estimate
    kpi = label(evaluation.experiment.kpi, lang)
    found = shortage(e)
    params: dict[str, object] = {
        "name": evaluation.experiment.name,
        "kpi": kpi,
        "min_lives": MIN_LIVES_PER_CELL,
        "alpha": format_number(ALPHA, lang, decimals=2),
        "accounts": format_number(len(evaluation.treated), lang),
        "controls": format_number(len(evaluation.controls), lang),
    }
    if e is None or found is not None:
        if e is not None:
            params["min_p"] = format_number(e.min_p_value, lang, decimals=3)
        return text(f"experiment.verdict.too_little_data.{found}", lang, **params)
    currency = evaluation.money.currency if evaluation.money else None
    params |= {
        "relative": _signed_percent(e.relative, lang),
        "low": _signed_percent(e.relative_low, lang),
        "high": _signed_percent(e.relative_high, lang),
        "absolute": format_field(evaluation.experiment.kpi, e.absolute, lang, currency=currency),
        "p": format_p_value(e.p_value, lang),
        "lives": format_number(e.n_lives, lang),
        "confidence": format_percent(e.confidence, lang, decimals=0),
    }
    code = evaluation.code
    key: str = code
    if code == "no_evidence" and (e.relative_low or 0.0) * (e.relative_high or 0.0) > 0:
        key = "no_evidence_test"  # the interval excludes zero, the permutation test does not
    sentence = text(f"experiment.verdict.{key}", lang, **params)
    if key == "no_evidence":
        lean = "none" if round(e.relative, 3) == 0 else ("up" if e.relative > 0 else "down")
        sentence += " " + text(f"experiment.lean.{lean}", lang)
    basis = "with_controls" if evaluation.controls else "without_controls"
    if evaluation.method == "switchback":
        basis = "switchback"
    return sentence + " " + text(f"experiment.basis.{basis}", lang, **params)


def _signed_percent(value: float | None, lang: Lang) -> str:
    shown = format_percent(value, lang)
    return f"+{shown}" if value is not None and value > 0 and shown[0].isdigit() else shown
