"""The training-needs matrix: accounts x capability areas, each cell the area's status from
``siaran advise`` (:func:`siaran.advice.advise_all`) turned into a need, with the coaching each
account has had on that area.

Needs: ``high`` (the area needs work), ``medium`` (typical for the cohort), ``low`` (a
strength), ``unknown`` (no data to judge it). Sorting by an area puts the highest needs first;
by ``need`` (the default) the accounts with the most high needs come first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal, TypedDict

from siaran.advice import AREAS, advise_all
from siaran.advice.model import AreaStatus
from siaran.errors import UsageError
from siaran.programme.coaching import list_sessions as list_coaching

if TYPE_CHECKING:
    from siaran.advice import Advice
    from siaran.programme.coaching import CoachingSession
    from siaran.store.engine import EngineName
    from siaran.workspace import Workspace

Need = Literal["high", "medium", "low", "unknown"]
NEED_OF: Final[dict[AreaStatus, Need]] = {
    "needs_work": "high",
    "typical": "medium",
    "strength": "low",
    "unknown": "unknown",
}
NEED_ORDER: Final[dict[Need, int]] = {"high": 0, "medium": 1, "low": 2, "unknown": 3}
SORTS: Final = ("need", "account", *AREAS)


class NeedCellJson(TypedDict):
    area: str
    status: AreaStatus
    need: Need
    sessions: int


class NeedRowJson(TypedDict):
    account: str
    n_lives: int
    high_needs: int
    cells: list[NeedCellJson]


class NeedsMatrixJson(TypedDict):
    window: dict[str, str | None]
    areas: list[str]
    accounts: list[NeedRowJson]
    area_totals: dict[str, dict[str, int]]


@dataclass(frozen=True)
class NeedCell:
    area: str
    status: AreaStatus
    sessions: int

    @property
    def need(self) -> Need:
        return NEED_OF[self.status]


@dataclass(frozen=True)
class NeedRow:
    """One account's needs, in the order of :data:`siaran.advice.AREAS`."""

    account: str
    n_lives: int
    cells: tuple[NeedCell, ...]

    @property
    def high_needs(self) -> int:
        return sum(c.need == "high" for c in self.cells)

    def cell(self, area: str) -> NeedCell:
        return next(c for c in self.cells if c.area == area)


@dataclass(frozen=True)
class NeedsMatrix:
    """The matrix, its rows sorted, and the window of lives it was judged on."""

    rows: tuple[NeedRow, ...]
    window_start: str | None
    window_end: str | None

    def totals(self) -> dict[str, dict[str, int]]:
        """Per area, how many accounts have each need."""
        out: dict[str, dict[str, int]] = {area: dict.fromkeys(NEED_ORDER, 0) for area in AREAS}
        for row in self.rows:
            for cell in row.cells:
                out[cell.area][cell.need] += 1
        return out

    def to_json(self) -> NeedsMatrixJson:
        return {
            "window": {"start": self.window_start, "end": self.window_end},
            "areas": list(AREAS),
            "accounts": [
                {
                    "account": r.account,
                    "n_lives": r.n_lives,
                    "high_needs": r.high_needs,
                    "cells": [
                        {"area": c.area, "status": c.status, "need": c.need, "sessions": c.sessions}
                        for c in r.cells
                    ],
                }
                for r in self.rows
            ],
            "area_totals": self.totals(),
        }


def sort_rows(rows: Sequence[NeedRow], by: str = "need") -> tuple[NeedRow, ...]:
    """Rows by ``by``: ``need`` (most high needs first), ``account``, or an area id."""
    if by not in SORTS:
        raise UsageError("programme.unknown_sort", sort=by, known=", ".join(SORTS))
    if by == "account":
        return tuple(sorted(rows, key=lambda r: r.account))
    if by == "need":
        return tuple(
            sorted(
                rows,
                key=lambda r: (
                    -r.high_needs,
                    sum(NEED_ORDER[c.need] for c in r.cells),
                    r.account,
                ),
            )
        )
    return tuple(sorted(rows, key=lambda r: (NEED_ORDER[r.cell(by).need], r.account)))


def needs_matrix(
    workspace: Workspace,
    *,
    window_days: int = 28,
    end: dt.date | None = None,
    accounts: Sequence[str] | None = None,
    sort: str = "need",
    engine: EngineName = "duckdb",
) -> NeedsMatrix:
    """The matrix of every account with lives (of ``accounts`` only, compared with each other,
    when given: the dashboard passes a coach's cohort)."""
    if sort not in SORTS:
        raise UsageError("programme.unknown_sort", sort=sort, known=", ".join(SORTS))
    advices = advise_all(
        workspace, window_days=window_days, end=end, accounts=accounts, engine=engine
    )
    return matrix_of(advices, list_coaching(workspace, accounts=accounts), sort)


def matrix_of(
    advices: Sequence[Advice], sessions: Sequence[CoachingSession], sort: str = "need"
) -> NeedsMatrix:
    """The matrix of diagnoses already made, with the coaching ``sessions`` counted."""
    counts: dict[tuple[str, str], int] = {}
    for s in sessions:
        counts[(s.account, s.topic)] = counts.get((s.account, s.topic), 0) + 1
    rows = [
        NeedRow(
            a.account,
            a.n_lives,
            tuple(NeedCell(x.id, x.status, counts.get((a.account, x.id), 0)) for x in a.areas),
        )
        for a in advices
    ]
    first = advices[0] if advices else None
    return NeedsMatrix(
        sort_rows(rows, sort),
        first.window_start if first else None,
        first.window_end if first else None,
    )
