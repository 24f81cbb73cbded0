"""``siaran ops``: the JSON contract, settings from the command line, tables within 80
columns, and bad settings told in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siaran.workspace import Workspace
from tests.bounded import run_cli
from tests.operations.exports import ACCOUNT, ROOM_A, build

CONTRACT = [
    "account",
    "orders",
    "hours_to_ship_median",
    "hours_to_ship_p90",
    "late_share",
    "cancelled_share",
    "returned_share",
    "peak_orders_per_10min",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    with Workspace.create(tmp_path / "ws") as ws:
        build(ws, tmp_path)
    return tmp_path / "ws"


def test_account_json_follows_the_contract(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["ops", "-w", str(folder), "--account", ACCOUNT, "--format", "json"]
    code, said = run_cli([*args, "--capacity", "12", "--promise-hours", "24"], capsys)
    assert code == 0, said
    found = json.loads(said)
    assert set(CONTRACT) <= set(found)
    assert [found[k] for k in CONTRACT] == [ACCOUNT, 11, 7.5, 36.0, 1 / 3, 2 / 11, 1 / 9, 4]
    assert found["currency"] == "IDR" and found["reasons"] == []
    assert found["cancelled_by"][0] == {"name": "buyer", "orders": 1, "share": 1 / 11}
    assert found["lives"][0]["room_id"] == ROOM_A
    assert found["lives"][0]["backlog_cutoff"] == "2026-07-06T00:00:00+07:00"
    # Nothing was saved: without the options the capacity is unknown, and null is not 0.
    code, said = run_cli(args, capsys)
    unknown = json.loads(said)
    assert unknown["late_share"] is None and unknown["peak_load"] is None
    assert unknown["reasons"] == ["capacity_unknown", "promise_unknown"]


def test_settings_are_saved_and_used(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["ops", "-w", str(folder), "--capacity", "12", "--promise-hours", "24", "--save"]
    code, said = run_cli(args, capsys)
    assert code == 0 and "Fulfilment settings saved" in said
    code, said = run_cli(["ops", ROOM_A, "-w", str(folder), "--format", "json"], capsys)
    live = json.loads(said)
    assert (live["room_id"], live["over_capacity"], live["late_share"]) == (ROOM_A, True, 0.5)
    code, said = run_cli(["ops", "-w", str(folder), "--save"], capsys)
    assert code == 2 and "--save" in said


@pytest.mark.parametrize("view", ["accounts", "lives", "cancellations"])
def test_tables_fit_80_columns_in_both_languages(
    folder: Path, capsys: pytest.CaptureFixture[str], view: str
) -> None:
    for lang in ("en", "id"):
        args = ["--lang", lang, "ops", "-w", str(folder), "--view", view, "--capacity", "12"]
        code, said = run_cli(args, capsys)
        assert code == 0, said
        assert max(len(row) for row in said.splitlines()) <= 80
    assert (
        "Kapasitas: 12 pesanan/jam"
        in run_cli(["--lang", "id", "ops", "-w", str(folder), "--capacity", "12"], capsys)[1]
    )


def test_csv_has_a_row_per_live(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, said = run_cli(["ops", "-w", str(folder), "--view", "lives", "--format", "csv"], capsys)
    assert code == 0
    rows = said.splitlines()
    assert rows[0].startswith("account,platform,room_id") and len(rows) == 3


@pytest.mark.parametrize("bad", ["-4", "0", "banyak"])
@pytest.mark.parametrize("option", ["--capacity", "--promise-hours"])
def test_bad_settings_are_usage_errors_in_both_languages(
    folder: Path, capsys: pytest.CaptureFixture[str], bad: str, option: str
) -> None:
    told = {
        ("--capacity", "en"): "Capacity",
        ("--capacity", "id"): "Kapasitas",
        ("--promise-hours", "en"): "Ship-by promise",
        ("--promise-hours", "id"): "Janji kirim",
    }
    for lang in ("en", "id"):
        args = ["--lang", lang, "ops", "-w", str(folder), f"{option}={bad}", "--save"]
        code, said = run_cli(args, capsys)
        assert code == 2 and told[option, lang] in said and bad in said
    with Workspace.open(folder) as ws:
        assert ws.setting("operations.capacity_per_hour") is None


def test_unknown_room_account_and_empty_workspace(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["ops", "123", "-w", str(folder)], capsys)[0] == 2
    assert run_cli(["ops", "-w", str(folder), "--account", "nobody"], capsys)[0] == 2
    run_cli(["init", "-w", str(tmp_path / "empty")], capsys)
    code, said = run_cli(["ops", "-w", str(tmp_path / "empty")], capsys)
    assert code == 2 and "No orders" in said
    code, said = run_cli(
        ["ops", "-w", str(tmp_path / "empty"), "--capacity", "30", "--save"], capsys
    )
    assert code == 0 and "30 orders/hour" in said
