"""The fuzzing harness: real-layout seed files, a fresh workspace per example, ``siaran import``
through the command line's own entry point, and the property every mutated file must keep.

A mutated file is either imported cleanly (exit 0; the workspace then still answers
``siaran sessions``) or refused with exit 1 by a message that names the file and a reason (for
unreadable cells, each problem's row), and then the workspace is exactly as it was: every
table's rows and every file beside the database (``raw/``, the event partitions) compared
before and after. An unexpected exception is never turned into the "internal error" message
here (``SIARAN_DEBUG``): it fails the test with its traceback, so that hypothesis shrinks it to
a small example.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
from hypothesis import HealthCheck, settings

from siaran.cli.app import main
from siaran.ingest.layouts.shopee_writer import write_shopee_session_metrics
from siaran.ingest.layouts.third_party import write_third_party_summary
from siaran.workspace import DB_NAME, Workspace
from tests.events.samples import ROOM as EVENT_ROOM
from tests.events.samples import at, session_events
from tests.ingest.layouts.test_mapping import INSTAGRAM_LOG, INSTAGRAM_MAPPING
from tests.ingest.layouts.test_seller_center import HEADER_EN, HEADER_ID, ROW_EN, ROW_ID
from tests.ingest.layouts.test_shopee import GOLDEN_HEADER, GOLDEN_ROW
from tests.ingest.layouts.test_shopee import session as shopee_session
from tests.ingest.layouts.test_third_party import summary as third_party_summary
from tests.ingest.layouts.test_tiktok_creator import HEADER, ROW_FLASH_SALE, ROW_QUIET

EXPLORE = os.environ.get("SIARAN_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(EXPLORE or 60),
    deadline=None,
    derandomize=not EXPLORE,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
"""Reproducible (the same examples on every run, no example database) and bounded; a longer
run on new random examples with ``SIARAN_FUZZ_EXAMPLES=500``."""

Cell = object
Table = list[list[Cell]]


@dataclass(frozen=True)
class TableSeed:
    """A spreadsheet export as its rows: ``header_at`` is the index of the header row (the rows
    above it are the export's title rows)."""

    name: str
    stem: str
    rows: Table
    header_at: int
    args: tuple[str, ...] = ()
    delimiter: str = ","
    suffixes: tuple[str, ...] = (".csv", ".xlsx")


def _text_rows(text: str, delimiter: str) -> Table:
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _csv_rows(path: Path) -> Table:
    return _text_rows(path.read_text(encoding="utf-8-sig"), ",")


def _written(write: Any, rows: Sequence[dict[str, Any]], **options: Any) -> Table:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "seed.csv"
        write(path, rows, **options)
        return _csv_rows(path)


def table_seeds() -> list[TableSeed]:
    """Every tabular layout siaran reads, in the layout of the real exports."""
    third_party = _written(
        write_third_party_summary,
        [third_party_summary(), third_party_summary(account="tokolain", gmv=3_400_000)],
    )
    shopee = _written(
        write_shopee_session_metrics,
        [shopee_session(), shopee_session(room_id="880012346", gmv=0.0, orders=0)],
        as_csv=True,
    )
    events_header: list[Cell] = ["id", "type", "ts", "room_id", "user", "text", "count", "viewers"]
    events: Table = [
        ["1", "viewers", at(1), EVENT_ROOM, "", "", "", "120"],
        ["2", "comment", at(2), EVENT_ROOM, "sari", "ada, warna lain?", "", ""],
        ["3", "like", at(3), EVENT_ROOM, "sari", "", "20", ""],
        ["4", "viewers", at(65), EVENT_ROOM, "", "", "", "140"],
    ]
    orders_header: list[Cell] = [
        "Order ID",
        "Created Time",
        "Live Room ID",
        "Order Amount",
        "Buyer Username",
    ]
    orders: Table = [
        ["577001", "04/07/2026 20:03:20", EVENT_ROOM, "Rp35.000", "budi"],
        ["577002", "2026-07-04 20:04:15", EVENT_ROOM, "Rp50.000", "ani"],
    ]
    return [
        TableSeed(
            "tiktok_creator",
            "Creator-Live-Performance_20260917120000",
            [["2026-07-01 ~ 2026-09-17"], [], list(HEADER), list(ROW_FLASH_SALE), list(ROW_QUIET)],
            2,
            ("--account", "tokobatik"),
        ),
        TableSeed(
            "seller_center_en",
            "Live_20260731",
            [["LIVE Data"], ["2026/07/01 - 2026/07/31"], list(HEADER_EN), list(ROW_EN)],
            2,
            suffixes=(".xlsx",),
        ),
        TableSeed(
            "seller_center_id",
            "Live_20260731",
            [["LIVE Data"], ["2026/07/01 - 2026/07/31"], list(HEADER_ID), list(ROW_ID)],
            2,
            suffixes=(".xlsx",),
        ),
        TableSeed(
            "shopee_dashboard",
            "shopee-live",
            [list(GOLDEN_HEADER), list(GOLDEN_ROW)],
            0,
            ("--account", "tokobatik"),
            delimiter=";",
        ),
        TableSeed("shopee_metrics", "session-metrics", shopee, 0),
        TableSeed("third_party", "fastmoss-export", third_party, 1),
        TableSeed(
            "instagram_mapping",
            "log-live",
            _text_rows(INSTAGRAM_LOG, ";"),
            1,
            ("--mapping", "{mapping}"),
            delimiter=";",
        ),
        TableSeed(
            "events_csv",
            "events",
            [events_header, *events],
            0,
            ("--account", "tokobatik"),
            suffixes=(".csv",),
        ),
        TableSeed(
            "orders_csv",
            "orders",
            [orders_header, *orders],
            0,
            ("--account", "tokobatik"),
            suffixes=(".csv",),
        ),
    ]


@dataclass(frozen=True)
class RecordSeed:
    """A JSON export as its records: one JSON document of them, or JSON Lines."""

    name: str
    filename: str
    records: list[Any]
    lines: bool
    args: tuple[str, ...] = ()


def record_seeds() -> list[RecordSeed]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "metrics.json"
        write_shopee_session_metrics(
            path, [shopee_session(), shopee_session(room_id="880012346", orders=None)]
        )
        shopee = json.loads(path.read_text(encoding="utf-8"))
    return [
        RecordSeed("shopee_json", "session-metrics.json", shopee, lines=False),
        RecordSeed("shopee_jsonl", "session-metrics.jsonl", shopee, lines=True),
        RecordSeed(
            "events_jsonl", "capture.jsonl", session_events(), True, ("--account", "tokobatik")
        ),
    ]


# -- writing a (mutated) seed ------------------------------------------------------------------


def write_table(path: Path, rows: Table, *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    """``rows`` as a CSV file in ``encoding`` (characters it cannot hold become ``?``), or as a
    workbook when ``path`` ends in ``.xlsx``."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in rows:
            sheet.append(list(row))
        workbook.save(path)
        return path
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerows([["" if cell is None else str(cell) for cell in row] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    return path


def write_records(path: Path, records: Sequence[Any], *, lines: bool) -> Path:
    if lines:
        text = "\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n"
    else:
        text = json.dumps(list(records), ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def seed_args(args: Sequence[str], folder: Path) -> list[str]:
    """The seed's options, its mapping file written into ``folder``."""
    if "{mapping}" not in args:
        return list(args)
    mapping = folder / "instagram.yaml"
    mapping.write_text(INSTAGRAM_MAPPING, encoding="utf-8")
    return [str(mapping) if arg == "{mapping}" else arg for arg in args]


# -- the workspace and the property ------------------------------------------------------------


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly initialised workspace, copied for every example."""
    folder = tmp_path_factory.mktemp("fuzz-template") / "ws"
    with Workspace.create(folder):
        pass
    return folder


@contextmanager
def fresh_workspace(template: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="siaran-fuzz-") as folder:
        workspace = Path(folder) / "ws"
        shutil.copytree(template, workspace)
        yield workspace


@dataclass(frozen=True)
class Digest:
    """Every table's rows and every file of the workspace except the database itself."""

    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


def digest(workspace: Path) -> Digest:
    found = Digest()
    con = duckdb.connect(str(workspace / DB_NAME), read_only=True)
    try:
        names = con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
        for (table,) in names:
            rows = con.execute(f'SELECT * FROM "{table}" ORDER BY ALL').fetchall()
            found.tables[table] = [tuple(map(repr, row)) for row in rows]
    finally:
        con.close()
    for path in sorted(workspace.rglob("*")):
        if path.is_file() and not path.name.startswith(DB_NAME):
            relative = str(path.relative_to(workspace))
            found.files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out + err


def assert_imported_or_refused(
    path: Path,
    args: Sequence[str],
    template: Path,
    capsys: pytest.CaptureFixture[str],
) -> int:
    """The property: import ``path`` into a fresh workspace; exit 0, or exit 1 with the file
    and a reason and the workspace unchanged. Returns the exit code."""
    with fresh_workspace(template) as workspace:
        before = digest(workspace)
        code, output = run_cli(
            ["--lang", "en", "import", str(path), "-w", str(workspace), *args], capsys
        )
        assert code in (0, 1), output
        assert "Traceback" not in output, output
        if code == 1:
            assert f"{path} was not imported:" in output, output
            reason = output.split(f"{path} was not imported:", 1)[1].strip()
            assert reason, output
            if "cells could not be read" in output:  # row-level: every problem names its row
                problems = [line for line in output.splitlines() if line.startswith("  - ")]
                assert problems, output
                assert all(line.startswith("  - row ") for line in problems), output
            assert digest(workspace) == before, output
            return code
        code, listed = run_cli(
            ["--lang", "en", "sessions", "-w", str(workspace), "--format", "csv"], capsys
        )
        assert code == 0, listed
    return code


__all__ = [
    "FUZZ",
    "Digest",
    "RecordSeed",
    "TableSeed",
    "assert_imported_or_refused",
    "record_seeds",
    "seed_args",
    "table_seeds",
    "template",
    "write_records",
    "write_table",
]
