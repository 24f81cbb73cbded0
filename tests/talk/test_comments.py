"""Viewer comments from CSV and JSON Lines, or built in code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from siaran.errors import BadInputError
from siaran.talk import Comment, as_comments, read_comments

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_csv_with_offsets_and_clock_times(tmp_path: Path) -> None:
    path = tmp_path / "comments.csv"
    path.write_text(
        "ts,user,text\n"
        "65,rina_olshop,brp kak?\n"
        '01:10,budi88,"ready XL, kak?"\n'
        "00:02:00.5,sari,mau 2\n",
        encoding="utf-8",
    )
    comments = read_comments(path)
    assert [(c.ts, c.user, c.text, c.row) for c in comments] == [
        (65.0, "rina_olshop", "brp kak?", 2),
        (70.0, "budi88", "ready XL, kak?", 3),
        (120.5, "sari", "mau 2", 4),
    ]


def test_csv_with_semicolons_aliases_and_iso_times(tmp_path: Path) -> None:
    path = tmp_path / "komentar.csv"
    path.write_text(
        "Waktu;Nickname;Komentar;user_id\n"
        "2026-07-04 20:05:12;rina;brp kak;1\n"
        "2026-07-04T20:05:30+07:00;budi;mau;2\n",
        encoding="utf-8",
    )
    comments = read_comments(path)
    assert comments[0].ts == dt.datetime(2026, 7, 4, 20, 5, 12, tzinfo=JAKARTA)
    start = dt.datetime(2026, 7, 4, 20, 0, tzinfo=JAKARTA)
    assert comments[0].offset_s(start) == 312.0
    assert comments[1].offset_s(start) == 330.0
    assert comments[1].offset_s(None) is None


def test_jsonl_with_epoch_milliseconds(tmp_path: Path) -> None:
    path = tmp_path / "comments.jsonl"
    records = [
        {"timestamp": 1751634312000, "nickname": "rina", "comment": "brp kak"},
        {"timestamp": 1751634313, "nickname": "budi", "comment": "done co"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    comments = read_comments(path)
    assert isinstance(comments[0].ts, dt.datetime)
    assert comments[0].ts.tzinfo is not None
    assert comments[1].ts == dt.datetime.fromtimestamp(1751634313, tz=dt.UTC)


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "comments.json"
    path.write_text(json.dumps([{"ts": 5, "user": "a", "text": "halo"}]), encoding="utf-8")
    assert read_comments(path) == [Comment(5.0, "a", "halo", 1)]


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("time,name,message\n1,a,b\n", encoding="utf-8")
    with pytest.raises(BadInputError) as error:
        read_comments(path)
    message = error.value.message("en")
    assert "c.csv" in message and "user" in message and "name" in message


def test_bad_rows_are_reported_and_nothing_is_returned(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("ts,user,text\n1,a,halo\nkemarin,b,brp\n3,c,\n", encoding="utf-8")
    with pytest.raises(BadInputError) as error:
        read_comments(path)
    assert [(p.row, p.column, p.reason_key) for p in error.value.problems] == [
        (3, "ts", "talk.reason.bad_comment_time"),
        (4, "text", "talk.reason.empty_comment"),
    ]
    assert "row 3" in error.value.message("en")


def test_bad_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"ts": 1, "user": "a", "text": "x"}\n{"ts": 2,\n', encoding="utf-8")
    with pytest.raises(BadInputError) as error:
        read_comments(path)
    assert error.value.params["line"] == 2


def test_binary_and_empty(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(BadInputError) as error:
        read_comments(path)
    assert error.value.key == "talk.file.binary"
    path.write_text("ts,user,text\n", encoding="utf-8")
    with pytest.raises(BadInputError) as error:
        read_comments(path)
    assert error.value.key == "talk.comments.none"


def test_as_comments_accepts_objects_and_mappings() -> None:
    comments = as_comments([Comment(1.0, "a", "halo"), {"ts": 2.0, "user": "b", "text": "brp"}])
    assert [c.user for c in comments] == ["a", "b"]


def test_naive_comment_time_takes_the_start_zone() -> None:
    comment = Comment(dt.datetime(2026, 7, 4, 20, 1), "a", "x")
    start = dt.datetime(2026, 7, 4, 20, 0, tzinfo=JAKARTA)
    assert comment.offset_s(start) == 60.0
