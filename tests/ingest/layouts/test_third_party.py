"""Third-party account summaries (FastMoss, Kalodata, ...): stored as labelled estimates in
``account_estimates``, never as sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from siaran.errors import BadInputError, UsageError
from siaran.ingest.importer import import_export_file
from siaran.ingest.layouts.third_party import write_third_party_summary
from siaran.workspace import Workspace

JULY = (dt.date(2026, 7, 1), dt.date(2026, 7, 28))


def summary(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "account": "tokobatik",
        "period_start": JULY[0],
        "period_end": JULY[1],
        "sessions": 42,
        "gmv": 12_600_000,
        "views": 13_262,
        "units": 300,
        "peak_online": 80,
    }
    row.update(changes)
    return row


def estimates(ws: Workspace) -> list[dict[str, Any]]:
    result = ws.con.execute("SELECT * FROM account_estimates ORDER BY account, period_start")
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def assert_unchanged(ws: Workspace) -> None:
    assert ws.con.execute("SELECT count(*) FROM account_estimates").fetchone() == (0,)
    assert ws.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    assert list(ws.raw_dir.iterdir()) == []


@pytest.mark.parametrize("name", ["fastmoss-export.csv", "export.xlsx"])
def test_writer_round_trip(workspace: Workspace, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    rows = [summary(), summary(account="kopi_banyumas", sessions=5, gmv=21_281_718, views=900)]
    write_third_party_summary(path, rows)
    report = import_export_file(workspace, path)
    assert report.layout == "third_party_account_summary"
    assert (report.estimates, report.sessions_added) == (2, 0)
    assert report.period == ("2026-07-01", "2026-07-28")
    messages = report.to_dict("en")["notes"]
    assert any("FastMoss" in m and "estimate" in m for m in messages)
    assert any("Units Sold, Peak Online" in m for m in messages)
    kopi, toko = estimates(workspace)
    assert toko["platform"] == "tiktok"
    assert toko["source"] == "FastMoss"
    assert toko["basis"] == "estimate"
    assert (toko["period_start"], toko["period_end"], toko["period_days"]) == (*JULY, 28)
    assert (toko["sessions"], toko["gmv"], toko["views"]) == (42, 12_600_000, 13_262)
    assert toko["avg_gmv_per_session"] == 300_000
    assert toko["currency"] == "IDR"
    assert kopi["gmv"] == 21_281_718 and kopi["views"] == 900
    assert workspace.con.execute("SELECT count(*) FROM sessions").fetchone() == (0,)


def test_indonesian_sheet_with_source_column_and_days(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "ringkasan.csv"
    path.write_text(
        "Akun;Periode;Tanggal Akhir;Jumlah Live;Total GMV;Rata-rata GMV per Live;Tayangan;Sumber\n"
        "toko_a;28 hari terakhir;28/07/2026;12;Rp 12,5 jt;Rp 1,04 jt;13.262;kalodata\n"
        "toko_b;7;31/07/2026;3;Rp 900rb;Rp 300rb;1.200;\n",
        encoding="utf-8",
    )
    report = import_export_file(workspace, path)
    assert report.estimates == 2
    a, b = estimates(workspace)
    assert (a["source"], a["period_start"], a["period_end"]) == ("Kalodata", *JULY)
    assert (a["sessions"], a["gmv"], a["avg_gmv_per_session"]) == (12, 12_500_000, 1_040_000)
    assert a["views"] == 13_262
    assert (b["source"], b["platform"]) == ("third_party", "other")
    assert (b["period_start"], b["period_end"]) == (dt.date(2026, 7, 25), dt.date(2026, 7, 31))
    assert (b["gmv"], b["views"]) == (900_000, 1_200)


def test_tool_and_period_from_the_title_rows(workspace: Workspace, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Kalodata - Creator Live Report"])
    sheet.append(["2026-07-04 ~ 2026-07-10"])
    sheet.append(["Creator", "Period", "Lives", "Revenue", "Avg. Revenue per Live", "Views"])
    sheet.append(["tokobatik", "Last 7 days", 4, "Rp2.000.000", "Rp500.000", 1500])
    workbook.save(tmp_path / "report.xlsx")
    import_export_file(workspace, tmp_path / "report.xlsx")
    (row,) = estimates(workspace)
    assert (row["source"], row["platform"]) == ("Kalodata", "tiktok")
    assert (row["period_start"], row["period_end"]) == (dt.date(2026, 7, 4), dt.date(2026, 7, 10))
    assert (row["sessions"], row["gmv"], row["views"]) == (4, 2_000_000, 1500)


def test_account_from_option_when_the_file_has_none(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    path.write_text(
        "Start Date,End Date,Live Sessions,GMV,Views\n2026-07-01,2026-07-30,10,1500000,800\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError):
        import_export_file(workspace, path)
    assert_unchanged(workspace)
    import_export_file(workspace, path, account="@tokobatik")
    (row,) = estimates(workspace)
    assert (row["account"], row["period_days"], row["gmv"]) == ("tokobatik", 30, 1_500_000)


def test_views_grouped_in_thousands_are_thousands(workspace: Workspace, tmp_path: Path) -> None:
    # Money written plainly says nothing of the decimal mark; views are counted one by one.
    path = tmp_path / "summary.csv"
    path.write_text(
        "Account,Period,Live Sessions,GMV,Avg. GMV per Live,Views\n"
        "toko.batik,2026-08-21 ~ 2026-09-17,24,125000000,5208333,1.160\n"
        "toko.sepatu,2026-08-21 ~ 2026-09-17,10,80000000,8000000,2.450\n",
        encoding="utf-8",
    )
    import_export_file(workspace, path)
    assert [row["views"] for row in estimates(workspace)] == [1_160, 2_450]


def test_days_without_an_end_date_are_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    path.write_text(
        "Account,Period,Live Sessions,GMV,Views\n"
        "tokobatik,Last 28 days,10,1500000,800\n"
        "kopi,every week,3,1000,50\n",
        encoding="utf-8",
    )
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path)
    problems = [(p.row, p.column, p.reason_key) for p in caught.value.problems]
    assert problems == [
        (2, "Period", "third_party.period_without_end"),
        (3, "Period", "third_party.bad_period"),
    ]
    assert "End Date" in str(caught.value)
    assert_unchanged(workspace)


def test_renamed_header_is_named(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    write_third_party_summary(path, [summary()])
    path.write_text(path.read_text().replace("Views", "Total Tontonan"), encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path)
    assert caught.value.key == "import.unknown_header"
    assert "Total Tontonan" in str(caught.value)
    assert_unchanged(workspace)


def test_bad_money_cell_names_row_and_column(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    write_third_party_summary(path, [summary(), summary(account="kopi")])
    text = path.read_text().replace("Rp12.600.000", "Rp12.600.000 USD", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (4, "GMV")
    assert_unchanged(workspace)


def _kalodata(tmp_path: Path, header: str, gmv: str, average: str) -> Path:
    path = tmp_path / "kalodata.csv"
    path.write_text(
        f"{header}\ntoko.batik,2026-08-21 ~ 2026-09-17,24,{gmv},{average},1200000,Kalodata\n",
        encoding="utf-8",
    )
    return path


ENGLISH = "Account,Period,Live Sessions,GMV,Avg. GMV per Live,Views,Source"
INDONESIAN = "Akun,Periode,Jumlah Live,Total GMV,Rata-rata GMV per Live,Tayangan,Sumber"
MIXED = "Account,Periode,Live Sessions,GMV,Avg. GMV per Live,Tayangan,Source"


@pytest.mark.parametrize(
    ("header", "gmv", "note"),
    [
        (ENGLISH, 125e6, None),
        (INDONESIAN, 125e9, None),
        (MIXED, 125e9, "read as miliar"),
    ],
)
def test_m_follows_the_language_of_the_headers(
    workspace: Workspace, tmp_path: Path, header: str, gmv: float, note: str | None
) -> None:
    # An English interface writes Rp125M for 125 million; Indonesian writes Rp125jt for that
    # and Rp125M for 125 miliar. No cell has a decimal mark to tell which.
    report = import_export_file(workspace, _kalodata(tmp_path, header, "Rp125M", "Rp5M"))
    (row,) = estimates(workspace)
    assert (row["gmv"], row["avg_gmv_per_session"]) == (gmv, gmv / 25)
    notes = [m for m in report.to_dict("en")["notes"] if "M in the columns" in m]
    if note is None:
        assert notes == []
    else:
        (said,) = notes
        assert note in said and "GMV, Avg. GMV per Live" in said
        assert "Rp125jt" in said


def test_a_decimal_mark_in_the_cells_decides_m_whatever_the_headers(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = _kalodata(tmp_path, INDONESIAN, "Rp125.5M", "Rp5.2M")
    report = import_export_file(workspace, path)
    (row,) = estimates(workspace)
    assert row["gmv"] == 125.5e6
    assert not any("M in the columns" in m for m in report.to_dict("en")["notes"])
