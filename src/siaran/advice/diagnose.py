"""``advise``: the diagnosis of one account across the six areas and the advice that follows.

Areas are judged from their indicators' standing in the cohort (the median of the
percentiles, turned so that higher is better): below a third ``needs_work``, above two thirds
``strength``, else ``typical``; ``unknown`` when no source of the area has data for the account
or no indicator could be placed in a cohort. Recommendations are ranked twice, by expected
effect discounted by its uncertainty (the lower end of its interval) and by confidence
(:mod:`siaran.advice.effects`), and an account with fewer than
:data:`MIN_LIVES` lives gets what to collect next instead of advice.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Final

from siaran.advice.behind import read_behind, unmet
from siaran.advice.behind_drafts import behind_drafts
from siaran.advice.effects import MIN_GROUP, confidence_of
from siaran.advice.indicators import MIN_COHORT, money_group
from siaran.advice.lives import read_lives, read_scored_lives
from siaran.advice.model import (
    AREAS,
    Advice,
    Area,
    AreaStatus,
    Indicator,
    Missing,
    Recommendation,
)
from siaran.advice.practices import practice_drafts
from siaran.advice.rhythm import Draft, duration, frequency, start_hour
from siaran.advice.sources import AREA_NEEDS, SOURCES, AdviceData, Source
from siaran.advice.texts import both, collect_text, effect_sentence, missing_text
from siaran.errors import UsageError
from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from siaran.workspace import Workspace

MIN_LIVES: Final = 8
"""Lives an account needs before it gets advice rather than what to collect."""
MIN_SCORED_LIVES: Final = 2 * MIN_GROUP
"""Scored lives the cohort needs before a practice's association can be estimated at all."""
CONFIDENCE_ORDER: Final = {"high": 0, "medium": 1, "low": 2, "too_little_data": 3}


def advise(
    workspace: Workspace,
    account: str,
    *,
    window_days: int = 28,
    end: dt.date | None = None,
    cohort: Collection[str] | None = None,
    sources: Sequence[Source] = SOURCES,
    engine: EngineName = DEFAULT_ENGINE,
) -> Advice:
    """The diagnosis and advice of ``account`` over the ``window_days`` ending on ``end``
    (default: the day of the workspace's latest live), with the window before it as the
    account's own history. ``cohort`` limits the accounts it is compared with (``None``:
    every account; the dashboard passes the accounts its viewer may see)."""
    account = account.strip().lstrip("@")
    data = read_data(workspace, window_days=window_days, end=end, cohort=cohort, engine=engine)
    if data is None or not any(v.account == account for v in data.lives):
        known = sorted({v.account for v in data.lives}) if data else []
        raise UsageError("advice.unknown_account", account=account, known=", ".join(known) or "-")
    return diagnose(data, account, sources)


def advise_all(
    workspace: Workspace,
    *,
    window_days: int = 28,
    end: dt.date | None = None,
    accounts: Sequence[str] | None = None,
    engine: EngineName = DEFAULT_ENGINE,
) -> list[Advice]:
    """:func:`advise` for every account with lives (or those of ``accounts`` that have some,
    compared with each other only), by handle, the workspace read once."""
    data = read_data(workspace, window_days=window_days, end=end, cohort=accounts, engine=engine)
    if data is None:
        return []
    found = sorted({v.account for v in data.lives})
    if accounts is not None:
        found = [a for a in found if a in set(accounts)]
    return [diagnose(data, account) for account in found]


def read_data(
    workspace: Workspace,
    *,
    window_days: int = 28,
    end: dt.date | None = None,
    cohort: Collection[str] | None = None,
    engine: EngineName = DEFAULT_ENGINE,
) -> AdviceData | None:
    """The lives and scored lives of the workspace (of the ``cohort`` accounts only, when
    given), their KPIs computed on ``engine``, and the window ending on ``end`` (default: the
    day of the latest live); ``None`` when there are no lives."""
    if window_days < 1:
        raise UsageError("compare.bad_window", days=window_days)
    keep = None if cohort is None else set(cohort)
    lives = tuple(v for v in read_lives(workspace, engine) if keep is None or v.account in keep)
    if not lives:
        return None
    last = end or max(v.started_at.date() for v in lives)
    scored = (s for s in read_scored_lives(workspace) if keep is None or s.account in keep)
    return AdviceData(
        lives,
        tuple(scored),
        last - dt.timedelta(days=window_days - 1),
        last,
        window_days,
        read_behind(workspace, keep),
    )


def diagnose(data: AdviceData, account: str, sources: Sequence[Source] = SOURCES) -> Advice:
    """:func:`advise` on data already read."""
    own_lives = [v for v in data.lives if v.account == account]
    areas = _areas(data, account, sources)
    collect: list[tuple[str, dict[str, str]]] = []
    recommendations: tuple[Recommendation, ...] = ()
    if len(own_lives) < MIN_LIVES:
        collect.append(("more_lives", collect_text("more_lives", n=len(own_lives), need=MIN_LIVES)))
    else:
        drafts = [
            d
            for d in (start_hour(own_lives), duration(own_lives), frequency(own_lives, data.end))
            if d is not None and confidence_of(d.effect) in ("high", "medium")
        ]
        drafts += practice_drafts(account, data.scored, data.lives)
        drafts += behind_drafts(account, data.behind, data.lives)
        recommendations = _ranked(drafts)
    if not any(s.account == account for s in data.scored):
        collect.append(("score_lives", collect_text("score_lives")))
    if len(data.scored) < MIN_SCORED_LIVES:
        collect.append(
            (
                "cohort_scorecards",
                collect_text("cohort_scorecards", n=len(data.scored), need=MIN_SCORED_LIVES),
            )
        )
    for area in areas:
        if area.status == "unknown" and area.id in ("ecosystem", "operations"):
            collect.append((f"{area.id}_data", collect_text(f"{area.id}_data")))
    currency, basis = money_group(own_lives) or (None, None)
    return Advice(
        account=account,
        currency=currency,
        gmv_basis=basis,
        window_start=data.start.isoformat(),
        window_end=data.end.isoformat(),
        n_lives=len(data.in_window(account)),
        areas=areas,
        recommendations=recommendations,
        collect_next=tuple(collect),
    )


def _areas(data: AdviceData, account: str, sources: Sequence[Source]) -> tuple[Area, ...]:
    found: dict[str, list[Indicator]] = {area: [] for area in AREAS}
    with_data = set()
    for source in sources:
        if not source.has_data(data, account):
            continue
        with_data.add(source.name)
        for area, indicator in source.indicators(data, account):
            found[area].append(indicator)
    out = []
    for area in AREAS:
        needs = AREA_NEEDS[area]
        missing = tuple(
            Missing(name, missing_text(name)) for name in needs if name not in with_data
        )
        missing += tuple(Missing(name, missing_text(name)) for name in unmet(data, account, area))
        judged = any(name in with_data for name in needs)
        out.append(
            Area(area, _status(found[area]) if judged else "unknown", tuple(found[area]), missing)
        )
    return tuple(out)


def _status(indicators: Sequence[Indicator]) -> AreaStatus:
    standings = [i.standing for i in indicators if i.standing is not None]
    if not standings:
        return "unknown"
    middle = statistics.median(standings)
    if middle < 1 / 3:
        return "needs_work"
    return "strength" if middle > 2 / 3 else "typical"


def _ranked(drafts: Sequence[Draft]) -> tuple[Recommendation, ...]:
    """Recommendations in the order of expected effect discounted by its uncertainty, each with
    its rank by that and by confidence (then by the lower end of its interval).

    The effect rank reads the interval's lower end, the conservative bound in the helpful
    direction: a large estimate resting on a wide interval does not beat a smaller one that is
    well supported, and the noisiest comparison is not first merely for being the noisiest.
    Without an interval, the estimate, after every draft with one; without an estimate, last."""

    def by_effect(d: Draft) -> tuple[int, float]:
        effect = d.effect
        if effect.ci_low is not None:
            return (0, -effect.ci_low)
        if effect.estimate is not None:
            return (1, -effect.estimate)
        return (2, 0.0)

    def by_confidence(d: Draft) -> tuple[int, float, float]:
        low = d.effect.ci_low if d.effect.ci_low is not None else float("-inf")
        return (CONFIDENCE_ORDER[confidence_of(d.effect)], -low, -(d.effect.estimate or 0.0))

    effect_order = sorted(drafts, key=by_effect)
    confidence_rank = {id(d): i + 1 for i, d in enumerate(sorted(drafts, key=by_confidence))}
    out = []
    for rank, d in enumerate(effect_order, start=1):
        why = both(f"advice.why.{d.id}", d.params)
        sentence = effect_sentence(d.effect, d.within_account)
        out.append(
            Recommendation(
                id=d.id,
                area=d.area,
                action=both(f"advice.action.{d.id}", d.params),
                why={lang: f"{why[lang]} {sentence[lang]}" for lang in why},
                source=both(f"advice.source.{d.area}", {}),
                effect=d.effect,
                within_account=d.within_account,
                confidence=confidence_of(d.effect),
                evidence=d.evidence,
                rank_by_effect=rank,
                rank_by_confidence=confidence_rank[id(d)],
            )
        )
    return tuple(out)


__all__ = ["MIN_COHORT", "MIN_LIVES", "advise", "advise_all", "diagnose", "read_data"]
