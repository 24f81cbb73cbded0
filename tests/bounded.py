"""Running the command line in tests: in process (exit code and output), or in a child process
whose address space is capped, to show that a hostile file is refused within bounded memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from siaran.cli.app import main

ROOT = Path(__file__).resolve().parents[1]
MEMORY_CAP = 1 << 30
"""Address space of the capped child: a bomb that makes a reader allocate dies at it."""


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The command line's entry point: exit code and everything printed."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out + err


def run_capped(args: list[str], workspace: Path) -> subprocess.CompletedProcess[str]:
    """``siaran ARGS -w WORKSPACE`` (a fresh workspace) in a child limited to
    :data:`MEMORY_CAP` of address space, in English."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), SIARAN_LANG="en")
    command = [sys.executable, "-c", "from siaran.cli import main; main()"]

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    subprocess.run([*command, "init", "-w", str(workspace)], env=env, check=True, timeout=120)
    return subprocess.run(
        [*command, *args, "-w", str(workspace)],
        env=env,
        preexec_fn=cap,
        capture_output=True,
        text=True,
        timeout=300,
    )
