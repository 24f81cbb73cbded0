"""Proof that advice finds what is there: a planted practice comes out on top for the accounts
that lack it, and nothing is claimed where nothing was planted.

Generated cohorts go into a real workspace, through the tables ``siaran advise`` reads: the
lives as ``sessions`` rows, and for every live a timed transcript scored with
:func:`siaran.talk.score_session` and stored with :func:`siaran.talk.save_scorecard`
(``talk_scores`` and ``talk_lines``). Then :func:`siaran.advice.advise_all` diagnoses every
account, as ``siaran advise`` would, and three figures are counted:

- **found**: of the accounts that lack the practice, the share whose first recommendation
  (``rank_by_effect`` 1) is the planted one;
- **wrongly told**: of the accounts that practise it, the share told to adopt it at all;
- **claimed**: the share of cohorts in which the practice is recommended to some account
  with high confidence (with nothing planted: the false-positive rate).

The cohort model (what advice assumes, and nothing kinder): :data:`ACCOUNTS` accounts with
:data:`LIVES` lives each in the four weeks judged, each account with its own conversion
(buyers per viewer, log-normal across accounts, sigma :data:`ACCOUNT_SIGMA`), each live with
its own audience and log-normal noise on its rate (sigma :data:`LIVE_SIGMA`), buyers drawn from
the viewers. The first :data:`PRACTISING` accounts show the product working in the first ten
minutes in most of their lives (:data:`ADHERENCE`); the others show it later or not at all.
A live with an early demonstration converts ``1 + planted`` times as well. Two other practices
vary from live to live at random, with no effect on conversion, so that the planted one
competes with recommendations that rest on noise: calls to action through to the end, and
urgency backed by an offer, each followed in half the lives.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

import numpy as np

from siaran.advice.diagnose import advise_all
from siaran.store.schema import SESSION_FIELD_NAMES
from siaran.talk import Transcript, save_scorecards, score_session
from siaran.talk.tagger import TaggedLine, tag_lines
from siaran.talk.transcripts import TranscriptLine

if TYPE_CHECKING:
    from siaran.advice.model import Advice
    from siaran.workspace import Workspace

PRACTICE: Final = "trust.early_demonstration"
COHORTS: Final = 200
ACCOUNTS: Final = 12
PRACTISING: Final = 4
LIVES: Final = 10
WINDOW_DAYS: Final = 28
ADHERENCE: Final = 0.9
"""Share of a practising account's lives with a demonstration in the first ten minutes."""
PLANTED: Final = 0.30
"""The planted effect: +30 % conversion in lives with an early demonstration."""
BASE_CONVERSION: Final = 0.02
ACCOUNT_SIGMA: Final = 0.3
LIVE_SIGMA: Final = 0.25
NULL_PRACTICE_SHARE: Final = 0.5
LINE_GAP_S: Final = 120.0
END: Final = dt.date(2026, 7, 28)
ZONE: Final = ZoneInfo("Asia/Jakarta")

GREETING: Final = "Halo kak selamat datang di live"
DEMONSTRATION: Final = "aku cobain langsung ya, liat teksturnya"
CALL: Final = "klik keranjang kuning nomor satu ya kak, langsung checkout"
OFFER: Final = "harganya 35 ribu aja"
URGENCY: Final = "stok tinggal sedikit, buruan"
URGENCY_WITH_OFFER: Final = "stok tinggal sedikit, buruan, harganya 35 ribu aja"
FILLER: Final = (
    "bahannya tanpa pengawet, beratnya 150 gram",
    "sudah ada PIRT dan halal ya kak",
    "cerita dulu ya kak tadi pagi hujan",
)
CLOSING: Final = "makasih udah nonton"


@dataclass(frozen=True)
class AdviceSimulationResult:
    """What advice found over ``cohorts`` generated cohorts with ``planted``."""

    planted: float
    cohorts: int
    lacking: int
    found: int
    practising: int
    wrongly_told: int
    claimed: int

    @property
    def found_share(self) -> float:
        return self.found / self.lacking if self.lacking else 0.0

    @property
    def wrongly_told_share(self) -> float:
        return self.wrongly_told / self.practising if self.practising else 0.0

    @property
    def claim_rate(self) -> float:
        return self.claimed / self.cohorts


@dataclass(frozen=True)
class SimulatedLive:
    account: str
    room_id: str
    started_at: dt.datetime
    duration_s: float
    viewers: int
    customers: int
    early_demonstration: bool
    calls_to_end: bool
    urgency_with_offer: bool


def _tags() -> dict[str, TaggedLine]:
    texts = [GREETING, DEMONSTRATION, CALL, OFFER, URGENCY, URGENCY_WITH_OFFER, *FILLER, CLOSING]
    return dict(zip(texts, tag_lines(texts, "host"), strict=True))


def transcript(live: SimulatedLive) -> list[tuple[float, str]]:
    """What the host says, a line every :data:`LINE_GAP_S` seconds: a greeting, the first
    demonstration in minutes 2-9 (early) or 15-40 (late), an offer now and then, calls to
    action every four minutes to the last line or only a few early on, and an urgency line
    that states the price or stands far from any offer."""
    rng = np.random.default_rng(int(live.room_id))
    slots = int(live.duration_s // LINE_GAP_S)
    texts = [FILLER[i % len(FILLER)] for i in range(slots)]
    texts[0] = GREETING
    for slot in range(6, slots - 1, 6):
        texts[slot] = OFFER
    if live.calls_to_end:
        for slot in range(3, slots, 2):
            texts[slot] = CALL
        texts[-1] = CALL
    else:
        for slot in (5, 9, 13):
            texts[slot] = CALL
        texts[-1] = CLOSING
    demo_minute = float(rng.uniform(2, 9) if live.early_demonstration else rng.uniform(15, 40))
    demo_slot = int(demo_minute * 60 // LINE_GAP_S)
    texts[demo_slot] = DEMONSTRATION
    # Urgency with the price in the same line, or alone four minutes from the nearest offer.
    urgency_slot = 16 if texts[16] != DEMONSTRATION else 17
    texts[urgency_slot] = URGENCY_WITH_OFFER if live.urgency_with_offer else URGENCY
    return [(slot * LINE_GAP_S + 5.0, text) for slot, text in enumerate(texts)]


def cohort(rng: np.random.Generator, effect: float, number: int = 0) -> list[SimulatedLive]:
    """The lives of one generated cohort (room ids unique across ``number``)."""
    lives = []
    for index in range(ACCOUNTS):
        account = f"akun{index:02d}"
        rate = BASE_CONVERSION * float(rng.lognormal(-(ACCOUNT_SIGMA**2) / 2, ACCOUNT_SIGMA))
        practising = index < PRACTISING
        days = np.sort(rng.choice(WINDOW_DAYS, size=LIVES, replace=False))
        for n, day in enumerate(days):
            early = practising and bool(rng.random() < ADHERENCE)
            duration = float(rng.integers(30, 61)) * LINE_GAP_S
            # The audience grows with the length of the live, so GMV per hour does not depend on it.
            viewers = int(rng.lognormal(np.log(1500.0), 0.4) * duration / 5400.0)
            live_rate = rate * float(rng.lognormal(-(LIVE_SIGMA**2) / 2, LIVE_SIGMA))
            live_rate *= 1.0 + effect if early else 1.0
            started = dt.datetime.combine(
                END - dt.timedelta(days=int(WINDOW_DAYS - 1 - day)),
                dt.time(19 + int(rng.integers(0, 2))),
                tzinfo=ZONE,
            )
            lives.append(
                SimulatedLive(
                    account=account,
                    room_id=f"{number:04d}{index:02d}{n:02d}",
                    started_at=started,
                    duration_s=duration,
                    viewers=viewers,
                    customers=int(rng.binomial(viewers, min(live_rate, 1.0))),
                    early_demonstration=early,
                    calls_to_end=bool(rng.random() < NULL_PRACTICE_SHARE),
                    urgency_with_offer=bool(rng.random() < NULL_PRACTICE_SHARE),
                )
            )
    return lives


def write_cohort(workspace: Workspace, lives: Sequence[SimulatedLive]) -> None:
    """Replace the workspace's sessions and scorecards with those of ``lives``."""
    import pyarrow as pa

    con = workspace.con
    for table in ("talk_lines", "talk_scores", "sessions"):
        con.execute(f"DELETE FROM {table}")
    rows = [_session(live) for live in lives]
    columns = {
        "session_key": [live.room_id for live in lives],
        "source_sha256": ["0" * 64] * len(lives),
        "source_row": list(range(1, len(lives) + 1)),
        "layout": ["simulation"] * len(lives),
        **{name: [row.get(name) for row in rows] for name in SESSION_FIELD_NAMES},
    }
    con.register("simulated_sessions", pa.table(columns))
    try:
        con.execute("INSERT INTO sessions BY NAME SELECT * FROM simulated_sessions")
    finally:
        con.unregister("simulated_sessions")
    tags = _tags()
    scored = []
    for live in lives:
        said = transcript(live)
        lines = tuple(
            TranscriptLine(n, text, at, at + LINE_GAP_S - 10.0)
            for n, (at, text) in enumerate(said, 1)
        )
        line_tags = [tags[text] for _, text in said]
        card = score_session(
            Transcript(lines, "srt"),
            room_id=live.room_id,
            started_at=live.started_at,
            tags=line_tags,
        )
        scored.append((live.account, card, lines, line_tags))
    save_scorecards(workspace, scored)


def _session(live: SimulatedLive) -> dict[str, object]:
    return {
        "platform": "tiktok",
        "account": live.account,
        "room_id": live.room_id,
        "title": "live",
        "started_at": live.started_at,
        "ended_at": live.started_at + dt.timedelta(seconds=live.duration_s),
        "duration_s": live.duration_s,
        "currency": "IDR",
        "gmv": live.customers * 60_000.0,
        "gmv_basis": "attributed",
        "orders": float(live.customers),
        "customers": float(live.customers),
        "views": float(round(live.viewers * 1.3)),
        "viewers": float(live.viewers),
        "product_clicks": float(round(live.viewers * 0.1)),
        "comments": float(round(live.viewers * 0.05)),
        "avg_view_duration_s": 60.0,
    }


def _count(found: Sequence[Advice]) -> tuple[int, int, int, int, bool]:
    """Lacking accounts, those whose first recommendation is the practice, practising
    accounts, those told to adopt it, and whether it was recommended with high confidence."""
    lacking = top = practising = told = 0
    claimed = False
    for advice in found:
        ids = [r.id for r in advice.recommendations]
        claimed = claimed or any(
            r.id == PRACTICE and r.confidence == "high" for r in advice.recommendations
        )
        if int(advice.account[-2:]) < PRACTISING:
            practising += 1
            told += PRACTICE in ids
        else:
            lacking += 1
            top += ids[:1] == [PRACTICE]
    return lacking, top, practising, told, claimed


def cohorts(
    planted: float, count: int, seed: int
) -> Iterator[tuple[list[SimulatedLive], list[Advice]]]:
    """``count`` generated cohorts with ``planted`` and what advice says on each."""
    from siaran.workspace import Workspace

    rng = np.random.default_rng([seed, int(planted * 1e6)])
    with (
        tempfile.TemporaryDirectory(prefix="siaran-advice-sim-") as folder,
        Workspace.create(Path(folder) / "ws") as workspace,
    ):
        for number in range(count):
            lives = cohort(rng, planted, number)
            write_cohort(workspace, lives)
            yield lives, advise_all(workspace, window_days=WINDOW_DAYS)


def simulate(
    planted: float, *, cohorts_count: int = COHORTS, seed: int = 20261205
) -> AdviceSimulationResult:
    """Run ``cohorts_count`` generated cohorts with ``planted`` (0 for none) and count."""
    totals = [0, 0, 0, 0, 0]
    for _, found in cohorts(planted, cohorts_count, seed):
        totals = [total + int(n) for total, n in zip(totals, _count(found), strict=True)]
    lacking, top, practising, told, claimed = totals
    return AdviceSimulationResult(planted, cohorts_count, lacking, top, practising, told, claimed)
