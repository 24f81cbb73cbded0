"""The arithmetic of an experiment's verdict, on cohorts with a known truth."""

from __future__ import annotations

import numpy as np
import pytest

from siaran.experiments.controls import choose_controls
from siaran.experiments.estimate import (
    MIN_LIVES_PER_CELL,
    AccountCells,
    Cell,
    estimate_effect,
    shortage,
    verdict_code,
)
from siaran.experiments.simulation import (
    PLANTED,
    before_after_cohort,
    evaluate_cohort,
    simulate,
)


def cell(levels: list[float]) -> Cell:
    return Cell(tuple(levels), (1.0,) * len(levels))


def steady(name: str, level: float, factor: float = 1.0, lives: int = 9) -> AccountCells:
    wobble = [1.0 + 0.05 * ((i % 3) - 1) for i in range(lives)]
    return AccountCells(
        name,
        cell([level * w for w in wobble]),
        cell([level * factor * w for w in wobble]),
    )


def test_a_level_is_a_ratio_of_sums() -> None:
    found = Cell((100.0, 300.0), (1.0, 3.0))
    assert found.level == pytest.approx(100.0)
    assert Cell((), ()).level is None


def test_a_clear_rise_in_every_treated_account_is_improved_and_a_fall_worse() -> None:
    controls = [steady(f"c{i}", 100.0 + 10 * i) for i in range(6)]
    for factor, code in ((1.5, "improved"), (0.6, "worse")):
        treated = [steady(f"t{i}", 120.0 + 7 * i, factor) for i in range(3)]
        found = estimate_effect(treated, controls)
        assert found.relative == pytest.approx(factor - 1.0, abs=1e-9)
        assert found.relative_low is not None and found.relative_high is not None
        assert found.relative_low <= found.relative <= found.relative_high
        assert found.p_method == "exact_accounts" and found.permutations == 84
        assert verdict_code(found) == code


def test_the_absolute_effect_is_in_the_kpis_unit_at_the_treated_level_before() -> None:
    controls = [steady(f"c{i}", 100.0) for i in range(6)]
    treated = [steady("t0", 200.0, 1.25), steady("t1", 400.0, 1.25)]
    found = estimate_effect(treated, controls)
    assert found.baseline == pytest.approx(300.0)
    assert found.absolute == pytest.approx(0.25 * 300.0)


def test_a_change_everyone_shares_is_no_effect() -> None:
    # Every account, treated or not, rises 40 %: the difference-in-differences is zero.
    controls = [steady(f"c{i}", 100.0 + i, 1.4) for i in range(6)]
    treated = [steady(f"t{i}", 90.0 + i, 1.4) for i in range(3)]
    found = estimate_effect(treated, controls)
    assert found.relative == pytest.approx(0.0, abs=1e-9)
    assert verdict_code(found) == "no_evidence"


def test_too_few_accounts_to_ever_reach_five_percent_is_too_little_data() -> None:
    # One treated account against two controls: the smallest possible p is 1/3.
    found = estimate_effect([steady("t", 100.0, 3.0)], [steady("a", 100.0), steady("b", 90.0)])
    assert found.min_p_value == pytest.approx(1 / 3)
    assert shortage(found) == "design_cannot_reach_alpha"
    assert verdict_code(found) == "too_little_data"
    assert verdict_code(None) == "too_little_data"
    assert shortage(None) == "no_usable_account"


def test_an_account_below_the_minimum_of_lives_is_not_usable() -> None:
    short = steady("t", 100.0, 2.0, lives=MIN_LIVES_PER_CELL - 1)
    assert not short.usable
    assert steady("t", 100.0, 2.0, lives=MIN_LIVES_PER_CELL).usable
    with pytest.raises(ValueError, match="enough lives"):
        estimate_effect([short])


def test_without_controls_the_lives_are_relabelled_within_each_account() -> None:
    found = estimate_effect([steady("t0", 100.0, 2.0), steady("t1", 80.0, 2.0)])
    assert found.p_method == "monte_carlo_lives"
    assert found.p_value < 0.05
    assert verdict_code(found) == "improved"


def test_the_same_data_and_seed_give_the_same_interval() -> None:
    rng = np.random.default_rng(3)
    cohort = before_after_cohort(rng, PLANTED)
    first, second = evaluate_cohort("before_after", cohort), evaluate_cohort("before_after", cohort)
    assert first == second


def test_controls_are_the_nearest_in_level_and_trend_before_the_start() -> None:
    treated = [steady("t", 100.0)]
    near, far = steady("near", 105.0), steady("far", 10_000.0)
    short = steady("short", 100.0, lives=2)
    chosen = choose_controls(treated, [far, short, near], limit=1)
    assert [c.cells.account for c in chosen] == ["near"]
    assert {c.cells.account for c in choose_controls(treated, [far, short, near])} == {
        "near",
        "far",
    }


@pytest.mark.parametrize("design", ["before_after", "switchback"])
def test_intervals_cover_a_planted_effect_and_nothing_is_claimed_where_none_is(
    design: str,
) -> None:
    # Item 6 of the proof: 200 cohorts each; the figures are in docs/en/experiments.md.
    planted = simulate(design, PLANTED)  # type: ignore[arg-type]
    assert planted.with_interval == planted.cohorts
    assert planted.coverage >= 0.90
    nothing = simulate(design, 0.0)  # type: ignore[arg-type]
    assert nothing.coverage >= 0.90
    assert nothing.claim_rate <= 0.05
