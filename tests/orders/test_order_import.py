"""Order exports import whole or not at all, and no personal data enters the workspace."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from siaran.errors import BadInputError, UsageError
from siaran.importing import ImportOptions, import_file
from siaran.orders import OrderImportReport, list_orders
from siaran.orders.columns import recognise
from siaran.orders.privacy import SECRET_SETTING, buyer_key
from siaran.orders.writer import write_order_export
from siaran.workspace import Workspace
from tests.orders.exports import ADDRESSES, NAMES, PHONES, USERNAMES, at, line

ACCOUNT = "toko.ayu"


def tiktok_lines() -> list[dict[str, object]]:
    return [
        line("577001", 0, at(20, 5), "Sambal Roa", 2, 90_000, order_amount=99_000),
        line("577001", 0, at(20, 5), "Sambal Cakalang", 1, 9_000, order_amount=99_000),
        line("577002", 1, at(20, 40), "Sambal Roa", 1, 45_000),
        line("577003", 2, at(21, 10), "Abon Tuna", 3, 120_000),
    ]


def counts(ws: Workspace) -> tuple[int, int, int]:
    found = ws.con.execute(
        "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM order_lines), "
        "(SELECT count(*) FROM imports)"
    ).fetchone()
    assert found is not None
    return found


@pytest.mark.parametrize("xlsx", [False, True])
def test_a_tiktok_export_imports_orders_and_lines(
    workspace: Workspace, tmp_path: Path, xlsx: bool
) -> None:
    path = tmp_path / ("orders.xlsx" if xlsx else "orders.csv")
    write_order_export(path, "tiktok", tiktok_lines(), xlsx=xlsx, description_row=True)
    report = import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert report.layout == "tiktok_shop_orders"
    assert counts(workspace) == (3, 4, 1)
    orders = list_orders(workspace)
    assert [o.order_id for o in orders] == ["577001", "577002", "577003"]
    first = orders[0]
    assert first.amount == 99_000 and first.currency == "IDR"
    assert [(x.product, x.quantity, x.amount) for x in first.lines] == [
        ("Sambal Roa", 2, 90_000),
        ("Sambal Cakalang", 1, 9_000),
    ]
    assert first.created_at == at(20, 5)
    assert first.shipped_at == at(20, 5) + dt.timedelta(hours=20)
    region = workspace.con.execute("SELECT DISTINCT province, city FROM orders").fetchall()
    assert region == [("Sulawesi Utara", "Kota Manado")]
    secret = bytes.fromhex(str(workspace.setting(SECRET_SETTING)))
    assert first.buyer_key == buyer_key(secret, "tiktok", USERNAMES[0])
    assert import_file(workspace, path, ImportOptions(account=ACCOUNT)).status == "already_imported"
    assert counts(workspace) == (3, 4, 1)


def test_a_shopee_export_imports_in_indonesian(workspace: Workspace, tmp_path: Path) -> None:
    lines = [
        line("2607049ABC", 0, at(19, 30), "Keripik Pisang", 2, 30_000, order_amount=41_000),
        line("2607049ABD", 1, at(19, 45), "Keripik Talas", 1, 18_000),
    ]
    for item in lines:
        item.pop("shipped_at")
        item["status"] = "Selesai" if item["order_id"] == "2607049ABC" else "Batal"
    path = write_order_export(tmp_path / "Order.all.20260704.xlsx", "shopee", lines, xlsx=True)
    report = import_file(workspace, path, ImportOptions(account="keripik.bu.ani"))
    assert report.layout == "shopee_orders"
    orders = list_orders(workspace)
    assert [(o.order_id, o.status, o.amount, o.platform) for o in orders] == [
        ("2607049ABC", "Selesai", 41_000, "shopee"),
        ("2607049ABD", "Batal", 18_000, "shopee"),
    ]
    assert orders[0].created_at == at(19, 30) and orders[0].currency == "IDR"


def test_no_name_phone_address_or_username_enters_the_workspace(
    workspace: Workspace, tmp_path: Path
) -> None:
    tiktok = write_order_export(tmp_path / "tiktok.csv", "tiktok", tiktok_lines())
    shopee = write_order_export(tmp_path / "shopee.xlsx", "shopee", tiktok_lines(), xlsx=True)
    import_file(workspace, tiktok, ImportOptions(account=ACCOUNT))
    import_file(workspace, shopee, ImportOptions(account="toko.lain"))
    workspace.con.execute("CHECKPOINT")
    secrets = [*NAMES, *PHONES, *ADDRESSES, *USERNAMES, "tolong kirim", "JX1234567890", "Wenang"]
    files = [p for p in workspace.path.rglob("*") if p.is_file()]
    assert any(p.name.endswith(".redacted.csv") for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, (path.name, secret)
            assert secret.encode("utf-16-le") not in data, (path.name, secret)
    # The archive names the original by its SHA-256 and holds a redacted copy.
    archived = workspace.con.execute(
        "SELECT sha256, archived_as FROM imports ORDER BY 2"
    ).fetchall()
    assert all(name == f"{sha}.redacted.csv" for sha, name in archived)


def test_a_wrong_header_is_named_and_nothing_is_written(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_order_export(tmp_path / "orders.csv", "tiktok", tiktok_lines())
    text = path.read_text(encoding="utf-8").replace("Product Name", "Nama Barangku", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert caught.value.key == "orders.missing_headers_unknown"
    assert "'Product Name'" in caught.value.message("en")
    assert "'Nama Barangku'" in caught.value.message("en")
    assert counts(workspace) == (0, 0, 0)
    assert list(workspace.raw_dir.iterdir()) == []


def test_a_missing_required_column_is_named_and_nothing_is_written(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_order_export(tmp_path / "orders.csv", "tiktok", tiktok_lines())
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    found = recognise(list[str | None](rows[0]))
    assert found is not None
    (gone,) = [i for i, c in enumerate(found.columns) if c is not None and c.field == "quantity"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([c for i, c in enumerate(row) if i != gone] for row in rows)
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert caught.value.key == "orders.missing_headers"
    assert repr(rows[0][gone]) in caught.value.message("en")
    assert "--mapping" not in caught.value.message("en")
    assert counts(workspace) == (0, 0, 0)
    assert list(workspace.raw_dir.iterdir()) == []


def test_a_truncated_export_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = write_order_export(tmp_path / "orders.csv", "tiktok", tiktok_lines())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert "orders.csv" in caught.value.message("en")
    assert counts(workspace) == (0, 0, 0)
    assert list(workspace.raw_dir.iterdir()) == []


def test_shipped_before_created_names_the_row(workspace: Workspace, tmp_path: Path) -> None:
    lines = tiktok_lines()
    lines[2]["shipped_at"] = at(19, 0)
    path = write_order_export(tmp_path / "orders.csv", "tiktok", lines)
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT))
    problems = caught.value.problems
    assert [(p.reason_key, p.row, p.column) for p in problems] == [
        ("orders.time_order", 4, "Shipped Time")
    ]
    assert "Created Time" in problems[0].describe("en")
    assert counts(workspace) == (0, 0, 0)


def test_bad_cells_and_disagreeing_lines_are_named(workspace: Workspace, tmp_path: Path) -> None:
    lines = tiktok_lines()
    lines[1]["order_amount"] = 98_000
    lines[3]["quantity"] = "tiga"
    path = write_order_export(tmp_path / "orders.csv", "tiktok", lines)
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT))
    found = [(p.reason_key, p.row, p.column) for p in caught.value.problems]
    assert ("orders.order_disagrees", 3, "Order Amount") in found
    assert ("numbers.not_a_number", 5, "Quantity") in found
    assert counts(workspace) == (0, 0, 0)


def test_an_order_export_needs_its_account(workspace: Workspace, tmp_path: Path) -> None:
    path = write_order_export(tmp_path / "orders.csv", "tiktok", tiktok_lines())
    with pytest.raises(UsageError):
        import_file(workspace, path)
    assert counts(workspace) == (0, 0, 0)
    assert workspace.setting(SECRET_SETTING) is None


def test_a_later_export_updates_an_order_and_an_earlier_one_does_not(
    workspace: Workspace, tmp_path: Path
) -> None:
    early = tiktok_lines()
    for item in early:
        item["shipped_at"] = None
        item["status"] = "To ship"
    later = tiktok_lines()
    import_file(
        workspace,
        write_order_export(tmp_path / "a.csv", "tiktok", later),
        ImportOptions(account=ACCOUNT),
    )
    report = import_file(
        workspace,
        write_order_export(tmp_path / "b.csv", "tiktok", early),
        ImportOptions(account=ACCOUNT),
    )
    assert isinstance(report, OrderImportReport)
    assert (report.orders_added, report.orders_updated, report.orders_kept) == (0, 0, 3)
    assert {o.status for o in list_orders(workspace)} == {"Completed"}
    assert counts(workspace) == (3, 4, 2)


def test_another_accounts_order_refuses_the_file(workspace: Workspace, tmp_path: Path) -> None:
    import_file(
        workspace,
        write_order_export(tmp_path / "a.csv", "tiktok", tiktok_lines()),
        ImportOptions(account="a"),
    )
    lines = tiktok_lines()
    lines[2]["status"] = "Delivered"
    with pytest.raises(BadInputError) as caught:
        import_file(
            workspace,
            write_order_export(tmp_path / "b.csv", "tiktok", lines),
            ImportOptions(account="b"),
        )
    assert caught.value.key == "orders.claimed"
    assert counts(workspace) == (3, 4, 1)


def test_the_indonesian_tiktok_layout_and_a_cp1252_file_import(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_order_export(tmp_path / "pesanan.csv", "tiktok_id", tiktok_lines())
    report = import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert report.layout == "tiktok_shop_orders_id"
    assert counts(workspace) == (3, 4, 1)
    lines = tiktok_lines()
    lines[0]["product"] = lines[1]["product"] = "Sambal Roa Pedas Café"
    for item in lines:
        item["order_id"] = f"9{item['order_id']}"
    legacy = write_order_export(tmp_path / "legacy.csv", "tiktok", lines)
    legacy.write_bytes(legacy.read_text(encoding="utf-8").encode("cp1252"))
    import_file(workspace, legacy, ImportOptions(account="toko.lama"))
    products = workspace.con.execute(
        "SELECT DISTINCT product FROM order_lines WHERE account = 'toko.lama' ORDER BY 1"
    ).fetchall()
    assert ("Sambal Roa Pedas Café",) in products
