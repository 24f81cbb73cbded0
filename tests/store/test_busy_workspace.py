"""A workspace another process holds is busy, not damaged: the holder is named, nobody is sent
to a backup, and a command waits its turn."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from siaran.cli.app import main
from siaran.workspace import (
    DB_NAME,
    LockHolder,
    Workspace,
    WorkspaceBusyError,
    WorkspaceError,
)

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
release = sys.argv[2]
import os
while not os.path.exists(release):
    time.sleep(0.05)
con.close()
"""


@contextmanager
def held(workspace: Path, release: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the workspace's database until ``release`` exists."""
    script = release.with_name("holder-marker.py")
    script.write_text(HOLD, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(workspace / DB_NAME), str(release)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        yield child
    finally:
        release.touch()
        child.wait(timeout=60)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    Workspace.create(tmp_path / "ws").close()
    return tmp_path / "ws"


def test_a_held_workspace_names_its_holder_and_no_backup(folder: Path, tmp_path: Path) -> None:
    with held(folder, tmp_path / "release") as child, pytest.raises(WorkspaceBusyError) as busy:
        Workspace.open(folder)
    assert busy.value.holder.pid == child.pid
    assert "holder-marker" in busy.value.holder.command  # its command line, not just "python"
    message = busy.value.message("en")
    assert f"PID {child.pid}" in message and "not damaged" in message
    assert "damaged (" not in message and "restore a backup" in message  # said: do not


def test_a_command_waits_its_turn(folder: Path, tmp_path: Path) -> None:
    release = tmp_path / "release"
    told: list[LockHolder] = []

    def waiting(holder: LockHolder) -> None:
        told.append(holder)
        release.touch()  # the holder finishes once we are known to be waiting

    with held(folder, release) as child, Workspace.open(folder, wait=60, on_wait=waiting) as ws:
        assert ws.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    assert [holder.pid for holder in told] == [child.pid]


def test_the_cli_says_busy_with_the_holder_and_waits_with_a_message(
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SIARAN_LOCK_WAIT", "0")
    with held(folder, tmp_path / "release") as child:
        with pytest.raises(SystemExit) as exited:
            main(["--lang", "en", "sessions", "-w", str(folder)])
        err = capsys.readouterr().err
        assert exited.value.code == 1
        assert f"PID {child.pid}" in err and "not damaged" in err and "*.bak" not in err
    release = tmp_path / "release-2"
    monkeypatch.setenv("SIARAN_LOCK_WAIT", "60")
    with held(folder, release):
        releaser = subprocess.Popen(
            [sys.executable, "-c", f"import time; time.sleep(1); open({str(release)!r}, 'w')"]
        )
        with pytest.raises(SystemExit) as exited:
            main(["--lang", "en", "sessions", "-w", str(folder), "--format", "json"])
        releaser.wait(timeout=60)
    captured = capsys.readouterr()
    assert exited.value.code == 0
    assert "waiting for its turn" in captured.err and captured.out.strip() == "[]"


def test_damage_is_told_apart_from_a_lock(tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / DB_NAME).write_bytes(b"this is a spreadsheet, not a database" * 200)
    with pytest.raises(WorkspaceError) as wrong:
        Workspace.open(junk)
    assert wrong.value.key == "workspace.not_a_database"
    assert not isinstance(wrong.value, WorkspaceBusyError)

    damaged = tmp_path / "damaged"
    with Workspace.create(damaged) as ws:
        ws.con.execute("CREATE TABLE filler AS SELECT range AS n FROM range(200000)")
    data = bytearray((damaged / DB_NAME).read_bytes())
    for index in range(8192, len(data), 97):
        data[index] ^= 0xFF
    (damaged / DB_NAME).write_bytes(bytes(data))
    with pytest.raises(WorkspaceError) as broken:
        Workspace.open(damaged).close()
    assert broken.value.key == "workspace.corrupt"
    assert "*.bak" in broken.value.message("en")


def test_a_waiting_open_gives_up_after_its_wait(folder: Path, tmp_path: Path) -> None:
    with held(folder, tmp_path / "release"), pytest.raises(WorkspaceBusyError):
        Workspace.open(folder, wait=0.5)
