"""The order of recommendations (by the conservative end of the interval) and when a practice
counts as lacking (over the account's latest scored lives, not the latest alone)."""

from __future__ import annotations

import dataclasses

import numpy as np

from siaran.advice import advise_all
from siaran.advice.diagnose import _ranked
from siaran.advice.model import Effect
from siaran.advice.practices import RECENT_LIVES
from siaran.advice.rhythm import Draft
from siaran.advice.simulation import PLANTED, PRACTICE, cohort, write_cohort
from siaran.workspace import Workspace

DEMO_PARAMS: dict[str, tuple[str, float | str]] = {
    "followed": ("number", 0),
    "recent": ("number", 3),
    "room": ("text", "1"),
    "value": ("minutes", 20.0),
}
SHORTER_PARAMS: dict[str, tuple[str, float | str]] = {
    "minutes": ("minutes", 60.0),
    "other_minutes": ("minutes", 110.0),
    "n_follow": ("number", 12),
    "n_other": ("number", 12),
}


def test_a_large_uncertain_estimate_does_not_beat_a_smaller_well_supported_one() -> None:
    noisy = Draft(
        PRACTICE,
        "trust",
        DEMO_PARAMS,
        Effect(0.80, -0.30, 1.90, 120, "cohort_lives:conversion"),
        (),
    )
    steady = Draft(
        "rhythm.shorter_lives",
        "rhythm",
        SHORTER_PARAMS,
        Effect(0.20, 0.10, 0.30, 24, "within_account:gmv_per_live_hour"),
        (),
    )
    unknown = Draft(
        "conversion.calls_to_action",
        "conversion",
        {**DEMO_PARAMS, "value": ("decimal", 1.0)},
        Effect(0.95, None, None, 12, "cohort_lives:conversion"),
        (),
    )
    ranked = _ranked([unknown, noisy, steady])
    assert [r.id for r in ranked] == [
        "rhythm.shorter_lives",
        PRACTICE,
        "conversion.calls_to_action",
    ]
    assert [r.rank_by_effect for r in ranked] == [1, 2, 3]
    # Both are shown: the expected effect and the confidence, each with its rank.
    assert [r.effect.estimate for r in ranked] == [0.20, 0.80, 0.95]
    assert [r.confidence for r in ranked] == ["medium", "low", "too_little_data"]
    assert [r.rank_by_confidence for r in ranked] == [1, 2, 3]


def test_one_slip_does_not_make_a_practice_lacking(workspace: Workspace) -> None:
    """akun00 shows the product early in every live but one: advice leaves it alone when the
    slip is its latest live, and tells it when two of its latest three went without."""
    lives = cohort(np.random.default_rng(11), PLANTED)
    own = sorted((v for v in lives if v.account == "akun00"), key=lambda v: v.started_at)

    def with_slips(slipped: set[str]) -> list[dict[str, str]]:
        changed = [
            dataclasses.replace(v, early_demonstration=v.room_id not in slipped)
            if v.account == "akun00"
            else v
            for v in lives
        ]
        write_cohort(workspace, changed)
        advice = next(a for a in advise_all(workspace, window_days=28) if a.account == "akun00")
        return [r.why for r in advice.recommendations if r.id == PRACTICE]

    assert with_slips({own[-1].room_id}) == []
    told = with_slips({own[-1].room_id, own[-2].room_id})
    assert len(told) == 1
    assert f"in 1 of the latest {RECENT_LIVES} scored lives" in told[0]["en"]
    assert f"In {own[-1].room_id}, the latest without it" in told[0]["en"]
    assert f"di 1 dari {RECENT_LIVES} live berskor terakhir" in told[0]["id"]
