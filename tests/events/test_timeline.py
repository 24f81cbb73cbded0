"""Per-minute timelines and session measures, against values worked out by hand."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from siaran.events import import_event_file, largest_changes, room_timeline, session_measures
from siaran.events.measures import RoomMeasures
from siaran.store.engine import engine_context
from siaran.workspace import Workspace

from .samples import ROOM, event, session_events, write_jsonl

EXPECTED_MINUTES = [
    # minute, viewers, joins, comments, likes, shares, follows, gifts_diamonds, orders, gmv
    ("2026-07-04T20:00:00+07:00", 10, 2, 1, 0, 0, 0, 0, 0, 0.0),
    ("2026-07-04T20:01:00+07:00", 40, 0, 0, 16, 0, 0, 0, 0, 0.0),
    ("2026-07-04T20:02:00+07:00", None, 0, 0, 0, 1, 1, 5, 0, 0.0),
    ("2026-07-04T20:03:00+07:00", 18, 0, 1, 0, 0, 0, 0, 1, 35000.0),
    ("2026-07-04T20:04:00+07:00", 12, 0, 0, 0, 0, 0, 0, 1, 50000.0),
]


@pytest.fixture
def captured(workspace: Workspace, tmp_path: Path) -> Workspace:
    import_event_file(workspace, write_jsonl(tmp_path / "c.jsonl", session_events()), account="a")
    return workspace


def test_timeline_has_one_row_per_minute_and_null_viewers_in_gaps(captured: Workspace) -> None:
    rows = room_timeline(engine_context(captured), captured, "a", ROOM)
    assert [tuple(row.values()) for row in rows] == EXPECTED_MINUTES
    assert list(rows[0]) == [
        "minute", "viewers", "joins", "comments", "likes", "shares", "follows",
        "gifts_diamonds", "orders", "gmv",
    ]  # fmt: skip


def test_a_long_gap_is_filled_with_unknown_viewers_not_carried_forward(
    workspace: Workspace, tmp_path: Path
) -> None:
    events = [event(1, "viewers", 0, viewers=50), event(2, "viewers", 600, viewers=30)]
    events.append(event(3, "order", 300))  # an order of unknown value
    import_event_file(workspace, write_jsonl(tmp_path / "g.jsonl", events), account="a")
    rows = room_timeline(engine_context(workspace), workspace, "a", ROOM)
    assert len(rows) == 11
    assert [r["viewers"] for r in rows] == [50, *[None] * 9, 30]
    assert rows[5]["orders"] == 1 and rows[5]["gmv"] is None
    assert all(r["gmv"] == 0.0 for i, r in enumerate(rows) if i != 5)


def test_an_unknown_room_has_no_timeline(captured: Workspace) -> None:
    assert room_timeline(engine_context(captured), captured, "a", "nope") == []


def test_session_measures_by_hand(captured: Workspace) -> None:
    [row] = session_measures(engine_context(captured), captured)
    # The declared keys are the ones a row carries: the bases and the registry's timeline KPIs.
    assert set(row) == set(RoomMeasures.__required_keys__)
    assert isinstance(row["minutes"], int) and isinstance(row["gifts_diamonds"], int)
    assert row["room_id"] == ROOM and row["account"] == "a"
    assert row["first_event_at"] == "2026-07-04T20:00:05+07:00"
    assert row["last_event_at"] == "2026-07-04T20:04:19+07:00"
    assert row["peak_at"] == "2026-07-04T20:01:00+07:00"
    expected = {
        "minutes": 5,
        "events": 18,
        "viewer_samples": 4,
        "peak_concurrency": 40,
        "average_concurrency": 20.0,
        "retention_at_end": 12 / 40,
        "viewer_half_life_s": 120.0,
        # 20 viewers on average from 20:00:05 to 20:04:19: 254 s, not the 5 minute rows.
        "viewer_minutes": 20 * 254 / 60,
        "interaction_intensity": (2 + 16 + 1) / (20 * 254 / 60),
        "orders_per_1000_viewer_minutes": 2 / (20 * 254 / 60) * 1000,
        "first_comment_to_order_s": 180.0,
        "gmv": 85000.0,
    }
    measured: Mapping[str, object] = row
    for name, value in expected.items():
        assert measured[name] == pytest.approx(value), name


def test_measures_without_samples_or_comments_are_null_not_zero(
    workspace: Workspace, tmp_path: Path
) -> None:
    events = [event(1, "order", 0, amount=1000), event(2, "like", 30, count=4)]
    events += [event(3, "viewers", 60, viewers=100), event(4, "viewers", 120, viewers=80)]
    events += [event(5, "comment", 0, room="other")]
    import_event_file(workspace, write_jsonl(tmp_path / "n.jsonl", events), account="a")
    rows = {r["room_id"]: r for r in session_measures(engine_context(workspace), workspace)}
    main, other = rows[ROOM], rows["other"]
    assert main["viewer_half_life_s"] is None  # 80 is more than half of 100
    assert main["first_comment_to_order_s"] is None
    assert main["retention_at_end"] == pytest.approx(0.8)
    for name in ("peak_concurrency", "average_concurrency", "retention_at_end",
                 "interaction_intensity", "orders_per_1000_viewer_minutes"):  # fmt: skip
        assert other[name] is None, name
    assert other["viewer_samples"] == 0


def test_first_order_before_first_comment_is_negative(workspace: Workspace, tmp_path: Path) -> None:
    events = [event(1, "order", 10, amount=5), event(2, "comment", 70)]
    import_event_file(workspace, write_jsonl(tmp_path / "o.jsonl", events), account="a")
    [row] = session_measures(engine_context(workspace), workspace)
    assert row["first_comment_to_order_s"] == -60.0


def test_largest_changes_name_the_pinned_product(captured: Workspace) -> None:
    changes = largest_changes(engine_context(captured), captured, "a", ROOM)
    assert [(c["minute"][11:16], c["change"]) for c in changes] == [
        ("20:01", 30),
        ("20:03", -22),
        ("20:04", -6),
    ]
    assert changes[0]["product_id"] == "p-01"
    assert changes[0]["product"] == "Sambal bawang 150 g"
    assert changes[1]["orders"] == 1 and changes[1]["viewers_before"] == 40


def test_several_rooms_and_accounts(workspace: Workspace, tmp_path: Path) -> None:
    first = [event(1, "join", 0, room="r1"), event(2, "join", 60, room="r2")]
    import_event_file(workspace, write_jsonl(tmp_path / "a.jsonl", first), account="a")
    second = [event(1, "join", 0, room="r3")]
    import_event_file(workspace, write_jsonl(tmp_path / "b.jsonl", second), account="b")
    context = engine_context(workspace)
    assert [r["room_id"] for r in session_measures(context, workspace)] == ["r1", "r3", "r2"]
    assert [r["room_id"] for r in session_measures(context, workspace, account="b")] == ["r3"]
    assert [r["room_id"] for r in session_measures(context, workspace, rooms=["r2"])] == ["r2"]
