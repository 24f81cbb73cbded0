"""The ecosystem's figures per account: GMV by channel, partners active per month, and reseller
sign-ups after lives with and without an ecosystem call.

Every figure reads the stored tables only (``sessions``, ``affiliate_orders``, ``resellers``,
``reseller_months``, stored talk scorecards); months are calendar months in the workspace's
time zone. The rules are in docs/en/ecosystem.md and docs/id/ekosistem.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal, get_args

import numpy as np

from siaran.resampling import RESAMPLES, SEED
from siaran.talk.storage import list_scorecards, load_scorecard

if TYPE_CHECKING:
    from siaran.workspace import Workspace

Channel = Literal[
    "own_lives",
    "affiliate_live",
    "affiliate_video",
    "affiliate_showcase",
    "affiliate_product_card",
    "resellers",
]
CHANNELS: Final[tuple[Channel, ...]] = get_args(Channel)
"""The channels in the order of :data:`Channel`: the order of every table and chart."""
AFFILIATE_CHANNELS: Final = frozenset(c for c in CHANNELS if c.startswith("affiliate_"))
DEFAULT_WINDOW_DAYS: Final = 7
ECOSYSTEM_CUE: Final = "ecosystem"


@dataclass(frozen=True)
class ChannelMonth:
    """GMV of one channel of an account in one month (``channel_share``: of the month's GMV over
    every channel in the same currency)."""

    account: str
    month: dt.date
    channel: str
    currency: str | None
    gmv: float
    orders: int | None
    channel_share: float | None


@dataclass(frozen=True)
class PartnerMonth:
    """Affiliates and resellers of an account in one month."""

    account: str
    month: dt.date
    affiliates_active: int
    affiliate_orders: int
    resellers_active: int
    new_resellers: int
    reseller_orders: int | None
    reseller_value: float | None


@dataclass(frozen=True)
class SignupLive:
    """One live of the comparison: its ecosystem calls and the resellers who joined in the
    window of days that starts on its day."""

    account: str
    room_id: str
    started_at: dt.datetime
    ecosystem_calls: int
    signups: int


@dataclass(frozen=True)
class SignupComparison:
    """Reseller sign-ups after lives with an ecosystem call against after lives without one:
    the mean per live in each group, the difference and its 95% bootstrap interval
    (``None`` with fewer than two lives in a group). An association, not an effect."""

    account: str
    window_days: int
    lives_with_call: int
    lives_without_call: int
    signups_with_call: float | None
    signups_without_call: float | None
    signup_difference: float | None
    signup_interval_low: float | None
    signup_interval_high: float | None
    lives: tuple[SignupLive, ...]


@dataclass(frozen=True)
class EcosystemSummary:
    """An account's ecosystem KPIs over the months it has affiliate or reseller data."""

    account: str
    months: int
    currency: str | None
    gmv_all_channels: float
    affiliate_gmv_share: float | None
    reseller_gmv_share: float | None
    active_affiliates: float | None
    active_resellers: float | None


def _scope(column: str, accounts: Collection[str] | None) -> tuple[str, list[object]]:
    if accounts is None:
        return "", []
    return f" AND {column} IN (SELECT unnest(?))", [sorted(accounts)]


def _months_sql(tz: str) -> str:
    return f"CAST(date_trunc('month', timezone('{tz}', {{t}})) AS DATE)"


def _ecosystem_months(months: str, where: str) -> str:
    """The CTE ``eco``: the months in which each account has affiliate orders or reseller
    months (two parameters, each the scope's, when ``where`` is not empty)."""
    return f"""eco AS (
          SELECT DISTINCT account, {months.format(t="created_at")} AS month
          FROM affiliate_orders WHERE true {where}
          UNION SELECT DISTINCT account, month FROM reseller_months WHERE true {where}
        )"""


def channel_gmv(
    workspace: Workspace, accounts: Collection[str] | None = None
) -> list[ChannelMonth]:
    """GMV by channel, per account and month, over the months the account has ecosystem data:
    its own lives (the sessions' GMV), affiliate orders by content type (ineligible and unpaid
    ones left out) and resellers' purchases. An amount without a currency is taken to be in
    the account's most frequent one."""
    tz = str(workspace.timezone)
    months = _months_sql(tz)
    where, params = _scope("account", accounts)
    rows = workspace.con.execute(
        f"""
        WITH {_ecosystem_months(months, where)},
        own AS (
          SELECT account, {months.format(t="started_at")} AS month, 'own_lives' AS channel,
                 currency, sum(gmv) AS gmv, CAST(sum(orders) AS BIGINT) AS orders
          FROM sessions WHERE gmv IS NOT NULL {where} GROUP BY ALL
        ),
        aff AS (
          SELECT account, {months.format(t="created_at")} AS month,
                 'affiliate_' || content_type AS channel, currency, sum(gmv) AS gmv,
                 count(DISTINCT order_id) AS orders
          FROM affiliate_orders WHERE counted {where} GROUP BY ALL
        ),
        res AS (
          SELECT account, month, 'resellers' AS channel, currency,
                 sum(purchase_value) AS gmv, CAST(sum(orders) AS BIGINT) AS orders
          FROM reseller_months WHERE purchase_value IS NOT NULL {where} GROUP BY ALL
        ),
        every AS (SELECT * FROM own UNION ALL SELECT * FROM aff UNION ALL SELECT * FROM res),
        main AS (SELECT account, mode(currency) AS main FROM every GROUP BY ALL),
        known AS (
          SELECT account, month, channel, coalesce(currency, main) AS currency,
                 sum(gmv) AS gmv, CAST(sum(orders) AS BIGINT) AS orders
          FROM every JOIN main USING (account) JOIN eco USING (account, month) GROUP BY ALL
        )
        SELECT account, month, channel, currency, gmv, orders,
               gmv / nullif(sum(gmv) OVER (PARTITION BY account, month,
                                           coalesce(currency, '')), 0) AS share
        FROM known
        """,
        params * 5,
    ).fetchall()
    order: dict[str, int] = {c: i for i, c in enumerate(CHANNELS)}
    out = [
        ChannelMonth(str(a), m, str(c), cur, float(g), None if o is None else int(o),
                     None if s is None else float(s))
        for a, m, c, cur, g, o, s in rows
    ]  # fmt: skip
    return sorted(out, key=lambda r: (r.account, r.month, order.get(r.channel, 99)))


def partners_by_month(
    workspace: Workspace, accounts: Collection[str] | None = None
) -> list[PartnerMonth]:
    """Per account and ecosystem month: creators with a counted affiliate order, resellers who
    bought (orders or purchase value above zero), resellers who joined, and their orders."""
    months = _months_sql(str(workspace.timezone))
    where, params = _scope("account", accounts)
    rows = workspace.con.execute(
        f"""
        WITH {_ecosystem_months(months, where)},
        aff AS (
          SELECT account, {months.format(t="created_at")} AS month,
                 count(DISTINCT creator) AS creators, count(DISTINCT order_id) AS orders
          FROM affiliate_orders WHERE counted {where} GROUP BY ALL
        ),
        res AS (
          SELECT account, month,
                 count(*) FILTER (WHERE coalesce(orders, 0) > 0
                                  OR coalesce(purchase_value, 0) > 0) AS active,
                 CAST(sum(orders) AS BIGINT) AS orders, sum(purchase_value) AS value
          FROM reseller_months WHERE true {where} GROUP BY ALL
        ),
        joined AS (
          SELECT account, CAST(date_trunc('month', joined_on) AS DATE) AS month,
                 count(*) AS joined
          FROM resellers WHERE true {where} GROUP BY ALL
        )
        SELECT eco.account, eco.month, coalesce(aff.creators, 0), coalesce(aff.orders, 0),
               coalesce(res.active, 0), coalesce(joined.joined, 0), res.orders, res.value
        FROM eco LEFT JOIN aff USING (account, month) LEFT JOIN res USING (account, month)
        LEFT JOIN joined USING (account, month)
        ORDER BY 1, 2
        """,
        params * 5,
    ).fetchall()
    return [
        PartnerMonth(str(a), m, int(c), int(o), int(r), int(j),
                     None if ro is None else int(ro), None if rv is None else float(rv))
        for a, m, c, o, r, j, ro, rv in rows
    ]  # fmt: skip


def summaries(
    workspace: Workspace, accounts: Collection[str] | None = None
) -> list[EcosystemSummary]:
    """Each account's ecosystem KPIs (:class:`EcosystemSummary`); shares in the currency that
    holds most of its GMV."""
    channels = channel_gmv(workspace, accounts)
    partners = partners_by_month(workspace, accounts)
    out = []
    for account in sorted({r.account for r in channels} | {p.account for p in partners}):
        rows = [r for r in channels if r.account == account]
        totals: dict[str | None, float] = defaultdict(float)
        for row in rows:
            totals[row.currency] += row.gmv
        currency = max(totals, key=lambda c: totals[c]) if totals else None
        chosen = [r for r in rows if r.currency == currency]
        total = sum(r.gmv for r in chosen)
        affiliate = sum(r.gmv for r in chosen if r.channel in AFFILIATE_CHANNELS)
        resellers = sum(r.gmv for r in chosen if r.channel == "resellers")
        months = [p for p in partners if p.account == account]
        out.append(
            EcosystemSummary(
                account=account,
                months=len(months),
                currency=currency,
                gmv_all_channels=total,
                affiliate_gmv_share=affiliate / total if total else None,
                reseller_gmv_share=resellers / total if total else None,
                active_affiliates=_mean([p.affiliates_active for p in months]),
                active_resellers=_mean([p.resellers_active for p in months]),
            )
        )
    return out


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def signup_comparison(
    workspace: Workspace,
    accounts: Collection[str] | None = None,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> list[SignupComparison]:
    """Per account with a reseller register and scored lives: reseller sign-ups in the
    ``window_days`` days starting on each live's day, lives whose host made an ecosystem call
    (the talk cue ``ecosystem``) against lives without one. A live counts only when the
    register covers its whole window (up to the latest day it knows)."""
    tz = workspace.timezone
    where, params = _scope("account", accounts)
    joined: dict[str, list[dt.date]] = defaultdict(list)
    for account, day in workspace.con.execute(
        f"SELECT account, joined_on FROM resellers WHERE true {where} ORDER BY 1, 2", params
    ).fetchall():
        joined[str(account)].append(day)
    covered = dict(
        workspace.con.execute(
            f"""
            SELECT account, max(last) FROM (
              SELECT account, max(joined_on) AS last FROM resellers WHERE true {where}
              GROUP BY ALL
              UNION ALL
              SELECT account, CAST(max(month) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)
              FROM reseller_months WHERE true {where} GROUP BY ALL
            ) GROUP BY ALL
            """,
            params * 2,
        ).fetchall()
    )
    lives: dict[str, list[SignupLive]] = defaultdict(list)
    for row in list_scorecards(workspace, sorted(joined)):
        account = row["account"]
        if account is None or account not in joined:
            continue
        card = load_scorecard(workspace, account, row["room_id"])
        started = card.started_at if card is not None else None
        if card is None or started is None:
            continue
        first = started.astimezone(tz).date()
        last = first + dt.timedelta(days=window_days - 1)
        if last > covered[account]:
            continue
        signups = sum(1 for day in joined[account] if first <= day <= last)
        calls = int(card.host_cues.get(ECOSYSTEM_CUE, 0))
        lives[account].append(SignupLive(account, row["room_id"], started, calls, signups))
    return [_compare(account, window_days, lives[account]) for account in sorted(lives)]


def _compare(account: str, window_days: int, lives: list[SignupLive]) -> SignupComparison:
    lives = sorted(lives, key=lambda live: live.started_at)
    with_call = np.array([x.signups for x in lives if x.ecosystem_calls > 0], dtype=float)
    without = np.array([x.signups for x in lives if x.ecosystem_calls == 0], dtype=float)
    mean_with = float(with_call.mean()) if with_call.size else None
    mean_without = float(without.mean()) if without.size else None
    difference = (
        mean_with - mean_without if mean_with is not None and mean_without is not None else None
    )
    low = high = None
    if with_call.size >= 2 and without.size >= 2:
        rng = np.random.default_rng(SEED)
        a = rng.choice(with_call, size=(RESAMPLES, with_call.size)).mean(axis=1)
        b = rng.choice(without, size=(RESAMPLES, without.size)).mean(axis=1)
        low, high = (float(v) for v in np.percentile(a - b, [2.5, 97.5]))
    return SignupComparison(
        account=account,
        window_days=window_days,
        lives_with_call=int(with_call.size),
        lives_without_call=int(without.size),
        signups_with_call=mean_with,
        signups_without_call=mean_without,
        signup_difference=difference,
        signup_interval_low=low,
        signup_interval_high=high,
        lives=tuple(lives),
    )
