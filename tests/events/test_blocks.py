"""Block-wise reading of canonical JSON Lines with Arrow: the same events, texts, problems and
counts as the line-by-line reader, exact line numbers for bad lines anywhere in a big block."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from siaran.errors import BadInputError
from siaran.events import blocks, event_files, import_event_file
from siaran.events.blocks import PYTHON_WHITESPACE, line_blocks, read_ahead
from siaran.workspace import Workspace

from .readings import assert_same_reading, by_block
from .samples import at, event, write_jsonl


def _quirky_lines() -> list[str]:
    """Lines Arrow and Python's json module could read differently, between plain ones."""
    plain = [json.dumps(event(n, "comment", n, user="sari", text="halo")) for n in range(40)]
    quirks = [
        json.dumps({"id": 7, "type": "like", "ts": 1783170114000, "room_id": 42, "count": 3}),
        json.dumps(event(100, " Like ", 1, count=4)),
        json.dumps(event(101, "VIEWERS", 2, viewers=12)),
        json.dumps(event(102, "envelope", 3)),
        json.dumps(event(103, "Envelope ", 3)),
        json.dumps({"id": "104", "type": "  ", "ts": at(4), "room_id": "r"}),
        json.dumps({"id": "105", "ts": at(4), "room_id": "r"}),
        json.dumps(event(106, "comment", 5, user="\u3000sari\u00a0 ", text=" \x1c ")),
        json.dumps(event(107, "comment", 6, user=True, text=["nested"])),
        json.dumps(event(108, "like", 7, count=2.5)),
        json.dumps(event(109, "order", 8, amount=35000.5)),
        json.dumps(event(110, "order", 9, amount=35000)),
        json.dumps(event(111, "comment", 10) | {"ts": "2026-07-04 20:00:10"}),
        json.dumps({"id": "112", "id ": "x", "type": "join", "ts": at(11), "room_id": "r"}),
        '{"id": "113", "type": "join", "ts": 1783170114000, "room_id": "r", "id": "dup"}',
        '{"id": "114", "type": "join", "ts": 1783170114000, "room_id": "r"} {"id": "115"}',
        "",
        "   ",
        "not json",
        "[1, 2]",
        json.dumps(event(116, "gift", 12, diamonds=None, extra={"deep": [1]})),
        json.dumps(event(117, "comment", 13, text="é 😀 ")),
    ]
    lines: list[str] = []
    for number, quirk in enumerate(quirks):
        lines.extend(plain[number % 7 : number % 7 + 6])
        lines.append(quirk)
    return lines + plain


def test_block_reading_matches_line_by_line_reading_whatever_the_blocks(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "quirks.jsonl", _quirky_lines())
    for block_bytes in (64, 700, 4096, 1 << 20):
        assert_same_reading(path, "events_jsonl", block_bytes)


def test_crlf_line_ends_and_a_last_line_without_an_end(tmp_path: Path) -> None:
    lines = [json.dumps(event(n, "comment", n)) for n in range(30)]
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(("\r\n".join(lines)).encode())
    assert_same_reading(path, "events_jsonl", 500)
    table, tally = by_block(path, "events_jsonl", 500)
    assert table.num_rows == 30 and tally.lines == 30


def test_times_change_kind_between_blocks(tmp_path: Path) -> None:
    iso = [json.dumps(event(n, "comment", n)) for n in range(50)]
    epoch = [json.dumps(event(n, "comment", n) | {"ts": 1783170114000 + n}) for n in range(50, 99)]
    path = write_jsonl(tmp_path / "kinds.jsonl", [*iso, *epoch, *iso])
    assert_same_reading(path, "events_jsonl", 1000)


def test_clean_blocks_never_fall_back_to_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> Iterator[pa.Table]:
        raise AssertionError("a clean block was read line by line")

    monkeypatch.setattr(blocks, "_json_fallback", refuse)
    lines = [json.dumps(event(n, "viewers", n, viewers=n)) for n in range(300)]
    lines += [json.dumps(event(n, "order", n, amount=5 + n / 2)) for n in range(300, 309)]
    path = write_jsonl(tmp_path / "clean.jsonl", lines)
    table, tally = by_block(path, "events_jsonl", 2000)
    assert table.num_rows == 309 and tally.lines == 309
    assert table["line"].to_pylist() == list(range(1, 310))


def test_a_bad_line_deep_inside_a_big_block_is_named_exactly(
    workspace: Workspace, tmp_path: Path
) -> None:
    lines = [json.dumps(event(n, "comment", n % 3000)) for n in range(20_000)]
    lines[12_344] = lines[12_344][:-1]  # line 12,345 is cut short
    lines[17_000] = json.dumps(event(17_000, "like", 1, count=-1))  # line 17,001
    path = write_jsonl(tmp_path / "big.jsonl", lines)
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="shop")
    problems = caught.value.problems
    assert [(p.row, p.column) for p in problems] == [(12_345, None), (17_001, "count")]
    assert caught.value.exit_code == 1
    assert event_files(workspace) == []
    report = import_event_file(workspace, path, account="shop", skip_bad=True)
    assert (report.bad_lines, report.events_added, report.lines_read) == (2, 19_998, 20_000)


def test_line_blocks_end_at_line_ends(tmp_path: Path) -> None:
    data = b"".join(b"x" * (n % 13) + b"\n" for n in range(200)) + b"tail"
    path = tmp_path / "lines.txt"
    path.write_bytes(data)
    with path.open("rb") as handle:
        found = list(line_blocks(handle, 37))
    assert b"".join(block for _, block in found) == data
    assert all(block.endswith(b"\n") for _, block in found[:-1])
    firsts = [first for first, _ in found]
    counts = [block.count(b"\n") for _, block in found]
    assert firsts == [1 + sum(counts[:i]) for i in range(len(found))]


def test_the_trimmed_characters_are_exactly_pythons_white_space() -> None:
    assert "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) == PYTHON_WHITESPACE


def test_reading_ahead_hands_over_everything_and_raises_the_readers_error() -> None:
    tables = [pa.table({"n": [n]}) for n in range(7)]
    assert list(read_ahead(iter(tables))) == tables

    def failing() -> Iterator[pa.Table]:
        yield tables[0]
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    with pytest.raises(UnicodeDecodeError):
        list(read_ahead(failing()))
    endless = read_ahead(pa.table({"n": [n]}) for n in range(10**9))
    assert next(endless).num_rows == 1
    endless.close()  # stops the reader thread


def test_with_thousands_of_bad_lines_the_first_ones_are_named(
    workspace: Workspace, tmp_path: Path
) -> None:
    lines = [json.dumps(event(n, "like", 1, count=-1)) for n in range(1500)]
    lines += ["{broken"] * 1500
    path = write_jsonl(tmp_path / "bad.jsonl", lines)
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="shop")
    rows = [p.row for p in caught.value.problems]
    assert rows == list(range(1, 1001))
    assert "3000" in caught.value.message("en") or "3,000" in caught.value.message("en")
