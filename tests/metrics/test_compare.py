from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from siaran.metrics import compare_accounts
from siaran.workspace import Workspace

from . import at, daily, insert_sessions, known

END = dt.date(2026, 7, 28)


def _cohort(workspace: Workspace, values: Sequence[float]) -> None:
    """Account ``i`` goes live ``i + 1`` times in the window, earning ``values[i]`` each time."""
    rows = []
    for i, value in enumerate(values):
        days = [END - dt.timedelta(days=d) for d in range(i + 1)]
        rows += daily(f"acct{i:02d}", days, gmv=float(value), views=100.0)
    insert_sessions(workspace, rows)


# -- the comparison -------------------------------------------------------------------------------
def test_json_shape_is_exact(workspace: Workspace) -> None:
    _cohort(workspace, [8, 7, 6, 5, 4])
    result = compare_accounts(workspace, end=END, resamples=100)
    assert list(result) == [
        "window", "money", "gmv_bases", "accounts", "quadrant_medians", "excluded", "correlation",
        "within_account", "verdict",
    ]  # fmt: skip
    assert result["window"] == {"days": 28, "start": "2026-07-01", "end": "2026-07-28"}
    assert result["money"] == {
        "currency": "IDR", "currency_chosen_by": "largest_group", "gmv_bases": [None],
        "gmv_basis_chosen_by": "largest_group", "fx": None,
    }  # fmt: skip
    assert result["gmv_bases"] == [{"gmv_basis": None, "accounts": 5, "compared_accounts": 5}]
    assert result["excluded"] == []
    assert list(result["correlation"]) == [
        "method", "rho", "ci_low", "ci_high", "n", "confidence", "resamples", "seed",
        "dropped_resamples", "dropped_share", "p_value", "p_value_method", "permutations",
        "alternative", "distinct_frequencies", "distinct_values", "min_accounts_met",
        "min_distinct_met", "rules",
    ]  # fmt: skip
    correlation = result["correlation"]
    assert correlation["method"] == "spearman" and correlation["confidence"] == 0.95
    assert (correlation["resamples"], correlation["seed"], correlation["n"]) == (100, 20260704, 5)
    assert correlation["p_value_method"] == "exact" and correlation["permutations"] == 120
    assert correlation["alternative"] == "two_sided"
    assert correlation["rules"] == {
        "min_accounts": 5, "min_distinct_values": 4, "max_dropped_share": 0.1, "alpha": 0.05,
        "moderate_rho": 0.3, "strong_rho": 0.5, "min_weeks": 5,
    }  # fmt: skip
    assert set(result["verdict"]) == {"id", "en", "code"}
    account = result["accounts"][0]
    assert list(account)[-6:] == [
        "basis", "gmv_bases", "converted_from", "fx_rate", "compared", "quadrant",
    ]  # fmt: skip
    assert account["gmv_bases"] == [None] and account["compared"] is True
    assert list(result["within_account"][0]) == [
        "platform", "account", "currency", "weeks", "n_weeks", "rho", "ci_low", "ci_high",
        "p_value", "direction", "reason",
    ]  # fmt: skip
    assert set(result["within_account"][0]["weeks"][0]) == {
        "week_start", "week_end", "sessions", "gmv_mean_per_session", "complete",
    }  # fmt: skip
    json.dumps(result)
    with_estimates = compare_accounts(workspace, end=END, resamples=10, include_estimates=True)
    assert list(with_estimates)[-1] == "estimates" and with_estimates["estimates"] == []


def test_six_accounts_in_perfect_order(workspace: Workspace) -> None:
    _cohort(workspace, [9000, 7000, 5000, 3000, 1000, 500])
    result = compare_accounts(workspace, end=END, resamples=300)
    correlation = result["correlation"]
    assert correlation["rho"] == -1.0
    assert known(correlation["ci_high"]) < 0
    assert correlation["p_value"] == pytest.approx(2 / 720)  # exact: 2 of the 6! orderings
    assert correlation["min_accounts_met"] and correlation["min_distinct_met"]
    verdict_ = result["verdict"]
    assert verdict_["code"] == "more_lives_less_value"
    assert "a strong association" in verdict_["en"] and "p = 0.003" in verdict_["en"]
    assert "LESS per session" in verdict_["en"] and "not proof of cause" in verdict_["en"]
    assert "−1.00" in verdict_["en"] and "n = 6 accounts" in verdict_["en"]
    assert "−1,00" in verdict_["id"] and "lebih KECIL" in verdict_["id"]
    assert "p = 0,003" in verdict_["id"]


def test_positive_cohort(workspace: Workspace) -> None:
    _cohort(workspace, [100, 200, 300, 400, 500, 600, 700])
    result = compare_accounts(workspace, end=END, resamples=300)
    assert known(result["correlation"]["ci_low"]) > 0
    assert result["correlation"]["p_value"] == pytest.approx(2 / 5040)
    assert result["verdict"]["code"] == "more_lives_more_value"
    assert "MORE per session" in result["verdict"]["en"]
    assert "association" in result["verdict"]["en"] and "p < 0.001" in result["verdict"]["en"]


def test_no_clear_link_names_the_way_the_estimate_leans(workspace: Workspace) -> None:
    _cohort(workspace, [5, 1, 8, 3, 7, 2, 6, 4])
    result = compare_accounts(workspace, end=END, resamples=500)
    correlation = result["correlation"]
    assert correlation["rho"] == pytest.approx(2 / 42)
    assert known(correlation["ci_low"]) < 0 < known(correlation["ci_high"])
    assert correlation["p_value_method"] == "exact" and known(correlation["p_value"]) > 0.5
    assert result["verdict"]["code"] == "no_clear_link"
    assert result["verdict"]["en"].startswith("No clear link")
    assert "leans towards MORE value per session" in result["verdict"]["en"]
    assert "0,05" in result["verdict"]["id"] and "n = 8 akun" in result["verdict"]["id"]
    _cohort_lean = compare_accounts(workspace, end=END, resamples=500, accounts=["acct00"])
    assert _cohort_lean["verdict"]["code"] == "too_little_data"


def test_no_clear_link_leaning_negative(workspace: Workspace) -> None:
    _cohort(workspace, [8, 7, 9, 5, 6, 2, 4, 3, 10, 1])
    result = compare_accounts(workspace, end=END, resamples=500)
    correlation = result["correlation"]
    assert known(correlation["rho"]) < 0 and known(correlation["p_value"]) >= 0.05
    assert correlation["p_value_method"] == "monte_carlo" and correlation["permutations"] == 500
    assert result["verdict"]["code"] == "no_clear_link"
    assert "leans towards LESS value per session" in result["verdict"]["en"]


def test_three_accounts_are_too_little_data(workspace: Workspace) -> None:
    _cohort(workspace, [3, 2, 1])
    result = compare_accounts(workspace, end=END)
    correlation = result["correlation"]
    assert correlation["rho"] == -1.0 and correlation["n"] == 3
    assert correlation["p_value"] == pytest.approx(1 / 3)
    assert correlation["min_accounts_met"] is False
    assert result["verdict"]["code"] == "too_little_data"
    assert "At least 5 accounts with at least 4 different values" in result["verdict"]["en"]
    assert "3 accounts compared" in result["verdict"]["en"]


def test_four_accounts_in_perfect_order_are_too_little_data(workspace: Workspace) -> None:
    # The bootstrap alone says [-1, -1]; the exact test says 2 of 24 orderings are as extreme.
    _cohort(workspace, [40, 30, 20, 10])
    result = compare_accounts(workspace, end=END)
    correlation = result["correlation"]
    assert (correlation["ci_low"], correlation["ci_high"]) == (-1.0, -1.0)
    assert correlation["p_value"] == pytest.approx(2 / 24)
    assert result["verdict"]["code"] == "too_little_data"
    assert "strong" not in result["verdict"]["en"]


def test_a_one_day_window_with_two_frequencies_is_too_little_data(workspace: Workspace) -> None:
    rows = []
    for i in range(6):
        hours = ["10:00", "20:00"][: 1 + i % 2]
        rows += [
            {"account": f"acct{i}", "started_at": at(f"2026-07-28 {h}"), "gmv": 1000.0 * (i + 1)}
            for h in hours
        ]
    insert_sessions(workspace, rows)
    result = compare_accounts(workspace, end=END, window_days=1)
    correlation = result["correlation"]
    assert correlation["n"] == 6 and correlation["distinct_frequencies"] == 2
    assert correlation["min_accounts_met"] is True and correlation["min_distinct_met"] is False
    assert known(correlation["dropped_resamples"]) > 0  # resamples of one frequency counted
    assert correlation["dropped_share"] == known(correlation["dropped_resamples"]) / 2000
    assert known(correlation["p_value"]) >= 0.05
    assert result["verdict"]["code"] == "too_little_data"
    assert "2 different live frequencies" in result["verdict"]["en"]


def test_ties_keep_their_exact_p_value(workspace: Workspace) -> None:
    rows = []
    for i, (sessions, value) in enumerate([(1, 10), (1, 20), (2, 20), (3, 40), (4, 50), (5, 60)]):
        days = [END - dt.timedelta(days=d) for d in range(sessions)]
        rows += daily(f"acct{i}", days, gmv=float(value))
    insert_sessions(workspace, rows)
    correlation = compare_accounts(workspace, end=END, resamples=200)["correlation"]
    assert correlation["distinct_frequencies"] == 5 and correlation["distinct_values"] == 5
    # Worked out by enumerating the 720 orderings of the tied ranks: 8 are as extreme.
    assert correlation["rho"] == pytest.approx(65 / 68)
    assert correlation["p_value"] == pytest.approx(8 / 720)


def test_all_equal_values_are_too_little_data(workspace: Workspace) -> None:
    rows = []
    for i in range(5):
        rows += daily(f"acct{i}", [END, END - dt.timedelta(1)], gmv=float(i + 1))
    insert_sessions(workspace, rows)
    result = compare_accounts(workspace, end=END)
    correlation = result["correlation"]
    assert correlation["rho"] is None and correlation["p_value"] is None
    assert correlation["dropped_resamples"] is None and correlation["distinct_frequencies"] == 1
    assert result["verdict"]["code"] == "too_little_data"
    assert "1 different live frequencies" in result["verdict"]["en"]


def test_empty_workspace(workspace: Workspace) -> None:
    result = compare_accounts(workspace)
    assert result["accounts"] == [] and result["within_account"] == []
    assert result["verdict"]["code"] == "too_little_data"
    assert result["money"]["currency"] is None and result["gmv_bases"] == []


def test_quadrants_split_at_medians_ties_go_low(workspace: Workspace) -> None:
    # Frequencies 1, 2, 3 (median 2) and values 10, 20, 30 (median 20).
    _cohort(workspace, [30, 20, 10])
    insert_sessions(workspace, daily("unknown_gmv", [END]))
    result = compare_accounts(workspace, end=END)
    quadrants = {a["account"]: a["quadrant"] for a in result["accounts"]}
    assert quadrants == {
        "acct00": "infrequent_high_value",
        "acct01": "infrequent_low_value",  # on both medians
        "acct02": "frequent_low_value",
        "unknown_gmv": None,
    }
    assert [(e["account"], e["reason"]) for e in result["excluded"]] == [("unknown_gmv", "no_gmv")]
    assert "Compared:" not in result["verdict"]["en"]  # no money was left out or converted
    # The medians that split them, for the charts to draw the quadrant lines at.
    assert result["quadrant_medians"] == {"sessions_per_28_days": 2.0, "gmv_mean_per_session": 20.0}


def test_no_compared_account_has_no_medians(workspace: Workspace) -> None:
    insert_sessions(workspace, daily("unknown_gmv", [END]))
    result = compare_accounts(workspace, end=END)
    assert result["quadrant_medians"] == {
        "sessions_per_28_days": None,
        "gmv_mean_per_session": None,
    }


def _week_days(week: int, lives: int) -> list[dt.date]:
    """``lives`` days of week ``week`` (0 = the 7 days ending on ``END``), spread so that the
    first and the last day of the block are among them (one life: the last day)."""
    last = END - dt.timedelta(days=7 * week)
    if lives == 1:
        return [last]
    return [last - dt.timedelta(days=6 - round(d * 6 / (lives - 1))) for d in range(lives)]


def _weekly(account: str, pattern: Sequence[tuple[int, float]]) -> list[dict[str, object]]:
    """Week ``w`` of ``pattern`` (0 = the last 7 days) has ``lives`` lives earning ``gmv`` each."""
    rows = []
    for week, (lives, gmv) in enumerate(pattern):
        rows += daily(account, _week_days(week, lives), gmv=gmv)
    return rows


def _weeks_block(account: str, weeks: int, gmv: float, shift: int = 0) -> list[dict[str, object]]:
    """Week ``w`` has ``w + 1`` lives earning ``gmv / (w + 1) + shift`` each; every block is
    wholly covered by the data."""
    return _weekly(account, [(w + 1, gmv / (w + 1) + shift) for w in range(weeks)])


def test_within_account_labels_only_what_the_test_supports(workspace: Workspace) -> None:
    rows = []
    for i in range(3):
        rows += _weeks_block(f"acct{i}", 6, 1000.0, shift=i)
    rows += daily("short", [END, END - dt.timedelta(7)], gmv=5.0)
    insert_sessions(workspace, rows)
    # 720 resamples: six weeks are tested exactly (6! = 720 orderings, no more than that).
    result = compare_accounts(workspace, end=END, resamples=720)
    within = {w["account"]: w for w in result["within_account"]}
    first = within["acct0"]
    assert first["n_weeks"] == 6 and first["rho"] == -1.0 and first["direction"] == "less"
    assert first["p_value"] == pytest.approx(2 / 720) and first["reason"] is None
    assert (first["ci_low"], first["ci_high"]) == (None, None)  # rho = -1: no Fisher interval
    assert [w["week_end"] for w in first["weeks"]] == [
        "2026-06-23", "2026-06-30", "2026-07-07", "2026-07-14", "2026-07-21", "2026-07-28",
    ]  # fmt: skip
    assert first["weeks"][2] == {
        "week_start": "2026-07-01", "week_end": "2026-07-07", "sessions": 4,
        "gmv_mean_per_session": 250.0, "complete": True,
    }  # fmt: skip
    assert within["short"]["rho"] is None and within["short"]["reason"] == "too_few_weeks"
    assert within["short"]["direction"] is None
    assert "Within accounts (3 with at least 5 complete weeks)" in result["verdict"]["en"]
    assert "lower GMV per session in 3" in result["verdict"]["en"]
    assert "(3 akun dengan minimal 5 minggu lengkap)" in result["verdict"]["id"]


def test_within_account_unclear_when_p_is_not_small(workspace: Workspace) -> None:
    # rho = -0.66 over 6 weeks would have been "less" at |rho| >= 0.3; the exact p is 0.175.
    pattern = [(1, 40.0), (2, 60.0), (3, 50.0), (4, 10.0), (5, 30.0), (6, 20.0)]
    insert_sessions(workspace, _weekly("a", pattern))
    [within] = compare_accounts(workspace, end=END, resamples=720)["within_account"]
    assert within["n_weeks"] == 6
    assert within["rho"] == pytest.approx(-23 / 35)
    assert within["p_value"] == pytest.approx(126 / 720) and within["direction"] == "unclear"
    low, high = within["ci_low"], within["ci_high"]
    assert low is not None and high is not None and low < 0 < high


def test_a_partial_first_week_is_not_a_low_frequency_week(workspace: Workspace) -> None:
    # Six whole weeks, and the account's first live on the last day of an earlier week:
    # counted, that week would look like a week of one live with a low value.
    pattern = [(2, 40.0), (3, 10.0), (2, 30.0), (3, 20.0), (2, 20.0), (3, 30.0)]
    rows = _weekly("a", pattern) + daily("a", [END - dt.timedelta(days=7 * 6)], gmv=1.0)
    insert_sessions(workspace, rows)
    [within] = compare_accounts(workspace, end=END, resamples=50)["within_account"]
    assert within["weeks"][0] == {
        "week_start": "2026-06-10", "week_end": "2026-06-16", "sessions": 1,
        "gmv_mean_per_session": 1.0, "complete": False,
    }  # fmt: skip
    assert within["n_weeks"] == 6 and all(w["complete"] for w in within["weeks"][1:])


def test_a_week_past_the_data_is_partial(workspace: Workspace) -> None:
    insert_sessions(workspace, _weeks_block("a", 6, 1000.0))
    later = END + dt.timedelta(days=3)  # the window ends three days after the last live
    [within] = compare_accounts(workspace, end=later, resamples=50)["within_account"]
    assert [w["complete"] for w in within["weeks"]][-1] is False


def test_within_account_weeks_are_local_calendar_blocks(workspace: Workspace) -> None:
    # 03:00 on the 22nd in Jakarta is 20:00 on the 21st in UTC: still the last 7-day block.
    insert_sessions(
        workspace,
        [
            {"account": "a", "started_at": at("2026-07-22 03:00"), "gmv": 10.0},
            {"account": "a", "started_at": at("2026-07-21 23:59:59"), "gmv": 30.0},
        ],
    )
    [within] = compare_accounts(workspace, end=END, resamples=10)["within_account"]
    assert [(w["week_end"], w["sessions"]) for w in within["weeks"]] == [
        ("2026-07-21", 1),
        ("2026-07-28", 1),
    ]


def _weekly_cohort(workspace: Workspace, names: Sequence[str]) -> None:
    """Each account lives more often in earlier weeks, earning less each time then; the
    accounts differ in frequency and value so that the quadrants and rho are defined."""
    rows = []
    for i, name in enumerate(names):
        for week in range(5):
            days = [END - dt.timedelta(days=7 * week + d) for d in range((week + i) % 4 + 1)]
            rows += daily(name, days, gmv=1000.0 * (i + 1) / (week + 1), views=100.0)
    insert_sessions(workspace, rows)


def test_a_restricted_cohort_knows_nothing_of_the_other_accounts(
    workspace: Workspace, tmp_path: Path
) -> None:
    visible = ["acct1", "acct3", "acct4", "acct6", "acct7"]
    everyone = [f"acct{i}" for i in range(9)]
    _weekly_cohort(workspace, everyone)
    estimate = (
        "INSERT INTO account_estimates VALUES ('tiktok', '{}', 'fastmoss', DATE '2026-06-01', "
        "DATE '2026-06-28', 28, 40, 800000, NULL, 12000, 'IDR', 'third_party_estimate', 'abc', 5)"
    )
    for name in ("acct1", "acct2"):
        workspace.con.execute(estimate.format(name))
    restricted = compare_accounts(
        workspace, end=END, resamples=200, include_estimates=True, accounts=visible
    )
    # The same comparison as over a workspace holding only the visible accounts.
    with Workspace.create(tmp_path / "only-visible") as alone:
        _weekly_cohort(alone, everyone)
        alone.con.execute("DELETE FROM sessions WHERE account NOT IN ?", [visible])
        alone.con.execute(estimate.format("acct1"))
        expected = compare_accounts(alone, end=END, resamples=200, include_estimates=True)
    assert restricted == expected
    assert [a["account"] for a in restricted["accounts"]] == visible
    assert [w["account"] for w in restricted["within_account"]] == visible
    # Five weeks each, of which the first is partial (its first live is not on its first day).
    assert all(w["n_weeks"] == 4 for w in restricted["within_account"])
    assert [e["account"] for e in restricted["estimates"]] == ["acct1"]
    assert restricted["correlation"]["n"] == 5
    whole = compare_accounts(workspace, end=END, resamples=200)
    assert whole["correlation"]["n"] == 9 and len(whole["within_account"]) == 9


def test_restricting_to_no_account_or_one_handle(workspace: Workspace) -> None:
    _cohort(workspace, [8, 7, 6, 5, 4])
    nobody = compare_accounts(workspace, end=END, resamples=10, accounts=[])
    assert nobody["accounts"] == [] and nobody["within_account"] == []
    assert nobody["verdict"]["code"] == "too_little_data"
    one = compare_accounts(workspace, end=END, resamples=10, accounts="acct02")
    assert [a["account"] for a in one["accounts"]] == ["acct02"]
    unknown = compare_accounts(workspace, end=END, resamples=10, accounts=["no.such"])
    assert unknown["accounts"] == [] and unknown["correlation"]["n"] == 0


def test_many_weeks_are_tested_on_random_orderings(workspace: Workspace) -> None:
    # Six weeks with 50 resamples: 6! = 720 orderings is more work than 50 random ones.
    insert_sessions(workspace, _weeks_block("a", 6, 1000.0))
    [within] = compare_accounts(workspace, end=END, resamples=50)["within_account"]
    assert within["rho"] == -1.0 and within["p_value"] == pytest.approx(1 / 51)
