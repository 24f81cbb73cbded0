from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from siaran.metrics import bootstrap_spearman, compare_accounts, spearman
from siaran.metrics.compare import average_ranks, format_number, verdict, verdict_code
from siaran.workspace import Workspace

from . import at, daily, insert_sessions

END = dt.date(2026, 7, 28)


def _cohort(workspace: Workspace, values: Sequence[float]) -> None:
    """Account ``i`` goes live ``i + 1`` times in the window, earning ``values[i]`` each time."""
    rows = []
    for i, value in enumerate(values):
        days = [END - dt.timedelta(days=d) for d in range(i + 1)]
        rows += daily(f"acct{i:02d}", days, gmv=float(value), views=100.0)
    insert_sessions(workspace, rows)


# -- statistics -----------------------------------------------------------------------------------
def test_average_ranks_share_ties() -> None:
    assert average_ranks([10, 20, 20, 5]).tolist() == [2.0, 3.5, 3.5, 1.0]
    assert average_ranks([[3, 3, 3], [1, 2, 3]]).tolist() == [[2, 2, 2], [1, 2, 3]]


def test_spearman_known_values() -> None:
    # With ties in y: ranks (1, 2, 3.5, 5, 3.5); rho = 8 / sqrt(10 * 9.5) (as scipy gives).
    assert spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(8 / math.sqrt(95))
    assert spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == pytest.approx(0.8)
    assert spearman([1, 2, 3, 4, 5, 6], [1, 4, 9, 16, 25, 36]) == 1.0  # monotone, not linear
    assert spearman([1, 2, 3, 4], [10, 5, 2, 1]) == -1.0
    assert spearman([1, 1, 2, 2], [1, 1, 2, 2]) == pytest.approx(1.0)


def test_spearman_undefined_cases() -> None:
    assert spearman([1, 2, 3], [4, 4, 4]) is None
    assert spearman([1], [2]) is None
    with pytest.raises(ValueError):
        spearman([1, 2], [1])


def test_bootstrap_is_deterministic_for_a_seed() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=30).tolist()
    y = (np.asarray(x) + rng.normal(size=30)).tolist()
    first = bootstrap_spearman(x, y, resamples=500, seed=7)
    assert first == bootstrap_spearman(x, y, resamples=500, seed=7)
    assert first != bootstrap_spearman(x, y, resamples=500, seed=8)
    low, high = first
    assert low is not None and high is not None
    rho = spearman(x, y)
    assert rho is not None and low < rho < high
    assert -1.0 <= low < high <= 1.0


def test_bootstrap_of_a_perfect_order_stays_at_one() -> None:
    assert bootstrap_spearman([1, 2, 3, 4, 5], [2, 4, 6, 8, 10], resamples=200, seed=1) == (1, 1)
    assert bootstrap_spearman([1, 1, 1], [1, 2, 3], resamples=50, seed=1) == (None, None)


# -- the comparison -------------------------------------------------------------------------------
def test_json_shape_is_exact(workspace: Workspace) -> None:
    _cohort(workspace, [8, 7, 6, 5, 4])
    result = compare_accounts(workspace, end=END, resamples=100)
    assert list(result) == ["window", "accounts", "correlation", "within_account", "verdict"]
    assert result["window"] == {"days": 28, "start": "2026-07-01", "end": "2026-07-28"}
    assert list(result["correlation"]) == [
        "method", "rho", "ci_low", "ci_high", "n", "confidence", "resamples", "seed",
    ]  # fmt: skip
    correlation = result["correlation"]
    assert correlation["method"] == "spearman" and correlation["confidence"] == 0.95
    assert (correlation["resamples"], correlation["seed"], correlation["n"]) == (100, 20260704, 5)
    assert set(result["verdict"]) == {"id", "en", "code"}
    account = result["accounts"][0]
    assert list(account)[-2:] == ["basis", "quadrant"]
    assert list(result["within_account"][0]) == [
        "platform", "account", "currency", "weeks", "rho", "n_weeks", "direction",
    ]  # fmt: skip
    assert set(result["within_account"][0]["weeks"][0]) == {
        "week_start", "week_end", "sessions", "gmv_mean_per_session",
    }  # fmt: skip
    json.dumps(result)
    with_estimates = compare_accounts(workspace, end=END, resamples=10, include_estimates=True)
    assert list(with_estimates)[-1] == "estimates" and with_estimates["estimates"] == []


def test_negative_cohort(workspace: Workspace) -> None:
    _cohort(workspace, [9000, 7000, 5000, 3000, 1000, 500])
    result = compare_accounts(workspace, end=END, resamples=300)
    correlation = result["correlation"]
    assert correlation["rho"] == -1.0
    assert correlation["ci_high"] < 0
    verdict_ = result["verdict"]
    assert verdict_["code"] == "more_lives_less_value"
    assert "LESS per session" in verdict_["en"] and "not proof of cause" in verdict_["en"]
    assert "−1.00" in verdict_["en"] and "n = 6 accounts" in verdict_["en"]
    assert "−1,00" in verdict_["id"] and "lebih KECIL" in verdict_["id"]


def test_positive_cohort(workspace: Workspace) -> None:
    _cohort(workspace, [100, 200, 300, 400, 500, 600, 700])
    result = compare_accounts(workspace, end=END, resamples=300)
    assert result["correlation"]["ci_low"] > 0
    assert result["verdict"]["code"] == "more_lives_more_value"
    assert "MORE per session" in result["verdict"]["en"]
    assert "association" in result["verdict"]["en"]


def test_no_clear_link_cohort(workspace: Workspace) -> None:
    _cohort(workspace, [5, 1, 8, 3, 7, 2, 6, 4])
    result = compare_accounts(workspace, end=END, resamples=500)
    correlation = result["correlation"]
    assert correlation["rho"] == pytest.approx(2 / 42)
    assert correlation["ci_low"] < 0 < correlation["ci_high"]
    assert result["verdict"]["code"] == "no_clear_link"
    assert result["verdict"]["en"].startswith("No clear link")
    assert "0,05" in result["verdict"]["id"] and "n = 8 akun" in result["verdict"]["id"]


def test_too_few_accounts(workspace: Workspace) -> None:
    _cohort(workspace, [3, 2, 1])
    result = compare_accounts(workspace, end=END)
    correlation = result["correlation"]
    assert (correlation["rho"], correlation["ci_low"], correlation["ci_high"]) == (None, None, None)
    assert correlation["n"] == 3
    assert result["verdict"]["code"] == "too_few_accounts"
    assert "at least 4" in result["verdict"]["en"]


def test_no_variation(workspace: Workspace) -> None:
    rows = []
    for i in range(5):
        rows += daily(f"acct{i}", [END, END - dt.timedelta(1)], gmv=float(i + 1))
    insert_sessions(workspace, rows)
    result = compare_accounts(workspace, end=END)
    assert result["correlation"]["rho"] is None
    assert result["verdict"]["code"] == "no_variation"


def test_empty_workspace(workspace: Workspace) -> None:
    result = compare_accounts(workspace)
    assert result["accounts"] == [] and result["within_account"] == []
    assert result["verdict"]["code"] == "too_few_accounts"


def test_quadrants_split_at_medians_ties_go_low(workspace: Workspace) -> None:
    # Frequencies 1, 2, 3 (median 2) and values 10, 20, 30 (median 20).
    _cohort(workspace, [30, 20, 10])
    insert_sessions(workspace, daily("unknown_gmv", [END]))
    quadrants = {
        a["account"]: a["quadrant"] for a in compare_accounts(workspace, end=END)["accounts"]
    }
    assert quadrants == {
        "acct00": "infrequent_high_value",
        "acct01": "infrequent_low_value",  # on both medians
        "acct02": "frequent_low_value",
        "unknown_gmv": None,
    }


def test_within_account_weeks_and_agreement(workspace: Workspace) -> None:
    rows = []
    for i in range(3):
        for week in range(4):
            # Week ``week`` (0 = the last 7 days) has week + 1 sessions earning less each.
            days = [END - dt.timedelta(days=7 * week + d) for d in range(week + 1)]
            rows += daily(f"acct{i}", days, gmv=1000.0 / (week + 1) + i)
    rows += daily("short", [END, END - dt.timedelta(7)], gmv=5.0)
    insert_sessions(workspace, rows)
    result = compare_accounts(workspace, end=END, resamples=50)
    within = {w["account"]: w for w in result["within_account"]}
    first = within["acct0"]
    assert first["n_weeks"] == 4 and first["rho"] == -1.0 and first["direction"] == "less"
    assert [w["week_end"] for w in first["weeks"]] == [
        "2026-07-07", "2026-07-14", "2026-07-21", "2026-07-28",
    ]  # fmt: skip
    assert first["weeks"][0] == {
        "week_start": "2026-07-01", "week_end": "2026-07-07", "sessions": 4,
        "gmv_mean_per_session": 250.0,
    }  # fmt: skip
    assert within["short"]["rho"] is None and within["short"]["n_weeks"] == 2
    assert "in 3 of 3 accounts" in result["verdict"]["en"]
    assert "lower GMV per session" in result["verdict"]["en"]
    assert "pada 3 dari 3 akun" in result["verdict"]["id"]


def test_verdict_branches_and_numbers() -> None:
    assert verdict_code(None, None, None, 3) == "too_few_accounts"
    assert verdict_code(None, None, None, 10) == "no_variation"
    assert verdict_code(-0.2, -0.5, 0.0, 10) == "no_clear_link"  # touching 0 is not below it
    assert verdict_code(-0.6, -0.8, -0.1, 10) == "more_lives_less_value"
    assert verdict_code(0.6, 0.1, 0.8, 10) == "more_lives_more_value"
    weak = verdict(-0.6, -0.8, -0.1, 1234)
    assert "a weak association" in weak["en"] and "n = 1,234 accounts" in weak["en"]
    assert "keterkaitan lemah" in weak["id"] and "n = 1.234 akun" in weak["id"]
    assert "−0,60" in weak["id"] and "−0,80 s.d. −0,10" in weak["id"]
    assert "a strong association" in verdict(0.9, 0.7, 0.95, 50)["en"]
    # Without most accounts agreeing, the within-account view stays out of the text.
    mixed = [{"direction": d} for d in ("less", "more", "flat")]
    assert "Within accounts" not in verdict(0.1, -0.2, 0.3, 10, mixed)["en"]


def test_format_number() -> None:
    # The verdict writes numbers like the report and the terminal: one minus sign (U+2212)
    # and one unknown mark (an em dash).
    assert format_number(-0.4249, "en") == "−0.42"
    assert format_number(-0.4249, "id") == "−0,42"
    assert format_number(-0.001, "en") == "0.00"
    assert format_number(2000, "id", digits=0) == "2.000"
    assert format_number(None, "en") == "—"


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
    assert all(w["n_weeks"] == 5 for w in restricted["within_account"])
    assert [e["account"] for e in restricted["estimates"]] == ["acct1"]
    assert restricted["correlation"]["n"] == 5
    whole = compare_accounts(workspace, end=END, resamples=200)
    assert whole["correlation"]["n"] == 9 and len(whole["within_account"]) == 9


def test_restricting_to_no_account_or_one_handle(workspace: Workspace) -> None:
    _cohort(workspace, [8, 7, 6, 5, 4])
    nobody = compare_accounts(workspace, end=END, resamples=10, accounts=[])
    assert nobody["accounts"] == [] and nobody["within_account"] == []
    assert nobody["verdict"]["code"] == "too_few_accounts"
    one = compare_accounts(workspace, end=END, resamples=10, accounts="acct02")
    assert [a["account"] for a in one["accounts"]] == ["acct02"]
    unknown = compare_accounts(workspace, end=END, resamples=10, accounts=["no.such"])
    assert unknown["accounts"] == [] and unknown["correlation"]["n"] == 0
