"""TikTok Seller Center's older ``Live*.xlsx``: English and Indonesian headers, numeric and text
cells, the account from the file, sessions keyed by account + start time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from siaran.errors import BadInputError, UsageError
from siaran.ingest.importer import import_export_file
from siaran.ingest.layout import Note
from siaran.ingest.layouts.seller_center import write_seller_center_live
from siaran.workspace import Workspace

WIB = ZoneInfo("Asia/Jakarta")

HEADER_EN = [
    "Creator ID", "Creator", "Nickname", "Launched Time", "Duration", "Revenue (Rp)",
    "Products", "Different Products Sold", "Orders Created", "Orders Paid", "Unit Sales",
    "Buyers", "Average Price (Rp)", "CO rate", "Viewers", "Views", "ACU", "PCU",
    "Avg. Viewing Duration", "Comments", "Shares", "Likes", "New Followers",
    "Product Impressions", "Product Clicks", "CTR",
]  # fmt: skip
HEADER_ID = [
    "Creator ID", "Kreator", "Nama panggilan", "Waktu Live", "Durasi", "Penghasilan (Rp)",
    "Produk", "Produk Terjual", "Pesanan Dibuat", "Pesanan Dibayar", "Penjualan", "Pembeli",
    "Harga Rata-Rata (Rp)", "CO Rate", "Penonton", "Live Stream Dilihat", "Rata-rata Penonton",
    "Penonton Tertinggi", "Durasi Rata-rata", "Komentar", "Live Dibagikan", "Likes",
    "Pengikut Baru", "Produk Dilihat", "Klik Produk", "CTR",
]  # fmt: skip

# Numeric cells, as the English export writes them.
ROW_EN: list[object] = [
    "7051118836045377078", "tokobatik", "Toko Batik Banyumas", "2026/07/04/ 20:01", "1h 5m",
    1234567, 12, 5, 20, 18, 25, 17, 49382.68, "4.38%", 800, 1160, 20.5, 55, "00:00:25", 230, 7,
    15000, 12, 3000, 411, "35.43%",
]  # fmt: skip
# Text cells in Indonesian number format.
ROW_ID: list[object] = [
    "7051118836045377078", "tokobatik", "Toko Batik Banyumas", "2026/07/05/ 19:30", "2m 30d",
    "1.234.567", "12", "5", "20", "18", "25", "17", "49.382,68", "4,38%", "800", "1.160",
    "20,5", "55", "1m 5d", "230", "7", "15.000", "12", "3.000", "411", "35,43%",
]  # fmt: skip


def hand_built(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], period: str
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["LIVE Data"])
    sheet.append([period])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def session(**changes: Any) -> dict[str, Any]:
    start = dt.datetime(2026, 7, 4, 20, 1, tzinfo=WIB)
    row: dict[str, Any] = {
        "account": "tokobatik",
        "started_at": start,
        "duration_s": 3900,
        "gmv": 1_234_567.0,
        "orders": 18,
        "items_sold": 25,
        "customers": 17,
        "viewers": 800,
        "views": 1160,
        "acu": 20.5,
        "pcu": 55,
        "avg_view_duration_s": 25,
        "comments": 230,
        "shares": 7,
        "likes": 15_000,
        "new_followers": 12,
        "product_impressions": 3000,
        "product_clicks": 411,
    }
    row.update(changes)
    return row


FIELDS = (
    "account, room_id, started_at, ended_at, duration_s, currency, gmv, gmv_basis, orders, "
    "items_sold, customers, viewers, views, acu, pcu, avg_view_duration_s, comments, shares, "
    "likes, new_followers, product_impressions, product_clicks"
)


def stored(ws: Workspace, columns: str = FIELDS) -> list[tuple[Any, ...]]:
    return ws.con.execute(f"SELECT {columns} FROM sessions ORDER BY started_at").fetchall()


def reported(ws: Workspace) -> dict[str, float | None]:
    rows = ws.con.execute("SELECT kpi, value FROM platform_reported").fetchall()
    return dict(rows)


def test_english_export_with_numeric_cells(workspace: Workspace, tmp_path: Path) -> None:
    path = hand_built(tmp_path / "Live.xlsx", HEADER_EN, [ROW_EN], "2026/07/01 - 2026/07/31")
    report = import_export_file(workspace, path)
    assert report.layout == "tiktok_seller_center_live"
    assert report.period == ("2026-07-01", "2026-07-31")
    assert Note("import.timezone_assumed", {"tz": "Asia/Jakarta"}) in report.notes
    (row,) = stored(workspace)
    assert row[:2] == ("tokobatik", None)
    assert row[2].isoformat() == "2026-07-04T20:01:00+07:00"
    assert row[3].isoformat() == "2026-07-04T21:06:00+07:00"  # start + duration
    assert row[4:] == (
        3900.0, "IDR", 1_234_567.0, "revenue", 18, 25, 17, 800, 1160, 20.5, 55, 25, 230, 7,
        15_000, 12, 3000, 411,
    )  # fmt: skip
    (key,) = workspace.con.execute("SELECT session_key FROM sessions").fetchone() or ()
    assert key == "tiktok:tokobatik:2026-07-04T13:01:00+00:00"
    assert reported(workspace) == {
        "products_listed": 12,
        "products_sold": 5,
        "orders_created": 20,
        "avg_unit_price": pytest.approx(49_382.68),
        "ctor": pytest.approx(0.0438),
        "live_ctr": pytest.approx(0.3543),
    }


def test_indonesian_export_with_text_cells(workspace: Workspace, tmp_path: Path) -> None:
    empty_likes = list(ROW_ID)
    empty_likes[3] = "2026/07/06/ 08:00"
    empty_likes[4] = "1j 5m"
    empty_likes[HEADER_ID.index("Likes")] = None
    path = hand_built(
        tmp_path / "Live_id.xlsx",
        HEADER_ID,
        [ROW_ID, empty_likes],
        "Periode: 2026/07/01 - 2026/07/31",
    )
    import_export_file(workspace, path)
    first, second = stored(workspace)
    assert first[2].isoformat() == "2026-07-05T19:30:00+07:00"
    assert first[3].isoformat() == "2026-07-05T19:32:30+07:00"
    assert first[4:] == (
        150.0, "IDR", 1_234_567.0, "revenue", 18, 25, 17, 800, 1160, 20.5, 55, 65, 230, 7,
        15_000, 12, 3000, 411,
    )  # fmt: skip
    assert second[4] == 3900.0
    assert second[18] is None  # empty Likes: unknown, not 0
    values = reported(workspace)
    assert values["avg_unit_price"] == pytest.approx(49_382.68)
    assert values["ctor"] == pytest.approx(0.0438)


@pytest.mark.parametrize("numeric_cells", [True, False], ids=["numbers", "text"])
@pytest.mark.parametrize("language", ["en", "id"])
def test_writer_round_trip(
    workspace: Workspace,
    tmp_path: Path,
    language: Literal["en", "id"],
    numeric_cells: bool,
) -> None:
    rows = [
        session(),
        session(started_at=dt.datetime(2026, 7, 5, 9, 0, tzinfo=WIB), duration_s=150, gmv=None),
        session(account="@kopi_banyumas", gmv=98_500.5, likes=None),
    ]
    path = tmp_path / "Live.xlsx"
    write_seller_center_live(path, rows, language=language, numeric_cells=numeric_cells)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    top = list(sheet.iter_rows(max_row=3, values_only=True))
    assert top[0][0] == ("LIVE Data" if language == "en" else "Data LIVE")
    assert list(top[2]) == (HEADER_EN if language == "en" else HEADER_ID)

    report = import_export_file(workspace, path)
    assert report.sessions_added == 3
    assert report.period == ("2026-07-04", "2026-07-05")
    got = stored(workspace, "account, started_at, ended_at, duration_s, gmv, likes, acu")
    by_account = {(a, s.isoformat()): rest for a, s, *rest in got}
    tokobatik = by_account[("tokobatik", "2026-07-04T20:01:00+07:00")]
    assert tokobatik[0].isoformat() == "2026-07-04T21:06:00+07:00"
    assert tokobatik[1:] == [3900.0, 1_234_567.0, 15_000, 20.5]
    assert by_account[("tokobatik", "2026-07-05T09:00:00+07:00")][1:3] == [150.0, None]
    assert by_account[("kopi_banyumas", "2026-07-04T20:01:00+07:00")][2:4] == [98_500.5, None]


def test_same_account_and_start_stays_one_session(workspace: Workspace, tmp_path: Path) -> None:
    english = hand_built(tmp_path / "Live_en.xlsx", HEADER_EN, [ROW_EN], "LIVE 2026/07")
    indonesian_row = [*ROW_ID[:3], "2026/07/04/ 20:01", "1j 5m", *ROW_ID[5:]]
    indonesian = hand_built(tmp_path / "Live_id.xlsx", HEADER_ID, [indonesian_row], "LIVE 07")
    first = import_export_file(workspace, english)
    second = import_export_file(workspace, indonesian)
    assert first.sessions_added == 1
    assert (second.sessions_added, second.sessions_updated, second.sessions_kept) == (0, 0, 1)
    assert len(stored(workspace)) == 1


def test_longer_snapshot_of_a_running_live_supersedes(workspace: Workspace, tmp_path: Path) -> None:
    early, late = tmp_path / "Live_1.xlsx", tmp_path / "Live_2.xlsx"
    write_seller_center_live(early, [session(duration_s=1800, views=300)])
    write_seller_center_live(late, [session(duration_s=3900, views=1160)])
    import_export_file(workspace, early)
    report = import_export_file(workspace, late)
    assert report.sessions_updated == 1
    assert stored(workspace, "views, duration_s") == [(1160, 3900.0)]
    again = import_export_file(workspace, early, account=None)
    assert again.status == "already_imported"


def test_file_account_wins_over_a_different_account_option(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = hand_built(tmp_path / "Live.xlsx", HEADER_EN, [ROW_EN], "")
    report = import_export_file(workspace, path, account="@tokolain")
    assert Note("tiktok.account_from_file", {"given": "tokolain", "file": "tokobatik"}) in (
        report.notes
    )
    assert stored(workspace, "account") == [("tokobatik",)]
    (message,) = [m for m in report.to_dict("en")["notes"] if "tokolain" in m]
    assert "tokobatik" in message


def test_empty_creator_cells(workspace: Workspace, tmp_path: Path) -> None:
    nameless = [ROW_EN[0], None, *ROW_EN[2:]]
    path = hand_built(tmp_path / "Live.xlsx", HEADER_EN, [nameless], "")
    with pytest.raises(UsageError) as caught:
        import_export_file(workspace, path)
    assert caught.value.key == "import.account_required"
    report = import_export_file(workspace, path, account="tokobatik")
    assert not [n for n in report.notes if n.key == "tiktok.account_from_file"]
    assert stored(workspace, "account") == [("tokobatik",)]


def test_one_empty_creator_cell_among_named_rows(workspace: Workspace, tmp_path: Path) -> None:
    later = [*ROW_EN[:3], "2026/07/06/ 20:01", *ROW_EN[4:]]
    nameless = [ROW_EN[0], None, *later[2:]]
    path = hand_built(tmp_path / "Live.xlsx", HEADER_EN, [ROW_EN, nameless], "")
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path)
    (problem,) = caught.value.problems
    assert (problem.reason_key, problem.row, problem.column) == (
        "tiktok.missing_account",
        5,
        "Creator",
    )


def test_garbage_cells_point_at_row_and_column(workspace: Workspace, tmp_path: Path) -> None:
    bad_revenue = list(ROW_ID)
    bad_revenue[HEADER_ID.index("Penghasilan (Rp)")] = "satu juta"
    no_start = list(ROW_ID)
    no_start[HEADER_ID.index("Waktu Live")] = None
    bad_duration = list(ROW_ID)
    bad_duration[3] = "2026/07/07/ 10:00"
    bad_duration[HEADER_ID.index("Durasi")] = "lama sekali"
    path = hand_built(
        tmp_path / "Live.xlsx", HEADER_ID, [ROW_ID, bad_revenue, no_start, bad_duration], ""
    )
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path)
    where = {(p.row, p.column, p.value, p.reason_key.split(".")[0]) for p in caught.value.problems}
    assert where == {
        (5, "Penghasilan (Rp)", "satu juta", "numbers"),
        (6, "Waktu Live", None, "tiktok"),
        (7, "Durasi", "lama sekali", "numbers"),
    }
    assert stored(workspace) == []
    assert list(workspace.raw_dir.iterdir()) == []


def test_unknown_header_is_named(workspace: Workspace, tmp_path: Path) -> None:
    header = ["Pendapatan (Rp)" if h == "Penghasilan (Rp)" else h for h in HEADER_ID]
    path = hand_built(tmp_path / "Live.xlsx", header, [ROW_ID], "")
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path)
    assert caught.value.key == "import.unknown_header"
    assert "'Pendapatan (Rp)'" in str(caught.value)


@pytest.mark.parametrize("duration", [1e30, 9e15])
def test_a_duration_past_the_calendar_leaves_the_end_unknown(
    workspace: Workspace, tmp_path: Path, duration: float
) -> None:
    # Found by the fuzzing suite: the start plus such a duration overflowed the calendar and
    # ended the import in a traceback.
    row = list(ROW_EN)
    row[HEADER_EN.index("Duration")] = duration
    report = import_export_file(workspace, hand_built(tmp_path / "Live.xlsx", HEADER_EN, [row], ""))
    assert report.sessions_added == 1
    assert any(note.key == "values.implausible" for note in report.notes), report.notes
    assert stored(workspace, "duration_s, ended_at") == [(duration, None)]
