"""Role coverage and the with/without-admin split against figures worked out by hand (the
lives of :mod:`tests.crew.lives`)."""

from __future__ import annotations

import pytest

from siaran.crew import crew_effect
from siaran.crew.effect import LiveMeasures, bootstrap_difference, split_measure
from siaran.workspace import Workspace
from tests.crew.lives import ACCOUNT, set_rosters


def test_role_coverage_is_the_share_of_lives_with_a_roster(lives: Workspace) -> None:
    set_rosters(lives)
    effect = crew_effect(lives, ACCOUNT)
    # 12 lives, 10 with a roster; 5 with a dedicated admin (live 6's admin is its host).
    assert (effect.lives, effect.lives_with_roster, effect.lives_with_admin) == (12, 10, 5)
    assert {c.role: (c.lives, c.share) for c in effect.coverage} == {
        "host": (10, 1.0),
        "co_host": (0, 0.0),
        "interaction_admin": (6, 0.6),
        "fulfilment": (2, 0.2),
        "product_handler": (0, 0.0),
        "other": (1, 0.1),
    }


def test_lives_with_and_without_a_dedicated_admin(lives: Workspace) -> None:
    set_rosters(lives)
    splits = {s.measure: s for s in crew_effect(lives, ACCOUNT).splits}
    comments = splits["comments_per_minute"]
    # With: 10, 11, 12, 9, 8 -> 10; without: 5, 6, 4, 7, 3 -> 5.
    assert (comments.lives_with, comments.lives_without) == (5, 5)
    assert comments.mean_with == pytest.approx(10.0)
    assert comments.mean_without == pytest.approx(5.0)
    assert comments.difference == pytest.approx(5.0)
    assert comments.low is not None and comments.high is not None
    # The bootstrap difference lies between the extremes (8 - 7 = 1, 12 - 3 = 9) and around 5.
    assert 1.0 <= comments.low < 5.0 < comments.high <= 9.0
    conversion = splits["conversion"]
    # Customers / views: (50, 60, 40, 50, 50) / 2000 -> 2.5 %; (20, 30, 20, 30, 20) -> 1.2 %.
    assert conversion.mean_with == pytest.approx(0.025)
    assert conversion.mean_without == pytest.approx(0.012)
    assert conversion.difference == pytest.approx(0.013)
    assert conversion.enough


def test_too_little_data_says_how_many_lives_are_missing(lives: Workspace) -> None:
    set_rosters(lives)
    splits = {s.measure: s for s in crew_effect(lives, ACCOUNT).splits}
    # No live was scored: nothing to compare, five lives short in each group.
    answers = splits["answer_rate"]
    assert not answers.enough
    assert (answers.difference, answers.low, answers.high) == (None, None, None)
    assert (answers.needed_with, answers.needed_without) == (5, 5)
    fewer = crew_effect(lives, ACCOUNT, min_lives=6)
    comments = next(s for s in fewer.splits if s.measure == "comments_per_minute")
    assert not comments.enough and (comments.needed_with, comments.needed_without) == (1, 1)


def test_a_bootstrap_of_constant_groups_is_the_difference_itself() -> None:
    assert bootstrap_difference([4.0] * 5, [1.5] * 6) == (2.5, 2.5)


def test_the_split_skips_lives_without_the_measure() -> None:
    def live(room: str, admin: bool, rate: float | None) -> LiveMeasures:
        return LiveMeasures(room, admin, rate, None, None, None, None)

    found = split_measure(
        "answer_rate",
        [live("a", True, 0.8), live("b", True, None), live("c", False, 0.5), live("d", False, 0.3)],
        min_lives=1,
    )
    assert (found.lives_with, found.lives_without) == (1, 2)
    assert found.difference == pytest.approx(0.8 - 0.4)
