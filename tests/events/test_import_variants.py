"""Event files as other tools write them: capture dumps in the camelCase of the Node library
and of protobuf JSON, gifts that cannot streak, and the values a spreadsheet leaves behind in
canonical and order CSVs (a room id in scientific notation, a dot-grouped thousand)."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from siaran.errors import BadInputError
from siaran.events import event_files, import_event_file, sniff_event_format
from siaran.workspace import Workspace

from .samples import ROOM, at, write_csv, write_jsonl

MS = 1783170000000


def _stored(workspace: Workspace) -> dict[str, dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in event_files(workspace):
        rows.extend(pq.read_table(path).to_pylist())
    return {str(r["id"]): r for r in rows}


# -- gifts that cannot streak ---------------------------------------------------------------------


def test_a_gift_that_cannot_streak_counts_whatever_its_repeat_end(
    workspace: Workspace, tmp_path: Path
) -> None:
    # TikTokLive (Python) writes the gift's type inside ``gift`` and ``streaking`` at the top;
    # TikTok-Live-Connector (Node) flattens the gift: ``giftType``, ``repeatEnd`` (a boolean).
    lines: list[dict[str, object]] = [
        {"event": "ConnectEvent", "room_id": ROOM},
        {"event": "GiftEvent", "msg_id": "lion", "create_time": MS, "user": {"unique_id": "s"},
         "gift": {"name": "Lion", "diamond_count": 29999, "type": 2}, "repeat_count": 1,
         "repeat_end": 0, "streaking": False},
        {"event": "GiftEvent", "msg_id": "universe", "create_time": MS + 1000,
         "gift": {"name": "Universe", "diamond_count": 44999, "type": 2}, "repeat_count": 1,
         "repeat_end": 0},
        {"event": "GiftEvent", "msgId": "node-lion", "createTime": str(MS + 2000),
         "uniqueId": "ani", "giftId": 6369, "giftType": 2, "repeatCount": 1,
         "repeatEnd": False, "diamondCount": 29999},
        {"event": "GiftEvent", "msgId": "node-compat", "createTime": str(MS + 2500),
         "uniqueId": "ani", "repeatCount": 1, "repeatEnd": False, "diamondCount": 500,
         "gift": {"gift_id": 1, "repeat_count": 1, "repeat_end": 0, "gift_type": 2}},
        {"event": "GiftEvent", "msg_id": "ended", "create_time": MS + 3000,
         "gift": {"diamond_count": 1, "type": 1}, "repeat_count": 5, "repeat_end": 1,
         "streaking": False},
        # still running: streakable and not ended, or said so
        {"event": "GiftEvent", "msg_id": "rose-running", "create_time": MS + 4000,
         "gift": {"diamond_count": 1, "type": 1}, "repeat_count": 2, "repeat_end": 0},
        {"event": "GiftEvent", "msgId": "node-running", "createTime": str(MS + 5000),
         "giftType": 1, "repeatCount": 2, "repeatEnd": False, "diamondCount": 1},
        {"event": "GiftEvent", "msg_id": "streaking", "create_time": MS + 6000,
         "gift": {"diamond_count": 1, "type": 2}, "repeat_count": 2, "streaking": True},
        {"event": "GiftEvent", "msg_id": "untyped-running", "create_time": MS + 7000,
         "gift": {"diamond_count": 1}, "repeat_count": 2, "repeat_end": 0},
    ]  # fmt: skip
    path = write_jsonl(tmp_path / "gifts.jsonl", lines)
    report = import_event_file(workspace, path, account="a")
    rows = _stored(workspace)
    assert {key: row["diamonds"] for key, row in rows.items()} == {
        "lion": 29999,
        "universe": 44999,
        "node-lion": 29999,
        "node-compat": 500,
        "ended": 5,
    }
    assert report.events_added == 5


# -- camelCase dumps ------------------------------------------------------------------------------


def test_a_node_connector_dump_in_camel_case(workspace: Workspace, tmp_path: Path) -> None:
    # TikTok-Live-Connector flattens the user and the message header into the message:
    # ``userId``/``uniqueId``, ``msgId``/``createTime`` (strings, milliseconds).
    lines: list[dict[str, object]] = [
        {"event": "RoomUserSeqEvent", "roomId": ROOM, "viewerCount": 120,
         "createTime": str(MS), "msgId": "1"},
        {"event": "CommentEvent", "roomId": ROOM, "userId": "6506646277295882242",
         "uniqueId": "sari", "comment": "halo kak", "createTime": str(MS + 20000), "msgId": "2"},
        {"event": "LikeEvent", "roomId": ROOM, "uniqueId": "budi", "likeCount": 15,
         "totalLikeCount": 15, "createTime": str(MS + 40000), "msgId": "3"},
        {"event": "GiftEvent", "roomId": ROOM, "uniqueId": "ani", "giftId": 5655,
         "repeatCount": 3, "repeatEnd": True, "diamondCount": 1, "giftType": 1,
         "createTime": str(MS + 60000), "msgId": "4"},
        {"event": "JoinEvent", "roomId": ROOM, "userId": "7000000000000000001",
         "createTime": str(MS + 70000), "msgId": "5"},
    ]  # fmt: skip
    path = write_jsonl(tmp_path / "node.jsonl", lines)
    assert sniff_event_format(path) == "capture_dump"
    import_event_file(workspace, path, account="a")
    rows = _stored(workspace)
    assert rows["1"]["viewers"] == 120
    assert rows["2"]["user"] == "sari" and rows["2"]["text"] == "halo kak"
    assert rows["3"]["count"] == 15
    assert rows["4"]["diamonds"] == 3
    assert rows["5"]["user"] == "7000000000000000001"
    assert all(r["room_id"] == ROOM for r in rows.values())
    assert rows["1"]["ts"].timestamp() == MS / 1000  # type: ignore[attr-defined]


def test_a_protobuf_json_dump_with_base_message(workspace: Workspace, tmp_path: Path) -> None:
    # betterproto's to_dict() writes camelCase, the header under ``baseMessage``.
    def header(n: int) -> dict[str, object]:
        return {"method": "Webcast", "msgId": f"73910000000000000{n:02d}", "roomId": ROOM,
                "createTime": str(MS + n * 1000)}  # fmt: skip

    lines: list[dict[str, object]] = [
        {"event": "RoomUserSeqEvent", "baseMessage": header(1), "total": "120",
         "totalUser": "900"},
        {"event": "CommentEvent", "baseMessage": header(2),
         "user": {"uniqueId": "sari", "nickName": "Sari"}, "content": "ready?"},
        {"event": "LikeEvent", "baseMessage": header(3), "user": {"nickName": "Budi"},
         "count": 15, "total": 15},
        {"event": "GiftEvent", "baseMessage": header(4), "user": {"uniqueId": "ani"},
         "repeatCount": 3, "repeatEnd": 1, "gift": {"diamondCount": 10, "name": "Rose",
                                                    "type": 1}},
    ]  # fmt: skip
    import_event_file(workspace, write_jsonl(tmp_path / "proto.jsonl", lines), account="a")
    rows = _stored(workspace)
    assert set(rows) == {f"73910000000000000{n:02d}" for n in range(1, 5)}
    by_type = {r["type"]: r for r in rows.values()}
    assert by_type["viewers"]["viewers"] == 120
    assert by_type["comment"]["user"] == "sari" and by_type["comment"]["text"] == "ready?"
    assert by_type["like"]["user"] == "Budi" and by_type["like"]["count"] == 15
    assert by_type["gift"]["diamonds"] == 30
    assert all(r["room_id"] == ROOM for r in rows.values())


# -- room ids a spreadsheet rounded ---------------------------------------------------------------


def _refused(workspace: Workspace, path: Path) -> BadInputError:
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="a")
    assert event_files(workspace) == []
    return caught.value


def test_a_room_id_in_scientific_notation_is_refused_in_an_events_csv(
    workspace: Workspace, tmp_path: Path
) -> None:
    header = ["id", "type", "ts", "room_id", "user", "viewers"]
    rows = [
        ["ev1", "viewers", at(5), "7.39123E+18", "", "10"],
        ["ev2", "comment", at(20), "7,39123E+18", "sari", ""],
        ["ev3", "comment", at(30), ROOM, "sari", ""],
    ]
    error = _refused(workspace, write_csv(tmp_path / "events.csv", header, rows))
    found = [(p.row, p.column, p.value, p.reason_key) for p in error.problems]
    assert found == [
        (2, "room_id", "7.39123E+18", "events.room_id_rounded"),
        (3, "room_id", "7,39123E+18", "events.room_id_rounded"),
    ]
    assert "rounded by a spreadsheet" in error.message("en") and "re-export" in error.message("en")
    assert "dibulatkan" in error.message("id") and "ekspor ulang" in error.message("id")


def test_a_room_id_in_scientific_notation_is_refused_in_an_order_export(
    workspace: Workspace, tmp_path: Path
) -> None:
    # Two lives on two days whose room ids Excel rounded to the same 7.39123E+18.
    header = ["Order ID", "Created Time", "Live Room ID", "Order Amount"]
    rows = [
        ["5801", "04/07/2026 20:03:20", "7.39123E+18", "35000"],
        ["5901", "06/07/2026 19:35:00", "7.39123E+18", "50000"],
    ]
    path = write_csv(tmp_path / "orders.csv", header, rows)
    assert sniff_event_format(path) == "order_export"
    error = _refused(workspace, path)
    assert [(p.row, p.column, p.reason_key) for p in error.problems] == [
        (2, "room_id", "events.room_id_rounded"),
        (3, "room_id", "events.room_id_rounded"),
    ]


def test_a_captured_room_id_written_as_a_float_is_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    lines = [
        '{"event": "ConnectEvent", "room_id": 7.39123e18}',
        '{"event": "CommentEvent", "msg_id": "1", "create_time": 1783170000, "comment": "x"}',
    ]
    error = _refused(workspace, write_jsonl(tmp_path / "float_room.jsonl", lines))
    assert [(p.row, p.column, p.reason_key) for p in error.problems] == [
        (2, "room_id", "events.room_id_rounded")
    ]


# -- dot-grouped thousands ------------------------------------------------------------------------


def _semicolon_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "type", "ts", "room_id", "user", "count", "viewers", "diamonds"])
        writer.writerows(rows)
    return path


def test_a_dot_grouped_thousand_is_refused_not_read_as_one(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [
        ["ev1", "viewers", at(5), ROOM, "", "", "1250", ""],
        ["ev2", "like", at(40), ROOM, "budi", "1.000", "", ""],
        ["ev3", "viewers", at(65), ROOM, "", "", "1.250", ""],
        ["ev4", "gift", at(70), ROOM, "ani", "", "", "29.999"],
        ["ev5", "like", at(80), ROOM, "sari", "5", "", ""],
        ["ev6", "like", at(90), ROOM, "sari", "5.0", "", ""],
    ]
    path = _semicolon_csv(tmp_path / "dotgroup.csv", rows)
    assert sniff_event_format(path) == "events_csv"
    error = _refused(workspace, path)
    assert [(p.row, p.column, p.value, p.reason_key) for p in error.problems] == [
        (3, "count", "1.000", "events.thousands_separator"),
        (4, "viewers", "1.250", "events.thousands_separator"),
        (5, "diamonds", "29.999", "events.thousands_separator"),
    ]
    assert "thousands separator" in error.message("en")
    assert "pemisah ribuan" in error.message("id")
    report = import_event_file(workspace, path, account="a", skip_bad=True)
    assert report.events_added == 3
    rows_stored = _stored(workspace)
    assert rows_stored["ev5"]["count"] == 5 and rows_stored["ev6"]["count"] == 5
