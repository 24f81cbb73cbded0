"""Canonical events written as one JSON array, as a browser export writes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siaran.errors import BadInputError
from siaran.events import event_files, import_event_file, sniff_event_format
from siaran.events.blocks import read_tables
from siaran.events.reading import ReadTally
from siaran.workspace import Workspace

from .samples import event, session_events, write_jsonl


def _rows(path: Path, fmt: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for table in read_tables(path, fmt, ReadTally()):
        rows.extend(table.to_pylist())
    return [{k: v for k, v in row.items() if k != "line"} for row in rows]


def test_a_pretty_printed_array_reads_as_the_same_json_lines(
    workspace: Workspace, tmp_path: Path
) -> None:
    events = session_events()
    path = tmp_path / "export.json"
    path.write_text(json.dumps(events, indent=2, ensure_ascii=False), encoding="utf-8")
    assert sniff_event_format(path) == "events_json"
    lines = write_jsonl(tmp_path / "events.jsonl", events)
    assert _rows(path, "events_json") == _rows(lines, "events_jsonl")
    report = import_event_file(workspace, path, account="a")
    assert report.layout == "events_json"
    assert report.events_added == 18 and report.duplicates == 1
    compact = tmp_path / "compact.json"
    compact.write_text(json.dumps(events), encoding="utf-8")
    assert sniff_event_format(compact) == "events_json"
    assert _rows(compact, "events_json") == _rows(lines, "events_jsonl")


def test_problems_name_the_line_where_each_element_starts(
    workspace: Workspace, tmp_path: Path
) -> None:
    elements = [
        event(1, "viewers", 5, viewers=10),
        event(2, "like", 6, count="1.000"),
        [1, 2],
        event(3, "envelope", 7),
        event(4, "comment", 8, user="sari", text="halo"),
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(elements, indent=2), encoding="utf-8")
    text = path.read_text(encoding="utf-8").splitlines()
    starts = [n for n, line in enumerate(text, start=1) if line in ("  {", "  [")]
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="a")
    found = [(p.row, p.reason_key) for p in caught.value.problems]
    assert found == [
        (starts[1], "events.thousands_separator"),
        (starts[2], "events.not_an_object"),
    ]
    report = import_event_file(workspace, path, account="a", skip_bad=True)
    assert report.events_added == 2 and report.unknown_types == {"envelope": 1}
    assert report.lines_read == len(text)


def test_a_broken_array_is_refused_at_its_fault_even_when_skipping(
    workspace: Workspace, tmp_path: Path
) -> None:
    body = json.dumps([event(1, "viewers", 5, viewers=10), event(2, "join", 6)], indent=2)
    path = tmp_path / "cut.json"
    path.write_text(body[: body.rindex("{") + 20], encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        import_event_file(workspace, path, account="a", skip_bad=True)
    [problem] = caught.value.problems
    assert problem.reason_key == "events.bad_json" and problem.row is not None
    assert problem.row > 8
    assert event_files(workspace) == []
    assert sniff_event_format(write_jsonl(tmp_path / "numbers.json", ["[1, 2, 3]"])) is None
