"""Progress bars: drawn on stderr for a person at a terminal, never into ``--format json``
output, never when stderr is not a terminal (unless ``SIARAN_PROGRESS=always``), and never on
standard output."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path

import pytest

from siaran.cli.app import main
from siaran.workspace import Workspace
from tests.bounded import ROOT
from tests.events.samples import session_events, write_jsonl
from tests.web.exports import creator_rows, write_creator_export

ACCOUNT = "toko.ayu"
LABELS = ("Importing files", "Reading the file", "Importing sessions", "rows/s")
"""What the English bars of an import of a session export say."""
ESCAPE = "\x1b["


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """A session export of six lives, beside an empty workspace ``tmp_path / "ws"``."""
    Workspace.create(tmp_path / "ws").close()
    return write_creator_export(
        tmp_path / "Creator-Live-Performance_20260917200000.xlsx",
        creator_rows(1, 6, gmv_per_session=250_000.0),
    )


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(
    export: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Run:
    """``siaran --lang en import EXPORT -w WS -a ACCOUNT *extra`` in process with
    ``SIARAN_PROGRESS=mode`` (captured stderr is no terminal): exit code, stdout, stderr."""

    def run(mode: str, *extra: str, path: Path = export) -> tuple[int, str, str]:
        monkeypatch.setenv("SIARAN_PROGRESS", mode)
        args = ["--lang", "en", "import", str(path), "-w", str(tmp_path / "ws"), "-a", ACCOUNT]
        with pytest.raises(SystemExit) as exited:
            main([*args, *extra])
        out, err = capsys.readouterr()
        return int(exited.value.code or 0), out, err

    return run


def test_always_draws_the_bars_on_stderr_only(run: Run) -> None:
    code, out, err = run("always")
    assert code == 0
    assert all(label in err for label in LABELS)
    assert "6/6 rows" in err  # the file's rows, all done
    assert ESCAPE not in out and "6 rows read" in out


@pytest.mark.parametrize("mode", ["always", "auto", "never"])
def test_json_output_gets_no_bars(run: Run, mode: str) -> None:
    code, out, err = run(mode, "--format", "json")
    assert code == 0
    assert err == ""
    assert json.loads(out)[0]["status"] == "imported"


@pytest.mark.parametrize("mode", ["auto", "never", ""])
def test_no_bars_when_stderr_is_not_a_terminal_or_they_are_turned_off(run: Run, mode: str) -> None:
    code, out, err = run(mode)
    assert code == 0
    assert err == ""  # captured stderr is no terminal
    assert "6 rows read" in out


def test_an_unknown_mode_is_a_usage_error(run: Run) -> None:
    code, _, err = run("sometimes")
    assert code == 2
    assert "SIARAN_PROGRESS='sometimes'" in err and "always, never" in err


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """``siaran ARGS`` in a child whose stderr is a pseudo-terminal (100 columns) and whose
    stdout is a pipe: exit code, stdout, and everything the terminal received."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    command = [sys.executable, "-c", "from siaran.cli import main; main()", *args]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    received = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal (EIO on Linux)
            break
        if not chunk:
            break
        received += chunk
    out = child.stdout.read() if child.stdout else b""
    code = child.wait(timeout=300)
    os.close(master)
    return code, out.decode(), received.decode(errors="replace")


@pytest.mark.parametrize(("mode", "fmt", "drawn"), [
    ("auto", "table", True),
    ("auto", "json", False),
    ("never", "table", False),
])  # fmt: skip
def test_a_terminal_sees_the_bars_unless_json_or_turned_off(
    export: Path, tmp_path: Path, mode: str, fmt: str, drawn: bool
) -> None:
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT / "src"),
        SIARAN_LANG="en",
        SIARAN_PROGRESS=mode,
        TERM="xterm-256color",
    )
    env.pop("NO_COLOR", None)
    workspace = tmp_path / "ws"
    args = ["import", str(export), "-w", str(workspace), "-a", ACCOUNT, "--format", fmt]
    code, out, terminal = _on_a_terminal(args, env)
    assert code == 0
    assert all(label in terminal for label in LABELS) is drawn
    assert any(label in terminal for label in LABELS) is drawn
    assert ESCAPE not in out  # the pipe gets the command's output only
    if fmt == "json":
        assert json.loads(out)[0]["status"] == "imported"
    else:
        assert "6 rows read" in out


def test_an_event_stream_counts_its_events(run: Run, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "events.jsonl", session_events())
    code, _, err = run("always", path=path)
    assert code == 0
    assert "Reading events" in err and f"{len(session_events())} events" in err
    assert "events/s" in err


def test_the_bars_speak_the_users_language(
    export: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SIARAN_PROGRESS", "always")
    with pytest.raises(SystemExit):
        main(["--lang", "id", "import", str(export), "-w", str(tmp_path / "ws"), "-a", ACCOUNT])
    err = capsys.readouterr().err
    assert "Membaca berkas" in err and "Mengimpor sesi" in err
    assert "6/6 baris" in err and "baris/dtk" in err
