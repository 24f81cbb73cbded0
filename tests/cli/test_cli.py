"""The CLI through Typer's runner and as a real subprocess: commands, formats, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from siaran.cli.app import app, main

runner = CliRunner()


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run through :func:`main`, which maps errors to exit codes exactly as the script does."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "demo"
    result = runner.invoke(app, ["--lang", "en", "demo", "-w", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("init", "import", "sessions", "kpi", "compare", "demo", "report"):
        assert command in result.output


def test_init_then_import_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["--lang", "en", "init", "-w", str(tmp_path / "ws")], capsys)
    assert code == 0
    assert "Workspace ready" in out
    code, _, err = _run(
        ["import", "-w", str(tmp_path / "ws"), str(tmp_path / "missing.xlsx")], capsys
    )
    assert code == 1
    assert "missing.xlsx" in err
    assert "Traceback" not in err


def test_commands_on_a_missing_workspace_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["--lang", "id", "kpi", "-w", str(tmp_path / "none")], capsys)
    assert code == 1
    assert "siaran init" in err


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["kpi", "--no-such-option"], capsys)[0] == 2
    assert _run(["--lang", "fr", "kpi"], capsys)[0] == 2
    assert _run(["--engine", "oracle", "kpi"], capsys)[0] == 2


def test_demo_prints_the_comparison_and_writes_the_report(demo_workspace: Path) -> None:
    assert (demo_workspace / "report.html").is_file()
    assert (demo_workspace / "siaran.duckdb").is_file()
    assert any((demo_workspace / "raw").iterdir())


def test_demo_twice_changes_nothing(demo_workspace: Path) -> None:
    before = runner.invoke(app, ["sessions", "-w", str(demo_workspace), "--format", "json"])
    again = runner.invoke(app, ["--lang", "en", "demo", "-w", str(demo_workspace)])
    assert again.exit_code == 0, again.output
    after = runner.invoke(app, ["sessions", "-w", str(demo_workspace), "--format", "json"])
    assert json.loads(before.stdout) == json.loads(after.stdout)


def test_sessions_json_has_canonical_fields(demo_workspace: Path) -> None:
    result = runner.invoke(app, ["sessions", "-w", str(demo_workspace), "--format", "json"])
    assert result.exit_code == 0, result.output
    sessions = json.loads(result.stdout)
    assert len(sessions) > 100
    first = sessions[0]
    for field in ("platform", "account", "room_id", "started_at", "gmv", "currency", "views"):
        assert field in first
    assert first["started_at"][-6:] in ("+07:00", "+08:00", "+09:00")
    assert all(s["room_id"] is None or isinstance(s["room_id"], str) for s in sessions)


def test_kpi_json_is_a_list_of_rollups(demo_workspace: Path) -> None:
    result = runner.invoke(app, ["kpi", "-w", str(demo_workspace), "--format", "json"])
    assert result.exit_code == 0, result.output
    rollups = json.loads(result.stdout)
    assert len(rollups) >= 10
    assert {"account", "sessions", "gmv_mean_per_session", "zero_gmv_share"} <= set(rollups[0])


def test_kpi_csv_and_table(demo_workspace: Path) -> None:
    as_csv = runner.invoke(app, ["kpi", "-w", str(demo_workspace), "--format", "csv"])
    assert as_csv.exit_code == 0
    header = as_csv.stdout.splitlines()[0].split(",")
    assert "gmv_mean_per_session" in header
    table = runner.invoke(app, ["kpi", "-w", str(demo_workspace)])
    assert table.exit_code == 0
    # The table names its columns in the reader's language (headers wrap between words).
    heading = table.stdout.split("─")[0]
    assert "Mean GMV" in heading and "Zero-GMV" in heading
    assert "gmv_mean_per_session" not in heading


def test_compare_json_shape(demo_workspace: Path) -> None:
    result = runner.invoke(app, ["compare", "-w", str(demo_workspace), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"accounts", "correlation", "within_account", "verdict"} <= set(data)
    correlation = data["correlation"]
    assert correlation["method"] == "spearman"
    assert {"rho", "ci_low", "ci_high", "n"} <= set(correlation)
    assert set(data["verdict"]) >= {"id", "en"}
    assert all("quadrant" in account for account in data["accounts"])


def test_compare_include_estimates_shows_them_labelled(demo_workspace: Path) -> None:
    # The flag used to change nothing in the table and CSV output.
    for fmt in ("table", "csv"):
        args = ["--lang", "en", "compare", "-w", str(demo_workspace), "--format", fmt]
        without = runner.invoke(app, args)
        with_estimates = runner.invoke(app, [*args, "--include-estimates"])
        assert without.exit_code == with_estimates.exit_code == 0, with_estimates.output
        assert without.stdout != with_estimates.stdout
        assert "FastMoss" in with_estimates.stdout and "FastMoss" not in without.stdout
    table = runner.invoke(
        app, ["--lang", "en", "compare", "-w", str(demo_workspace), "--include-estimates"]
    )
    assert "Third-party estimates (shown only, never used in the verdict)" in table.stdout
    rows = runner.invoke(
        app, ["compare", "-w", str(demo_workspace), "--format", "csv", "--include-estimates"]
    ).stdout.splitlines()
    header = rows[0].split(",")
    assert "source" in header and "quadrant" in header
    bases = {line.split(",")[header.index("basis")] for line in rows[1:]}
    assert bases == {"first_party", "estimate"}
    plain = json.loads(
        runner.invoke(app, ["compare", "-w", str(demo_workspace), "-f", "json"]).stdout
    )
    assert "estimates" not in plain


def test_compare_says_which_money_it_compared(demo_workspace: Path) -> None:
    result = runner.invoke(app, ["--lang", "en", "compare", "-w", str(demo_workspace)])
    assert result.exit_code == 0, result.output
    # The demo mixes four GMV bases: TikTok attributed and revenue, Shopee placed, IG paid.
    assert "Left out: kopi.kali.serayu (another GMV basis)." in result.stdout
    assert "GMV basis attributed;" in result.stdout
    data = json.loads(
        runner.invoke(
            app,
            [
                "compare",
                "-w",
                str(demo_workspace),
                "-f",
                "json",
                "--gmv-basis",
                "attributed,revenue",
            ],
        ).stdout
    )
    assert data["money"]["gmv_bases"] == ["attributed", "revenue"]
    assert data["correlation"]["n"] == 10 and len(data["excluded"]) == 2


def test_compare_with_a_rate_table_and_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws")
    assert _run(["init", "-w", ws], capsys)[0] == 0
    rates = tmp_path / "kurs.csv"
    rates.write_text("currency,target,rate\nMYR,IDR,3550\n", encoding="utf-8")
    code, out, _ = _run(["compare", "-w", ws, "--fx", str(rates), "-f", "json"], capsys)
    assert code == 0 and json.loads(out)["money"]["fx"]["target"] == "IDR"
    rates.write_text('currency,target,rate\nMYR,IDR,"3.550,00"\n', encoding="utf-8")
    code, _, err = _run(["--lang", "en", "compare", "-w", ws, "--fx", str(rates)], capsys)
    assert code == 1 and "kurs.csv" in err and "row 2" in err and "Traceback" not in err
    code, _, err = _run(["compare", "-w", ws, "--fx", str(tmp_path / "nope.csv")], capsys)
    assert code == 1 and "nope.csv" in err
    rates.write_text("currency,target,rate\nMYR,IDR,3550\n", encoding="utf-8")
    code, _, err = _run(
        ["--lang", "en", "compare", "-w", ws, "--fx", str(rates), "--currency", "IDR"], capsys
    )
    assert code == 2 and "--currency" in err
    assert _run(["compare", "-w", ws, "--gmv-basis", ","], capsys)[0] == 2


def test_report_in_both_languages(demo_workspace: Path, tmp_path: Path) -> None:
    for lang in ("id", "en"):
        out = tmp_path / f"laporan-{lang}.html"
        result = runner.invoke(
            app, ["report", "-w", str(demo_workspace), "--out", str(out), "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        html = out.read_text(encoding="utf-8")
        assert f'lang="{lang}"' in html
        assert "<svg" in html


def test_the_installed_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "siaran"
    result = subprocess.run(
        [str(script), "--lang", "en", "sessions", "-w", str(tmp_path / "none")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "siaran init" in result.stderr


def _workspace_state(folder: Path) -> tuple[list[str], int, int]:
    from siaran.workspace import Workspace

    with Workspace.open(folder) as ws:
        sessions = ws.con.execute("SELECT count(*) FROM sessions").fetchone()
        imports = ws.con.execute("SELECT count(*) FROM imports").fetchone()
    assert sessions is not None and imports is not None
    return sorted(p.name for p in (folder / "raw").iterdir()), sessions[0], imports[0]


def _truncated_export(tmp_path: Path) -> bytes:
    import datetime as dt

    from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance

    jakarta = dt.timezone(dt.timedelta(hours=7))
    start = dt.datetime(2026, 9, 1, 19, 0, tzinfo=jakarta)
    row = {
        "room_id": "7512345678901234567",
        "title": "Live malam",
        "started_at": start,
        "ended_at": start + dt.timedelta(hours=1),
        "duration_s": 3600.0,
        "gmv": 150000.0,
        "currency": "IDR",
        "orders": 3.0,
        "views": 1200.0,
    }
    whole = tmp_path / "whole.xlsx"
    write_creator_live_performance(whole, [row], period=(dt.date(2026, 9, 1), dt.date(2026, 9, 1)))
    data = whole.read_bytes()
    return data[: len(data) * 2 // 3]


@pytest.mark.parametrize("kind", ["empty", "binary", "truncated", "unknown_layout"])
def test_bad_files_exit_1_name_the_file_and_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    folder = tmp_path / "ws"
    assert _run(["init", "-w", str(folder)], capsys)[0] == 0
    path = tmp_path / f"Creator-Live-Performance_20260917_{kind}.xlsx"
    content = {
        "empty": b"",
        "binary": bytes(range(256)) * 4,
        "truncated": _truncated_export(tmp_path),
        "unknown_layout": b"nama,umur\nbudi,30\n",
    }[kind]
    path.write_bytes(content)
    before = _workspace_state(folder)
    for lang in ("id", "en"):
        code, out, err = _run(
            ["--lang", lang, "import", "-w", str(folder), str(path), "--account", "tokoku"],
            capsys,
        )
        assert code == 1
        assert path.name in err
        assert "Traceback" not in err + out
    assert _workspace_state(folder) == before


def test_demo_writes_a_plan_and_plan_check_reads_it(
    demo_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = demo_workspace / "plan-dapur.sekar.arum.json"
    assert (demo_workspace / "plan-dapur.sekar.arum.pdf").read_bytes().startswith(b"%PDF")
    plan = json.loads(saved.read_text(encoding="utf-8"))
    assert plan["format"] == "siaran.plan/1" and plan["account"] == "dapur.sekar.arum"
    room = plan["calls_to_action"]["calls"][0]["room_id"]
    code, out, err = _run(
        ["plan", "check", str(saved), room, "-w", str(demo_workspace), "--format", "json"], capsys
    )
    assert code == 0, err
    found = json.loads(out)
    assert found["room_id"] == room and len(found["rows"]) > 10
    code, out, _ = _run(
        ["--lang", "en", "plan", "check", str(saved), room, "-w", str(demo_workspace)], capsys
    )
    assert code == 0 and "Plan vs actual: dapur.sekar.arum" in out
    code, out, err = _run(
        ["plan", "dapur.sekar.arum", "-w", str(demo_workspace), "--minutes", "60",
         "--date", "2026-10-01", "--out", str(tmp_path / "p.html"), "--lang", "id"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert "Rencana live dapur.sekar.arum" in (tmp_path / "p.html").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "p.json").read_text())["minutes"] == 60
    code, _, err = _run(["plan", "check", str(saved), "-w", str(demo_workspace)], capsys)
    assert code == 2 and "PLAN.json" in err
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    code, _, err = _run(
        ["plan", "check", str(tmp_path / "broken.json"), room, "-w", str(demo_workspace)], capsys
    )
    assert code == 1 and "broken.json" in err
    code, _, err = _run(
        ["plan", "dapur.sekar.arum", "-w", str(demo_workspace), "--out", str(tmp_path / "x.txt")],
        capsys,
    )
    assert code == 2 and "x.txt" in err and not (tmp_path / "x.json").exists()
