"""Do more frequent lives go with more value per session? A cohort comparison that says no
more than its data supports.

Across accounts: Spearman's rank correlation between ``sessions_per_28_days`` and
``gmv_mean_per_session`` (average ranks for ties) over the accounts whose money compares
(:mod:`siaran.metrics.money`: one currency or converted, one GMV basis unless the user allows
more; every other account listed with its reason), with a percentile bootstrap interval
(accounts resampled with replacement) and a two-sided permutation test
(:mod:`siaran.metrics.spearman`), both seeded so the same data always give the same figures.

Within accounts: for each compared account, weekly session counts against that week's GMV per
session, in 7-day blocks ending on the window end, over every complete week up to it (the
blocks at either end that the data do not cover wholly are left out: they would pass for weeks
with few lives). A weekly view is labelled "more" or "less" only when its own permutation test
gives p < 0.05, with Fisher's-z interval beside it; otherwise "unclear".

The verdict (:mod:`siaran.metrics.verdict`) is plain language in Indonesian and English.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, NotRequired, TypedDict, cast

import numpy as np

from siaran.metrics.money import (
    FREQUENCY,
    VALUE,
    Basis,
    BasisCount,
    ComparableMoney,
    ExclusionJson,
    FxTable,
    Key,
    MoneyChoice,
    MoneyJson,
    basis_summary,
    choose_comparable,
    convert,
)
from siaran.metrics.registry import ROLLUP_BASES, kpi
from siaran.metrics.rollups import (
    ROLLUP_KEYS,
    AccountRollup,
    EstimateRollup,
    Window,
    WindowJson,
    account_order,
    estimate_rollups,
    resolve_window,
    rollups_for,
    window_gmv_bases,
)
from siaran.metrics.sessions import fetch
from siaran.metrics.spearman import (
    CONFIDENCE,
    BootstrapInterval,
    PermutationTest,
    bootstrap_interval,
    fisher_interval,
    permutation_p_values,
    permutation_test,
    spearman,
    spearman_rows,
)
from siaran.metrics.verdict import ALPHA, MIN_WEEKS, Correlation, CorrelationJson, verdict
from siaran.resampling import RESAMPLES, SEED
from siaran.store.engine import DEFAULT_ENGINE, EngineContext, EngineName, engine_context

if TYPE_CHECKING:
    from siaran.workspace import Workspace

__all__ = ["CONFIDENCE", "FREQUENCY", "VALUE", "Comparison", "compare_accounts", "correlate"]

_NO_BASIS: Final = ""  # an unstated GMV basis inside the engine (NULL does not group by min/max)


# -- the comparison -------------------------------------------------------------------------------
class ComparedAccount(AccountRollup):
    """An account's rollup in the comparison: its GMV bases in the window, the currency and
    rate it was converted from (``None`` when not), whether it was compared and its
    quadrant."""

    gmv_bases: list[Basis]
    converted_from: str | None
    fx_rate: float | None
    compared: bool
    quadrant: str | None


class Comparison(TypedDict):
    """What :func:`compare_accounts` returns: the compare JSON (docs: the compare JSON).
    ``accounts`` are rollup rows (:func:`siaran.metrics.rollups.rollups_for`, their KPI
    columns named by the registry) with the comparison's own fields added."""

    window: WindowJson
    money: MoneyJson
    gmv_bases: list[BasisCount]
    accounts: list[ComparedAccount]
    quadrant_medians: dict[str, float | None]
    excluded: list[ExclusionJson]
    correlation: CorrelationJson
    within_account: list[dict[str, Any]]
    verdict: dict[str, str]
    estimates: NotRequired[list[EstimateRollup]]


def compare_accounts(
    workspace: Workspace,
    *,
    window_days: int = 28,
    end: dt.date | None = None,
    seed: int = SEED,
    resamples: int = RESAMPLES,
    include_estimates: bool = False,
    engine: EngineName = DEFAULT_ENGINE,
    accounts: Sequence[str] | None = None,
    currency: str | None = None,
    gmv_bases: Sequence[Basis] | None = None,
    fx: FxTable | None = None,
) -> Comparison:
    """Frequency against value per session across the cohort's accounts (see module doc).

    ``accounts`` restricts the cohort to those handles (``None``: every account): the
    rollups, the quadrant medians, the correlation, the within-account weekly view, the
    verdict and the estimates then know nothing of any other account. ``currency`` picks the
    currency compared (default: the largest group), ``gmv_bases`` the GMV bases allowed
    together (default: the largest single basis; ``None`` inside stands for an unstated
    basis), ``fx`` converts every currency to its target instead. ``resamples`` is both the
    number of bootstrap resamples and of random permutations (beyond 8 pairs).

    Returns ``window``, ``money`` (currency, bases and rates compared), ``gmv_bases`` (every
    basis in the window), ``accounts`` (each rollup plus ``gmv_bases``, ``converted_from``,
    ``fx_rate``, ``compared`` and ``quadrant``), ``quadrant_medians`` (the frequency and value
    medians of the compared accounts that split the quadrants), ``excluded`` (accounts left out,
    with their reason), ``correlation``, ``within_account`` and ``verdict``; with
    ``include_estimates`` also ``estimates`` (third-party figures, labelled and never used in
    the numbers above).
    """
    context = engine_context(workspace, engine)
    window = resolve_window(context, window_days, end)
    if isinstance(accounts, str):  # one handle, not its characters
        accounts = [accounts]
    cohort_accounts = None if accounts is None else sorted(set(accounts))
    # Each rollup gains the comparison's own fields, in place.
    rollups: list[dict[str, Any]] = [dict(r) for r in rollups_for(context, window, cohort_accounts)]
    bases = window_gmv_bases(context, window, cohort_accounts)
    choice = MoneyChoice(currency, None if gmv_bases is None else tuple(gmv_bases), fx)
    money = choose_comparable(rollups, bases, choice, window.end, ROLLUP_KEYS)
    summary = basis_summary(rollups, bases, money, ROLLUP_KEYS)
    for row in rollups:
        row["gmv_bases"] = list(bases.get(_key(row), ()))
    convert(rollups, money, ROLLUP_KEYS)
    compared = []
    for row in rollups:
        row["compared"] = _key(row) in money.compared
        if row["compared"]:
            compared.append(row)
    medians = _assign_quadrants(rollups, compared)
    correlation = correlate(compared, resamples=resamples, seed=seed)
    within = _within_account(
        context, window, money.compared, cohort_accounts, resamples=resamples, seed=seed
    )
    result: Comparison = {
        "window": window.as_dict(),
        "money": money.to_json(),
        "gmv_bases": summary,
        "accounts": cast(list[ComparedAccount], rollups),
        "quadrant_medians": medians,
        "excluded": [e.to_json() for e in money.excluded],
        "correlation": correlation.to_json(resamples),
        "within_account": within,
        "verdict": verdict(correlation, within, _scope(money, len(compared))),
    }
    if include_estimates:
        estimates = estimate_rollups(workspace, engine=engine)
        if cohort_accounts is not None:
            visible = set(cohort_accounts)
            estimates = [e for e in estimates if e["account"] in visible]
        result["estimates"] = estimates
    return result


def _key(row: Mapping[str, Any]) -> Key:
    """A rollup's key as it was read (a converted row keeps its own currency in
    ``converted_from``)."""
    currency = row.get("converted_from") or row["currency"]
    return row["platform"], row["account"], currency


def _scope(money: ComparableMoney, compared: int) -> dict[str, Any] | None:
    """What the verdict says about the money compared: only when accounts were left out for
    their money (currency, rate or GMV basis) or converted; a cohort of one currency and basis
    needs no such sentence (accounts without GMV are listed under ``excluded`` all the same)."""
    left = sum(1 for e in money.excluded if e.reason != "no_gmv")
    if not left and not money.fx_rates:
        return None
    return {**money.to_json(), "compared": compared, "left": left}


def correlate(rows: Sequence[Mapping[str, Any]], *, resamples: int, seed: int) -> Correlation:
    """Rho, bootstrap interval and permutation test of frequency against value over ``rows``
    (each with both known), and the counts the minimum-data rules look at."""
    x = [float(r[FREQUENCY]) for r in rows]
    y = [float(r[VALUE]) for r in rows]
    rho = spearman(x, y) if len(rows) >= 2 else None
    interval = BootstrapInterval(None, None, 0, 0)
    test = PermutationTest(None, None, 0)
    if rho is not None:
        interval = bootstrap_interval(x, y, resamples=resamples, seed=seed)
        test = permutation_test(x, y, permutations=resamples, seed=seed)
    return Correlation(rho, len(rows), len(set(x)), len(set(y)), interval, test, seed)


def _assign_quadrants(
    accounts: list[dict[str, Any]], compared: list[dict[str, Any]]
) -> dict[str, float | None]:
    """Split the compared accounts at their medians; an account on a median counts as
    infrequent / low. Accounts left out of the comparison have no quadrant. Returns the
    medians (``None`` when no account is compared), where charts draw the quadrant lines."""
    chosen = {id(a) for a in compared}
    if not compared:
        for account in accounts:
            account["quadrant"] = None
        return {FREQUENCY: None, VALUE: None}
    frequency_median = float(np.median([a[FREQUENCY] for a in compared]))
    value_median = float(np.median([a[VALUE] for a in compared]))
    for account in accounts:
        if id(account) not in chosen:
            account["quadrant"] = None
            continue
        frequency = "frequent" if account[FREQUENCY] > frequency_median else "infrequent"
        value = "high_value" if account[VALUE] > value_median else "low_value"
        account["quadrant"] = f"{frequency}_{value}"
    return {FREQUENCY: frequency_median, VALUE: value_median}


# -- within accounts ------------------------------------------------------------------------------
def _within_account(
    context: EngineContext,
    window: Window,
    cohort: Collection[Key],
    accounts: Sequence[str] | None = None,
    *,
    resamples: int,
    seed: int,
) -> list[dict[str, Any]]:
    """Weekly sessions against weekly GMV per session, per account of the cohort (read
    only for ``accounts`` when the cohort is restricted to them)."""
    import ibis

    if not cohort:
        return []
    sessions = context.con.table("sessions")
    history = sessions.filter(sessions.started_at < window.hi)
    if accounts is not None:
        history = history.filter(history.account.isin(accounts))
    in_window = history.filter(history.started_at >= window.lo).select("account").distinct()
    history = history.semi_join(in_window, history.account == in_window.account)
    # Week 0 is the 7 local days ending on the window end, week 1 the 7 before, and so on.
    weekly = history.mutate(
        week=ibis.literal(window.end).delta(history.started_at.date(), unit="day") // 7,
        basis=history.gmv_basis.coalesce(_NO_BASIS),
    )
    bases = weekly.group_by([*ROLLUP_KEYS, "week"]).aggregate(
        sessions=weekly.count(),
        gmv_sum=ROLLUP_BASES["gmv_sum"](weekly),
        gmv_known=ROLLUP_BASES["gmv_known"](weekly),
        # Local calendar days: the engine's session zone is the workspace's.
        first_day=weekly.started_at.date().min(),
        last_day=weekly.started_at.date().max(),
        basis_low=weekly.basis.min(),
        basis_high=weekly.basis.max(),
    )
    table = bases.select(
        *ROLLUP_KEYS,
        "week",
        "sessions",
        "first_day",
        "last_day",
        "basis_low",
        "basis_high",
        **{VALUE: kpi(VALUE).expression(bases)},
    )
    rows = [r for r in fetch(table.order_by(ibis.desc("week")), _WeekBases) if _key(r) in cohort]
    if not rows:
        return []
    data_end: dt.date = max(r["last_day"] for r in rows)
    series: dict[Key, list[_WeekBases]] = {}
    for row in rows:
        series.setdefault(_key(row), []).append(row)
    entries = {key: _weekly_entry(key, found, window, data_end) for key, found in series.items()}
    _label(entries, resamples=resamples, seed=seed)
    return [entries[key] for key in sorted(entries, key=account_order)]


class _WeekBases(TypedDict):
    """An account's sessions in one week and their GMV bases."""

    platform: str
    account: str
    currency: str | None
    week: int
    sessions: int
    first_day: dt.date
    last_day: dt.date
    basis_low: str
    basis_high: str
    gmv_mean_per_session: float | None


def _weekly_entry(
    key: Key, found: list[_WeekBases], window: Window, data_end: dt.date
) -> dict[str, Any]:
    """One account's weeks, oldest first, each marked complete or not, and the bases of the
    complete ones (to refuse a series that mixes GMV bases)."""
    first_day: dt.date = found[0]["first_day"]
    weeks: list[dict[str, Any]] = []
    bases: set[str] = set()
    for row in found:
        week_end = window.end - dt.timedelta(days=7 * int(row["week"]))
        week_start = week_end - dt.timedelta(days=6)
        complete = first_day <= week_start and week_end <= data_end
        weeks.append(
            {
                "week_start": week_start.isoformat(),
                "week_end": week_end.isoformat(),
                "sessions": row["sessions"],
                VALUE: row[VALUE],
                "complete": complete,
            }
        )
        if complete:
            bases.update((row["basis_low"], row["basis_high"]))
    return {
        **dict(zip(ROLLUP_KEYS, key, strict=True)),
        "weeks": weeks,
        "n_weeks": sum(1 for w in weeks if w["complete"] and w[VALUE] is not None),
        "rho": None,
        "ci_low": None,
        "ci_high": None,
        "p_value": None,
        "direction": None,
        "reason": "mixed_gmv_basis" if len(bases) > 1 else None,
    }


def _label(entries: dict[Key, dict[str, Any]], *, resamples: int, seed: int) -> None:
    """Rho, interval, p-value and label of every entry with :data:`MIN_WEEKS` complete weeks,
    computed for all entries with as many weeks at once."""
    by_length: dict[int, list[Key]] = {}
    for key, entry in entries.items():
        if entry["reason"] is not None:
            continue
        if entry["n_weeks"] < MIN_WEEKS:
            entry["reason"] = "too_few_weeks"
            continue
        by_length.setdefault(entry["n_weeks"], []).append(key)
    for length, keys in by_length.items():
        used = [
            [w for w in entries[k]["weeks"] if w["complete"] and w[VALUE] is not None] for k in keys
        ]
        sessions = np.array([[w["sessions"] for w in weeks] for weeks in used], dtype=np.float64)
        value = np.array([[w[VALUE] for w in weeks] for weeks in used], dtype=np.float64)
        rhos = spearman_rows(sessions, value)
        # Exact only where that is no more work than the random orderings (n! <= resamples):
        # thousands of accounts with 8 weeks would cost 40,320 orderings each.
        p_values, _method, _count = permutation_p_values(
            sessions, value, permutations=resamples, seed=seed, exact_up_to=_exact_weeks(resamples)
        )
        for key, rho, p in zip(keys, rhos.tolist(), p_values.tolist(), strict=True):
            entry = entries[key]
            if math.isnan(rho):
                entry["reason"] = "no_variation"
                continue
            low, high = fisher_interval(rho, length)
            direction = "unclear"
            if p < ALPHA:
                direction = "less" if rho < 0 else "more"
            entry.update(rho=rho, ci_low=low, ci_high=high, p_value=p, direction=direction)


def _exact_weeks(resamples: int) -> int:
    """The longest weekly series whose every ordering is no more than ``resamples``."""
    n = 1
    while math.factorial(n + 1) <= resamples:
        n += 1
    return n
