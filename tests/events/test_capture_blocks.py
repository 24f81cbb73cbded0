"""Capture dumps read block-wise as column expressions: the same events, texts, problems and
counts as :func:`capture_event` one line at a time (the scalar reference), whatever the
blocks; and the line-by-line mapping never runs in an import."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siaran.errors import BadInputError
from siaran.events import capture, event_files, import_event_file
from siaran.events.capture_blocks import capture_tables
from siaran.events.reading import ReadTally, read_chunks
from siaran.workspace import Workspace

from .capture_lines import dump_lines
from .capture_reference import read_by_line
from .samples import ROOM, write_jsonl

MS = 1783170000000


def _by_block(path: Path, block_bytes: int) -> tuple[list[dict[str, object]], ReadTally]:
    tally = ReadTally()
    tables = list(capture_tables(path, tally, block_bytes=block_bytes))
    rows = pa.concat_tables(tables).to_pylist() if tables else []
    return rows, tally


def assert_same_reading(path: Path, block_bytes: int) -> ReadTally:
    """The block-wise reading and the line-by-line reference agree on everything."""
    fast, fast_tally = _by_block(path, block_bytes)
    slow, slow_tally = read_by_line(path)
    assert fast == slow.to_pylist()
    assert fast_tally.problems == slow_tally.problems
    assert fast_tally.problem_count == slow_tally.problem_count
    assert list(fast_tally.unknown_types.items()) == list(slow_tally.unknown_types.items())
    assert fast_tally.lines == slow_tally.lines
    return fast_tally


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(lines=dump_lines(), block_bytes=st.sampled_from((64, 400, 1 << 20)))
def test_block_reading_is_the_line_by_line_mapping(
    tmp_path: Path, lines: list[str], block_bytes: int
) -> None:
    path = write_jsonl(tmp_path / "generated.jsonl", lines)
    assert_same_reading(path, block_bytes)


# -- dumps as the libraries write them -----------------------------------------------------------


def _tiktoklive() -> list[dict[str, object]]:
    return [
        {"event": "ConnectEvent", "room_id": ROOM},
        {"event": "CommentEvent", "msg_id": 1, "create_time": MS, "comment": "halo",
         "user": {"unique_id": "sari", "nickname": "Sari"}},
        {"event": "LikeEvent", "data": {"msg_id": 2, "create_time": MS // 1000 + 5, "count": 7,
                                        "total": 700}},
        {"event": "JoinEvent", "msg_id": 3, "create_time": MS + 6000, "user": {"unique_id": "b"}},
        {"event": "GiftEvent", "msg_id": 4, "create_time": MS + 7000, "repeat_count": 2,
         "repeat_end": 0, "gift": {"diamond_count": 5}},
        {"event": "GiftEvent", "msg_id": 5, "create_time": MS + 8000, "repeat_count": 3,
         "repeat_end": 1, "gift": {"diamond_count": 5}},
        {"event": "RoomUserSeqEvent", "msg_id": 6, "create_time": MS + 9000, "m_total": 88,
         "total_user": 1500},
        {"event": "SocialEvent", "msg_id": 7, "create_time": MS + 9500, "action": "follow"},
        {"event": "LiveShoppingEvent", "msg_id": 8, "create_time": MS + 9600,
         "product": {"product_id": "p-9", "title": "Kopi"}},
        {"event": "EnvelopeEvent", "msg_id": 9, "create_time": MS + 9700},
        {"event": "ControlEvent", "msg_id": 10, "create_time": MS + 9800, "action": 3},
        {"event": "LiveEndEvent", "create_time": MS + 10000},
    ]  # fmt: skip


def _node() -> list[dict[str, object]]:
    return [
        {"event": "RoomUserSeqEvent", "roomId": ROOM, "viewerCount": 120,
         "createTime": str(MS), "msgId": "1"},
        {"event": "CommentEvent", "roomId": ROOM, "userId": "6506646277295882242",
         "uniqueId": "sari", "comment": "halo kak", "createTime": str(MS + 20000), "msgId": "2"},
        {"event": "LikeEvent", "roomId": ROOM, "uniqueId": "budi", "likeCount": 15,
         "totalLikeCount": 15, "createTime": str(MS + 40000), "msgId": "3"},
        {"event": "GiftEvent", "roomId": ROOM, "uniqueId": "ani", "giftId": 5655,
         "repeatCount": 3, "repeatEnd": True, "diamondCount": 1, "giftType": 1,
         "createTime": str(MS + 60000), "msgId": "4"},
        {"event": "GiftEvent", "msgId": "node-running", "createTime": str(MS + 5000),
         "giftType": 1, "repeatCount": 2, "repeatEnd": False, "diamondCount": 1},
    ]  # fmt: skip


def _protobuf() -> list[dict[str, object]]:
    def header(n: int) -> dict[str, object]:
        return {"method": "Webcast", "msgId": f"73910000000000000{n:02d}", "roomId": ROOM,
                "createTime": str(MS + n * 1000)}  # fmt: skip

    return [
        {"event": "RoomUserSeqEvent", "baseMessage": header(1), "total": "120",
         "totalUser": "900"},
        {"event": "CommentEvent", "baseMessage": header(2),
         "user": {"uniqueId": "sari", "nickName": "Sari"}, "content": "ready?"},
        {"event": "LikeEvent", "baseMessage": header(3), "user": {"nickName": "Budi"},
         "count": 15, "total": 15},
        {"event": "GiftEvent", "baseMessage": header(4), "user": {"uniqueId": "ani"},
         "repeatCount": 3, "repeatEnd": 1, "gift": {"diamondCount": 10, "type": 1}},
    ]  # fmt: skip


@pytest.mark.parametrize("dump", [_tiktoklive, _node, _protobuf])
@pytest.mark.parametrize("block_bytes", [80, 1 << 20])
def test_the_libraries_dumps_read_as_line_by_line(
    tmp_path: Path, dump: object, block_bytes: int
) -> None:
    lines = dump()  # type: ignore[operator]
    path = write_jsonl(tmp_path / "dump.jsonl", [*lines, *lines])
    assert_same_reading(path, block_bytes)


def test_a_connect_room_carries_over_into_the_next_blocks(tmp_path: Path) -> None:
    lines: list[dict[str, object]] = [{"event": "ConnectEvent", "room_id": "r1"}]
    lines += [{"event": "JoinEvent", "msg_id": n, "create_time": MS + n} for n in range(50)]
    lines += [{"event": "ConnectEvent", "roomId": 7391234567890123456}]
    lines += [{"event": "JoinEvent", "msg_id": n, "create_time": MS + n} for n in range(50, 99)]
    path = write_jsonl(tmp_path / "rooms.jsonl", lines)
    assert_same_reading(path, 100)
    rows, _ = _by_block(path, 100)
    assert {r["room_id"] for r in rows[:50]} == {"r1"}
    assert {r["room_id"] for r in rows[50:]} == {"7391234567890123456"}


def test_odd_lines_are_named_as_the_line_by_line_reader_named_them(tmp_path: Path) -> None:
    good = '{"event": "JoinEvent", "msg_id": "%d", "create_time": 1783170000, "room_id": "r"}'
    odd = [
        b"{broken",
        b"[1, 2]",
        b'{"event": "JoinEvent", "msg_id": "x",}',
        b'{"event": "CommentEvent", "comment": "a,}", "msg_id": "comma-in-text", "room": "r"}',
        b'{"event": "JoinEvent", "msg_id": "\xff\xfe"}',
        b'{"event": "CommentEvent", "comment": "\\ud800", "msg_id": "surrogate"}',
        b'\xef\xbb\xbf{"event": "JoinEvent", "msg_id": "bom", "room_id": "r"}',
        b'{"event": "JoinEvent", "msg_id": "first", "msg_id": "last", "room_id": "r"}',
        b"   ",
    ]
    data = b""
    for n, line in enumerate(odd):
        data += (good % n).encode() + b"\n" + line + b"\n"
    path = tmp_path / "odd.jsonl"
    path.write_bytes(data)
    fast, tally = _by_block(path, 1 << 20)
    found = [(p.row, p.reason_key, p.params.get("reason")) for p in tally.problems]
    assert found == [
        (2, "events.bad_json", "Expecting property name enclosed in double quotes"),
        (4, "events.not_an_object", None),
        (6, "events.bad_json", "Expecting property name enclosed in double quotes"),
        (10, "events.bad_json", "not UTF-8 text"),
        (12, "events.bad_json", "not UTF-8 text"),
    ]
    ids = {str(r["id"]) for r in fast}
    assert {"comma-in-text", "bom", "last"} <= ids and "first" not in ids
    # The line-by-line reader agrees on every line it could read (it failed on the
    # surrogate, which is not UTF-8 text and cannot be stored).
    lines = data.split(b"\n")
    lines[11] = b""
    path.write_bytes(b"\n".join(lines))
    assert_same_reading(path, 1 << 20)


def test_an_import_never_maps_a_line_at_a_time(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> object:
        raise AssertionError("a captured line was mapped one at a time")

    monkeypatch.setattr(capture, "capture_event", refuse)
    path = write_jsonl(tmp_path / "dump.jsonl", _tiktoklive())
    report = import_event_file(workspace, path, account="a")
    assert report.events_added == 9 and report.unknown_types == {"EnvelopeEvent": 1}
    assert report.lines_read == 12
    with pytest.raises(ValueError, match="capture_blocks"):
        next(read_chunks(path, "capture_dump", ReadTally()))


def test_a_bad_line_deep_in_a_big_dump_is_named_exactly(
    workspace: Workspace, tmp_path: Path
) -> None:
    lines = [
        json.dumps({"event": "CommentEvent", "msg_id": n, "create_time": MS + n, "comment": "x",
                    "room_id": ROOM})
        for n in range(20_000)
    ]  # fmt: skip
    lines[12_344] = lines[12_344][:-1]
    lines[17_000] = json.dumps({"event": "LikeEvent", "msg_id": "l", "create_time": MS,
                                "count": "1.000", "room_id": ROOM})  # fmt: skip
    path = write_jsonl(tmp_path / "big.jsonl", lines)
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="shop")
    problems = caught.value.problems
    assert [(p.row, p.column, p.reason_key) for p in problems] == [
        (12_345, None, "events.bad_json"),
        (17_001, "count", "events.thousands_separator"),
    ]
    assert event_files(workspace) == []
