"""The data advice reads: every imported live with the KPIs it needs, and every scored live
with its scorecard and its stored host lines.

One read of the workspace per kind; everything after works on these plain objects, so that
the indicators, the cohort and the effects can be checked by hand on a small workspace.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from siaran.workspace import Workspace


@dataclass(frozen=True)
class Live:
    """One imported session, as the registry computes its KPIs."""

    account: str
    room_id: str | None  # some exports (Seller Center) give no room id: the start time tells
    platform: str
    started_at: dt.datetime  # local time of the workspace, with its offset
    duration_s: float | None
    currency: str | None
    gmv_basis: str | None
    gmv: float | None
    gmv_per_hour: float | None
    orders: float | None
    product_clicks: float | None
    customers: float | None
    audience: float | None  # viewers, else views: the denominator of ``conversion``
    views: float | None
    comments: float | None
    avg_view_duration_s: float | None

    @property
    def money_group(self) -> tuple[str | None, str | None]:
        """Lives whose money may be compared: the same currency and GMV basis."""
        return self.currency, self.gmv_basis


@dataclass(frozen=True)
class HostLine:
    number: int
    start_s: float | None
    text: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """A viewer's question of a scored live, as its scorecard keeps it."""

    comment: int
    text: str
    asked_at_s: float | None
    answered: bool
    latency_s: float | None


@dataclass(frozen=True)
class ScoredLive:
    """A live with a stored talk scorecard: its metrics, its host lines and questions."""

    account: str
    room_id: str
    duration_s: float | None
    metrics: dict[str, float | int | bool | None]
    lines: tuple[HostLine, ...]
    questions: tuple[Question, ...]

    def first_line_with(self, cue: str) -> HostLine | None:
        timed = [line for line in self.lines if cue in line.cues and line.start_s is not None]
        return min(timed, key=lambda line: line.start_s or 0.0) if timed else None

    def lines_with(self, cue: str) -> list[HostLine]:
        return [line for line in self.lines if cue in line.cues]


def read_lives(workspace: Workspace, engine: EngineName = DEFAULT_ENGINE) -> list[Live]:
    """Every imported session of the workspace with its KPIs computed on ``engine``, oldest
    first."""
    from siaran.metrics.sessions import list_sessions

    return [_live(row) for row in list_sessions(workspace, engine=engine)]


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _live(row: Mapping[str, Any]) -> Live:
    audience = row["viewers"] if row["viewers"] is not None else row["views"]
    return Live(
        account=row["account"],
        room_id=None if row["room_id"] is None else str(row["room_id"]),
        platform=row["platform"],
        started_at=dt.datetime.fromisoformat(row["started_at"]),
        duration_s=_number(row["duration_s"]),
        currency=row["currency"],
        gmv_basis=row["gmv_basis"],
        gmv=_number(row["gmv"]),
        gmv_per_hour=_number(row["gmv_per_hour"]),
        orders=_number(row["orders"]),
        product_clicks=_number(row["product_clicks"]),
        customers=_number(row["customers"]),
        audience=_number(audience),
        views=_number(row["views"]),
        comments=_number(row["comments"]),
        avg_view_duration_s=_number(row["avg_view_duration_s"]),
    )


def read_scored_lives(workspace: Workspace) -> list[ScoredLive]:
    """Every stored scorecard that belongs to an account, with its host lines."""
    con = workspace.con
    scores = con.execute(
        "SELECT account, room_id, duration_s, scorecard_json FROM talk_scores "
        "WHERE account <> '' ORDER BY account, room_id"
    ).fetchall()
    lines: dict[tuple[str, str], list[HostLine]] = {}
    for account, room, number, start_s, text, cues in con.execute(
        "SELECT account, room_id, number, start_s, text, cues FROM talk_lines "
        "ORDER BY account, room_id, number"
    ).fetchall():
        lines.setdefault((account, room), []).append(
            HostLine(int(number), _number(start_s), str(text), tuple(cues or ()))
        )
    found = []
    for account, room, duration, blob in scores:
        card = json.loads(blob)
        found.append(
            ScoredLive(
                account=account,
                room_id=str(room),
                duration_s=_number(duration),
                metrics=dict(card.get("metrics") or {}),
                lines=tuple(lines.get((account, room), ())),
                questions=_questions(card.get("qa")),
            )
        )
    return found


def _questions(qa: dict[str, Any] | None) -> tuple[Question, ...]:
    if not qa:
        return ()
    out = []
    for link in qa.get("links") or ():
        asked, answered_at = link.get("asked_at_s"), link.get("answered_at_s")
        latency = None
        if asked is not None and answered_at is not None:
            latency = max(0.0, float(answered_at) - float(asked))
        out.append(
            Question(
                comment=int(link["comment"]),
                text=str(link["text"]),
                asked_at_s=_number(asked),
                answered=link.get("answer_line") is not None,
                latency_s=latency,
            )
        )
    return tuple(out)


def lives_between(lives: Sequence[Live], start: dt.date, end: dt.date) -> list[Live]:
    """The lives that started on a local day from ``start`` to ``end``, both inclusive."""
    return [live for live in lives if start <= live.started_at.date() <= end]
