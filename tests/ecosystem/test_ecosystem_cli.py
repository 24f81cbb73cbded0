"""``siaran ecosystem`` in its three views and three formats, in both languages, and the
report's section, on the hand-computed workspace of tests/ecosystem/files.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from siaran.workspace import Workspace
from tests.bounded import run_cli
from tests.ecosystem.files import ACCOUNT, lives_export, score_lives, write_files


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    ws = tmp_path / "ws"
    run_cli(["init", "-w", str(ws), "--timezone", "Asia/Jakarta"], capsys)
    files = [str(p) for p in (lives_export(tmp_path), *write_files(tmp_path))]
    code, said = run_cli(["import", *files, "--account", ACCOUNT, "-w", str(ws)], capsys)
    assert code == 0, said
    assert "affiliate order export, 7 lines, 5 creators" in said
    with Workspace.open(ws) as workspace:
        score_lives(workspace)
    return ws


def test_channels_as_json_csv_and_table(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, said = run_cli(["ecosystem", "-w", str(folder), "--format", "json"], capsys)
    assert code == 0, said
    rows = json.loads(said)
    assert rows[0] == {
        "account": ACCOUNT, "month": "2026-07-01", "channel": "own_lives", "currency": "IDR",
        "gmv": 3_000_000.0, "orders": 20, "channel_share": pytest.approx(3_000_000 / 3_780_000),
    }  # fmt: skip
    code, said = run_cli(["ecosystem", "-w", str(folder), "--format", "csv"], capsys)
    table = list(csv.DictReader(io.StringIO(said)))
    assert len(table) == 8 and table[-1]["channel"] == "resellers"
    code, said = run_cli(["--lang", "id", "ecosystem", "-w", str(folder)], capsys)
    assert code == 0 and "Live sendiri" in said and "Kartu produk afiliasi" in said
    code, said = run_cli(
        ["--lang", "en", "ecosystem", "-w", str(folder), "-a", "@toko.ayu"], capsys
    )
    assert code == 0 and "Own lives" in said and "Rp3.0M" in said


def test_partners_and_signups(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, said = run_cli(
        ["ecosystem", "-w", str(folder), "--view", "partners", "--format", "json"], capsys
    )
    assert code == 0, said
    july, august = json.loads(said)
    assert (july["affiliates_active"], july["resellers_active"], july["new_resellers"]) == (3, 2, 3)
    assert august["reseller_value"] == 200_000
    code, said = run_cli(
        ["ecosystem", "-w", str(folder), "--view", "signups", "--format", "json"], capsys
    )
    (found,) = json.loads(said)
    assert (found["lives_with_call"], found["lives_without_call"]) == (2, 2)
    assert (found["signup_interval_low"], found["signup_interval_high"]) == (0.0, 2.0)
    assert [live["room_id"] for live in found["lives"]] == ["8001", "8003", "8002", "8004"]
    code, said = run_cli(["ecosystem", "-w", str(folder), "--view", "signups"], capsys)
    assert code == 0 and "an association, not an effect" in said


def test_the_report_has_the_section(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    code, said = run_cli(["--lang", "en", "report", "-w", str(folder), "-o", str(out)], capsys)
    assert code == 0, said
    html = out.read_text(encoding="utf-8")
    assert 'id="ecosystem"' in html and 'data-account="toko.ayu"' in html
    assert "Difference 1.0 (95% interval 0.0 to 2.0)" in html
    assert "10.5%" in html  # affiliate GMV share: 480 000 / 4 580 000


def test_an_empty_workspace_and_a_bad_window_are_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "ws"
    run_cli(["init", "-w", str(ws)], capsys)
    code, said = run_cli(["ecosystem", "-w", str(ws)], capsys)
    assert code == 2 and "No affiliate or reseller data" in said
    code, said = run_cli(["--lang", "id", "ecosystem", "-w", str(ws), "--days", "0"], capsys)
    assert code != 0 and "Jendela 0 hari tidak valid" in said


def test_import_report_as_json_keeps_its_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "ws"
    run_cli(["init", "-w", str(ws)], capsys)
    affiliate, register = write_files(tmp_path)
    code, said = run_cli(
        ["import", str(affiliate), str(register), "--account", ACCOUNT, "-w", str(ws),
         "--format", "json"],
        capsys,
    )  # fmt: skip
    assert code == 0, said
    first, second = json.loads(said)
    assert list(first) == list(second) == [
        "path", "sha256", "layout", "status", "account", "rows_read", "affiliate_lines",
        "creators", "resellers", "reseller_months", "archived_as", "unread_columns",
        "dropped_columns", "notes",
    ]  # fmt: skip
    assert (first["affiliate_lines"], first["creators"], first["resellers"]) == (7, 5, 0)
    assert first["archived_as"] == f"{first['sha256']}.ecosystem.csv"
    assert second["resellers"] > 0 and second["affiliate_lines"] == 0
    assert len(first["notes"]) == bool(first["dropped_columns"]) + bool(first["unread_columns"])
