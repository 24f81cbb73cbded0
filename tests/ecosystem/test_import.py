"""Importing affiliate order exports and reseller registers: recognised by content (and never
mistaken for a seller's own order export, nor that for them), archived without personal
columns, one transaction, idempotent, every bad row named."""

from __future__ import annotations

from pathlib import Path

import pytest

from siaran.ecosystem import EcosystemImportReport
from siaran.ecosystem.writer import write_affiliate_export, write_reseller_register
from siaran.errors import BadInputError
from siaran.events.report import EventImportReport
from siaran.importing import ImportOptions, import_file
from siaran.orders import OrderImportReport
from siaran.orders.writer import write_order_export
from siaran.workspace import Workspace
from tests.ecosystem.files import ACCOUNT, BUYER, PHONE, affiliate_rows, reseller_rows
from tests.orders.exports import at, line


def counts(ws: Workspace) -> tuple[int, ...]:
    tables = ("affiliate_orders", "resellers", "reseller_months", "orders", "imports")
    found = []
    for table in tables:
        row = ws.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        found.append(int(row[0]) if row else -1)
    return tuple(found)


def test_an_affiliate_export_imports_once_without_buyers(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_affiliate_export(tmp_path / "affiliates.csv", affiliate_rows())
    report = import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert isinstance(report, EcosystemImportReport)
    assert (report.layout, report.affiliate_lines, report.creators) == (
        "tiktok_shop_affiliate_orders", 7, 5,
    )  # fmt: skip
    assert report.dropped_columns == 2
    again = import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert again.status == "already_imported"
    assert counts(workspace) == (7, 0, 0, 0, 1)
    stored = workspace.con.execute(
        "SELECT order_id, line_no, creator, content_type, counted, gmv, commission_rate, "
        "commission FROM affiliate_orders ORDER BY order_id, line_no"
    ).fetchall()
    assert stored[0] == ("A1", 1, "sari", "live", True, 100_000.0, 0.1, 10_000.0)
    assert stored[1][:2] == ("A1", 2)
    assert ("A2", 1, "budi", "video", True, 200_000.0, None, 16_000.0) in stored
    assert ("A3", 1, "budi", "video", False, 80_000.0, None, None) in stored
    assert {row[3] for row in stored} == {"live", "video", "showcase", "product_card"}
    workspace.con.execute("CHECKPOINT")
    for file in (p for p in workspace.path.rglob("*") if p.is_file()):
        data = file.read_bytes()
        assert BUYER.encode() not in data and PHONE.encode() not in data, file.name
    (archived,) = workspace.raw_dir.iterdir()
    assert archived.name == f"{report.sha256}.ecosystem.csv"
    assert archived.read_text(encoding="utf-8").startswith("Order ID,Product Name,")


def test_a_reseller_register_imports_in_xlsx(workspace: Workspace, tmp_path: Path) -> None:
    path = write_reseller_register(tmp_path / "resellers.xlsx", reseller_rows())
    report = import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert isinstance(report, EcosystemImportReport)
    assert (report.layout, report.resellers, report.reseller_months) == (
        "reseller_register", 4, 5,
    )  # fmt: skip
    months = workspace.con.execute(
        "SELECT reseller_id, strftime(month, '%Y-%m'), orders, purchase_value "
        "FROM reseller_months ORDER BY 1, 2"
    ).fetchall()
    assert months[2] == ("R2", "2026-07", 1, 100_000.0)  # written "Juli 2026"
    assert months[3] == ("R2", "2026-08", 2, 150_000.0)  # written "08/2026"
    assert PHONE not in (workspace.raw_dir / f"{report.sha256}.ecosystem.csv").read_text()


def test_affiliate_and_seller_order_exports_are_told_apart(
    workspace: Workspace, tmp_path: Path
) -> None:
    own = write_order_export(
        tmp_path / "orders.csv", "tiktok", [line("577001", 0, at(20, 5), "Sambal", 1, 45_000)]
    )
    own_xlsx = write_order_export(
        tmp_path / "orders.xlsx", "tiktok", [line("577002", 1, at(20, 9), "Abon", 1, 9_000)],
        xlsx=True,
    )  # fmt: skip
    affiliate = write_affiliate_export(tmp_path / "affiliates.csv", affiliate_rows())
    affiliate_xlsx = write_affiliate_export(tmp_path / "affiliates.xlsx", affiliate_rows()[:2])
    assert isinstance(
        import_file(workspace, own, ImportOptions(account=ACCOUNT)), OrderImportReport
    )
    assert isinstance(
        import_file(workspace, own_xlsx, ImportOptions(account=ACCOUNT)), OrderImportReport
    )
    assert isinstance(
        import_file(workspace, affiliate, ImportOptions(account=ACCOUNT)), EcosystemImportReport
    )
    report = import_file(workspace, affiliate_xlsx, ImportOptions(account=ACCOUNT))
    assert isinstance(report, EcosystemImportReport)
    assert counts(workspace)[:4] == (7, 0, 0, 2)
    # An order list with a live room column stays an event stream.
    events = tmp_path / "live_orders.csv"
    events.write_text(
        "order_id,order_time,room_id,amount\nX1,2026-07-04T20:05:00+07:00,7391,45000\n",
        encoding="utf-8",
    )
    assert isinstance(
        import_file(workspace, events, ImportOptions(account=ACCOUNT)), EventImportReport
    )


def test_the_canonical_csv_and_a_mapping(workspace: Workspace, tmp_path: Path) -> None:
    canonical = write_affiliate_export(tmp_path / "canonical.csv", affiliate_rows(), "canonical")
    report = import_file(workspace, canonical, ImportOptions(account=ACCOUNT))
    assert report.layout == "affiliate_orders"
    own = tmp_path / "catatan_afiliasi.csv"
    own.write_text(
        "Nomor,Tanggal,Pemilik Akun,Lewat,Omzet\nB1,2026-07-09 19:00,@rina,live,Rp75.000\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "afiliasi.yaml"
    mapping.write_text(
        "kind: affiliate_orders\ncolumns:\n  order_id: Nomor\n  created_at: Tanggal\n"
        "  creator: Pemilik Akun\n  content_type: Lewat\n  gmv: Omzet\n",
        encoding="utf-8",
    )
    mapped = import_file(workspace, own, ImportOptions(account=ACCOUNT, mapping=mapping))
    assert (mapped.layout, getattr(mapped, "affiliate_lines", None)) == ("mapping", 1)
    row = workspace.con.execute(
        "SELECT creator, content_type, gmv FROM affiliate_orders WHERE order_id = 'B1'"
    ).fetchone()
    assert row == ("rina", "live", 75_000.0)
    mapping.write_text("kind: resellers\ncolumns:\n  nickname: Nama\n", encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, own, ImportOptions(account=ACCOUNT, mapping=mapping))
    assert "nickname" in caught.value.message("en")


def test_a_later_export_replaces_the_orders_it_holds(workspace: Workspace, tmp_path: Path) -> None:
    rows = affiliate_rows()
    import_file(
        workspace, write_affiliate_export(tmp_path / "a.csv", rows), ImportOptions(account=ACCOUNT)
    )
    later = [{**rows[3], "status": "Settled", "commission": 15_000}]
    import_file(
        workspace, write_affiliate_export(tmp_path / "b.csv", later), ImportOptions(account=ACCOUNT)
    )
    found = workspace.con.execute(
        "SELECT status, commission, count(*) OVER () FROM affiliate_orders WHERE order_id = 'A2'"
    ).fetchone()
    assert found == ("Settled", 15_000.0, 1)
    assert counts(workspace)[0] == 7


def _refused(workspace: Workspace, path: Path) -> str:
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert counts(workspace) == (0, 0, 0, 0, 0)
    assert list(workspace.raw_dir.iterdir()) == []
    return (
        caught.value.message("en")
        + "\n"
        + "\n".join(p.describe("en") for p in caught.value.problems)
    )


def test_bad_rows_are_named_with_file_row_and_reason(workspace: Workspace, tmp_path: Path) -> None:
    rows = affiliate_rows()
    rows[1]["content_type"] = "Podcast"
    rows[2]["gmv"] = "-5000"
    rows[4]["created_at"] = "kemarin"
    rows[5]["creator"] = ""
    said = _refused(workspace, write_affiliate_export(tmp_path / "affiliates.csv", rows))
    assert "affiliates.csv" in said
    assert "row 3, column 'Content Type'" in said and "unknown content type" in said
    assert "row 4, column 'Payment Amount'" in said and "negative" in said
    assert "row 6, column 'Time Created'" in said
    assert "row 7, column 'Creator Username'" in said
    register = reseller_rows()
    register[1]["joined_on"] = "2026-07-09"
    register[3]["month"] = "Juli 2026"
    register[4]["month"] = "bulan depan"
    said = _refused(workspace, write_reseller_register(tmp_path / "resellers.csv", register))
    assert "row 3" in said and "differs from row 2" in said
    assert "row 5" in said and "already on row 4" in said
    assert "row 6, column 'month'" in said


def test_renamed_truncated_empty_and_binary_files_are_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_affiliate_export(tmp_path / "affiliates.csv", affiliate_rows())
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(
        path.read_text(encoding="utf-8").replace("Payment Amount", "Nilai Kotor", 1),
        encoding="utf-8",
    )
    said = _refused(workspace, renamed)
    assert "renamed.csv" in said and "'gmv'" in said
    truncated = tmp_path / "truncated.csv"
    data = path.read_bytes()
    truncated.write_bytes(data[: len(data) - 25])
    assert "truncated.csv" in _refused(workspace, truncated)
    header_only = tmp_path / "header_only.csv"
    header_only.write_text(data.decode().splitlines()[0] + "\n", encoding="utf-8")
    assert "header_only.csv" in _refused(workspace, header_only)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "empty.csv" in _refused(workspace, empty)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    assert "binary.csv" in _refused(workspace, binary)


def test_the_account_is_required_and_kept(workspace: Workspace, tmp_path: Path) -> None:
    path = write_reseller_register(tmp_path / "resellers.csv", reseller_rows())
    with pytest.raises(Exception) as caught:
        import_file(workspace, path)
    assert "account" in str(getattr(caught.value, "key", caught.value))
    assert counts(workspace) == (0, 0, 0, 0, 0)


def test_indonesian_headers_and_a_register_without_ids(
    workspace: Workspace, tmp_path: Path
) -> None:
    affiliates = tmp_path / "pesanan_afiliasi.csv"
    affiliates.write_text(
        "ID Pesanan;Nama Pengguna Kreator;Jenis Konten;Waktu Dibuat;Jumlah Pembayaran;"
        "Tingkat Komisi;Status Pesanan;No. HP\n"
        "P1;@sari.masak;Siaran langsung;04/07/2026 20:05;Rp45.000;10%;Selesai;0812000111\n"
        "P2;budi;Etalase;05/07/2026 09:00;Rp30.000;;Dibatalkan;0812000222\n",
        encoding="utf-8",
    )
    report = import_file(workspace, affiliates, ImportOptions(account=ACCOUNT))
    assert report.layout == "tiktok_shop_affiliate_orders"
    rows = workspace.con.execute(
        "SELECT order_id, creator, content_type, gmv, commission_rate, counted "
        "FROM affiliate_orders ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("P1", "sari.masak", "live", 45_000.0, 0.1, True),
        ("P2", "budi", "showcase", 30_000.0, None, False),
    ]
    register = tmp_path / "daftar.csv"
    register.write_text(
        "Nama Reseller,Tanggal Gabung,Kanal,Bulan,Pembelian,No. WhatsApp\n"
        "Toko Ani,2026-07-05,WhatsApp,Jul 2026,Rp250.000,0813000333\n",
        encoding="utf-8",
    )
    import_file(workspace, register, ImportOptions(account=ACCOUNT))
    found = workspace.con.execute(
        "SELECT r.reseller_id, r.channel, m.purchase_value FROM resellers r "
        "JOIN reseller_months m USING (account, reseller_id)"
    ).fetchone()
    assert found == ("Toko Ani", "WhatsApp", 250_000.0)
    workspace.con.execute("CHECKPOINT")
    for file in (p for p in workspace.path.rglob("*") if p.is_file()):
        data = file.read_bytes()
        assert b"0812000111" not in data and b"0813000333" not in data, file.name


@pytest.mark.parametrize("account_header", ["Creator", "Account"])
def test_a_third_party_summary_per_creator_is_no_affiliate_export(
    workspace: Workspace, tmp_path: Path, account_header: str
) -> None:
    # Kalodata names the account column Creator and writes its own name in Source: both are
    # names an affiliate export's columns go by, but a summary lists no orders.
    path = tmp_path / "kalodata.csv"
    path.write_text(
        f"{account_header},Period,Live Sessions,GMV,Avg. GMV per Live,Views,Source\n"
        "toko.batik,2026-08-21 ~ 2026-09-17,24,Rp125jt,Rp5jt,1.200.000,Kalodata\n",
        encoding="utf-8",
    )
    report = import_file(workspace, path)
    assert getattr(report, "layout", None) == "third_party_account_summary"
    assert counts(workspace)[0] == 0
    row = workspace.con.execute("SELECT account, source, gmv FROM account_estimates").fetchone()
    assert row == ("toko.batik", "Kalodata", 125_000_000)
