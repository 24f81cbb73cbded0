"""Do more frequent lives go with more value per session? A cohort comparison that says no
more than its data supports.

Across accounts: Spearman's rank correlation between ``sessions_per_28_days`` and
``gmv_mean_per_session`` (average ranks for ties), with a percentile bootstrap interval from
resampling accounts with replacement (seeded, so the same data always gives the same
interval). Within accounts: for each account, weekly session counts against that week's GMV
per session, in 7-day blocks ending on the window end, over every week up to it. The verdict
is plain language in Indonesian and English from the message catalogue, and only claims a
direction when the whole interval lies on one side of zero, always as an association.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from siaran.i18n import LANGUAGES, Lang, text
from siaran.metrics.registry import ROLLUP_BASES, kpi
from siaran.metrics.rollups import (
    ROLLUP_KEYS,
    Window,
    account_order,
    estimate_rollups,
    resolve_window,
    rollups_for,
)
from siaran.metrics.sessions import EngineContext, engine_context, fetch
from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    from siaran.workspace import Workspace

FREQUENCY: Final = "sessions_per_28_days"
VALUE: Final = "gmv_mean_per_session"
MIN_ACCOUNTS: Final = 4
MIN_WEEKS: Final = 4
CONFIDENCE: Final = 0.95
DIRECTION_RHO: Final = 0.3
"""A within-account weekly rho at or beyond ±0.3 counts as a direction ("less"/"more")."""
_BOOTSTRAP_CELLS: Final = 4_000_000  # resampled values held in memory at once


# -- statistics -----------------------------------------------------------------------------------
def average_ranks(values: ArrayLike) -> NDArray[np.float64]:
    """1-based ranks along the last axis, ties sharing their average rank."""
    data = np.atleast_2d(np.asarray(values, dtype=np.float64))
    rows, n = data.shape
    order = np.argsort(data, axis=1, kind="stable")
    ordered = np.take_along_axis(data, order, axis=1)
    starts_group = np.ones((rows, n), dtype=bool)
    starts_group[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    ends_group = np.ones((rows, n), dtype=bool)
    ends_group[:, :-1] = starts_group[:, 1:]
    index = np.broadcast_to(np.arange(n), (rows, n))
    first = np.maximum.accumulate(np.where(starts_group, index, 0), axis=1)
    last = np.minimum.accumulate(np.where(ends_group, index, n - 1)[:, ::-1], axis=1)[:, ::-1]
    ranks = np.empty((rows, n), dtype=np.float64)
    np.put_along_axis(ranks, order, (first + last) / 2.0 + 1.0, axis=1)
    return ranks.reshape(np.shape(values)) if np.ndim(values) == 1 else ranks


def _pearson_rows(rx: NDArray[np.float64], ry: NDArray[np.float64]) -> NDArray[np.float64]:
    """Pearson's r of each row pair (of ranks, for Spearman); NaN where a row is constant."""
    rx = rx - rx.mean(axis=1, keepdims=True)
    ry = ry - ry.mean(axis=1, keepdims=True)
    denominator = np.sqrt((rx * rx).sum(axis=1) * (ry * ry).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = (rx * ry).sum(axis=1) / denominator
    rho[denominator == 0] = np.nan
    clipped: NDArray[np.float64] = np.clip(rho, -1.0, 1.0)
    return clipped


def _spearman_rows(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """Spearman's rho of each row pair; NaN where either row has no variation."""
    return _pearson_rows(average_ranks(x), average_ranks(y))


def _resampled_ranks(
    groups: NDArray[np.intp], n_groups: int, picks: NDArray[np.intp]
) -> NDArray[np.float64]:
    """Average ranks of ``values[picks]`` row by row, without sorting.

    ``groups[i]`` is the place of ``values[i]`` among the distinct values in ascending order.
    In a resample, the rank of a value is the count of picked values below it plus the mean
    place within its own ties, ``below + (count + 1) / 2``: one counting pass per resample
    instead of a sort, with ranks identical to :func:`average_ranks`.
    """
    size = picks.shape[0]
    picked = groups[picks]
    offsets = (np.arange(size, dtype=np.intp) * n_groups)[:, None]
    counts = np.bincount((picked + offsets).ravel(), minlength=size * n_groups)
    counts = counts.reshape(size, n_groups).astype(np.float64)
    group_rank = np.cumsum(counts, axis=1) - counts + (counts + 1.0) / 2.0
    ranks: NDArray[np.float64] = np.take_along_axis(group_rank, picked, axis=1)
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rank correlation with average ranks for ties; ``None`` for fewer than two
    pairs or when either side has no variation."""
    if len(x) != len(y):
        raise ValueError("x and y must have the same length")
    if len(x) < 2:
        return None
    rho = _spearman_rows(np.asarray([x], dtype=np.float64), np.asarray([y], dtype=np.float64))
    return None if np.isnan(rho[0]) else float(rho[0])


def bootstrap_spearman(
    x: Sequence[float],
    y: Sequence[float],
    *,
    resamples: int,
    seed: int,
    confidence: float = CONFIDENCE,
) -> tuple[float | None, float | None]:
    """Percentile bootstrap interval of Spearman's rho, resampling pairs with replacement.

    Deterministic for a given ``seed``. Resamples without variation (all one value) have no
    rho and are left out; ``(None, None)`` when none has one.
    """
    n = len(x)
    if n < 2 or resamples < 1:
        return None, None
    x_values, x_groups = np.unique(np.asarray(x, dtype=np.float64), return_inverse=True)
    y_values, y_groups = np.unique(np.asarray(y, dtype=np.float64), return_inverse=True)
    rng = np.random.default_rng(seed)
    chunk = max(1, min(resamples, _BOOTSTRAP_CELLS // n))
    rhos = np.empty(resamples, dtype=np.float64)
    for done in range(0, resamples, chunk):
        size = min(chunk, resamples - done)
        picks = rng.integers(0, n, size=(size, n))
        rhos[done : done + size] = _pearson_rows(
            _resampled_ranks(x_groups, x_values.size, picks),
            _resampled_ranks(y_groups, y_values.size, picks),
        )
    finite = rhos[np.isfinite(rhos)]
    if finite.size == 0:
        return None, None
    tail = (1.0 - confidence) / 2.0 * 100.0
    low, high = np.percentile(finite, [tail, 100.0 - tail])
    return float(low), float(high)


# -- the comparison -------------------------------------------------------------------------------
def compare_accounts(
    workspace: Workspace,
    *,
    window_days: int = 28,
    end: dt.date | None = None,
    seed: int = 20260704,
    resamples: int = 2000,
    include_estimates: bool = False,
    engine: EngineName = DEFAULT_ENGINE,
    accounts: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Frequency against value per session across the cohort's accounts (see module doc).

    ``accounts`` restricts the cohort to those handles (``None``: every account): the
    rollups, the quadrant medians, the correlation, the within-account weekly view, the
    verdict and the estimates then know nothing of any other account.

    Returns ``window``, ``accounts`` (each rollup plus its ``quadrant``), ``correlation``,
    ``within_account`` and ``verdict``; with ``include_estimates`` also ``estimates``
    (third-party figures, labelled and never used in the numbers above).
    """
    context = engine_context(workspace, engine)
    window = resolve_window(context, window_days, end)
    if isinstance(accounts, str):  # one handle, not its characters
        accounts = [accounts]
    cohort_accounts = None if accounts is None else sorted(set(accounts))
    rollups = rollups_for(context, window, cohort_accounts)
    complete = [a for a in rollups if a[FREQUENCY] is not None and a[VALUE] is not None]
    _assign_quadrants(rollups, complete)

    n = len(complete)
    x = [float(a[FREQUENCY]) for a in complete]
    y = [float(a[VALUE]) for a in complete]
    rho = ci_low = ci_high = None
    if n >= MIN_ACCOUNTS:
        rho = spearman(x, y)
        if rho is not None:
            ci_low, ci_high = bootstrap_spearman(x, y, resamples=resamples, seed=seed)
    cohort = {tuple(a[k] for k in ROLLUP_KEYS) for a in rollups}
    within = _within_account(context, window, cohort, cohort_accounts)
    result: dict[str, Any] = {
        "window": window.as_dict(),
        "accounts": rollups,
        "correlation": {
            "method": "spearman",
            "rho": rho,
            "ci_low": ci_low,
            "ci_high": ci_high,
            "n": n,
            "confidence": CONFIDENCE,
            "resamples": resamples,
            "seed": seed,
        },
        "within_account": within,
        "verdict": verdict(rho, ci_low, ci_high, n, within),
    }
    if include_estimates:
        estimates = estimate_rollups(workspace, engine=engine)
        if cohort_accounts is not None:
            visible = set(cohort_accounts)
            estimates = [e for e in estimates if e["account"] in visible]
        result["estimates"] = estimates
    return result


def _assign_quadrants(accounts: list[dict[str, Any]], complete: list[dict[str, Any]]) -> None:
    """Split at the cohort medians; an account on a median counts as infrequent / low."""
    if not complete:
        for account in accounts:
            account["quadrant"] = None
        return
    frequency_median = float(np.median([a[FREQUENCY] for a in complete]))
    value_median = float(np.median([a[VALUE] for a in complete]))
    for account in accounts:
        if account[FREQUENCY] is None or account[VALUE] is None:
            account["quadrant"] = None
            continue
        frequency = "frequent" if account[FREQUENCY] > frequency_median else "infrequent"
        value = "high_value" if account[VALUE] > value_median else "low_value"
        account["quadrant"] = f"{frequency}_{value}"


def _within_account(
    context: EngineContext,
    window: Window,
    cohort: set[tuple[Any, ...]],
    accounts: Sequence[str] | None = None,
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
        week=ibis.literal(window.end).delta(history.started_at.date(), unit="day") // 7
    )
    bases = weekly.group_by([*ROLLUP_KEYS, "week"]).aggregate(
        sessions=weekly.count(),
        gmv_sum=ROLLUP_BASES["gmv_sum"](weekly),
        gmv_known=ROLLUP_BASES["gmv_known"](weekly),
    )
    table = bases.select(*ROLLUP_KEYS, "week", "sessions", **{VALUE: kpi(VALUE).expression(bases)})
    series: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in fetch(table.order_by(ibis.desc("week"))):
        key = tuple(row[k] for k in ROLLUP_KEYS)
        if key not in cohort:
            continue
        week_end = window.end - dt.timedelta(days=7 * int(row["week"]))
        series.setdefault(key, []).append(
            {
                "week_start": (week_end - dt.timedelta(days=6)).isoformat(),
                "week_end": week_end.isoformat(),
                "sessions": row["sessions"],
                VALUE: row[VALUE],
            }
        )
    ordered = sorted(series, key=account_order)
    known = {key: [w for w in series[key] if w[VALUE] is not None] for key in ordered}
    rhos = _weekly_rhos(known)
    out = []
    for key in ordered:
        weeks = series[key]
        rho = rhos.get(key)
        out.append(
            {
                **dict(zip(ROLLUP_KEYS, key, strict=True)),
                "weeks": weeks,
                "rho": rho,
                "n_weeks": len(known[key]),
                "direction": _direction(rho),
            }
        )
    return out


def _weekly_rhos(
    known: dict[tuple[Any, ...], list[dict[str, Any]]],
) -> dict[tuple[Any, ...], float | None]:
    """Each account's rho of weekly sessions against weekly GMV per session (None under
    :data:`MIN_WEEKS` known weeks), computed for all accounts with as many weeks at once."""
    by_length: dict[int, list[tuple[Any, ...]]] = {}
    for key, weeks in known.items():
        if len(weeks) >= MIN_WEEKS:
            by_length.setdefault(len(weeks), []).append(key)
    rhos: dict[tuple[Any, ...], float | None] = dict.fromkeys(known)
    for keys in by_length.values():
        sessions = np.array([[w["sessions"] for w in known[k]] for k in keys], dtype=np.float64)
        value = np.array([[w[VALUE] for w in known[k]] for k in keys], dtype=np.float64)
        for key, rho in zip(keys, _spearman_rows(sessions, value).tolist(), strict=True):
            rhos[key] = None if math.isnan(rho) else rho
    return rhos


def _direction(rho: float | None) -> str | None:
    if rho is None:
        return None
    if rho <= -DIRECTION_RHO:
        return "less"
    if rho >= DIRECTION_RHO:
        return "more"
    return "flat"


# -- the verdict ----------------------------------------------------------------------------------
def verdict_code(rho: float | None, ci_low: float | None, ci_high: float | None, n: int) -> str:
    """The stable id of the verdict: ``too_few_accounts``, ``no_variation``,
    ``no_clear_link``, ``more_lives_less_value`` or ``more_lives_more_value``."""
    if n < MIN_ACCOUNTS:
        return "too_few_accounts"
    if rho is None:
        return "no_variation"
    if ci_low is None or ci_high is None or ci_low <= 0.0 <= ci_high:
        return "no_clear_link"
    return "more_lives_less_value" if ci_high < 0.0 else "more_lives_more_value"


def verdict(
    rho: float | None,
    ci_low: float | None,
    ci_high: float | None,
    n: int,
    within: Sequence[dict[str, Any]] = (),
) -> dict[str, str]:
    """``{"id", "en", "code"}``: the cross-account finding, plus the within-account view when
    most accounts with enough weeks agree on it."""
    code = verdict_code(rho, ci_low, ci_high, n)
    directions = [w["direction"] for w in within if w.get("direction") is not None]
    common = Counter(directions).most_common(1)
    agreeing = common[0] if common and len(directions) >= 3 else None
    if agreeing is not None and agreeing[1] * 2 <= len(directions):
        agreeing = None
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        numbers = {
            "strength": text(f"verdict.strength.{_strength(ci_low, ci_high)}", lang),
            "rho": format_number(rho, lang),
            "ci_low": format_number(ci_low, lang),
            "ci_high": format_number(ci_high, lang),
            "n": format_number(n, lang, digits=0),
        }
        sentence = text(f"verdict.{code}", lang, **numbers)
        if agreeing is not None:
            direction, count = agreeing
            sentence += " " + text(
                f"verdict.within.{direction}",
                lang,
                agree=format_number(count, lang, digits=0),
                total=format_number(len(directions), lang, digits=0),
            )
        out[lang] = sentence
    out["code"] = code
    return out


def _strength(ci_low: float | None, ci_high: float | None) -> str:
    """What the interval supports at least: its bound nearest to zero, 0.3 and 0.5 apart."""
    if ci_low is None or ci_high is None or ci_low <= 0.0 <= ci_high:
        return "weak"
    nearest = min(abs(ci_low), abs(ci_high))
    if nearest >= 0.5:
        return "strong"
    return "moderate" if nearest >= 0.3 else "weak"


def format_number(value: float | None, lang: Lang, digits: int = 2) -> str:
    """``-0.42`` / ``1,234`` in English, ``-0,42`` / ``1.234`` in Indonesian; ``–`` if unknown."""
    if value is None:
        return "–"
    rounded = round(float(value), digits)
    if rounded == 0:
        rounded = 0.0  # no "-0.00"
    formatted = f"{rounded:,.{digits}f}"
    return formatted.translate(str.maketrans(",.", ".,")) if lang == "id" else formatted
