"""``siaran experiment`` on the command line: formats, languages, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siaran.cli.app import main
from siaran.workspace import Workspace
from tests.experiments.cohort import START, import_cohort
from tests.experiments.test_experiments import LEVELS


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    with Workspace.create(tmp_path / "ws") as ws:
        import_cohort(ws, tmp_path / "exports", LEVELS)
    return tmp_path / "ws"


def test_add_evaluate_list_show_remove(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    w = ["-w", str(folder)]
    add = ["experiment", "add", "awal", "--accounts", "toko.a,toko.b,toko.c"]
    add += ["--start", START.isoformat(), "--kpi", "gmv_per_live_hour", "--note", "demo"]
    code, out, err = run([*add, *w, "--format", "json"], capsys)
    assert code == 0, err
    assert json.loads(out)["accounts"] == ["toko.a", "toko.b", "toko.c"]

    code, out, _ = run(["experiment", "evaluate", "awal", *w, "--format", "json"], capsys)
    assert code == 0
    found = json.loads(out)
    assert found["verdict"]["code"] == "improved"
    assert found["relative"]["ci_low"] > 0

    code, out, _ = run(["--lang", "id", "experiment", "evaluate", "awal", *w], capsys)
    assert code == 0
    assert "NAIK" in out and "Akun pembanding" in out and "Asumsi" in out
    code, out, _ = run(["--lang", "en", "experiment", "evaluate", "awal", *w], capsys)
    assert "went UP" in out and "Control accounts" in out

    code, out, _ = run(["experiment", "list", *w, "--format", "json"], capsys)
    assert [e["name"] for e in json.loads(out)] == ["awal"]
    code, out, _ = run(["--lang", "en", "experiment", "show", "awal", *w], capsys)
    assert code == 0 and "gmv_per_live_hour" in out
    code, out, _ = run(["--lang", "en", "experiment", "remove", "awal", *w], capsys)
    assert code == 0 and "removed" in out
    code, out, _ = run(["experiment", "list", *w, "--format", "json"], capsys)
    assert json.loads(out) == []


def test_refusals_exit_1_or_2_and_name_the_problem(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = ["-w", str(folder)]
    base = ["--lang", "en", "experiment", "add", "x", "--start", "2026-08-20"]
    code, _, err = run([*base, "--accounts", "toko.a,ghost", "--kpi", "gmv", *w], capsys)
    assert code == 1 and "ghost" in err and "Traceback" not in err
    code, _, err = run([*base, "--accounts", "toko.a", "--kpi", "followers", *w], capsys)
    assert code == 2 and "followers" in err
    code, _, err = run(["--lang", "id", "experiment", "evaluate", "nope", *w], capsys)
    assert code == 1 and "Tidak ada eksperimen" in err
    code, _, err = run(["--lang", "en", "experiment", "assign", "nope", "-a", "toko.a", *w], capsys)
    assert code == 1


def test_a_switchback_is_assigned_by_room(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    w = ["-w", str(folder)]
    add = ["experiment", "add", "pin", "--accounts", "toko.d", "--design", "switchback"]
    code, _, err = run([*add, "--start", START.isoformat(), "--kpi", "gmv", *w], capsys)
    assert code == 0, err
    with Workspace.open(folder) as ws:
        rooms = [
            str(r[0])
            for r in ws.con.execute(
                "SELECT room_id FROM sessions WHERE account = 'toko.d' ORDER BY started_at"
            ).fetchall()
        ][-10:]
    assign = ["experiment", "assign", "pin", "-a", "toko.d"]
    assign += ["--with-change", ",".join(rooms[1::2]), "--without-change", ",".join(rooms[::2])]
    code, out, err = run(["--lang", "en", *assign, *w], capsys)
    assert code == 0, err
    assert "10 lives of toko.d" in out
    code, out, _ = run(["experiment", "evaluate", "pin", *w, "--format", "json"], capsys)
    found = json.loads(out)
    assert found["design"] == "switchback"
    assert found["accounts"][0]["lives_after"] == 5
