from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from siaran.metrics import list_sessions, session_kpi_names
from siaran.metrics.sessions import SessionRow, disagreements
from siaran.store.schema import SESSION_FIELD_NAMES
from siaran.workspace import Workspace

from . import at, insert_reported, insert_sessions


def test_fields_in_order_times_with_offset_unknown_is_none(workspace: Workspace) -> None:
    [key] = insert_sessions(
        workspace,
        [
            {
                "account": "tokobatik",
                "room_id": "7391234567890123456",
                "title": "Batik Sokaraja live",
                "started_at": at("2026-07-04 20:01:54"),
                "ended_at": at("2026-07-04 21:31:54"),
                "duration_s": 5400.0,
                "gmv": 2000000.0,
                "orders": 8.0,
                "views": 1000.0,
            }
        ],
    )
    [row] = list_sessions(workspace)
    assert list(row) == [
        *SESSION_FIELD_NAMES,
        *session_kpi_names(),
        "platform_values",
        "disagreements",
    ]
    assert set(row) == set(SessionRow.__required_keys__)  # the type declares what a row holds
    assert row["started_at"] == "2026-07-04T20:01:54+07:00"
    assert row["ended_at"] == "2026-07-04T21:31:54+07:00"
    assert row["room_id"] == "7391234567890123456"
    assert row["customers"] is None and row["conversion"] is None
    assert row["watch_gpm"] == pytest.approx(2_000_000.0)
    assert row["aov"] == pytest.approx(250_000.0)
    assert row["gmv_per_hour"] == pytest.approx(2_000_000 / 1.5)
    assert row["platform_values"] == {} and row["disagreements"] == []
    json.dumps(row)  # plain JSON types only
    assert key not in json.dumps(row)


def test_times_follow_the_workspace_zone(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "wit", timezone="Asia/Jayapura") as ws:
        insert_sessions(ws, [{"account": "a", "started_at": at("2026-07-04 20:00:00")}])
        [row] = list_sessions(ws)
    assert row["started_at"] == "2026-07-04T22:00:00+09:00"


def test_sorted_by_start_then_account_and_filtered(workspace: Workspace) -> None:
    insert_sessions(
        workspace,
        [
            {"account": "b", "started_at": at("2026-07-05 10:00")},
            {"account": "b", "started_at": at("2026-07-04 20:00")},
            {"account": "a", "started_at": at("2026-07-04 20:00")},
            {"account": "a", "started_at": at("2026-07-06 00:30")},
        ],
    )
    rows = list_sessions(workspace)
    assert [(r["account"], r["started_at"][:16]) for r in rows] == [
        ("a", "2026-07-04T20:00"),
        ("b", "2026-07-04T20:00"),
        ("b", "2026-07-05T10:00"),
        ("a", "2026-07-06T00:30"),
    ]
    assert [r["account"] for r in list_sessions(workspace, account="b")] == ["b", "b"]
    # since/until are local calendar days, inclusive: 00:30 on the 6th is the 6th, not the 5th.
    only_fifth = list_sessions(workspace, since=dt.date(2026, 7, 5), until=dt.date(2026, 7, 5))
    assert [r["started_at"][:10] for r in only_fifth] == ["2026-07-05"]
    assert len(list_sessions(workspace, since=dt.date(2026, 7, 6))) == 1
    assert len(list_sessions(workspace, until=dt.date(2026, 7, 4))) == 2
    assert list_sessions(workspace, account="nobody") == []


def test_platform_values_and_disagreements(workspace: Workspace) -> None:
    [key, other] = insert_sessions(
        workspace,
        [
            {
                "account": "shop",
                "started_at": at("2026-07-04 19:00"),
                "gmv": 21281718.0,
                "views": 13262.0,
                "orders": 109.0,
                "product_clicks": 500.0,
            },
            {"account": "shop", "started_at": at("2026-07-05 19:00"), "views": 10.0},
        ],
    )
    watch_gpm = 21281718.0 / 13262 * 1000
    aov = 21281718.0 / 109
    insert_reported(
        workspace,
        key,
        {
            "watch_gpm": watch_gpm * 1.005,  # 0.5% off: within tolerance
            "aov": aov * 1.02,  # 2% off: flagged
            "live_ctr": 0.0377,  # ours 500 / 13262 = 0.03770...: agrees
            "ctor": 0.5,  # ours 109 / 500 = 0.218: flagged
            "show_gpm": 123.0,  # ours unknown (no impressions): not comparable
            "sku_order_rate": 0.1,  # not a registry KPI: kept, never compared
        },
    )
    insert_reported(workspace, other, {"comment_rate": 0.0})
    first, second = list_sessions(workspace)
    assert list(first["platform_values"])[:5] == [
        "watch_gpm",
        "show_gpm",
        "live_ctr",
        "ctor",
        "aov",
    ]
    assert first["platform_values"]["sku_order_rate"] == 0.1
    flagged = {d["kpi"]: d for d in first["disagreements"]}
    assert set(flagged) == {"aov", "ctor"}
    assert flagged["aov"]["ours"] == pytest.approx(aov)
    assert flagged["aov"]["platform"] == pytest.approx(aov * 1.02)
    assert flagged["aov"]["relative_difference"] == pytest.approx(0.02 / 1.02)
    assert set(flagged["ctor"]) == {"kpi", "ours", "platform", "relative_difference"}
    # The export says 0% comments; we cannot know (no comments column): nothing to compare.
    assert second["platform_values"] == {"comment_rate": 0.0}
    assert second["disagreements"] == []


def test_gmv_per_hour_divides_by_seconds_not_by_the_minute_cut_duration(
    workspace: Workspace,
) -> None:
    # TikTok's Duration "0h19m" is 1,140 s; Start and End Time are 1,187 s apart. The
    # platform's GMV per hour is on the seconds: dividing by 19 minutes ran 4.1% high and
    # was flagged as a disagreement with the platform.
    start = at("2026-07-04 20:01:54")
    [key, _without_end] = insert_sessions(
        workspace,
        [
            {
                "account": "a",
                "started_at": start,
                "ended_at": start + dt.timedelta(seconds=1187),
                "duration_s": 1140.0,
                "gmv": 593_500.0,
            },
            {
                "account": "a",
                "started_at": at("2026-07-05 20:00"),
                "duration_s": 1800.0,
                "gmv": 9.0,
            },
        ],
    )
    insert_reported(workspace, key, {"gmv_per_hour": 593_500.0 / (1187 / 3600)})
    first, second = list_sessions(workspace)
    assert first["gmv_per_hour"] == pytest.approx(593_500.0 / (1187 / 3600))
    assert first["disagreements"] == [] and first["duration_s"] == 1140.0
    assert second["gmv_per_hour"] == pytest.approx(18.0)  # no end time: the duration it has


def test_disagreement_threshold_edges() -> None:
    assert disagreements({"aov": 100.5}, {"aov": 100.0}) == []
    assert disagreements({"aov": 101.0}, {"aov": 100.0}) == []  # exactly 1%: not more than
    [found] = disagreements({"aov": 101.5}, {"aov": 100.0})
    assert found["relative_difference"] == pytest.approx(0.015)
    [from_zero] = disagreements({"live_ctr": 0.2}, {"live_ctr": 0.0})
    assert from_zero["relative_difference"] is None
    assert disagreements({"live_ctr": 0.0}, {"live_ctr": 0.0}) == []
    assert disagreements({"aov": None}, {"aov": 5.0}) == []
