"""``siaran orders``: the JSON contract, the per-live view, messages in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siaran.orders.writer import write_order_export
from tests.bounded import run_cli
from tests.orders.exports import NAMES, at, line

ORDER_KEYS = [
    "order_id",
    "account",
    "platform",
    "status",
    "created_at",
    "paid_at",
    "shipped_at",
    "delivered_at",
    "cancelled_at",
    "cancelled_by",
    "amount",
    "currency",
    "room_id",
    "buyer_key",
    "lines",
]


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    ws = tmp_path / "ws"
    lines = [
        line("577001", 0, at(20, 5), "Sambal Roa", 2, 90_000, order_amount=99_000),
        line("577001", 0, at(20, 5), "Sambal Cakalang", 1, 9_000, order_amount=99_000),
        line("577002", 1, at(20, 40), "Abon Tuna", 1, 45_000),
    ]
    export = write_order_export(tmp_path / "orders.csv", "tiktok", lines)
    run_cli(["init", "-w", str(ws)], capsys)
    code, said = run_cli(["import", str(export), "--account", "toko.ayu", "-w", str(ws)], capsys)
    assert code == 0, said
    assert "Buyers' personal data was not stored" in said
    return ws


def test_orders_as_json_follow_the_contract(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = run_cli(["orders", "-w", str(folder), "--format", "json"], capsys)
    assert code == 0, said
    orders = json.loads(said)
    assert [o["order_id"] for o in orders] == ["577001", "577002"]
    assert list(orders[0])[: len(ORDER_KEYS)] == ORDER_KEYS
    first = orders[0]
    assert first["created_at"] == "2026-07-04T20:05:00+07:00"
    assert first["amount"] == 99_000 and first["currency"] == "IDR"
    assert first["room_id"] is None and first["delivered_at"] is None
    assert len(first["buyer_key"]) == 32
    assert first["lines"] == [
        {"sku": "SAM", "product": "Sambal Roa", "quantity": 2, "amount": 90_000},
        {"sku": "SAM", "product": "Sambal Cakalang", "quantity": 1, "amount": 9_000},
    ]
    assert NAMES[0] not in said


def test_orders_table_and_csv_in_both_languages(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = run_cli(["--lang", "id", "orders", "-w", str(folder), "--all"], capsys)
    assert code == 0 and "ID pesanan" in said and "Sambal Roa ×2" in said
    code, said = run_cli(["--lang", "en", "orders", "-w", str(folder), "--all"], capsys)
    assert code == 0 and "Order ID" in said
    code, said = run_cli(["orders", "-w", str(folder), "--format", "csv"], capsys)
    assert code == 0 and said.splitlines()[0].startswith("order_id,account,platform")


def test_a_bad_grace_window_and_an_empty_workspace_are_told(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = run_cli(["--lang", "id", "orders", "-w", str(folder), "--grace", "-1"], capsys)
    assert code == 2 and "Jendela tenggang" in said
    code, said = run_cli(["orders", "-w", str(folder), "--grace", "45", "--save-grace"], capsys)
    assert code == 0 and "45 minutes" in said
    code, said = run_cli(["init", "-w", str(tmp_path / "empty")], capsys)
    code, said = run_cli(["orders", "-w", str(tmp_path / "empty")], capsys)
    assert code == 2 and "No orders" in said


def test_import_report_as_json_keeps_its_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "ws"
    export = write_order_export(
        tmp_path / "orders.csv", "tiktok", [line("577009", 0, at(20, 5), "Abon Tuna", 1, 45_000)]
    )
    run_cli(["init", "-w", str(ws)], capsys)
    command = ["import", str(export), "--account", "toko.ayu", "-w", str(ws), "--format", "json"]
    code, said = run_cli(command, capsys)
    assert code == 0, said
    (row,) = json.loads(said)
    assert list(row) == [
        "path", "sha256", "layout", "status", "account", "rows_read", "orders_added",
        "orders_updated", "orders_kept", "lines", "buyers", "currency", "archived_as", "notes",
    ]  # fmt: skip
    assert (row["status"], row["orders_added"], row["lines"], row["currency"]) == (
        "imported", 1, 1, "IDR",
    )  # fmt: skip
    assert row["archived_as"] == f"{row['sha256']}.redacted.csv"
    assert row["notes"] == []
    code, said = run_cli(command, capsys)
    (again,) = json.loads(said)
    assert (again["status"], again["orders_added"], again["notes"]) == ("already_imported", 0, [])
