"""Proof that advice finds what is there (issue item 6): a cohort with an early demonstration
planted, written into a workspace and diagnosed by ``siaran advise``'s own code, puts that
practice first for the accounts that lack it, seldom tells the accounts that practise it, and
claims it with high confidence only where it was planted. The figures over 200 cohorts are the
benchmark's (``python -m benchmarks.advice_bench``, docs/en/advice.md); here fewer cohorts
with a fixed seed, against floors the measured figures clear with margin."""

from __future__ import annotations

import numpy as np
import pytest

from siaran.advice import advise_all
from siaran.advice.lives import read_scored_lives
from siaran.advice.practices import calls_to_action, early_demonstration, urgency_with_offer
from siaran.advice.simulation import (
    ACCOUNTS,
    LIVES,
    PLANTED,
    PRACTICE,
    PRACTISING,
    AdviceSimulationResult,
    cohort,
    simulate,
    transcript,
    write_cohort,
)
from siaran.workspace import Workspace

COHORTS = 12
SEED = 7
FIRST_FLOOR = 0.42
"""Share of lacking accounts with the planted practice first: measured 0.52 with +30 % planted
and 0.34 with nothing planted (this seed, 12 cohorts)."""
TOLD_CEILING = 0.08
"""Practising accounts told to adopt it: measured 0 and 0.04; judged on the latest scored live
alone (one slip in ten lives) it was about 0.10."""


def test_the_transcript_shows_the_practice_where_the_cohort_says() -> None:
    lives = cohort(np.random.default_rng(SEED), PLANTED)
    assert len(lives) == ACCOUNTS * LIVES
    for live in lives:
        said = transcript(live)
        demo = next(at for at, text in said if "cobain" in text)
        assert (demo <= 600.0) == live.early_demonstration, live
        assert len(said) == live.duration_s // 120
    practising = {f"akun{i:02d}" for i in range(PRACTISING)}
    assert {v.account for v in lives if v.early_demonstration} == practising


def test_a_written_cohort_is_what_advice_reads(workspace: Workspace) -> None:
    """The lives are sessions, their transcripts scored and stored; the practices advice reads
    off the stored scorecards are the ones the cohort generated, live by live, and the practice's
    recommendation cites a stored line of the account's latest live."""
    lives = cohort(np.random.default_rng(SEED), PLANTED)
    write_cohort(workspace, lives)
    write_cohort(workspace, lives)  # a second cohort replaces the first
    scored = {s.room_id: s for s in read_scored_lives(workspace)}
    assert len(scored) == len(lives)
    for live in lives:
        card = scored[live.room_id]
        assert early_demonstration(card) == live.early_demonstration
        assert calls_to_action(card) == live.calls_to_end
        assert urgency_with_offer(card) == live.urgency_with_offer
    # The practices with no effect are followed in about half the lives, as generated.
    assert 0.3 < sum(live.calls_to_end for live in lives) / len(lives) < 0.7
    assert 0.3 < sum(live.urgency_with_offer for live in lives) / len(lives) < 0.7
    found = advise_all(workspace, window_days=28)
    assert [a.n_lives for a in found] == [LIVES] * ACCOUNTS
    lacking = next(a for a in found if a.account == f"akun{PRACTISING:02d}")
    rec = next(r for r in lacking.recommendations if r.id == PRACTICE)
    assert rec.effect.basis == "cohort_lives:conversion" and rec.effect.n_lives == len(lives)
    line = next(e for e in rec.evidence if e.kind == "line")
    latest = max((v for v in lives if v.account == lacking.account), key=lambda v: v.started_at)
    assert line.room_id == latest.room_id
    stored = workspace.con.execute(
        "SELECT text FROM talk_lines WHERE account = ? AND room_id = ? AND number = ?",
        [lacking.account, line.room_id, line.number],
    ).fetchone()
    assert stored == (line.quote,)


@pytest.fixture(scope="module")
def planted() -> AdviceSimulationResult:
    return simulate(PLANTED, cohorts_count=COHORTS, seed=SEED)


@pytest.fixture(scope="module")
def nothing() -> AdviceSimulationResult:
    return simulate(0.0, cohorts_count=COHORTS, seed=SEED)


def test_the_planted_practice_is_first_for_the_accounts_that_lack_it(
    planted: AdviceSimulationResult, nothing: AdviceSimulationResult
) -> None:
    # Measured with this seed (ranked by the lower end of the interval, lacking judged over
    # the latest 3 scored lives): first for 50 of 96 lacking accounts (52 %), for 33 of 96
    # (34 %) with nothing planted; told to 0 of 48 practising accounts (2 of 48 with nothing
    # planted), none of whose latest 3 lives went mostly without it.
    assert planted.lacking == COHORTS * (ACCOUNTS - PRACTISING)
    assert planted.practising == COHORTS * PRACTISING
    assert planted.found_share >= FIRST_FLOOR
    # First place alone is no proof: with nothing planted one of the drafts resting on noise
    # comes first, sometimes the practice; the floor is one that nothing planted does not clear.
    assert nothing.found_share < FIRST_FLOOR
    assert planted.found > nothing.found
    assert planted.wrongly_told_share <= TOLD_CEILING
    assert nothing.wrongly_told_share <= TOLD_CEILING


def test_high_confidence_only_where_it_was_planted(
    planted: AdviceSimulationResult, nothing: AdviceSimulationResult
) -> None:
    # Measured with this seed: high confidence in 0 of 12 cohorts with nothing planted, in 2
    # of 12 with +30 % planted.
    assert nothing.claimed <= 1
    assert planted.claimed > nothing.claimed
