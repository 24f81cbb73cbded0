"""Recording and evaluating experiments in a real workspace with imported Creator exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from siaran.errors import UsageError
from siaran.experiments import (
    ExperimentError,
    add_experiment,
    assign_lives,
    evaluate_experiment,
    get_experiment,
    list_experiments,
    remove_experiment,
)
from siaran.workspace import Workspace
from tests.experiments.cohort import START, import_cohort

TREATED = ("toko.a", "toko.b", "toko.c")
LEVELS = {
    "toko.a": (1_000_000.0, 0.8),
    "toko.b": (1_500_000.0, 0.8),
    "toko.c": (800_000.0, 0.8),
    "toko.d": (1_200_000.0, 0.0),
    "toko.e": (900_000.0, 0.0),
    "toko.f": (1_100_000.0, 0.0),
    "toko.g": (1_300_000.0, 0.0),
    "toko.h": (700_000.0, 0.0),
}
CONTRACT = {
    "name", "kpi", "design", "estimate", "ci_low", "ci_high", "relative", "p_value", "n_lives",
    "n_accounts", "controls", "verdict", "assumptions",
}  # fmt: skip


@pytest.fixture
def cohort(workspace: Workspace, tmp_path: Path) -> Workspace:
    import_cohort(workspace, tmp_path / "exports", LEVELS)
    return workspace


def known(value: float | None) -> float:
    """A figure the evaluation must have given."""
    assert value is not None
    return value


def tables(ws: Workspace) -> list[int]:
    return [
        int((ws.con.execute(f"SELECT count(*) FROM {t}").fetchone() or (0,))[0])
        for t in ("experiments", "experiment_accounts", "experiment_lives")
    ]


def test_a_planted_rise_is_found_against_the_accounts_without_it(cohort: Workspace) -> None:
    add_experiment(cohort, "demo", accounts=TREATED, start=START, kpi="gmv_per_live_hour")
    found = evaluate_experiment(cohort, "demo").to_json()
    assert set(found) >= CONTRACT
    assert found["design"] == "before_after"
    assert found["method"] == "difference_in_differences"
    assert set(found["relative"]) == {"estimate", "ci_low", "ci_high"}
    # The planted +80 %, as this cohort's noise realised it; coverage is the simulation's job.
    relative = found["relative"]
    assert 0.4 < known(relative["estimate"]) < 1.4
    assert 0 < known(relative["ci_low"]) < known(relative["ci_high"])
    assert found["verdict"]["code"] == "improved"
    controls = {c["account"] for c in found["controls"]}
    assert controls == {"toko.d", "toko.e", "toko.f", "toko.g", "toko.h"}
    assert found["n_accounts"] == 3 and found["currency"] == "IDR"
    assert found["p_value_method"] == "exact_accounts" and found["permutations"] == 56
    assert known(found["p_value"]) < 0.05
    assert "UP" in found["verdict"]["en"] and "NAIK" in found["verdict"]["id"]
    assert found["assumptions"]["en"].startswith("Assumptions")
    assert found["estimate"] == pytest.approx(
        known(relative["estimate"]) * known(found["baseline"])
    )


def test_nothing_planted_is_no_evidence(cohort: Workspace) -> None:
    add_experiment(cohort, "null", accounts=["toko.d", "toko.e", "toko.f"], start=START, kpi="gmv")
    found = evaluate_experiment(cohort, "null").to_json()
    # The treated accounts of no experiment: toko.a-c rose, so they make the others look worse
    # unless they are left out; they are not in an experiment here, so they are controls.
    assert found["verdict"]["code"] in ("no_evidence", "worse")
    assert known(found["relative"]["ci_low"]) <= known(found["relative"]["estimate"])


def test_accounts_of_another_running_experiment_are_no_controls(cohort: Workspace) -> None:
    add_experiment(cohort, "demo", accounts=TREATED, start=START, kpi="gmv_per_live_hour")
    add_experiment(cohort, "null", accounts=["toko.d", "toko.e", "toko.f"], start=START, kpi="gmv")
    found = evaluate_experiment(cohort, "null").to_json()
    assert {c["account"] for c in found["controls"]} == {"toko.g", "toko.h"}
    assert found["verdict"]["code"] != "improved"


def test_another_currency_is_left_out_not_pooled(workspace: Workspace, tmp_path: Path) -> None:
    import_cohort(workspace, tmp_path / "x", LEVELS, currencies={"toko.c": "RM", "toko.g": "RM"})
    add_experiment(workspace, "demo", accounts=TREATED, start=START, kpi="gmv_per_live_hour")
    found = evaluate_experiment(workspace, "demo").to_json()
    assert found["currency"] == "IDR"
    assert found["excluded"] == [{"account": "toko.c", "reason": "currency"}]
    assert [a["account"] for a in found["accounts"]] == ["toko.a", "toko.b"]
    assert "toko.g" not in {c["account"] for c in found["controls"]}
    # A rate is no money: every account counts.
    add_experiment(workspace, "ctr", accounts=TREATED, start=START, kpi="live_ctr")
    assert evaluate_experiment(workspace, "ctr").to_json()["excluded"] == []


def test_too_few_lives_is_too_little_data_and_says_what_is_needed(cohort: Workspace) -> None:
    late = dt.date(2026, 9, 14)  # the last days: fewer than 4 lives after the start
    add_experiment(cohort, "late", accounts=TREATED, start=late, kpi="gmv_per_live_hour")
    found = evaluate_experiment(cohort, "late").to_json()
    assert found["verdict"]["code"] == "too_little_data"
    assert found["shortage"] == "no_usable_account"
    assert found["estimate"] is None and found["relative"]["estimate"] is None
    assert {e["reason"] for e in found["excluded"]} == {"too_few_lives"}
    assert "at least 4 lives" in found["verdict"]["en"]
    assert "minimal 4 live" in found["verdict"]["id"]


def test_a_switchback_compares_lives_with_and_without_within_the_account(
    cohort: Workspace,
) -> None:
    add_experiment(
        cohort, "pin", accounts=["toko.d"], start=START, kpi="gmv_per_live_hour",
        design="switchback",
    )  # fmt: skip
    rooms = [
        str(r[0])
        for r in cohort.con.execute(
            "SELECT room_id FROM sessions WHERE account = 'toko.d' AND started_at >= ? "
            "ORDER BY started_at",
            [dt.datetime.combine(START, dt.time(), dt.UTC)],
        ).fetchall()
    ]
    recorded = assign_lives(cohort, "pin", "toko.d", treated=rooms[1::2], untreated=rooms[::2])
    assert len(recorded.assignments) == len(rooms)
    found = evaluate_experiment(cohort, "pin").to_json()
    assert found["method"] == "switchback" and found["controls"] == []
    assert found["accounts"][0]["lives_after"] == len(rooms[1::2])
    assert found["verdict"]["code"] in ("no_evidence", "too_little_data")


def test_records_are_listed_shown_and_removed(cohort: Workspace) -> None:
    made = add_experiment(
        cohort, "demo", accounts="toko.b,toko.a", start=START, kpi="gmv", note="demo awal"
    )
    assert made.accounts == ("toko.a", "toko.b") and made.note == "demo awal"
    assert [e.name for e in list_experiments(cohort)] == ["demo"]
    assert get_experiment(cohort, "demo").to_json()["start"] == START.isoformat()
    remove_experiment(cohort, "demo")
    assert tables(cohort) == [0, 0, 0]
    assert cohort.con.execute("SELECT count(*) FROM sessions").fetchone() != (0,)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"accounts": ["toko.a", "nobody"]}, ExperimentError),
        ({"kpi": "followers"}, UsageError),
        ({"end": dt.date(2026, 8, 1)}, UsageError),
        ({"accounts": " , "}, UsageError),
    ],
)
def test_a_bad_request_is_refused_whole(
    cohort: Workspace, change: dict[str, object], error: type[Exception]
) -> None:
    asked: dict[str, object] = {"accounts": TREATED, "start": START, "kpi": "gmv"} | change
    with pytest.raises(error):
        add_experiment(cohort, "x", **asked)  # type: ignore[arg-type]
    assert tables(cohort) == [0, 0, 0]


def test_assignments_belong_to_a_switchback_and_its_accounts_rooms(cohort: Workspace) -> None:
    add_experiment(cohort, "ba", accounts=TREATED, start=START, kpi="gmv")
    with pytest.raises(ExperimentError, match="switchback"):
        assign_lives(cohort, "ba", "toko.a", treated=["1"])
    add_experiment(cohort, "sb", accounts=["toko.a"], start=START, kpi="gmv", design="switchback")
    with pytest.raises(ExperimentError, match="no live"):
        assign_lives(cohort, "sb", "toko.a", treated=["404"])
    with pytest.raises(ExperimentError, match="not in experiment"):
        assign_lives(cohort, "sb", "toko.b", treated=["404"])
    with pytest.raises(ExperimentError, match="exists"):
        add_experiment(cohort, "sb", accounts=["toko.a"], start=START, kpi="gmv")
    with pytest.raises(ExperimentError, match="No experiment"):
        evaluate_experiment(cohort, "nope")
    assert tables(cohort) == [2, 4, 0]
