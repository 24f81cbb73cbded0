"""Block-wise reading of canonical event CSV with Arrow: the same events, texts, problems and
counts as the record-by-record reader, exact line numbers for bad rows in any block."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from siaran.errors import BadInputError
from siaran.events import blocks, event_files, import_event_file
from siaran.workspace import Workspace

from .readings import assert_same_reading, by_block
from .samples import ROOM, at

HEADER = ["id", "type", "ts", "room_id", "user", "text", "count", "Note"]


def _row(n: int, kind: str = "comment", **cells: str) -> list[str]:
    row = {"id": f"ev{n}", "type": kind, "ts": at(n % 600), "room_id": ROOM} | cells
    return [row.get(name, "") for name in ("id", "type", "ts", "room_id", "user", "text", "count")]


def _write(
    path: Path, rows: list[list[str] | str], *, delimiter: str = ",", end: str = "\n"
) -> Path:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator=end)
    writer.writerow(HEADER)
    for row in rows:
        if isinstance(row, str):
            text.write(row + end)
        else:
            writer.writerow([*row, "x"])
    path.write_bytes(text.getvalue().encode("utf-8"))
    return path


def _same_reading(path: Path, block_bytes: int) -> None:
    tally = assert_same_reading(path, "events_csv", block_bytes)
    assert tally.ignored_columns == ("Note",)


def _quirky_rows() -> list[list[str] | str]:
    plain: list[list[str] | str] = [_row(n, user="sari", text="halo") for n in range(40)]
    quirks: list[list[str] | str] = [
        _row(100, " Like ", count="4"),
        _row(101, "VIEWERS"),
        _row(102, "envelope"),
        _row(103, "Envelope "),
        _row(104, "  "),
        _row(105, ""),
        _row(106, user="\u3000sari\u00a0 ", text=" \x1c "),
        _row(107, text='ada, warna "lain"?'),
        _row(108, text="baris\nkedua\r\nketiga"),
        _row(109, text="é 😀 "),
        "",
        "   ",
        ",,, ,,,,",
        "ev110,comment,2026-07-04T20:00:00+07:00",
        "ev111,comment,2026-07-04T20:00:00+07:00," + ROOM + ",a,b,1,x,extra",
        '"ev112","like","2026-07-04T20:00:00+07:00","' + ROOM + '","","","3","x"',
    ]
    rows: list[list[str] | str] = []
    for number, quirk in enumerate(quirks):
        rows.extend(plain[number % 7 : number % 7 + 6])
        rows.append(quirk)
    return rows + plain


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_block_reading_matches_record_by_record_reading_whatever_the_blocks(
    tmp_path: Path, end: str
) -> None:
    path = _write(tmp_path / "quirks.csv", _quirky_rows(), end=end)
    for block_bytes in (64, 700, 4096, 1 << 20):
        _same_reading(path, block_bytes)


def test_other_delimiters_a_byte_order_mark_and_no_last_line_end(tmp_path: Path) -> None:
    path = _write(tmp_path / "semi.csv", [_row(n, text="a; b") for n in range(60)], delimiter=";")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().rstrip(b"\n"))
    _same_reading(path, 300)
    table, tally = by_block(path, "events_csv", 300)
    assert table.num_rows == 60 and tally.lines == 61
    assert table["text"][0].as_py() == "a; b"


def test_clean_blocks_never_fall_back_to_record_by_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> Iterator[pa.Table]:
        raise AssertionError("a clean block was read record by record")

    monkeypatch.setattr(blocks, "_csv_fallback", refuse)
    rows: list[list[str] | str] = [_row(n, text=f'kata "{n}",\nlagi') for n in range(300)]
    rows += ["", "ev9,comment", _row(301, "Like", count="2")]
    path = _write(tmp_path / "clean.csv", rows)
    table, tally = by_block(path, "events_csv", 2000)
    assert table.num_rows == 301 and tally.lines == 1 + 2 * 300 + 3
    assert table["line"].to_pylist()[:3] == [3, 5, 7]
    assert [(p.row, p.reason_key) for p in tally.problems] == [(603, "events.wrong_columns")]


def test_lines_that_are_not_utf8_are_each_named(workspace: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path / "latin.csv", [_row(n, text="kain") for n in range(500)])
    data = path.read_bytes().replace(b"ev7,", b"\xe9v7,").replace(b"ev300,", b"\xe9v300,")
    path.write_bytes(data)
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="shop")
    assert [(p.row, p.reason_key) for p in caught.value.problems] == [
        (9, "events.not_utf8"),
        (302, "events.not_utf8"),
    ]
    message = caught.value.message("en")
    assert "latin.csv" in message and "row 9" in message and "UTF-8" in message
    assert event_files(workspace) == []
    report = import_event_file(workspace, path, account="shop", skip_bad=True)
    assert (report.bad_lines, report.events_added, report.lines_read) == (2, 498, 501)


def test_a_header_that_is_not_utf8_is_not_an_event_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = _write(tmp_path / "header.csv", [_row(1)])
    path.write_bytes(path.read_bytes().replace(b"Note", b"N\xf6te"))
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="shop", fmt="events_csv")
    assert caught.value.key == "source.binary"


def test_a_wrong_row_deep_inside_a_big_block_is_named_and_the_import_lands_whole(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows: list[list[str] | str] = [_row(n, text="ok, kak") for n in range(20_000)]
    rows[12_344] = "ev12344,comment"  # line 12,346 (the header is line 1)
    rows[17_000] = _row(17_000, "like", count="-1")  # line 17,002
    rows.append(_row(5))  # a re-captured duplicate
    path = _write(tmp_path / "big.csv", rows)
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="shop")
    assert [(p.row, p.column) for p in caught.value.problems] == [(12_346, None), (17_002, "count")]
    assert event_files(workspace) == []
    report = import_event_file(workspace, path, account="shop", skip_bad=True)
    assert (report.bad_lines, report.events_added, report.duplicates) == (2, 19_998, 1)
    again = import_event_file(workspace, path, account="shop", skip_bad=True)
    assert again.status == "already_imported"


def test_a_header_alone_or_nothing_at_all_holds_no_events(
    workspace: Workspace, tmp_path: Path
) -> None:
    for name, data in (("header.csv", b"id,type,ts,room_id"), ("empty.csv", b"")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(BadInputError) as caught:
            import_event_file(workspace, path, account="shop", fmt="events_csv")
        assert caught.value.key == "events.no_events", name
    assert event_files(workspace) == []


def test_excels_sep_line_names_the_delimiter_and_keeps_line_numbers(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = _write(tmp_path / "sep.csv", [_row(1), _row(2, count="x"), _row(3)], delimiter=";")
    path.write_bytes(b"sep=;\r\n" + path.read_bytes())
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="toko")
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "count")]
    _write(path, [_row(1), _row(2), _row(3)], delimiter=";")
    path.write_bytes(b"sep=;\n" + path.read_bytes())
    report = import_event_file(workspace, path, account="toko")
    assert report.events_added == 3 and report.ignored_columns == ["Note"]
