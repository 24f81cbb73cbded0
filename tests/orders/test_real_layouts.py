"""Order exports as the platforms write them today: more columns than siaran uses, and ids
padded with a tab."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from siaran.errors import BadInputError
from siaran.feedback import list_reviews
from siaran.feedback.writer import write_review_file
from siaran.importing import ImportOptions, import_file
from siaran.orders import OrderImportReport, list_orders
from siaran.orders.writer import order_rows, write_order_export
from siaran.workspace import Workspace
from tests.feedback.test_review_import import reviews
from tests.orders.exports import at, line
from tests.orders.test_order_import import ACCOUNT, counts, tiktok_lines

TOKOPEDIA_MERGE = (
    "Distance Shipping Fee", "Distance Fee", "Buyer Service Fee", "Handling Fee",
    "Shipping Insurance", "Item Insurance", "Purchase Channel", "Tokopedia Invoice Number",
    "Order Channel", "Creator Handle",
)  # fmt: skip


def merged_lines() -> list[dict[str, object]]:
    """TikTok lines with values in the columns the Tokopedia merge added, and in one column
    no export has yet."""
    return [
        {
            **item,
            "Kolom Baru": "0812-3456-7890",
            "Buyer Service Fee": "IDR 1.000",
            "Purchase Channel": "TikTok",
            "Order Channel": "TikTok Shop",
            "Tokopedia Invoice Number": "INV/20260704/MPL/123456",
            "Creator Handle": "@kreator.sambal",
        }
        for item in tiktok_lines()
    ]


def import_report(ws: Workspace, path: Path) -> OrderImportReport:
    report = import_file(ws, path, ImportOptions(account=ACCOUNT))
    assert isinstance(report, OrderImportReport)
    return report


@pytest.mark.parametrize("xlsx", [False, True])
def test_the_current_tiktok_export_imports_and_names_the_columns_not_used(
    workspace: Workspace, tmp_path: Path, xlsx: bool
) -> None:
    path = tmp_path / ("Order_SKU_List.xlsx" if xlsx else "Order_SKU_List.csv")
    write_order_export(
        path,
        "tiktok_tokopedia",
        merged_lines(),
        xlsx=xlsx,
        tab_padded=True,
        extra_headers=("Kolom Baru",),
    )
    report = import_report(workspace, path)
    assert report.layout == "tiktok_shop_orders"
    assert counts(workspace) == (3, 4, 1)
    assert [o.order_id for o in list_orders(workspace)] == ["577001", "577002", "577003"]
    for lang in ("en", "id"):
        (note,) = [n for n in report.note_texts(lang) if "'Kolom Baru'" in n]
        assert not any(repr(header) in note for header in TOKOPEDIA_MERGE)
        assert "'Order ID'" not in note and "'Original Shipping Fee'" not in note
    # A column siaran does not know may hold anything: it is empty in the archived copy;
    # the merge's fee and channel columns are known and kept there as exported.
    (archived,) = workspace.raw_dir.iterdir()
    with archived.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["Kolom Baru"] for row in rows} == {""}
    assert "0812-3456-7890" not in archived.read_text(encoding="utf-8")
    assert {row["Creator Handle"] for row in rows} == {"@kreator.sambal"}


def test_a_shopee_export_with_a_new_column_imports(workspace: Workspace, tmp_path: Path) -> None:
    rows = order_rows("shopee", [line("2607049ABC", 0, at(19, 30), "Keripik Pisang", 2, 30_000)])
    rows[0].append("Biaya Layanan")
    rows[1].append("1.500")
    path = tmp_path / "Order.all.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = import_report(workspace, path)
    assert report.layout == "shopee_orders"
    assert counts(workspace) == (1, 1, 1)
    assert any("'Biaya Layanan'" in n for n in report.note_texts("en"))


def test_a_missing_required_column_never_points_to_a_mapping_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = order_rows("tiktok_tokopedia", merged_lines(), extra_headers=("Kolom Baru",))
    gone = rows[0].index("Quantity")
    path = tmp_path / "orders.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([c for i, c in enumerate(r) if i != gone] for r in rows)
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert caught.value.key.startswith("orders.missing_headers")
    for lang in ("en", "id"):
        message = caught.value.message(lang)
        assert "'Quantity'" in message and "'Kolom Baru'" in message
        assert "mapping" not in message and "pemetaan" not in message
    assert counts(workspace) == (0, 0, 0)


@pytest.mark.parametrize("xlsx", [False, True])
def test_tab_padded_ids_are_the_same_orders_as_plain_ones(
    workspace: Workspace, tmp_path: Path, xlsx: bool
) -> None:
    items = [{**item, "sku_id": "1730000000000000001"} for item in tiktok_lines()]
    suffix = ".xlsx" if xlsx else ".csv"
    padded = write_order_export(tmp_path / f"padded{suffix}", "tiktok", items, tab_padded=True)
    plain = write_order_export(tmp_path / f"plain{suffix}", "tiktok", items, xlsx=xlsx)
    assert "577001\t" in padded.read_text(encoding="utf-8")
    assert import_report(workspace, padded).orders_added == 3
    second = import_report(workspace, plain)
    assert (second.orders_added, second.orders_updated) == (0, 3)
    assert counts(workspace) == (3, 4, 2)
    stored = workspace.con.execute(
        "SELECT DISTINCT o.order_id, l.sku_id FROM orders o JOIN order_lines l USING (order_id) "
        "ORDER BY 1"
    ).fetchall()
    assert stored == [(oid, "1730000000000000001") for oid in ("577001", "577002", "577003")]
    path = write_review_file(tmp_path / "ulasan.csv", reviews())
    import_file(workspace, path, ImportOptions(account=ACCOUNT))
    linked = {r.order_id: r.order_found for r in list_reviews(workspace) if r.order_id}
    assert linked == {"577001": True, "577002": True}


def test_a_shopee_export_from_the_english_seller_centre_imports(
    workspace: Workspace, tmp_path: Path
) -> None:
    lines = [
        line("2607049ABC", 0, at(19, 30), "Keripik Pisang", 2, 30_000, order_amount=41_000),
        line("2607049ABD", 1, at(19, 45), "Keripik Talas", 1, 18_000),
    ]
    path = write_order_export(tmp_path / "Order.all.20260704.xlsx", "shopee_en", lines, xlsx=True)
    report = import_report(workspace, path)
    assert report.layout == "shopee_orders" and report.note_texts("en") == []
    orders = list_orders(workspace)
    assert [(o.order_id, o.amount, o.currency, o.created_at) for o in orders] == [
        ("2607049ABC", 41_000, "IDR", at(19, 30)),
        ("2607049ABD", 18_000, "IDR", at(19, 45)),
    ]
    assert [(x.product, x.quantity, x.amount) for x in orders[0].lines] == [
        ("Keripik Pisang", 2, 30_000)
    ]
    assert orders[0].buyer_key is not None
    (archived,) = workspace.raw_dir.iterdir()
    copy = archived.read_text(encoding="utf-8")
    assert "Sari Wulandari" not in copy and "081298765432" not in copy and "Gang Mawar" not in copy


def _us_excel(cell: str) -> str:
    """A ``2026-07-04 19:30`` cell as US-locale Excel writes it: ``7/4/2026 19:30``."""
    if not cell.startswith("2026-"):
        return cell
    moment = dt.datetime.fromisoformat(cell)
    return f"{moment.month}/{moment.day}/{moment.year} {moment:%H:%M}"


@pytest.mark.parametrize(("day", "said"), [(4, True), (13, False)])
def test_unpadded_dates_read_day_first_without_proof_are_named(
    workspace: Workspace, tmp_path: Path, day: int, said: bool
) -> None:
    # 7/4/2026 may be 7 April (Indonesian order) or 4 July (US Excel): nothing in the file
    # tells, so the import keeps the day-first reading and says so. 7/13/2026 proves it.
    lines = [
        line("2607049ABC", 0, at(19, 30), "Keripik Pisang", 2, 30_000),
        line("2607049ABD", 1, at(20, 0, day=day), "Keripik Pisang", 1, 15_000),
    ]
    rows = order_rows("shopee", lines)
    rows[1:] = [[_us_excel(cell) for cell in row] for row in rows[1:]]
    path = tmp_path / "Order.all.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = import_report(workspace, path)
    created = [o.created_at for o in list_orders(workspace)]
    notes = [n for n in report.note_texts("en") if "read day first" in n]
    if said:
        assert created[0].date() == dt.date(2026, 4, 7)
        (note,) = notes
        assert "Waktu Pesanan Dibuat, Waktu Pembayaran Dilakukan" in note
        assert "7/4/2026 19:30" in note and "yyyy-mm-dd" in note
        (catatan,) = [n for n in report.note_texts("id") if "hari lebih dulu" in n]
        assert "Waktu Pesanan Dibuat" in catatan
    else:
        assert sorted(c.date() for c in created) == [dt.date(2026, 7, 4), dt.date(2026, 7, 13)]
        assert notes == []


def _excel_semicolon_csv(path: Path, rows: list[list[str]]) -> Path:
    """``rows`` as Excel saves a CSV in a semicolon locale and says so: a ``sep=;`` line."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("sep=;\r\n")
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def test_an_excel_sep_line_above_an_order_export_is_skipped(
    workspace: Workspace, tmp_path: Path
) -> None:
    lines = [
        line("2607049ABC", 0, at(19, 30), "Keripik Pisang", 2, 30_000),
        line("2607049ABD", 1, at(20, 0), "Keripik; Pedas", 1, 15_000),
    ]
    path = _excel_semicolon_csv(tmp_path / "Order.all.csv", order_rows("shopee", lines))
    report = import_report(workspace, path)
    assert report.layout == "shopee_orders"
    assert [o.order_id for o in list_orders(workspace)] == ["2607049ABC", "2607049ABD"]


def test_rows_after_a_sep_line_are_named_by_their_line_in_the_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    lines = [
        line("2607049ABC", 0, at(19, 30), "Keripik Pisang", 2, 30_000),
        line("2607049ABD", 1, at(20, 0), "Keripik Pisang", 2, 30_000),
    ]
    lines[1]["quantity"] = "dua"
    path = _excel_semicolon_csv(tmp_path / "Order.all.csv", order_rows("shopee", lines))
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert [(p.row, p.value) for p in caught.value.problems] == [(4, "dua")]
