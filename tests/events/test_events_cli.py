"""``siaran import`` of event files and ``siaran timeline`` / ``siaran kpi`` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from siaran.cli.app import main

from .samples import ROOM, session_events, write_jsonl


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "ws")
    assert _run(["init", "-w", folder], capsys)[0] == 0
    return folder


def test_import_then_timeline_in_every_format(
    ws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "capture.jsonl", session_events())
    code, out, _ = _run(["import", str(path), "-w", ws, "--account", "dapur"], capsys)
    assert code == 0
    assert "19 events read, 18 new, 1 duplicates dropped" in out
    code, out, _ = _run(["timeline", ROOM, "-w", ws, "--format", "json"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 5 and rows[2]["viewers"] is None and rows[1]["likes"] == 16
    code, out, _ = _run(["timeline", ROOM, "-w", ws, "--format", "csv"], capsys)
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert parsed[0]["minute"] == "2026-07-04T20:00:00+07:00" and parsed[2]["viewers"] == ""
    code, out, _ = _run(["timeline", ROOM, "-w", ws], capsys)
    assert code == 0 and "20:01" in out and "largest audience change" in out
    code, out, _ = _run(["timeline", "-w", ws, "--format", "json"], capsys)
    [measures] = json.loads(out)
    assert measures["peak_concurrency"] == 40 and measures["retention_at_end"] == 0.3


def test_kpi_shows_event_measures_where_events_exist(
    ws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["kpi", "-w", ws], capsys)
    assert code == 0 and "Event-stream measures" not in out
    path = write_jsonl(tmp_path / "capture.jsonl", session_events())
    _run(["import", str(path), "-w", ws, "-a", "dapur"], capsys)
    code, out, _ = _run(["kpi", "-w", ws], capsys)
    assert code == 0
    assert "Event-stream measures" in out and ROOM in out
    # The measures' headers are their names in the reader's language, not snake_case.
    header = out.split("Event-stream measures")[1].split("─")[0]
    assert "Retention" in header and "retention_at_end" not in header


def test_a_bad_line_exits_1_naming_file_and_line_unless_skip_bad(
    ws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines: list[object] = [*session_events()[:3], '{"id": 1, "type": "comment",', "{}"]
    path = write_jsonl(tmp_path / "broken.jsonl", lines)  # type: ignore[arg-type]
    code, out, err = _run(["--lang", "id", "import", str(path), "-w", ws, "-a", "x"], capsys)
    assert code == 1
    assert "broken.jsonl" in err and "baris 4" in err and "--skip-bad" in err
    assert "Traceback" not in err
    code, out, err = _run(["timeline", "-w", ws], capsys)
    assert code == 2 and "no live events" in err
    code, out, _ = _run(["import", str(path), "-w", ws, "-a", "x", "--skip-bad"], capsys)
    assert code == 0 and "2 malformed lines were skipped" in out


def test_timeline_of_an_unknown_room_lists_the_known_ones(
    ws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(["import", str(write_jsonl(tmp_path / "c.jsonl", session_events())), "-w", ws, "-a", "a"],
         capsys)  # fmt: skip
    code, _, err = _run(["timeline", "123", "-w", ws], capsys)
    assert code == 2 and ROOM in err


def test_unknown_engine_is_a_usage_error(ws: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["--engine", "oracle", "kpi", "-w", ws], capsys)
    assert code == 2 and "duckdb, spark" in err
