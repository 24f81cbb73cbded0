"""Importing event files: formats, duplicates, bad lines, storage, routing from siaran import."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from siaran.errors import BadInputError, UsageError
from siaran.events import event_files, import_event_file, sniff_event_format
from siaran.events.reading import ReadTally, read_chunks
from siaran.importing import ImportOptions, import_file
from siaran.workspace import Workspace

from .samples import ROOM, at, event, session_events, write_csv, write_jsonl


def _stored(workspace: Workspace) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in event_files(workspace):
        rows.extend(pq.read_table(path).to_pylist())
    return sorted(rows, key=lambda r: (str(r["room_id"]), str(r["id"])))


def _imports(workspace: Workspace) -> int:
    found = workspace.con.execute("SELECT count(*) FROM imports").fetchone()
    assert found is not None
    return int(found[0])


def test_canonical_jsonl_lands_partitioned_by_account_and_date(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "capture.jsonl", session_events())
    assert sniff_event_format(path) == "events_jsonl"
    report = import_event_file(workspace, path, account="dapur.sekar.arum")
    assert report.status == "imported"
    assert (report.events_read, report.events_added, report.duplicates) == (19, 18, 1)
    assert report.rooms == {ROOM: 19}
    assert report.first_event_at == "2026-07-04T20:00:05+07:00"
    files = event_files(workspace)
    assert [p.parent.parent.name for p in files] == ["account=dapur.sekar.arum"]
    assert [p.parent.name for p in files] == ["date=2026-07-04"]
    rows = _stored(workspace)
    assert len(rows) == 18
    order = next(r for r in rows if r["id"] == "ev13")
    assert order["amount"] == 35000.0 and order["product_id"] == "p-01"
    assert order["account"] == "dapur.sekar.arum" and order["source_line"] == 14
    like = next(r for r in rows if r["id"] == "ev17")
    assert like["count"] is None  # a like without a count is counted as one by timelines
    assert (workspace.raw_dir / f"{report.sha256}.jsonl").read_bytes() == path.read_bytes()


def test_importing_twice_adds_nothing_and_recaptures_add_only_new_events(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", session_events()[:10])
    import_event_file(workspace, first, account="shop")
    again = import_event_file(workspace, first, account="shop")
    assert again.status == "already_imported"
    overlapping = write_jsonl(tmp_path / "b.jsonl", session_events()[5:])
    report = import_event_file(workspace, overlapping, account="shop")
    assert report.events_read == 14
    assert report.events_added == 8
    assert report.duplicates == 6  # five overlapping events and the re-captured ev2
    assert len(_stored(workspace)) == 18
    assert _imports(workspace) == 2


def test_local_dates_split_a_live_across_midnight(workspace: Workspace, tmp_path: Path) -> None:
    events = [
        {"id": "a", "type": "comment", "ts": "2026-07-04T23:59:30+07:00", "room_id": "r1"},
        {"id": "b", "type": "comment", "ts": "2026-07-04T17:00:30Z", "room_id": "r1"},
    ]
    import_event_file(workspace, write_jsonl(tmp_path / "m.jsonl", events), account="a")
    assert [p.parent.name for p in event_files(workspace)] == ["date=2026-07-04", "date=2026-07-05"]


def test_a_malformed_line_fails_the_whole_import_naming_file_and_line(
    workspace: Workspace, tmp_path: Path
) -> None:
    lines: list[object] = list(session_events()[:4])
    lines.insert(2, '{"id": "x", "type": "comment", "ts": "2026-07-04T20:00:01+07:00"')
    path = write_jsonl(tmp_path / "broken.jsonl", lines)  # type: ignore[arg-type]
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="shop")
    message = caught.value.message("en")
    assert "broken.jsonl" in message and "row 3" in message and "JSON" in message
    assert "--skip-bad" in message
    assert caught.value.exit_code == 1
    assert event_files(workspace) == []
    assert list(workspace.raw_dir.iterdir()) == []
    assert _imports(workspace) == 0
    assert not any(p.name.startswith(".staging") for p in (workspace.path / "events").iterdir())


def test_a_line_that_is_not_utf8_is_named_not_a_crash(workspace: Workspace, tmp_path: Path) -> None:
    # Found by the fuzzing suite: Arrow's JSON reader passed the bytes on unchecked and the
    # import ended in a raw Arrow or DuckDB error.
    path = write_jsonl(tmp_path / "latin.jsonl", session_events()[:4])
    path.write_bytes(path.read_bytes().replace(b'"ev1"', b'"\xe5v1"'))
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="shop")
    message = caught.value.message("en")
    assert "latin.jsonl" in message and "row 2" in message and "UTF-8" in message
    assert event_files(workspace) == [] and _imports(workspace) == 0
    report = import_event_file(workspace, path, account="shop", skip_bad=True)
    assert report.events_added == 3


def test_skip_bad_skips_and_counts_every_kind_of_bad_line(
    workspace: Workspace, tmp_path: Path
) -> None:
    lines = [
        json.dumps(event(1, "comment", 1)),
        "not json at all",
        json.dumps(["a", "list"]),
        json.dumps({"id": "2", "type": "comment", "room_id": ROOM}),  # no ts
        json.dumps(event(3, "comment", 1) | {"ts": "yesterday"}),
        json.dumps(event(4, "comment", 1) | {"ts": 1783170114}),  # seconds, not ms
        json.dumps(event(5, "like", 1, count=-3)),
        json.dumps(event(6, "like", 1, count=2.5)),
        json.dumps(event(7, "viewers", 1)),  # a sample without its number
        json.dumps(event(8, "order", 1, amount="lots")),
        json.dumps({"type": "comment", "ts": at(1), "room_id": ROOM}),  # no id
        json.dumps(event(9, "comment", 1) | {"ts": 1783170114000}),  # epoch ms: fine
    ]
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="shop")
    rows = [p.row for p in caught.value.problems]
    assert rows == list(range(2, 12))
    columns = {p.row: p.column for p in caught.value.problems}
    assert columns[4] == "ts" and columns[6] == "ts" and columns[7] == "count"
    assert columns[9] == "viewers" and columns[10] == "amount" and columns[11] == "id"
    report = import_event_file(workspace, path, account="shop", skip_bad=True)
    assert report.bad_lines == 10
    assert report.events_added == 2
    assert any("10 malformed lines" in note for note in report.note_texts("en"))


def test_unknown_types_are_counted_and_reported(workspace: Workspace, tmp_path: Path) -> None:
    lines = [
        event(1, "comment", 1),
        event(2, "envelope", 2),
        event(3, "envelope", 3),
        event(4, "Rank_Update", 4),
        event(5, " Like ", 5, count=3),
    ]
    report = import_event_file(workspace, write_jsonl(tmp_path / "u.jsonl", lines), account="a")
    assert report.unknown_types == {"envelope": 2, "rank_update": 1}
    assert report.events_added == 2
    assert "3 lines of unknown types were not imported: envelope (2), rank_update (1)." in (
        report.note_texts("en")
    )


def test_times_without_offset_use_the_workspace_zone_and_say_so(
    workspace: Workspace, tmp_path: Path
) -> None:
    lines: list[dict[str, object]] = [
        {"id": "a", "type": "comment", "ts": "2026-07-04 20:00:00", "room_id": "r"},
        {"id": "b", "type": "comment", "ts": "2026-07-04T13:00:00Z", "room_id": "r"},
        {"id": "c", "type": "comment", "ts": 1783170000000, "room_id": "r"},
    ]
    report = import_event_file(workspace, write_jsonl(tmp_path / "t.jsonl", lines), account="a")
    assert report.offsetless == 1
    assert (
        "1 times without a time-zone offset were read as Asia/Jakarta" in report.note_texts("en")[0]
    )
    stamps = {r["id"]: r["ts"] for r in _stored(workspace)}
    assert stamps["a"] == stamps["b"] == stamps["c"]


def test_canonical_csv_and_its_bad_rows(workspace: Workspace, tmp_path: Path) -> None:
    header = ["id", "type", "ts", "room_id", "user", "text", "count", "viewers", "Note"]
    rows = [
        ["1", "viewers", at(1), ROOM, "", "", "", "120", "x"],
        ["2", "comment", at(2), ROOM, "sari", "ada, warna lain?", "", "", ""],
        ["3", "like", at(3), ROOM, "sari", "", "20"],
    ]
    path = write_csv(tmp_path / "events.csv", header, rows)
    assert sniff_event_format(path) == "events_csv"
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="a")
    assert [p.row for p in caught.value.problems] == [4]
    path = write_csv(tmp_path / "events2.csv", header, [r + [""] * (9 - len(r)) for r in rows])
    report = import_event_file(workspace, path, account="a")
    assert report.events_added == 3
    assert report.ignored_columns == ["Note"]
    texts = {r["id"]: r["text"] for r in _stored(workspace)}
    assert texts["2"] == "ada, warna lain?"


def test_capture_library_dump(workspace: Workspace, tmp_path: Path) -> None:
    ms = 1783170000000
    lines: list[dict[str, object]] = [
        {"event": "ConnectEvent", "room_id": ROOM},
        {"event": "CommentEvent", "msg_id": 1, "create_time": ms, "comment": "halo",
         "user": {"unique_id": "sari", "nickname": "Sari"}},
        {"event": "LikeEvent", "data": {"msg_id": 2, "create_time": ms // 1000 + 5, "count": 7,
                                        "total": 700}},
        {"event": "JoinEvent", "msg_id": 3, "create_time": ms + 6000, "user": {"unique_id": "b"},
         "member_count": 90},
        {"event": "GiftEvent", "msg_id": 4, "create_time": ms + 7000, "repeat_count": 2,
         "repeat_end": 0, "gift": {"diamond_count": 5}},
        {"event": "GiftEvent", "msg_id": 5, "create_time": ms + 8000, "repeat_count": 3,
         "repeat_end": 1, "gift": {"diamond_count": 5}},
        {"event": "RoomUserSeqEvent", "msg_id": 6, "create_time": ms + 9000, "m_total": 88,
         "total_user": 1500},
        {"event": "SocialEvent", "msg_id": 7, "create_time": ms + 9500, "action": "follow"},
        {"event": "LiveShoppingEvent", "msg_id": 8, "create_time": ms + 9600,
         "product": {"product_id": "p-9", "title": "Kopi"}},
        {"event": "EnvelopeEvent", "msg_id": 9, "create_time": ms + 9700},
        {"event": "LiveEndEvent", "msg_id": 10, "create_time": ms + 10000},
    ]  # fmt: skip
    path = write_jsonl(tmp_path / "tiktoklive_dump.jsonl", lines)
    assert sniff_event_format(path) == "capture_dump"
    report = import_event_file(workspace, path, account="a")
    assert report.unknown_types == {"EnvelopeEvent": 1}
    rows = {r["id"]: r for r in _stored(workspace)}
    assert {r["type"] for r in rows.values()} == {
        "comment", "like", "join", "gift", "viewers", "follow", "product", "end",
    }  # fmt: skip
    assert rows["1"]["user"] == "sari" and rows["1"]["text"] == "halo"
    assert rows["2"]["count"] == 7 and rows["6"]["viewers"] == 88
    assert rows["5"]["diamonds"] == 15 and "4" not in rows  # a streak counts once, at its end
    assert rows["8"]["product_id"] == "p-9" and rows["8"]["text"] == "Kopi"
    assert all(r["room_id"] == ROOM for r in rows.values())


def test_order_export_becomes_order_events(workspace: Workspace, tmp_path: Path) -> None:
    header = ["Order ID", "Created Time", "Live Room ID", "Order Amount", "Buyer Username"]
    rows = [
        ["577001", "04/07/2026 20:03:20", ROOM, "Rp35.000", "budi"],
        ["577002", "2026-07-04 20:04:15", ROOM, "Rp50.000", "ani"],
    ]
    path = write_csv(tmp_path / "orders.csv", header, rows)
    assert sniff_event_format(path) == "order_export"
    report = import_event_file(workspace, path, account="a")
    assert report.events_added == 2 and report.offsetless == 2
    stored = _stored(workspace)
    assert [r["amount"] for r in stored] == [35000.0, 50000.0]
    assert {r["type"] for r in stored} == {"order"}
    assert stored[0]["ts"].isoformat() == "2026-07-04T13:03:20+00:00"  # type: ignore[attr-defined]


def test_siaran_import_routes_event_files_and_needs_an_account(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "capture.jsonl", session_events())
    with pytest.raises(UsageError):
        import_file(workspace, path)
    report = import_file(workspace, path, ImportOptions(account="@shop"))
    assert report.layout == "events_jsonl" and report.account == "shop"
    assert "18 new" in report.summary("en")


def test_files_that_are_not_event_files_are_not_taken(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "binary.jsonl").write_bytes(b"\x00\x01\x02{" * 100)
    (tmp_path / "other.json").write_text('{"sessions": []}\n', encoding="utf-8")
    write_csv(tmp_path / "plain.csv", ["Room ID", "Views"], [["1", "2"]])
    for name in ("empty.jsonl", "binary.jsonl", "other.json", "plain.csv"):
        assert sniff_event_format(tmp_path / name) is None, name


def test_chunks_keep_line_numbers_across_chunk_borders(tmp_path: Path) -> None:
    lines = [event(n, "comment", n) for n in range(25)]
    path = write_jsonl(tmp_path / "c.jsonl", [*lines[:10], "", *lines[10:]])
    tally = ReadTally()
    chunks = list(read_chunks(path, "events_jsonl", tally, chunk_size=7))
    assert [len(c) for c in chunks] == [7, 7, 7, 4]
    numbers = [n for c in chunks for n in c.lines]
    assert numbers == [*range(1, 11), *range(12, 27)]
    assert tally.lines == 26


def test_small_chunks_give_the_same_store(workspace: Workspace, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "capture.jsonl", session_events())
    report = import_event_file(workspace, path, account="a", chunk_size=3)
    assert report.events_added == 18 and report.duplicates == 1
