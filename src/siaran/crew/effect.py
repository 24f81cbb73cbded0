"""Role coverage across an account's lives, and live measures split by whether a dedicated
interaction admin was there.

Only lives with a recorded roster count: a live without one is unknown, not "without an
admin". A live has a **dedicated interaction admin** when its roster names an
``interaction_admin`` who is not also its host or co-host
(:attr:`siaran.crew.roster.LiveCrew.dedicated_admin`).

- **Role coverage**: for each role, the share of the account's lives with a roster that name
  at least one person in it (``other`` counts any free-text role).
- **Split**: per live, ``answer_rate`` and ``median_latency_s`` of its stored talk scorecard;
  ``comments_per_minute`` from its captured event stream (comments over the minutes from the
  first to the last event) where there is one, else the platform export's ``comments`` over
  ``duration_s`` / 60; ``conversion`` as the KPI registry defines it (customers / viewers, or /
  views when viewers are unknown). For each measure: the lives with and without a dedicated
  admin that have it, each group's mean, the difference (with - without) and a percentile
  bootstrap interval of it, resampling lives within each group
  (:data:`siaran.resampling.RESAMPLES` times from :data:`siaran.resampling.SEED`). Fewer than
  :data:`MIN_LIVES` lives with the measure in either group: "too little data", with the
  number still needed.

This is an **association** between the crew and the live, not its cause: lives with an admin
may differ in many other ways (the day, the offer, the host).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

from siaran.crew.roster import ROLES, LiveCrew, list_crew
from siaran.metrics.spearman import CONFIDENCE
from siaran.resampling import RESAMPLES, SEED
from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from siaran.workspace import Workspace

MIN_LIVES: Final = 5
"""Lives each group needs with a measure before a difference is shown."""
_STREAM: Final = 23  # keeps this module's random numbers apart from the other users of SEED

Measure = Literal["answer_rate", "median_latency_s", "comments_per_minute", "conversion"]
MEASURES: Final[tuple[Measure, ...]] = (
    "answer_rate",
    "median_latency_s",
    "comments_per_minute",
    "conversion",
)
Source = Literal["events", "export"]


@dataclass(frozen=True)
class RoleCoverage:
    role: str
    lives: int
    share: float | None


@dataclass(frozen=True)
class Split:
    """One measure, lives with a dedicated interaction admin against lives without."""

    measure: Measure
    lives_with: int
    lives_without: int
    mean_with: float | None
    mean_without: float | None
    difference: float | None
    low: float | None
    high: float | None
    enough: bool
    needed_with: int
    needed_without: int


@dataclass(frozen=True)
class LiveMeasures:
    """The measures of one live with a roster."""

    room_id: str
    dedicated_admin: bool
    answer_rate: float | None
    median_latency_s: float | None
    comments_per_minute: float | None
    comments_source: Source | None
    conversion: float | None

    def value(self, measure: Measure) -> float | None:
        found: float | None = getattr(self, measure)
        return found


@dataclass(frozen=True)
class CrewEffect:
    """:func:`crew_effect` of one account."""

    account: str
    lives: int
    lives_with_roster: int
    lives_with_admin: int
    coverage: tuple[RoleCoverage, ...]
    splits: tuple[Split, ...]
    per_live: tuple[LiveMeasures, ...]
    min_lives: int
    confidence: float
    resamples: int


def role_coverage(rosters: Sequence[LiveCrew]) -> tuple[RoleCoverage, ...]:
    """The share of ``rosters`` naming each role (``None`` without rosters)."""
    total = len(rosters)
    out = []
    for role in ROLES:
        lives = sum(1 for r in rosters if r.people(role))
        out.append(RoleCoverage(role, lives, lives / total if total else None))
    return tuple(out)


def mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def bootstrap_difference(
    with_values: Sequence[float],
    without_values: Sequence[float],
    *,
    resamples: int = RESAMPLES,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """A percentile bootstrap interval of ``mean(with) - mean(without)``, resampling each
    group's values with replacement."""
    import numpy as np

    rng = np.random.default_rng([SEED, _STREAM])
    a = np.asarray(with_values, dtype=np.float64)
    b = np.asarray(without_values, dtype=np.float64)
    picks_a = rng.integers(0, a.size, size=(resamples, a.size))
    picks_b = rng.integers(0, b.size, size=(resamples, b.size))
    diffs = a[picks_a].mean(axis=1) - b[picks_b].mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(diffs, [tail, 1.0 - tail])
    return float(low), float(high)


def split_measure(
    measure: Measure, lives: Sequence[LiveMeasures], *, min_lives: int = MIN_LIVES
) -> Split:
    """``measure`` of ``lives`` with against without a dedicated admin (module docs)."""
    with_values = [
        v for live in lives if live.dedicated_admin and (v := live.value(measure)) is not None
    ]
    without_values = [
        v for live in lives if not live.dedicated_admin and (v := live.value(measure)) is not None
    ]
    mean_with, mean_without = mean(with_values), mean(without_values)
    enough = min(len(with_values), len(without_values)) >= min_lives
    difference = low = high = None
    if enough and mean_with is not None and mean_without is not None:
        difference = mean_with - mean_without
        low, high = bootstrap_difference(with_values, without_values)
    return Split(
        measure=measure,
        lives_with=len(with_values),
        lives_without=len(without_values),
        mean_with=mean_with,
        mean_without=mean_without,
        difference=difference,
        low=low,
        high=high,
        enough=enough,
        needed_with=max(0, min_lives - len(with_values)),
        needed_without=max(0, min_lives - len(without_values)),
    )


def _per_minute(count: Any, seconds: Any) -> float | None:
    if count is None or seconds is None or seconds <= 0:
        return None
    return float(count) / (float(seconds) / 60.0)


def _event_comments(
    workspace: Workspace, account: str, rooms: list[str], engine: EngineName
) -> dict[str, float]:
    """Comments per minute of the rooms with a captured event stream."""
    from siaran.events import has_events, session_measures
    from siaran.store.engine import engine_context

    if not rooms or not has_events(workspace):
        return {}
    found: dict[str, float] = {}
    context = engine_context(workspace, engine)
    for row in session_measures(context, workspace, account=account, rooms=rooms):
        first, last = row.get("first_event_at"), row.get("last_event_at")
        if not first or not last:
            continue
        span = (dt.datetime.fromisoformat(last) - dt.datetime.fromisoformat(first)).total_seconds()
        value = _per_minute(row.get("comments"), span)
        if value is not None:
            found[str(row["room_id"])] = value
    return found


def live_measures(
    workspace: Workspace,
    account: str,
    rosters: Sequence[LiveCrew],
    *,
    engine: EngineName = DEFAULT_ENGINE,
) -> list[LiveMeasures]:
    """The measures of each live of ``rosters`` (module docs)."""
    from siaran.metrics import list_sessions
    from siaran.talk.storage import list_scorecards

    sessions: dict[str, Mapping[str, Any]] = {}
    for listed in list_sessions(workspace, account=account, engine=engine):
        if listed.get("room_id") is not None:
            sessions[str(listed["room_id"])] = listed  # the latest start wins
    cards = {str(c["room_id"]): c for c in list_scorecards(workspace, [account])}
    rooms = [r.room_id for r in rosters]
    streamed = _event_comments(workspace, account, rooms, engine)
    out = []
    for roster in rosters:
        session: Mapping[str, Any] = sessions.get(roster.room_id, {})
        card = cards.get(roster.room_id)
        exported = _per_minute(session.get("comments"), session.get("duration_s"))
        per_minute = streamed.get(roster.room_id, exported)
        source: Source | None = None
        if roster.room_id in streamed:
            source = "events"
        elif exported is not None:
            source = "export"
        out.append(
            LiveMeasures(
                room_id=roster.room_id,
                dedicated_admin=roster.dedicated_admin,
                answer_rate=card["answer_rate"] if card else None,
                median_latency_s=card["median_latency_s"] if card else None,
                comments_per_minute=per_minute,
                comments_source=source,
                conversion=session.get("conversion"),
            )
        )
    return out


def crew_effect(
    workspace: Workspace,
    account: str,
    *,
    min_lives: int = MIN_LIVES,
    engine: EngineName = DEFAULT_ENGINE,
) -> CrewEffect:
    """Role coverage and the with/without-admin split of ``account`` (module docs), its
    session measures computed on ``engine``."""
    rosters = list_crew(workspace, [account])
    row = workspace.con.execute(
        "SELECT count(DISTINCT room_id) FROM sessions WHERE account = ? AND room_id IS NOT NULL",
        [account],
    ).fetchone()
    per_live = live_measures(workspace, account, rosters, engine=engine)
    return CrewEffect(
        account=account,
        lives=int(row[0]) if row else 0,
        lives_with_roster=len(rosters),
        lives_with_admin=sum(1 for r in rosters if r.dedicated_admin),
        coverage=role_coverage(rosters),
        splits=tuple(split_measure(m, per_live, min_lives=min_lives) for m in MEASURES),
        per_live=tuple(per_live),
        min_lives=min_lives,
        confidence=CONFIDENCE,
        resamples=RESAMPLES,
    )


def crew_accounts(workspace: Workspace) -> list[str]:
    """The accounts with at least one roster."""
    rows = workspace.con.execute("SELECT DISTINCT account FROM crew ORDER BY 1").fetchall()
    return [str(r[0]) for r in rows]
