"""Event streams for a few demo lives, simulated so that they agree with the exported totals.

For the latest live of :data:`EVENT_ACCOUNTS` the demo writes the canonical JSONL a capture
would have produced, then imports it like any other file. The simulation follows the session's
own export row:

- **viewers**: ``views`` arrivals (``join`` events; the first ``viewers`` of them are distinct
  people, the rest come back), front-loaded with a second wave mid-live; each stays for an
  exponential dwell time whose mean is the export's average viewing duration. A ``viewers``
  sample every 15 seconds counts who is in, scaled so that its peak is the export's PCU (a few
  samples are lost, as real captures lose them);
- **comments and likes** arrive in bursts that follow the audience; likes come in taps of
  several; **shares** and **follows** are spread over the live;
- **products** are pinned three times; every **order** comes a few minutes after a pin, and the
  order amounts add up to the export's GMV exactly.

So the stream's totals equal the export's: joins = views, distinct joiners = viewers, peak
sample = PCU, and comments, likes, shares, follows, orders and GMV.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NotRequired, TypedDict, TypeVar, cast

if TYPE_CHECKING:
    import numpy as np

EVENT_ACCOUNTS: Final = ("dapur.sekar.arum", "hijab.ayunda", "gula.kelapa.nira")
EVENTS_DIR: Final = "events"
SAMPLE_EVERY_S: Final = 15
LOST_SAMPLE_SHARE: Final = 0.04
PINS: Final = 3


Live = TypeVar("Live", bound=Mapping[str, Any])


class DemoEvent(TypedDict):
    """A canonical event of a demo live as its JSON Lines file writes it."""

    id: str
    type: str
    ts: str
    room_id: str
    user: NotRequired[str]
    viewers: NotRequired[int]
    text: NotRequired[str]
    count: NotRequired[int]
    product_id: NotRequired[str]
    amount: NotRequired[float]


def latest_lives(sessions: Sequence[Live]) -> list[Live]:
    """The latest live (with a room id and a duration) of each of :data:`EVENT_ACCOUNTS`."""
    chosen = []
    for account in EVENT_ACCOUNTS:
        own = [
            s
            for s in sessions
            if s["account"] == account and s.get("room_id") and s.get("duration_s")
        ]
        if own:
            chosen.append(max(own, key=lambda s: s["started_at"]))
    return chosen


def _count(session: Mapping[str, Any], name: str) -> int:
    value = session.get(name)
    return int(value) if value is not None else 0


def simulate_events(session: Mapping[str, Any], seed: int) -> list[DemoEvent]:
    """The canonical events of one live, sorted by time (see the module docstring)."""
    import numpy as np

    rng = np.random.default_rng([seed, int(str(session["room_id"])[-9:])])
    start: dt.datetime = session["started_at"]
    duration = float(session["duration_s"])
    room = str(session["room_id"])
    events: list[dict[str, Any]] = []

    def add(kind: str, offset: float, **fields: Any) -> None:
        moment = start + dt.timedelta(seconds=float(min(max(offset, 0.0), duration - 1)))
        events.append({"type": kind, "ts": moment, "room_id": room, **fields})

    arrivals = _arrivals(rng, _count(session, "views"), duration)
    people = _count(session, "viewers") or len(arrivals)
    order = rng.permutation(len(arrivals))
    for rank, offset in zip(order, arrivals, strict=True):
        user = rank if rank < people else int(rng.integers(0, people))
        add("join", offset, user=f"penonton{user:05d}")
    dwell = float(session.get("avg_view_duration_s") or 60.0)
    leaves = arrivals + rng.exponential(dwell, len(arrivals))
    for offset, viewers in _samples(rng, arrivals, leaves, duration, _count(session, "pcu")):
        add("viewers", offset, viewers=viewers)
    for offset in _follow_audience(rng, arrivals, _count(session, "comments"), duration):
        add("comment", offset, user=f"penonton{int(rng.integers(0, people)):05d}", text="kak")
    for offset, taps in _like_bursts(rng, arrivals, _count(session, "likes"), duration):
        add("like", offset, user=f"penonton{int(rng.integers(0, people)):05d}", count=taps)
    for kind, total in (("share", "shares"), ("follow", "new_followers")):
        for offset in np.sort(rng.uniform(0, duration, _count(session, total))):
            add(kind, offset, user=f"penonton{int(rng.integers(0, people)):05d}")
    pins = np.sort(rng.uniform(0.08, 0.8, PINS)) * duration
    for number, offset in enumerate(pins, start=1):
        add("product", offset, product_id=f"{room[-4:]}-p{number}", text=f"Produk {number}")
    _orders(rng, session, pins, duration, add)
    add("end", duration - 1)
    events.sort(key=lambda e: (e["ts"], e["type"]))
    for number, found in enumerate(events, start=1):
        found["id"] = f"{room}-{number:06d}"
        found["ts"] = found["ts"].isoformat(timespec="milliseconds")
    return [cast(DemoEvent, {"id": e.pop("id"), **e}) for e in events]


def _arrivals(rng: np.random.Generator, views: int, duration: float) -> np.ndarray:
    """Arrival offsets: most early in the live, a second wave around its middle, and a
    trickle throughout (so some people are still there at the end)."""
    import numpy as np

    early, wave = int(views * 0.55), int(views * 0.25)
    first = rng.beta(1.2, 3.0, early) * duration
    second = rng.normal(0.55, 0.12, wave).clip(0.0, 0.98) * duration
    trickle = rng.uniform(0.0, duration, views - early - wave)
    return np.sort(np.concatenate([first, second, trickle]))


def _samples(
    rng: np.random.Generator,
    arrivals: np.ndarray,
    leaves: np.ndarray,
    duration: float,
    pcu: int,
) -> list[tuple[float, int]]:
    import numpy as np

    times = np.arange(SAMPLE_EVERY_S / 2, duration - 1, SAMPLE_EVERY_S)
    present = np.searchsorted(np.sort(arrivals), times, side="right") - np.searchsorted(
        np.sort(leaves), times, side="right"
    )
    peak = int(present.max()) if len(present) else 0
    if peak == 0 or pcu == 0:
        return []
    scaled = np.round(present * pcu / peak).astype(int)
    kept = rng.random(len(times)) >= LOST_SAMPLE_SHARE
    kept[int(np.argmax(scaled))] = True  # the peak itself was captured
    return [(float(t), int(v)) for t, v, k in zip(times, scaled, kept, strict=True) if k]


def _follow_audience(
    rng: np.random.Generator, arrivals: np.ndarray, total: int, duration: float
) -> np.ndarray:
    """``total`` moments that follow the audience: shortly after someone arrives."""
    import numpy as np

    if total == 0 or len(arrivals) == 0:
        return np.sort(rng.uniform(0, duration, total))
    picked = rng.choice(arrivals, total) + rng.exponential(40.0, total)
    return np.sort(picked.clip(0, duration - 1))


def _like_bursts(
    rng: np.random.Generator, arrivals: np.ndarray, total: int, duration: float
) -> list[tuple[float, int]]:
    """``total`` likes as bursts of 1-30 taps that add up to it exactly."""
    sizes: list[int] = []
    left = total
    while left > 0:
        taps = min(left, int(rng.integers(1, 31)))
        sizes.append(taps)
        left -= taps
    moments = _follow_audience(rng, arrivals, len(sizes), duration)
    return list(zip(moments.tolist(), sizes, strict=True))


def _orders(
    rng: np.random.Generator,
    session: Mapping[str, Any],
    pins: np.ndarray,
    duration: float,
    add: Any,
) -> None:
    """Orders a few minutes after a pin; their amounts add up to the export's GMV."""
    import numpy as np

    orders = _count(session, "orders")
    if orders == 0:
        return
    gmv = float(session.get("gmv") or 0.0)
    shares = rng.dirichlet(np.full(orders, 4.0))
    amounts = np.floor(shares * gmv / 100) * 100
    amounts[-1] = gmv - amounts[:-1].sum()
    people = _count(session, "customers") or orders
    for number, amount in enumerate(amounts):
        after = pins[int(rng.integers(0, len(pins)))] + rng.exponential(150.0)
        add(
            "order",
            min(after, duration - 2),
            user=f"pembeli{number % people:04d}",
            product_id=f"{str(session['room_id'])[-4:]}-p{1 + number % PINS}",
            amount=float(amount),
        )


def write_demo_events(
    folder: Path, sessions: Sequence[Mapping[str, Any]], *, seed: int
) -> list[tuple[Path, str]]:
    """Write the event streams of :func:`latest_lives` as JSONL under ``folder``; returns
    ``(path, account)`` pairs to import. Byte-identical for the same seed."""
    written = []
    for session in latest_lives(sessions):
        target = folder / str(session["account"]) / EVENTS_DIR
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"live_{session['room_id']}.jsonl"
        lines = (json.dumps(e, ensure_ascii=False) for e in simulate_events(session, seed))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append((path, str(session["account"])))
    return written
