"""An import killed at any moment (``kill -9``) leaves nothing that readers see without an import
record, and the next opening of the workspace cleans up so that importing again just works."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from siaran.events import session_measures
from siaran.events.store import PART_GLOB, event_files
from siaran.importing import ImportOptions, import_file
from siaran.metrics import list_sessions
from siaran.store.engine import engine_context
from siaran.workspace import Workspace
from tests.events.samples import START
from tests.web.exports import creator_rows, write_creator_export

EVENTS = 300_000
ROOMS = 6
KILLS = 3
CHILD = """
import os, signal, sys
from pathlib import Path
import siaran.events.store as events_store
import siaran.ingest.importer as importer
from siaran.importing import ImportOptions, import_file
from siaran.workspace import Workspace

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

def after(function):
    def run(*args, **kwargs):
        function(*args, **kwargs)
        die()
    return run

point = sys.argv[2]
if point == "events-moved":  # the partitions are in place, the import not yet recorded
    events_store._record = die
elif point == "events-recorded":  # recorded, the note of the import not yet removed
    events_store._record = after(events_store._record)
elif point == "sessions-archived":  # the original is in raw/, the transaction not begun
    importer._write = die
with Workspace.open(sys.argv[1]) as ws:
    for name in sys.argv[3:]:
        import_file(ws, Path(name), ImportOptions(account="toko.crash"))
"""
POINTS = ("events-moved", "events-recorded", "sessions-archived")


def write_events(path: Path) -> Path:
    """A large capture in canonical JSON Lines: viewer samples and comments in a few rooms."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(EVENTS):
            ts = (START.timestamp() + n * 0.05) * 1000
            room = f"7700000000000000{n % ROOMS:03d}"
            if n % 3:
                record = {"id": f"e{n}", "type": "comment", "ts": int(ts), "room_id": room,
                          "user": f"u{n % 97}", "text": "halo kak"}  # fmt: skip
            else:
                record = {"id": f"e{n}", "type": "viewers", "ts": int(ts), "room_id": room,
                          "viewers": 100 + n % 50}  # fmt: skip
            out.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("crash-files")
    sessions = folder / "Creator-Live-Performance_20260917200000.xlsx"
    write_creator_export(sessions, creator_rows(5, 40, gmv_per_session=250_000.0))
    return [write_events(folder / "capture.jsonl"), sessions]


def child(workspace: Path, files: list[Path], point: str = "-") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(workspace), point, *map(str, files)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


def check_only_recorded(workspace: Path) -> tuple[int, int]:
    """Every file outside the database is covered by an import record, and so is every row
    readers see; returns (stored events, sessions)."""
    with Workspace.open(workspace) as ws:
        recorded = {
            str(sha): str(archived)
            for sha, archived in ws.con.execute(
                "SELECT sha256, archived_as FROM imports"
            ).fetchall()
        }
        prefixes = {sha[:16] for sha in recorded}
        parts = sorted((workspace / "events").glob(PART_GLOB))
        assert all(part.name[5:21] in prefixes for part in parts), parts
        assert sorted(p.name for p in ws.raw_dir.iterdir()) == sorted(recorded.values())
        assert not list((workspace / "events").glob(".staging-*"))
        assert not list((workspace / ".pending").glob("*"))
        assert event_files(ws) == parts
        stored = 0
        if parts:
            (stored,) = ws.con.execute(
                "SELECT count(*) FROM read_parquet(?)", [[str(p) for p in parts]]
            ).fetchone() or (0,)
            (expected,) = ws.con.execute("SELECT sum(events) FROM event_rooms").fetchone() or (0,)
            assert stored == expected  # whole imports only: every recorded event, no other
            measured = session_measures(engine_context(ws), ws)
            assert sum(row["events"] for row in measured) == stored
        sources = ws.con.execute("SELECT DISTINCT source_sha256 FROM sessions").fetchall()
        assert all(str(row[0]) in recorded for row in sources)
        return stored, len(list_sessions(ws))


def test_a_killed_import_leaves_only_recorded_data(files: list[Path], tmp_path: Path) -> None:
    # One uninterrupted run, to know over how long to spread the kills.
    whole = tmp_path / "whole"
    Workspace.create(whole).close()
    began = time.monotonic()
    process = child(whole, files)
    assert process.wait(timeout=600) == 0
    duration = time.monotonic() - began
    full = check_only_recorded(whole)
    assert full == (EVENTS, 40)

    chance = random.Random(20260917)
    rounds: list[str | float] = [
        *POINTS,
        *(chance.uniform(0.05, 0.9) * duration for _ in range(KILLS)),
    ]
    for number, kill in enumerate(rounds):
        workspace = tmp_path / f"killed-{number}"
        Workspace.create(workspace).close()
        if isinstance(kill, str):  # the child kills itself at that point of the import
            process = child(workspace, files, kill)
            assert process.wait(timeout=600) == -signal.SIGKILL
        else:  # killed from outside after that many seconds (if it has not finished)
            process = child(workspace, files)
            time.sleep(kill)
            process.send_signal(signal.SIGKILL)
            assert process.wait(timeout=600) in (0, -signal.SIGKILL)
        stored, sessions = check_only_recorded(workspace)
        assert stored in (0, EVENTS) and sessions in (0, 40)
        with Workspace.open(workspace) as ws:
            for path in files:
                assert import_file(ws, path, ImportOptions(account="toko.crash")).status in (
                    "imported",
                    "already_imported",
                )
        assert check_only_recorded(workspace) == full
