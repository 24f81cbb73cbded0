"""The demo's ecosystem: affiliate order exports and reseller registers consistent with the
accounts' lives, and scored lives with and without an ecosystem call.

For each of :data:`ECOSYSTEM_ACCOUNTS` the demo writes, over the last :data:`MONTHS` calendar
months of the account's lives, a TikTok Shop affiliate order export: five invented creators
whose monthly affiliate GMV is a steady share of the account's own lives' GMV that month
(LIVE, video, showcase and product-card orders at the account's usual order value; one in
twelve ineligible), each row with a **fake** buyer and phone number that the import drops.
For :data:`SIGNUP_ACCOUNTS` it also writes a reseller register (CSV for one, XLSX for the
other) and plans which of the account's latest lives had the host invite viewers to become
resellers: more resellers join in the days after those lives (a planted association), and
:func:`score_ecosystem_lives` stores a short scorecard for each planned live, so that
``siaran ecosystem --view signups`` has two groups to compare.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NotRequired, TypedDict

from siaran.ecosystem.writer import write_affiliate_export, write_reseller_register
from siaran.talk import Transcript, save_scorecard, score_session
from siaran.talk.storage import load_scorecard, session_started_at

if TYPE_CHECKING:
    import numpy as np

    from siaran.workspace import Workspace

ECOSYSTEM_ACCOUNTS: Final = ("camilan.mbah.karto", "duren.lembah.hijau", "dapur.sekar.arum")
SIGNUP_ACCOUNTS: Final = ("camilan.mbah.karto", "duren.lembah.hijau")
ECOSYSTEM_DIR: Final = "ecosystem"
MONTHS: Final = 3
SCORED_LIVES: Final = 14
CREATORS: Final = ("dapurnya.rara", "jajan.bareng.tio", "ulasan.mamah.ina", "kulineran.dimas",
                   "cemilan.hits.sby")  # fmt: skip
CONTENT: Final = (("LIVE", 0.4), ("Video", 0.35), ("Showcase", 0.15), ("Product card", 0.1))
CHANNELS: Final = ("WhatsApp", "WhatsApp", "Shopee", "offline", "TikTok")
FIRST: Final = ("Rina", "Agus", "Dewi", "Bayu", "Sri", "Eko", "Wulan", "Joko", "Fitri", "Tono")
CALL: Final = "Yang mau jadi reseller, gabung grup WhatsApp kami ya kak, link ada di bio"
HOST_LINES: Final = (
    "Halo kak, selamat datang di live kami",
    "Ini produk andalan kami, aku buka ya kak biar kelihatan",
    "Harganya hari ini lebih murah, gratis ongkir",
    "Langsung checkout di keranjang kuning ya kak",
)


def _rng(seed: int, account: str, what: str) -> np.random.Generator:
    import numpy as np

    return np.random.default_rng([seed, sum(map(ord, account)), sum(map(ord, what))])


def _months(lives: Sequence[Mapping[str, Any]]) -> list[dt.date]:
    last = max(s["started_at"] for s in lives).date().replace(day=1)
    months = [last]
    while len(months) < MONTHS:
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    return months


def _month_of(moment: dt.datetime) -> dt.date:
    return moment.date().replace(day=1)


class AffiliateOrder(TypedDict):
    """A row of the demo's affiliate export, with the buyer fields it carries (and the import
    drops)."""

    order_id: str
    product: str
    creator: str
    content_type: str
    created_at: dt.datetime
    status: str
    gmv: float
    commission_rate: str
    estimated_commission: int
    commission: int | None
    buyer: str
    phone: str


class ResellerMonth(TypedDict):
    """A row of the demo's reseller register: a reseller and, from the month they joined, one
    month's purchases."""

    reseller_id: str
    name: str
    joined_on: str
    channel: str
    phone: str
    month: NotRequired[str]
    orders: NotRequired[int]
    purchase_value: NotRequired[float]


def affiliate_rows(
    sessions: Sequence[Mapping[str, Any]], account: str, seed: int
) -> list[AffiliateOrder]:
    """The affiliate orders of ``account`` (module docstring), oldest first."""
    rng = _rng(seed, account, "affiliates")
    lives = [s for s in sessions if s["account"] == account and s.get("gmv") is not None]
    if not lives:
        return []
    orders = sum(int(s.get("orders") or 0) for s in lives)
    aov = max(15_000.0, sum(float(s["gmv"]) for s in lives) / max(orders, 1))
    zone = lives[0]["started_at"].tzinfo
    rows: list[AffiliateOrder] = []
    number = 0
    for month in _months(lives):
        own = sum(float(s["gmv"]) for s in lives if _month_of(s["started_at"]) == month)
        target = own * float(rng.uniform(0.12, 0.25))
        spent = 0.0
        while spent < target:
            number += 1
            value = float(round(aov * rng.uniform(0.6, 1.4), -2))
            kind = CONTENT[int(rng.choice(len(CONTENT), p=[w for _, w in CONTENT]))][0]
            day = int(rng.integers(1, 29))
            hour = int(rng.integers(19, 23)) if kind == "LIVE" else int(rng.integers(7, 23))
            created = dt.datetime(month.year, month.month, day, hour, int(rng.integers(60)),
                                  tzinfo=zone)  # fmt: skip
            status = "Ineligible" if rng.random() < 1 / 12 else (
                "Pending" if rng.random() < 0.15 else "Settled"
            )  # fmt: skip
            rate = int(rng.choice([5, 8, 10, 12, 15]))
            buyer = FIRST[int(rng.integers(len(FIRST)))]
            rows.append(
                {
                    "order_id": f"5779{sum(map(ord, account)) % 1000:03d}{number:07d}",
                    "product": "Produk unggulan",
                    "creator": CREATORS[int(rng.integers(len(CREATORS)))],
                    "content_type": kind,
                    "created_at": created,
                    "status": status,
                    "gmv": value,
                    "commission_rate": f"{rate}%",
                    "estimated_commission": round(value * rate / 100),
                    "commission": round(value * rate / 100) if status == "Settled" else None,
                    "buyer": f"{buyer.lower()}.contoh{number:03d}",
                    "phone": f"+62 812-0000-{int(rng.integers(1000, 9999))}",
                }
            )
            if status != "Ineligible":
                spent += value
    return sorted(rows, key=lambda r: (str(r["created_at"]), r["order_id"]))


def planned_calls(
    sessions: Sequence[Mapping[str, Any]], account: str, seed: int
) -> list[tuple[str, dt.datetime, bool]]:
    """The latest :data:`SCORED_LIVES` lives of ``account`` and whether the host made an
    ecosystem call in each: (room id, start, call)."""
    rng = _rng(seed, account, "calls")
    lives = sorted(
        (s for s in sessions if s["account"] == account and s.get("room_id")),
        key=lambda s: s["started_at"],
    )[-SCORED_LIVES:]
    return [(str(s["room_id"]), s["started_at"], bool(rng.random() < 0.5)) for s in lives]


def reseller_rows(
    sessions: Sequence[Mapping[str, Any]], account: str, seed: int
) -> list[ResellerMonth]:
    """A reseller register: a few resellers from before, more joining in the days after the
    planned lives (about 1.6 after a live with a call, 0.5 after one without), each with
    their purchases per month from the month they joined."""
    rng = _rng(seed, account, "resellers")
    lives = [s for s in sessions if s["account"] == account]
    if not lives:
        return []
    months = _months(lives)
    joins: list[dt.date] = [
        months[0] - dt.timedelta(days=int(rng.integers(20, 120))) for _ in range(4)
    ]
    for _room, start, call in planned_calls(sessions, account, seed):
        for _ in range(int(rng.poisson(1.6 if call else 0.5))):
            joins.append(start.date() + dt.timedelta(days=int(rng.integers(0, 5))))
    last = (months[-1] + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    rows: list[ResellerMonth] = []
    for n, joined in enumerate(sorted(j for j in joins if j <= last), start=1):
        person: ResellerMonth = {
            "reseller_id": f"RS-{n:03d}",
            "name": f"Toko {FIRST[n % len(FIRST)]} {n:02d}",
            "joined_on": joined.isoformat(),
            "channel": CHANNELS[int(rng.integers(len(CHANNELS)))],
            "phone": f"+62 813-0000-{int(rng.integers(1000, 9999))}",
        }
        active = [m for m in months if m >= joined.replace(day=1)]
        if not active:
            rows.append(person)
        for month in active:
            buys = int(rng.poisson(2.0)) if rng.random() < 0.7 else 0
            value = float(round(buys * rng.uniform(80_000, 250_000), -3))
            rows.append({**person, "month": month.strftime("%Y-%m"), "orders": buys,
                         "purchase_value": value})  # fmt: skip
    return rows


def write_demo_ecosystem(
    folder: Path, sessions: Sequence[Mapping[str, Any]], *, seed: int
) -> list[tuple[Path, str]]:
    """Write each account's affiliate export and register; (file, account) pairs."""
    written = []
    for account in ECOSYSTEM_ACCOUNTS:
        target = Path(folder) / account / ECOSYSTEM_DIR
        target.mkdir(parents=True, exist_ok=True)
        rows = affiliate_rows(sessions, account, seed)
        if rows:
            written.append((write_affiliate_export(target / "affiliate_orders.csv", rows), account))
        if account not in SIGNUP_ACCOUNTS:
            continue
        register = reseller_rows(sessions, account, seed)
        suffix = "xlsx" if account == SIGNUP_ACCOUNTS[1] else "csv"
        if register:
            path = write_reseller_register(target / f"daftar_reseller.{suffix}", register)
            written.append((path, account))
    return written


def score_ecosystem_lives(
    workspace: Workspace, sessions: Sequence[Mapping[str, Any]], *, seed: int
) -> int:
    """Store a short scorecard for each planned live of :data:`SIGNUP_ACCOUNTS` that the
    workspace holds and no scorecard covers yet; returns how many were stored."""
    stored = 0
    for account in SIGNUP_ACCOUNTS:
        for room, _start, call in planned_calls(sessions, account, seed):
            started = session_started_at(workspace, account, room)
            if started is None or load_scorecard(workspace, account, room) is not None:
                continue
            lines = [*HOST_LINES[:3], CALL, HOST_LINES[3]] if call else list(HOST_LINES)
            card = score_session(Transcript.from_texts(lines), room_id=room, started_at=started)
            save_scorecard(workspace, card, account=account)
            stored += 1
    return stored
