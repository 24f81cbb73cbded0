"""Per-account rollups over N-day windows, computed in the engine.

A window is the N local calendar days (workspace time zone) ending on ``end``, inclusive: with
the default 28 days and ``end`` = 2026-07-28 it runs from 2026-07-01 00:00 to 2026-07-28 24:00
local time, so a session 28 days before ``end`` (2026-06-30) is outside. ``end`` defaults to the
local date of the latest session start in the workspace.

A rollup is one platform account in one currency: a seller's TikTok and Shopee accounts are
separate channels whose GMV follows different definitions, and money in different currencies
is never added up. An account appears when it has at least one session in the window.
First-party figures come from session rows only; third-party account estimates are returned
apart by :func:`estimate_rollups`, labelled ``basis: "estimate"`` with their source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, TypedDict, cast

from siaran.errors import UsageError
from siaran.metrics.money import Basis, Key, basis_order
from siaran.metrics.registry import ROLLUP_BASES, kpi, rollup_kpi_names, rollup_kpis
from siaran.metrics.sessions import day_start, fetch, local_date
from siaran.store.engine import (
    DEFAULT_ENGINE,
    EngineContext,
    EngineName,
    engine_context,
    fetch_prepared,
)

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from siaran.workspace import Workspace


ROLLUP_KEYS: Final = ("platform", "account", "currency")


class WindowJson(TypedDict):
    """A window as the JSON outputs give it: its length and first and last local dates."""

    days: int
    start: str
    end: str


class ActivityCell(TypedDict):
    """A cell of :func:`weekday_hour_activity`."""

    weekday: int
    hour: int
    currency: str | None
    sessions: int
    gmv_total: float | None
    gmv_mean: float | None


class _TrendFields(TypedDict):
    platform: str
    account: str
    currency: str | None
    sessions: int
    gmv_mean_per_session: float | None
    views_per_session: float | None


class TrendRow(_TrendFields):
    """A row of :func:`account_trends`: one account in one rolling window."""

    window_start: str
    window_end: str


class EstimateRollup(TypedDict):
    """A row of :func:`estimate_rollups`: a third-party account summary."""

    platform: str
    account: str
    currency: str | None
    window_start: str
    window_end: str
    window_days: int | None
    sessions: float | None
    gmv_total: float | None
    gmv_mean_per_session: float | None
    views_per_session: float | None
    sessions_per_28_days: float | None
    basis: Literal["estimate"]
    source: str
    source_basis: str | None


class AccountRollup(TypedDict):
    """A first-party rollup of one platform account (and currency) over a window: the window,
    the registry's rollup KPIs (:func:`siaran.metrics.registry.rollup_kpi_names`) and
    ``basis`` ``first_party``. Unknown is ``None``."""

    platform: str
    account: str
    currency: str | None
    window_start: str
    window_end: str
    window_days: int
    sessions: int
    live_hours: float | None
    gmv_total: float | None
    gmv_mean_per_session: float | None
    gmv_median_per_session: float | None
    views_per_session: float | None
    viewers_per_session: float | None
    gmv_per_live_hour: float | None
    zero_gmv_share: float | None
    sessions_per_28_days: float | None
    basis: Literal["first_party"]


class _Latest(TypedDict):
    latest: dt.datetime | None


class _TrendBases(_TrendFields):
    window_end: dt.date


class _StoredEstimate(TypedDict):
    """What an estimate rollup reads of a row of the ``account_estimates`` table, in the order
    the rollup shows it."""

    platform: str
    account: str
    currency: str | None
    period_start: dt.date
    period_end: dt.date
    period_days: int
    sessions: float | None
    gmv: float | None
    avg_gmv_per_session: float | None
    views: float | None
    source: str
    basis: str


@dataclass(frozen=True)
class Window:
    """``days`` local calendar days from ``start`` to ``end`` inclusive, and the UTC instants
    ``[lo, hi)`` that bound them (compared against ``started_at`` as-is, so the engine can use
    the column without converting every row)."""

    days: int
    start: dt.date
    end: dt.date
    lo: dt.datetime
    hi: dt.datetime

    @classmethod
    def ending(cls, end: dt.date, days: int, zone: ZoneInfo) -> Window:
        if days < 1:
            raise UsageError("compare.bad_window", days=days)
        start = end - dt.timedelta(days=days - 1)
        return cls(days, start, end, day_start(start, zone), day_start(end + dt.timedelta(1), zone))

    def as_dict(self) -> WindowJson:
        return {"days": self.days, "start": self.start.isoformat(), "end": self.end.isoformat()}


def _latest_start(con: Any, _: Mapping[str, Any]) -> Any:
    table = con.table("sessions")
    return table.aggregate(latest=table.started_at.max())


def latest_session_date(
    context: EngineContext, accounts: Sequence[str] | None = None
) -> dt.date | None:
    """The local date of the latest session start (of ``accounts`` only, if given), or
    ``None`` when there is none."""
    if accounts is None:
        found = fetch_prepared(context.con, "latest_start", _latest_start, {})
        latest = found["latest"][0].as_py()
    else:
        table = context.con.table("sessions")
        table = table.filter(table.account.isin(list(accounts)))
        latest = fetch(table.aggregate(latest=table.started_at.max()), _Latest)[0]["latest"]
    return None if latest is None else local_date(latest, context.zone)


def resolve_window(
    context: EngineContext,
    days: int,
    end: dt.date | None,
    accounts: Sequence[str] | None = None,
) -> Window:
    """The window of ``days`` ending on ``end`` (default: the latest session date of
    ``accounts``, or of every account, else today)."""
    if end is None:
        end = latest_session_date(context, accounts) or dt.datetime.now(context.zone).date()
    return Window.ending(end, days, context.zone)


def in_window(table: Any, window: Window) -> Any:
    return table.filter((table.started_at >= window.lo) & (table.started_at < window.hi))


def account_rollups(
    workspace: Workspace,
    *,
    window_days: int = 28,
    end: dt.date | None = None,
    accounts: Sequence[str] | None = None,
    engine: EngineName = DEFAULT_ENGINE,
) -> list[AccountRollup]:
    """One first-party rollup per platform account (and currency) over the ``window_days``
    window ending on ``end``, sorted by account, then platform."""
    context = engine_context(workspace, engine)
    return rollups_for(context, resolve_window(context, window_days, end), accounts)


def rollups_for(
    context: EngineContext, window: Window, accounts: Sequence[str] | None = None
) -> list[AccountRollup]:
    """:func:`account_rollups` over an already resolved window."""
    import pyarrow as pa

    params = {"lo": window.lo, "hi": window.hi, "days": window.days}
    if accounts is None:
        found = fetch_prepared(context.con, "account_rollups", _rollup_table, params)
    elif not accounts:
        return []
    else:
        wanted = list(accounts)

        def build(con: Any, p: Mapping[str, Any]) -> Any:
            return _rollup_table(con, p, wanted)

        found = fetch_prepared(context.con, None, build, params)
    rows = found.num_rows
    columns = {
        "platform": found["platform"],
        "account": found["account"],
        "currency": found["currency"],
        "window_start": pa.repeat(window.start.isoformat(), rows),
        "window_end": pa.repeat(window.end.isoformat(), rows),
        "window_days": pa.repeat(window.days, rows),
        **{name: found[name] for name in rollup_kpi_names()},
        "basis": pa.repeat("first_party", rows),
    }
    return cast(list[AccountRollup], pa.table(columns).to_pylist())


def _window_sessions(con: Any, p: Mapping[str, Any], accounts: Sequence[str] | None) -> Any:
    """The sessions started in the window of the placeholders ``lo`` and ``hi`` (of
    ``accounts`` only, when given): what the rollups and their GMV bases read."""
    sessions = con.table("sessions")
    sessions = sessions.filter((sessions.started_at >= p["lo"]) & (sessions.started_at < p["hi"]))
    if accounts is not None:
        sessions = sessions.filter(sessions.account.isin(list(accounts)))
    return sessions


def window_gmv_bases(
    context: EngineContext, window: Window, accounts: Sequence[str] | None
) -> dict[Key, tuple[Basis, ...]]:
    """The GMV bases of each rollup key's sessions in the window (unstated: ``None``)."""

    def build(con: Any, p: Mapping[str, Any]) -> Any:
        return _window_sessions(con, p, accounts).select(*ROLLUP_KEYS, "gmv_basis").distinct()

    params = {"lo": window.lo, "hi": window.hi}
    key = "window_gmv_bases" if accounts is None else None
    found: dict[Key, set[Basis]] = {}
    for row in fetch_prepared(context.con, key, build, params).to_pylist():
        found.setdefault(tuple(row[k] for k in ROLLUP_KEYS), set()).add(row["gmv_basis"])
    return {key: tuple(sorted(b, key=basis_order)) for key, b in found.items()}


def _rollup_table(con: Any, p: Mapping[str, Any], accounts: Sequence[str] | None = None) -> Any:
    sessions = _window_sessions(con, p, accounts)
    bases = (
        sessions.group_by(ROLLUP_KEYS)
        .aggregate(**{name: aggregate(sessions) for name, aggregate in ROLLUP_BASES.items()})
        .mutate(window_days=p["days"])
    )
    table = bases.select(*ROLLUP_KEYS, **rollup_kpis(bases))
    return table.order_by(["account", "platform", "currency"])


def weekday_hour_activity(
    workspace: Workspace,
    *,
    account: str | None = None,
    window_days: int = 28,
    end: dt.date | None = None,
    engine: EngineName = DEFAULT_ENGINE,
) -> list[ActivityCell]:
    """Sessions and GMV by local weekday (0 = Monday) and start hour (0..23) over the window.

    Only cells with at least one session are listed, sorted by weekday, hour, currency.
    ``gmv_mean`` is over sessions with known GMV.
    """
    context = engine_context(workspace, engine)
    window = resolve_window(context, window_days, end)
    sessions = in_window(context.con.table("sessions"), window)
    if account is not None:
        sessions = sessions.filter(sessions.account == account)
    # The engine's session zone is the workspace zone, so these are local weekday and hour.
    local = sessions.mutate(
        weekday=sessions.started_at.day_of_week.index(), hour=sessions.started_at.hour()
    )
    cells = local.group_by(["weekday", "hour", "currency"]).aggregate(
        sessions=local.count(), gmv_total=local.gmv.sum(), gmv_mean=local.gmv.mean()
    )
    return fetch(cells.order_by(["weekday", "hour", "currency"]), ActivityCell)


def account_trends(
    workspace: Workspace,
    *,
    window_days: int = 28,
    step_days: int = 7,
    periods: int = 12,
    end: dt.date | None = None,
    engine: EngineName = DEFAULT_ENGINE,
    accounts: Sequence[str] | None = None,
) -> list[TrendRow]:
    """Rolling ``window_days`` windows every ``step_days``, ``periods`` of them, the last ending
    on ``end``: per account (of ``accounts`` only, if given), sessions, GMV per session and
    views per session.

    Every account with a session in any of the windows gets a row for every window (``sessions``
    0 and null means where it was not live). Sorted by window end, then account.
    """
    import ibis
    import pyarrow as pa

    if step_days < 1 or periods < 1:
        raise UsageError("compare.bad_trend", step_days=step_days, periods=periods)
    context = engine_context(workspace, engine)
    zone = context.zone
    last = resolve_window(context, window_days, end)
    windows = [
        Window.ending(last.end - dt.timedelta(days=step_days * k), window_days, zone)
        for k in range(periods - 1, -1, -1)
    ]
    bounds = ibis.memtable(
        pa.table(
            {
                "window_end": pa.array([w.end for w in windows], pa.date32()),
                "lo": pa.array([w.lo for w in windows], pa.timestamp("us", tz="UTC")),
                "hi": pa.array([w.hi for w in windows], pa.timestamp("us", tz="UTC")),
            }
        )
    )
    sessions = context.con.table("sessions")
    if accounts is not None:
        sessions = sessions.filter(sessions.account.isin(list(accounts)))
    sessions = sessions.filter(
        (sessions.started_at >= windows[0].lo) & (sessions.started_at < windows[-1].hi)
    )
    joined = sessions.inner_join(
        bounds, [sessions.started_at >= bounds.lo, sessions.started_at < bounds.hi]
    )
    used = ("gmv_sum", "gmv_known", "views_sum", "views_known")
    bases = joined.group_by(["window_end", *ROLLUP_KEYS]).aggregate(
        sessions=joined.count(), **{name: ROLLUP_BASES[name](joined) for name in used}
    )
    measures = ("gmv_mean_per_session", "views_per_session")
    table = bases.select(
        "window_end",
        *ROLLUP_KEYS,
        "sessions",
        **{name: kpi(name).expression(bases) for name in measures},
    )
    found = {
        (r["window_end"], r["platform"], r["account"], r["currency"]): r
        for r in fetch(table, _TrendBases)
    }
    keys = sorted({key[1:] for key in found}, key=account_order)
    out: list[TrendRow] = []
    for window in windows:
        for platform, account, currency in keys:
            row = found.get((window.end, platform, account, currency))
            out.append(
                {
                    "window_start": window.start.isoformat(),
                    "window_end": window.end.isoformat(),
                    "platform": platform,
                    "account": account,
                    "currency": currency,
                    "sessions": row["sessions"] if row else 0,
                    "gmv_mean_per_session": row["gmv_mean_per_session"] if row else None,
                    "views_per_session": row["views_per_session"] if row else None,
                }
            )
    return out


def account_order(key: tuple[Any, ...]) -> tuple[str, ...]:
    """Sort (platform, account, currency) keys by account first; unknown currency first."""
    platform, account, currency = key
    return account, platform, currency or ""


def estimate_rollups(
    workspace: Workspace, *, engine: EngineName = DEFAULT_ENGINE
) -> list[EstimateRollup]:
    """Third-party account summaries (FastMoss, Kalodata, ...), never mixed with first-party
    figures: ``basis`` is always ``"estimate"``, ``source`` names the tool and
    ``source_basis`` keeps the basis the tool itself stated. Field names parallel
    :func:`account_rollups` so the two can be shown side by side."""
    table = engine_context(workspace, engine).con.table("account_estimates")
    ordered = table.order_by(["account", "source", "period_end", "platform"])
    rows = fetch(ordered.select(*_StoredEstimate.__annotations__), _StoredEstimate)
    out: list[EstimateRollup] = []
    for row in rows:
        sessions, gmv, days, views = row["sessions"], row["gmv"], row["period_days"], row["views"]
        mean = row["avg_gmv_per_session"]
        if mean is None and gmv is not None and sessions:
            mean = gmv / sessions
        frequency = sessions * 28 / days if sessions is not None and days else None
        out.append(
            {
                "platform": row["platform"],
                "account": row["account"],
                "currency": row["currency"],
                "window_start": row["period_start"].isoformat(),
                "window_end": row["period_end"].isoformat(),
                "window_days": days,
                "sessions": sessions,
                "gmv_total": gmv,
                "gmv_mean_per_session": mean,
                "views_per_session": views / sessions if views is not None and sessions else None,
                "sessions_per_28_days": frequency,
                "basis": "estimate",
                "source": row["source"],
                "source_basis": row["basis"],
            }
        )
    return out
