"""The live's architecture with minute marks: opening, demonstration, questions and answers,
offer, closing call to action, scaled to the planned length.

The starting point is the architecture the study recommends (:data:`RECOMMENDED_SHARES`, the
share of the live each phase gets). Where the account has scored lives, each phase's planned
share is the mean of the recommended share and the share the phase took in those lives (a
phase never found counts 0), so the plan starts from how this host really talks and moves
halfway to the recommended shape; the shares are then scaled to the minutes and the running
sum rounded half up to whole minutes, every phase keeping at least one.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Final

from siaran.plan.model import PlannedPhase
from siaran.talk.phases import PHASES
from siaran.talk.scorecard import Scorecard

RECOMMENDED_SHARES: Final[dict[str, float]] = {
    "opening": 0.07,
    "demonstration": 0.33,
    "qa": 0.20,
    "offer": 0.25,
    "closing_cta": 0.15,
}
"""The share of the live each phase of the recommended architecture gets."""


def account_shares(scorecards: Sequence[Scorecard]) -> dict[str, float] | None:
    """The mean share of each phase over ``scorecards`` (``None`` without any scorecard whose
    phases have shares)."""
    usable = [s for s in scorecards if any(p.share is not None for p in s.phases)]
    if not usable:
        return None
    shares: dict[str, float] = {}
    for phase in PHASES:
        values = []
        for card in usable:
            found = next((p for p in card.phases if p.phase == phase), None)
            values.append(found.share if found is not None and found.share is not None else 0.0)
        shares[phase] = statistics.fmean(values)
    return shares


def plan_phases(minutes: int, scorecards: Sequence[Scorecard] = ()) -> list[PlannedPhase]:
    """The phases with minute marks for a live of ``minutes`` (module docstring)."""
    observed = account_shares(scorecards)
    n_scored = (
        0 if observed is None else sum(1 for s in scorecards if any(p.share for p in s.phases))
    )
    planned = {
        phase: (
            RECOMMENDED_SHARES[phase]
            if observed is None
            else (RECOMMENDED_SHARES[phase] + observed[phase]) / 2.0
        )
        for phase in PHASES
    }
    total = sum(planned.values())
    marks = _minute_marks([planned[p] / total for p in PHASES], minutes)
    return [
        PlannedPhase(
            id=phase,
            start_min=marks[i],
            end_min=marks[i + 1],
            recommended_share=RECOMMENDED_SHARES[phase],
            account_share=None if observed is None else round(observed[phase], 4),
            n_scored_lives=n_scored,
        )
        for i, phase in enumerate(PHASES)
    ]


def _minute_marks(shares: Sequence[float], minutes: int) -> list[int]:
    """Whole-minute boundaries from 0 to ``minutes``: each boundary the running sum rounded
    half up,
    nudged so that every phase lasts at least one minute."""
    count = len(shares)
    marks = [0]
    running = 0.0
    for i, share in enumerate(shares[:-1]):
        running += share * minutes
        low = marks[-1] + 1
        high = minutes - (count - 1 - i)
        marks.append(min(max(math.floor(running + 0.5), low), high))
    marks.append(minutes)
    return marks
