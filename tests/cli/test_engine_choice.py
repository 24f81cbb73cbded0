"""``siaran --engine spark``: every command either runs its analytics on the chosen engine or
refuses it with a usage error (exit 2) that names the commands it applies to.

Whether each analytics call of a command reaches the chosen engine is checked here without
Java: the engine module's backend is replaced by one that notes which engine was asked for and
answers with DuckDB. The parity suite (``pytest -m spark``) runs the real Spark.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer

from siaran.cli.app import app
from siaran.cli.common import ENGINE_COMMANDS
from siaran.store import engine as store_engine
from siaran.workspace import Workspace
from tests.bounded import run_cli

APPLIES_TO = "compare, demo, kpi, matrix, report, sessions, timeline"


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.fixture
def engines_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every engine a backend is asked for from now on (each answered by DuckDB)."""
    asked: list[str] = []
    real = store_engine.backend

    def backend(workspace: Any, engine: store_engine.EngineName = "duckdb") -> Any:
        asked.append(engine)
        return real(workspace, "duckdb")

    monkeypatch.setattr(store_engine, "backend", backend)
    monkeypatch.setattr(store_engine, "refresh_spark_tables", lambda con, workspace: None)
    return asked


def test_every_command_honours_or_refuses_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    commands = _commands()
    assert set(ENGINE_COMMANDS) <= set(commands)
    assert ", ".join(sorted(ENGINE_COMMANDS)) == APPLIES_TO
    for command in commands:
        code, said = run_cli(["--lang", "en", "--engine", "spark", command, "--help"], capsys)
        if command in ENGINE_COMMANDS:
            assert code == 0, command
            assert said.lstrip().startswith("Usage"), command
        else:
            assert code == 2, command
            assert f"siaran {command} runs on the workspace's own DuckDB database only" in said
            assert f"--engine spark applies to: {APPLIES_TO}." in said
            assert "Traceback" not in said


def test_a_refused_engine_is_told_in_indonesian_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ws"
    Workspace.create(folder).close()
    export = tmp_path / "live.csv"
    export.write_text("not read\n", encoding="utf-8")
    code, said = run_cli(
        ["--lang", "id", "--engine", "spark", "import", str(export), "-w", str(folder)], capsys
    )
    assert code == 2
    assert "siaran import hanya berjalan di basis data DuckDB milik workspace" in said
    assert f"--engine spark berlaku untuk: {APPLIES_TO}." in said
    assert not any((folder / "raw").iterdir())
    with Workspace.open(folder) as ws:
        assert ws.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)


def test_duckdb_may_be_named_for_any_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = run_cli(["--engine", "duckdb", "init", "-w", str(tmp_path / "ws")], capsys)
    assert code == 0, said


def test_the_commands_that_honour_the_engine_ask_only_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engines_asked: list[str]
) -> None:
    folder = str(tmp_path / "demo")
    spark = ["--lang", "en", "--engine", "spark"]
    runs = {
        "demo": ["demo", "-w", folder, "--format", "json"],
        "sessions": ["sessions", "-w", folder, "--format", "csv"],
        "kpi": ["kpi", "-w", folder, "--format", "csv"],
        "compare": ["compare", "-w", folder, "--format", "json"],
        "timeline": ["timeline", "-w", folder, "--format", "csv"],
        "report": ["report", "-w", folder, "-o", str(tmp_path / "report.html")],
        "matrix": ["matrix", "joint", "-w", folder, "--format", "json"],
    }
    assert set(runs) == set(ENGINE_COMMANDS)
    for command, args in runs.items():
        engines_asked.clear()
        code, said = run_cli([*spark, *args], capsys)
        assert code == 0, f"{command}: {said}"
        assert engines_asked, f"{command} ran no analytics"
        assert set(engines_asked) == {"spark"}, command
    assert (tmp_path / "report.html").is_file()
    # Without --engine the same commands stay on DuckDB.
    engines_asked.clear()
    assert run_cli(["report", "-w", folder, "-o", str(tmp_path / "again.html")], capsys)[0] == 0
    assert set(engines_asked) == {"duckdb"}
