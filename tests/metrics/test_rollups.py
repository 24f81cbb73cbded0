from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from siaran.errors import UsageError
from siaran.metrics import (
    account_rollups,
    account_trends,
    estimate_rollups,
    rollup_kpi_names,
    weekday_hour_activity,
)
from siaran.metrics.rollups import AccountRollup, Window, resolve_window, rollups_for
from siaran.store.engine import _PREPARED, backend, engine_context
from siaran.workspace import Workspace

from . import at, daily, insert_sessions

END = dt.date(2026, 7, 28)
ROLLUP_FIELDS = [
    "platform",
    "account",
    "currency",
    "window_start",
    "window_end",
    "window_days",
    *rollup_kpi_names(),
    "basis",
]


def _by_account(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["account"]: row for row in rows}


def test_rollup_fields_and_hand_values(workspace: Workspace) -> None:
    insert_sessions(
        workspace,
        [
            {"account": "a", "started_at": at("2026-07-20 20:00"), "gmv": 100.0,
             "views": 10.0, "viewers": 8.0, "duration_s": 3600.0},
            {"account": "a", "started_at": at("2026-07-21 20:00"), "gmv": 0.0,
             "views": 20.0, "viewers": None, "duration_s": 1800.0},
            {"account": "a", "started_at": at("2026-07-22 20:00"), "gmv": 300.0,
             "views": None, "viewers": 4.0, "duration_s": 5400.0},
            {"account": "a", "started_at": at("2026-07-23 20:00"), "gmv": None,
             "views": 30.0, "duration_s": 3600.0},
            {"account": "b", "started_at": at("2026-07-24 20:00"), "platform": "shopee",
             "gmv": 50.0},
            {"account": "b", "started_at": at("2026-07-25 20:00"), "gmv": 70.0},
            {"account": "b", "started_at": at("2026-07-26 20:00"), "gmv": 100.0},
        ],
    )  # fmt: skip
    rows = account_rollups(workspace, end=END)
    assert [list(r) for r in rows] == [ROLLUP_FIELDS] * 3
    assert set(ROLLUP_FIELDS) == set(AccountRollup.__required_keys__)
    a, b_shopee, b = rows
    assert a["account"] == "a" and a["platform"] == "tiktok" and a["currency"] == "IDR"
    assert (a["window_start"], a["window_end"], a["window_days"]) == (
        "2026-07-01",
        "2026-07-28",
        28,
    )
    assert a["basis"] == "first_party"
    assert a["sessions"] == 4 and isinstance(a["sessions"], int)
    assert a["live_hours"] == pytest.approx(4.0)
    assert a["gmv_total"] == 400.0
    assert a["gmv_mean_per_session"] == pytest.approx(400 / 3)  # unknown GMV is not a zero
    assert a["gmv_median_per_session"] == 100.0
    assert a["views_per_session"] == pytest.approx(20.0)
    assert a["viewers_per_session"] == pytest.approx(6.0)
    # Only sessions with both GMV and duration known: 400 over 3 hours.
    assert a["gmv_per_live_hour"] == pytest.approx(400 / 3)
    assert a["zero_gmv_share"] == pytest.approx(1 / 3)
    assert a["sessions_per_28_days"] == 4.0
    # One row per platform account: Shopee and TikTok GMV follow different definitions.
    assert (b_shopee["account"], b_shopee["platform"], b_shopee["sessions"]) == ("b", "shopee", 1)
    assert (b["platform"], b["gmv_total"]) == ("tiktok", 170.0)
    assert b["gmv_median_per_session"] == pytest.approx(85.0)  # even count: mean of the middle two
    assert b["live_hours"] is None and b["gmv_per_live_hour"] is None  # durations unknown
    assert b["views_per_session"] is None and b["viewers_per_session"] is None


def test_default_end_is_the_latest_local_session_day(workspace: Workspace) -> None:
    # 23:30 local on the 28th is the 28th in Jakarta (16:30 UTC).
    insert_sessions(
        workspace,
        [
            {"account": "a", "started_at": at("2026-07-28 23:30")},
            {"account": "a", "started_at": at("2026-07-01 00:00")},
        ],
    )
    [row] = account_rollups(workspace)
    assert (row["window_start"], row["window_end"]) == ("2026-07-01", "2026-07-28")
    assert row["sessions"] == 2


def test_window_boundaries_are_local_calendar_days(workspace: Workspace) -> None:
    insert_sessions(
        workspace,
        [
            # 28 days before the end: outside a 28-day window (it holds days end-27..end).
            {"account": "a", "started_at": at("2026-06-30 23:59:59")},
            {"account": "a", "started_at": at("2026-07-01 00:00:00")},  # first day: inside
            {"account": "a", "started_at": at("2026-07-28 23:59:59")},  # last day: inside
            {"account": "a", "started_at": at("2026-07-29 00:00:00")},  # after: outside
        ],
    )
    [row] = account_rollups(workspace, end=END)
    assert row["sessions"] == 2
    [seven] = account_rollups(workspace, end=END, window_days=7)
    assert seven["sessions"] == 1 and seven["window_start"] == "2026-07-22"
    assert seven["sessions_per_28_days"] == 4.0
    [single] = account_rollups(workspace, end=dt.date(2026, 7, 1), window_days=1)
    assert single["sessions"] == 1
    with pytest.raises(UsageError):
        account_rollups(workspace, end=END, window_days=0)


def test_accounts_filter_and_empty_workspace(workspace: Workspace) -> None:
    assert account_rollups(workspace) == []
    insert_sessions(workspace, daily("a", [END]) + daily("b", [END]) + daily("c", [END]))
    assert [r["account"] for r in account_rollups(workspace, accounts=["c", "a"])] == ["a", "c"]
    assert account_rollups(workspace, accounts=[]) == []
    assert account_rollups(workspace, accounts=["nobody"]) == []


def test_currencies_are_never_added_together(workspace: Workspace) -> None:
    insert_sessions(
        workspace,
        daily("a", [END], gmv=100.0) + daily("a", [END - dt.timedelta(1)], gmv=5.0, currency="USD"),
    )
    rows = account_rollups(workspace, end=END)
    assert [(r["currency"], r["gmv_total"]) for r in rows] == [("IDR", 100.0), ("USD", 5.0)]


def test_prepared_and_plain_paths_agree(workspace: Workspace) -> None:
    insert_sessions(
        workspace,
        [
            {"account": f"acct{i % 5}", "started_at": at(f"2026-07-{1 + i % 28:02d} 2{i % 4}:00"),
             "gmv": float(i % 7) * 1000, "views": float(i), "duration_s": 600.0 * (i % 3)}
            for i in range(60)
        ],
    )  # fmt: skip
    context = engine_context(workspace)
    window = resolve_window(context, 28, END)
    prepared = rollups_for(context, window)
    assert any(key[1] == "account_rollups" and sql for key, sql in _PREPARED.items())
    plain = rollups_for(context, window, accounts=[f"acct{i}" for i in range(5)])
    assert prepared == plain
    # A second window reuses the prepared statement with new bounds.
    other = rollups_for(context, Window.ending(END, 7, context.zone))
    assert sum(r["sessions"] for r in other) < sum(r["sessions"] for r in prepared)


def test_zero_gmv_share_ignores_unknown_gmv(workspace: Workspace) -> None:
    insert_sessions(
        workspace,
        daily("a", [END], gmv=0.0)
        + daily("a", [END - dt.timedelta(1)], gmv=None)
        + daily("a", [END - dt.timedelta(2)], gmv=None)
        + daily("a", [END - dt.timedelta(3)], gmv=10.0)
        + daily("b", [END], gmv=None),
    )
    a, b = account_rollups(workspace, end=END)
    assert a["zero_gmv_share"] == 0.5
    assert b["zero_gmv_share"] is None and b["gmv_total"] is None
    assert b["gmv_mean_per_session"] is None and b["gmv_median_per_session"] is None


def test_weekday_hour_in_local_time(workspace: Workspace) -> None:
    insert_sessions(
        workspace,
        [
            # Saturday 23:30 in Jakarta is Saturday 16:30 UTC: the cell is Saturday 23h.
            {"account": "a", "started_at": at("2026-07-04 23:30"), "gmv": 100.0},
            {"account": "b", "started_at": at("2026-07-04 23:05"), "gmv": None},
            {"account": "a", "started_at": at("2026-07-06 00:10"), "gmv": 50.0},  # Monday 0h
        ],
    )
    backend(workspace)  # anyone attaching Ibis resets the connection to UTC
    cells = weekday_hour_activity(workspace, end=dt.date(2026, 7, 6))
    assert cells == [
        {"weekday": 0, "hour": 0, "currency": "IDR", "sessions": 1, "gmv_total": 50.0,
         "gmv_mean": 50.0},
        {"weekday": 5, "hour": 23, "currency": "IDR", "sessions": 2, "gmv_total": 100.0,
         "gmv_mean": 100.0},
    ]  # fmt: skip
    only_b = weekday_hour_activity(workspace, account="b", end=dt.date(2026, 7, 6))
    assert [(c["weekday"], c["hour"], c["gmv_total"]) for c in only_b] == [(5, 23, None)]


def test_trends_roll_windows_and_fill_zero_weeks(workspace: Workspace) -> None:
    insert_sessions(
        workspace,
        daily("a", [END, END - dt.timedelta(1)], gmv=100.0, views=10.0)
        + daily("a", [END - dt.timedelta(20)], gmv=40.0, views=None)
        + daily("b", [END - dt.timedelta(30)], gmv=7.0),
    )
    rows = account_trends(workspace, window_days=28, step_days=7, periods=3, end=END)
    assert list(rows[0]) == [
        "window_start", "window_end", "platform", "account", "currency", "sessions",
        "gmv_mean_per_session", "views_per_session",
    ]  # fmt: skip
    assert [(r["window_end"], r["account"]) for r in rows] == [
        ("2026-07-14", "a"), ("2026-07-14", "b"),
        ("2026-07-21", "a"), ("2026-07-21", "b"),
        ("2026-07-28", "a"), ("2026-07-28", "b"),
    ]  # fmt: skip
    last_a = rows[4]
    assert last_a["window_start"] == "2026-07-01"
    assert last_a["sessions"] == 3
    assert last_a["gmv_mean_per_session"] == pytest.approx(80.0)
    assert last_a["views_per_session"] == pytest.approx(10.0)
    first_b = rows[1]
    assert first_b["sessions"] == 1 and first_b["gmv_mean_per_session"] == 7.0  # 2026-06-28
    last_b = rows[5]
    assert last_b["sessions"] == 0
    assert last_b["gmv_mean_per_session"] is None and last_b["views_per_session"] is None


def test_estimates_stay_apart_and_labelled(workspace: Workspace) -> None:
    workspace.con.execute(
        "INSERT INTO account_estimates VALUES ('tiktok', 'radefa.optik', 'fastmoss', "
        "DATE '2026-06-01', DATE '2026-06-28', 28, 40, 800000, NULL, 12000, 'IDR', "
        "'third_party_estimate', 'abc', 5)"
    )
    insert_sessions(workspace, daily("radefa.optik", [END], gmv=1.0))
    [estimate] = estimate_rollups(workspace)
    assert estimate["basis"] == "estimate" and estimate["source"] == "fastmoss"
    assert estimate["platform"] == "tiktok" and estimate["account"] == "radefa.optik"
    assert estimate["source_basis"] == "third_party_estimate"
    assert estimate["gmv_mean_per_session"] == pytest.approx(20000.0)
    assert estimate["views_per_session"] == pytest.approx(300.0)
    assert estimate["sessions_per_28_days"] == pytest.approx(40.0)
    assert (estimate["window_start"], estimate["window_end"]) == ("2026-06-01", "2026-06-28")
    [first_party] = account_rollups(workspace, end=END)
    assert first_party["sessions"] == 1 and first_party["gmv_total"] == 1.0


def test_live_hours_use_start_and_end_to_the_second(workspace: Workspace) -> None:
    start = at("2026-07-20 20:00:00")
    insert_sessions(
        workspace,
        [
            # Duration cut to the minute (19 min); the live lasted 19 min 47 s.
            {"account": "a", "started_at": start, "ended_at": start + dt.timedelta(seconds=1187),
             "duration_s": 1140.0, "gmv": 1187.0},
            # No end time: the exported duration is all there is.
            {"account": "a", "started_at": at("2026-07-21 20:00"), "duration_s": 1213.0,
             "gmv": 1213.0},
            # An end before the start is not a length: the duration stands.
            {"account": "a", "started_at": at("2026-07-22 20:00"),
             "ended_at": at("2026-07-22 19:00"), "duration_s": 600.0},
        ],
    )  # fmt: skip
    [row] = account_rollups(workspace, end=END)
    assert row["live_hours"] == pytest.approx((1187 + 1213 + 600) / 3600)
    assert row["gmv_per_live_hour"] == pytest.approx(3600.0)
