"""A seeded synthetic cohort of live-commerce accounts, calibrated to a field study's ranges.

**Every handle, title and number here is invented.** Only the *ranges* follow the field study of
live commerce among MSMEs in Banyumas (its "Indikasi kinerja" section, citing FastMoss 2026):

* a culinary account: a dozen-plus lives per 28 days, thousands of viewers per session, an
  average GMV per session in the tens of thousands of rupiah;
* an accessories account: tens of thousands of viewers per session, frequent lives, an average
  GMV per session in the millions of rupiah;
* an optical-accessories account: live very often (50-80 times per 28 days) with a very small
  GMV per session, most sessions selling nothing.

The other sectors of the study's cases (fashion, ornamental plants, durian products, local
snacks, footwear, food and drink, regional products) get plausible, varied ranges, chosen so
that the cohort does *not* show "more lives = more value", the study's quantitative finding.
:data:`DEMO_PROFILES` is the table that drives everything.

How one account is drawn, from its own child of the seed (adding an account changes no other):

1. schedule: a weekly habit of weekday x hour slots, perturbed each week (a slot dropped, added
   or moved), start times a few minutes after the habitual hour;
2. reach: viewers lognormal around the typical value (longer lives reach a little more),
   clipped to the profile's range; views, impressions, concurrency and viewing time from it;
3. sales: customers ~ Poisson(viewers x conversion), lifted on payday and twin dates (9.9);
   repeat orders, SKU orders, items, product clicks and impressions around them; GMV = orders x
   a sector-typical AOV with noise, in whole hundreds of rupiah;
4. gaps: a few sessions lose one or two fields their export could carry (unknown, not zero).

An account whose draw leaves its declared 28-day ranges (sessions, average GMV per session) in
any 28-day window is drawn again from the same stream, so those ranges hold for every seed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TypedDict, cast
from zoneinfo import ZoneInfo

from siaran.store.schema import SESSION_FIELD_NAMES

if TYPE_CHECKING:
    from numpy.random import Generator

__all__ = [
    "COACHING_EFFECT",
    "COACHING_STARTS",
    "DEFAULT_SEED",
    "DEMO_PROFILES",
    "END_DATE",
    "PERIOD_DAYS",
    "PLANTED_ACCOUNTS",
    "PLANTED_EFFECT",
    "PLANTED_FROM",
    "START_DATE",
    "TIMEZONE",
    "CohortProfile",
    "generate_cohort",
    "window_ends",
]

DEFAULT_SEED: Final = 20260917
END_DATE: Final = dt.date(2026, 9, 17)
PERIOD_DAYS: Final = 120
START_DATE: Final = END_DATE - dt.timedelta(days=PERIOD_DAYS - 1)
WINDOW_DAYS: Final = 28
TIMEZONE: Final = ZoneInfo("Asia/Jakarta")
CURRENCY: Final = "IDR"
MAX_ATTEMPTS: Final = 200

# Export layout hints (the ``layout`` key of every session dict).
CREATOR: Final = "tiktok_creator_live"
SELLER_CENTER_EN: Final = "tiktok_seller_center_live_en"
SELLER_CENTER_ID: Final = "tiktok_seller_center_live_id"
SHOPEE: Final = "shopee_live_session"
INSTAGRAM: Final = "instagram_sheet"

# Fields each export carries that a seller's export sometimes leaves empty.
_MAY_BE_EMPTY: Final[dict[str, tuple[str, ...]]] = {
    CREATOR: ("impressions", "shares", "new_followers", "product_impressions", "likes"),
    SELLER_CENTER_EN: ("acu", "pcu", "shares", "new_followers", "avg_view_duration_s"),
    SELLER_CENTER_ID: ("acu", "pcu", "shares", "new_followers", "product_impressions"),
    SHOPEE: ("likes", "shares", "avg_view_duration_s", "comments"),
    INSTAGRAM: ("pcu", "likes", "comments"),
}
# What a hand-kept Instagram log records at all; everything else is unknown for those sessions.
_INSTAGRAM_FIELDS: Final = frozenset(
    {"title", "started_at", "ended_at", "duration_s", "currency", "gmv", "gmv_basis"}
    | {"orders", "customers", "viewers", "pcu", "comments", "likes"}
)
_GMV_BASIS: Final[dict[str, str]] = {
    CREATOR: "attributed",
    SELLER_CENTER_EN: "revenue",
    SELLER_CENTER_ID: "revenue",
    SHOPEE: "placed",
    INSTAGRAM: "paid",
}
_OPENINGS: Final = (
    "LIVE", "Live sore", "Ngobrol santai", "Review jujur", "Live produksi", "Tanya jawab",
    "Stok baru", "Live hemat", "Bongkar stok", "Cek langsung",
)  # fmt: skip
_PROMOS: Final = ("Promo gajian", "Flash sale gajian", "Diskon gajian")
PLANTED_FROM: Final = dt.date(2026, 8, 20)
PLANTED_EFFECT: Final = 1.0
"""The demo's experiment: from :data:`PLANTED_FROM`, the :data:`PLANTED_ACCOUNTS` show the
product working early in every live and convert :data:`PLANTED_EFFECT` more of their viewers
(+100 %: twice as many); their recorded experiment (``siaran experiment evaluate demo-awal``)
is there to find it. The only other planted change is the coaching programme's
(:data:`COACHING_EFFECT`), on viewing time, not on conversion."""
PLANTED_ACCOUNTS: Final = (
    "aksesori.lintang",
    "sepatu.langkah.kita",
    "duren.lembah.hijau",
    "camilan.mbah.karto",
)

COACHING_EFFECT: Final = 0.3
"""The demo's coaching programme: from its first session on session design (its day in
:data:`COACHING_STARTS`), a coached account's viewers stay :data:`COACHING_EFFECT` longer
(+30 % average view duration). The starts are staggered over three waves, all over before
:data:`PLANTED_FROM`, so that the experiment's windows see no coaching start."""
COACHING_STARTS: Final[dict[str, dt.date]] = {
    "dapur.sekar.arum": dt.date(2026, 6, 11),
    "kacamata.senja": dt.date(2026, 6, 11),
    "busana.naura": dt.date(2026, 6, 25),
    "kopi.kali.serayu": dt.date(2026, 6, 25),
    "hijab.ayunda": dt.date(2026, 7, 9),
    "gula.kelapa.nira": dt.date(2026, 7, 9),
}


@dataclass(frozen=True)
class CohortProfile:
    """One invented account: the ranges its sessions are drawn from.

    ``sessions_per_28d`` and ``gmv_per_session`` (average GMV per session) hold in every 28-day
    window; ``viewers`` is (lowest, typical, highest) unique viewers per session; ``conversion``
    is customers / viewers; ``weekdays`` weights Monday..Sunday and ``hours`` (start hour,
    weight) pairs are the account's habit. ``study`` names the study indication it follows.
    """

    account: str
    platform: str
    sector: str
    layout: str
    sessions_per_28d: tuple[int, int]
    viewers: tuple[int, int, int]
    aov: int
    conversion: float
    gmv_per_session: tuple[float, float]
    duration_min: tuple[int, int]
    weekdays: tuple[float, float, float, float, float, float, float]
    hours: tuple[tuple[int, float], ...]
    products: tuple[str, ...]
    items_per_order: float = 1.2
    view_seconds: float = 45.0
    study: str | None = None

    @property
    def habit_size(self) -> int:
        """Habitual lives per week."""
        low, high = self.sessions_per_28d
        return max(1, round((low + high) / 8))


DEMO_PROFILES: Final[tuple[CohortProfile, ...]] = (
    CohortProfile(
        "dapur.sekar.arum", "tiktok", "culinary", CREATOR, (12, 19), (1_000, 3_000, 9_999),
        28_000, 0.0005, (10_000, 99_999), (45, 150), (0.4, 1, 1, 1, 1.2, 1.5, 1.5),
        ((16, 1), (19, 2)), ("sambal bawang", "rendang kering", "keripik tempe pedas"),
        items_per_order=2.6, view_seconds=38, study="culinary",
    ),
    CohortProfile(
        "aksesori.lintang", "tiktok", "accessories", CREATOR, (18, 30), (10_000, 25_000, 90_000),
        65_000, 0.0016, (1_000_000, 9_999_999), (90, 240), (1, 1, 1, 1, 1.3, 1.5, 1.2),
        ((13, 1), (19, 3)), ("gelang manik", "jepit rambut", "kalung titanium"),
        items_per_order=1.6, view_seconds=52, study="accessories",
    ),
    CohortProfile(
        "kacamata.senja", "tiktok", "optical accessories", CREATOR, (50, 80), (150, 400, 1_500),
        45_000, 0.0006, (0, 25_000), (30, 90), (1, 1, 1, 1, 1, 1, 0.6),
        ((11, 1), (14, 1), (16, 1), (19, 1.5), (21, 1)),
        ("frame kacamata", "lensa anti radiasi", "kotak kacamata"),
        items_per_order=1.1, view_seconds=24, study="optical accessories",
    ),
    CohortProfile(
        "busana.naura", "tiktok", "fashion", SELLER_CENTER_EN, (6, 10), (2_000, 5_000, 15_000),
        185_000, 0.003, (800_000, 8_000_000), (60, 180), (0, 0, 0.5, 1, 1.5, 2, 2),
        ((15, 1), (20, 2)), ("gamis motif", "tunik linen", "kerudung segi empat"),
        view_seconds=61,
    ),
    CohortProfile(
        "taman.kembang.wangi", "tiktok", "ornamental plants", SELLER_CENTER_ID, (3, 6),
        (800, 1_800, 6_000), 240_000, 0.006, (700_000, 8_000_000), (60, 150),
        (0, 0, 0, 0.5, 0.5, 2, 2), ((16, 1), (19, 1)),
        ("anggrek bulan", "anggrek dendrobium", "kaktus mini"), view_seconds=70,
    ),
    CohortProfile(
        "duren.lembah.hijau", "tiktok", "durian products", CREATOR, (8, 14),
        (1_500, 4_000, 12_000), 95_000, 0.002, (250_000, 2_500_000), (60, 180),
        (1, 1, 1, 1, 1, 1.4, 1.4), ((15, 1), (19, 2)),
        ("pancake durian", "dodol durian", "es krim durian"), items_per_order=1.8,
    ),
    CohortProfile(
        "camilan.mbah.karto", "tiktok", "local snacks", CREATOR, (10, 16), (500, 1_500, 5_000),
        35_000, 0.004, (60_000, 700_000), (45, 150), (1, 1, 1, 1, 0.5, 1.2, 1.2),
        ((13, 1), (19, 2)), ("keripik singkong", "kerupuk gendar", "tempe mendoan kering"),
        items_per_order=2.2, view_seconds=40,
    ),
    CohortProfile(
        "sepatu.langkah.kita", "tiktok", "footwear", CREATOR, (12, 20), (5_000, 12_000, 40_000),
        160_000, 0.0018, (1_000_000, 10_000_000), (90, 240), (1, 1, 1, 1, 1.2, 1.5, 1.5),
        ((12, 1), (19, 3)), ("sneakers kanvas", "sepatu sekolah", "sandal gunung"),
        view_seconds=48,
    ),
    CohortProfile(
        "kopi.kali.serayu", "shopee", "food and drink", SHOPEE, (8, 14), (600, 1_800, 6_000),
        55_000, 0.006, (200_000, 2_000_000), (45, 150), (1, 1, 1, 1, 1, 1.2, 0.8),
        ((16, 1), (20, 2)), ("kopi robusta", "gula aren cair", "kopi susu botolan"),
        items_per_order=1.7,
    ),
    CohortProfile(
        "kriya.lembayung", "instagram", "regional products", INSTAGRAM, (2, 6),
        (150, 400, 1_500), 220_000, 0.01, (150_000, 4_000_000), (40, 110),
        (0.5, 0.5, 1, 1, 1, 2, 1), ((19, 1),), ("batik tulis", "tas anyaman", "caping hias"),
        view_seconds=80,
    ),
    CohortProfile(
        "hijab.ayunda", "tiktok", "fashion", CREATOR, (36, 52), (300, 800, 3_000), 70_000, 0.0015,
        (25_000, 300_000), (30, 90), (1, 1, 1, 1, 1, 1, 1),
        ((13, 1), (16, 1), (19, 1.5), (21, 1)), ("pashmina", "bergo instan", "inner ninja"),
        view_seconds=30,
    ),
    CohortProfile(
        "gula.kelapa.nira", "tiktok", "regional products", CREATOR, (5, 11),
        (400, 1_200, 4_000), 60_000, 0.005, (100_000, 1_200_000), (45, 120),
        (1, 0.5, 1, 0.5, 1, 1.5, 1.5), ((15, 1), (19, 1)),
        ("gula kelapa cetak", "gula semut", "nira kemasan"), items_per_order=2.0,
    ),
)  # fmt: skip


class DemoSession(TypedDict):
    """A demo session: every canonical session field (:data:`siaran.store.schema.SESSION_FIELDS`,
    ``None`` where its export leaves it empty) and the export layout it is written through."""

    platform: str
    account: str
    room_id: str | None
    title: str | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    duration_s: float | None
    currency: str | None
    gmv: float | None
    gmv_basis: str | None
    orders: int | None
    sku_orders: int | None
    items_sold: int | None
    customers: int | None
    views: int | None
    viewers: int | None
    impressions: int | None
    acu: int | None
    pcu: int | None
    avg_view_duration_s: float | None
    product_impressions: int | None
    product_clicks: int | None
    comments: int | None
    likes: int | None
    shares: int | None
    new_followers: int | None
    layout: str


def generate_cohort(seed: int = DEFAULT_SEED) -> list[DemoSession]:
    """Every session of every :data:`DEMO_PROFILES` account, sorted by account then start.

    Each dict holds every canonical session field (``None`` when unknown), with aware
    ``started_at``/``ended_at`` in Asia/Jakarta, Python ints for counts, GMV as a float in
    rupiah, and ``layout``: the export the account's sessions are written through. The same
    seed gives the same list.
    """
    import numpy as np

    children = np.random.SeedSequence(seed).spawn(len(DEMO_PROFILES))
    sessions: list[dict[str, Any]] = []
    for profile, child in zip(DEMO_PROFILES, children, strict=True):
        sessions.extend(_account_sessions(profile, np.random.default_rng(child)))
    return cast(list[DemoSession], sessions)


def window_ends() -> list[dt.date]:
    """The last day of every 28-day window that lies wholly inside the cohort's period."""
    first = START_DATE + dt.timedelta(days=WINDOW_DAYS - 1)
    return [first + dt.timedelta(days=i) for i in range((END_DATE - first).days + 1)]


def _account_sessions(profile: CohortProfile, rng: Generator) -> list[dict[str, Any]]:
    for _ in range(MAX_ATTEMPTS):
        starts = _schedule(profile, rng)
        cap = _duration_cap(profile)
        sessions = [_session(profile, rng, start, cap) for start in starts]
        _blank_some(profile, rng, sessions)
        if _within_ranges(profile, sessions):
            return sessions
    raise RuntimeError(f"demo profile {profile.account!r} cannot meet its own 28-day ranges")


def _schedule(profile: CohortProfile, rng: Generator) -> list[dt.datetime]:
    """Start times: the weekly habit, perturbed week by week."""
    hours = [hour for hour, _ in profile.hours]
    slots = [(day, hour) for day in range(7) for hour in hours]
    hour_weight = dict(profile.hours)
    weights = [profile.weekdays[day] * hour_weight[hour] for day, hour in slots]
    total = sum(weights)
    p = [w / total for w in weights]
    habit = {int(i) for i in rng.choice(len(slots), size=profile.habit_size, replace=False, p=p)}
    starts = []
    monday = START_DATE - dt.timedelta(days=START_DATE.weekday())
    while monday <= END_DATE:
        week = set(habit)
        roll = rng.random()  # below .15 drop a slot, .30 add one, .45 move one; else keep
        drop, add = roll < 0.15 or 0.30 <= roll < 0.45, 0.15 <= roll < 0.45
        if drop and len(week) > 1:
            week.discard(int(rng.choice(sorted(week))))
        if add:
            spare = [i for i in range(len(slots)) if i not in week and weights[i] > 0]
            spare_total = sum(weights[i] for i in spare)
            if spare:
                week.add(int(rng.choice(spare, p=[weights[i] / spare_total for i in spare])))
        for index in sorted(week):
            day, hour = slots[index]
            date = monday + dt.timedelta(days=day)
            if START_DATE <= date <= END_DATE:
                minute, second = int(rng.integers(0, 26)), int(rng.integers(0, 60))
                starts.append(dt.datetime(date.year, date.month, date.day, hour, minute, second))
        monday += dt.timedelta(days=7)
    return [start.replace(tzinfo=TIMEZONE) for start in sorted(starts)]


def _duration_cap(profile: CohortProfile) -> float:
    """Seconds a live may last without running into the account's next habitual slot."""
    hours = sorted(hour for hour, _ in profile.hours)
    gaps = [b - a for a, b in itertools.pairwise(hours)] + [24 + hours[0] - hours[-1]]
    return min(gaps) * 3600 - 30 * 60


def _session(
    profile: CohortProfile, rng: Generator, start: dt.datetime, cap: float
) -> dict[str, Any]:
    low, high = profile.duration_min
    duration = float(min(cap, round(rng.uniform(low, high) * 60)))
    reach = (duration / ((low + high) * 30)) ** 0.4
    least, typical, most = profile.viewers
    viewers = int(min(most, max(least, typical * math.exp(rng.normal(0, 0.45)) * reach)))
    views = int(viewers * rng.uniform(1.15, 1.8))
    view_s = int(min(600, max(8, profile.view_seconds * math.exp(rng.normal(0, 0.3)))))
    coached = COACHING_STARTS.get(profile.account)
    if coached is not None and start.date() >= coached:
        view_s = int(min(600, view_s * (1.0 + COACHING_EFFECT)))
    acu = max(1, round(views * view_s / duration))
    promo = _promo(start.date())
    lift = 1.4 if promo else 1.0
    rate = profile.conversion * lift * math.exp(rng.normal(0, 0.35))
    if profile.account in PLANTED_ACCOUNTS and start.date() >= PLANTED_FROM:
        rate *= 1.0 + PLANTED_EFFECT
    customers = int(rng.poisson(viewers * rate))
    orders = customers + int(rng.binomial(customers, 0.08))
    sku_orders = orders + int(rng.binomial(orders, 0.25))
    items_sold = sku_orders + int(rng.poisson(orders * (profile.items_per_order - 1)))
    product_impressions = int(views * rng.uniform(0.35, 0.9))
    clicks = max(int(product_impressions * rng.uniform(0.03, 0.12)), orders + customers // 2)
    noise = math.exp(rng.normal(0, 0.22))
    gmv = float(round(orders * profile.aov * noise, -2)) if orders else 0.0
    product = str(rng.choice(profile.products))
    opening = promo or str(rng.choice(_OPENINGS))
    session: dict[str, Any] = dict.fromkeys(SESSION_FIELD_NAMES)
    session.update(
        platform=profile.platform,
        account=profile.account,
        room_id=_room_id(profile, rng, start),
        title=f"{opening}: {product}",
        started_at=start,
        ended_at=start + dt.timedelta(seconds=duration),
        duration_s=duration,
        currency=CURRENCY,
        gmv=gmv,
        gmv_basis=_GMV_BASIS[profile.layout],
        orders=orders,
        sku_orders=sku_orders,
        items_sold=items_sold,
        customers=customers,
        views=views,
        viewers=viewers,
        impressions=int(views * rng.uniform(3.0, 8.0)),
        acu=acu,
        pcu=max(acu, round(acu * rng.uniform(1.6, 3.2))),
        avg_view_duration_s=float(view_s),
        product_impressions=max(product_impressions, clicks),
        product_clicks=clicks,
        comments=int(views * rng.uniform(0.02, 0.12)),
        likes=int(views * math.exp(rng.normal(0.4, 0.8))),
        shares=int(rng.binomial(views, 0.004)),
        new_followers=int(rng.binomial(viewers, 0.006)),
        layout=profile.layout,
    )
    if profile.layout == INSTAGRAM:
        for name in SESSION_FIELD_NAMES:
            if name not in _INSTAGRAM_FIELDS and name not in ("platform", "account"):
                session[name] = None
    return session


def _promo(day: dt.date) -> str | None:
    """Payday (25th to 1st) and twin dates (9.9) are when sellers run promotions."""
    if day.month == day.day:
        return f"Spesial {day.day}.{day.month}"
    if day.day >= 25 or day.day == 1:
        return _PROMOS[day.toordinal() % len(_PROMOS)]
    return None


def _room_id(profile: CohortProfile, rng: Generator, start: dt.datetime) -> str | None:
    seconds = int(start.timestamp())
    if profile.layout == CREATOR:
        # Snowflake-like, as TikTok's: creation time in the high bits, 19 digits in 2026.
        return str(seconds << 32 | int(rng.integers(0, 2**32)))
    if profile.layout == SHOPEE:
        return str(seconds // 60 * 100 + int(rng.integers(0, 100)))
    return None  # Seller Center and hand-kept logs have no room id


def _blank_some(profile: CohortProfile, rng: Generator, sessions: list[dict[str, Any]]) -> None:
    """About one session in 25 has one or two fields its export left empty."""
    fields = _MAY_BE_EMPTY[profile.layout]
    for session in sessions:
        if rng.random() < 0.04:
            count = int(rng.integers(1, 3))
            for name in rng.choice(fields, size=count, replace=False):
                session[str(name)] = None


def _within_ranges(profile: CohortProfile, sessions: Sequence[dict[str, Any]]) -> bool:
    days = [s["started_at"].date() for s in sessions]
    least, most = profile.sessions_per_28d
    low, high = profile.gmv_per_session
    for end in window_ends():
        first = end - dt.timedelta(days=WINDOW_DAYS - 1)
        inside = [s for s, day in zip(sessions, days, strict=True) if first <= day <= end]
        if not least <= len(inside) <= most:
            return False
        if not low <= sum(s["gmv"] for s in inside) / len(inside) <= high:
            return False
    return True
