"""TikTok Shop ``Creator-Live-Performance``: files in the real layout, built by hand and by the
layout's own writer, imported through the real importer into a real workspace."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import siaran.ingest.layouts._tiktok_columns as table_reader
from siaran.errors import BadInputError, UsageError
from siaran.ingest.importer import import_export_file
from siaran.ingest.layout import ImportContext, Note
from siaran.ingest.layouts.seller_center import SELLER_CENTER_LIVE, write_seller_center_live
from siaran.ingest.layouts.tiktok_creator import (
    CREATOR_LIVE_PERFORMANCE,
    write_creator_live_performance,
)
from siaran.ingest.source import read_source
from siaran.workspace import Workspace

WIB = ZoneInfo("Asia/Jakarta")
PERIOD = (dt.date(2026, 7, 1), dt.date(2026, 9, 17))
ROOM = "7523456789012345678"  # 19 digits: more than a float can hold

# Spelled out here rather than imported, so that the layout's own table is checked too.
HEADER = [
    "Room ID", "Room Title", "Start Time", "End Time", "Duration", "Attributed GMV",
    "Attributed items sold", "Attributed orders", "Attributed SKU orders", "Customers", "AOV",
    "Views", "Impressions", "Impressions Per Hour", "GMV per hour", "Show GPM", "Watch GPM",
    "Avg. viewing duration per view", "Avg. viewing duration", "Tap through rate", "LIVE CTR",
    "Product Impressions", "Product clicks", "CTR", "CTOR", "CTOR (SKU orders)",
    "SKU order rate", "New followers", "Follow rate", "Comments", "Comment rate", "Shares",
    "Share rate", "Likes", "Like rate",
]  # fmt: skip

ROW_FLASH_SALE: list[object] = [
    ROOM, "Flash sale batik 7.7", "2026-07-04 20:01:54", "2026-07-04 20:21:10", "0h19m",
    "6,830,000.01₫", "52", "48", "50", "45", "142,291.67₫", "1,160", "25,000", "78,947.37",
    "21,568,421.08₫", "273,200.00₫", "5,887,931.04₫", "25s", "41s", "4.64%", "4.38247%",
    None, "51", None, "94.11765%", "98.03922%", "4.31034%", "12", "1.03448%", "230",
    "19.82759%", "7", "0.60345%", "15,000", "1293.103448%",
]  # fmt: skip
ROW_QUIET: list[object] = [
    "7523456789012345680", "Live santai", "2026-07-05 09:00:00", "2026-07-05 10:30:00",
    "1h30m", "0.00₫", "0", "0", "0", "0", None, "35", "1,200", "800", "0.00₫", "0.00₫",
    "0.00₫", "12s", "15s", "2.91667%", "0%", "150", "0", "0%", None, None, "0%", "0", "0%",
    "3", "8.57143%", "0", "0%", "40", "114.28571%",
]  # fmt: skip


def hand_built_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    header: Sequence[str] = HEADER,
    period: str | None = "2026-07-01 ~ 2026-09-17",
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "performance_detail"
    sheet.append([period])
    sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def session(**changes: Any) -> dict[str, Any]:
    start = dt.datetime(2026, 7, 4, 20, 1, 54, tzinfo=WIB)
    row: dict[str, Any] = {
        "room_id": ROOM,
        "title": "Batik tulis, langsung dari pengrajin",
        "started_at": start,
        "ended_at": start + dt.timedelta(minutes=45, seconds=20),
        "gmv": 1_234_567.0,
        "orders": 20,
        "sku_orders": 23,
        "items_sold": 25,
        "customers": 18,
        "views": 1_500,
        "viewers": 900,
        "impressions": 30_000,
        "avg_view_duration_s": 31,
        "product_impressions": 4_000,
        "product_clicks": 120,
        "new_followers": 15,
        "comments": 340,
        "shares": 9,
        "likes": 21_000,
    }
    row.update(changes)
    return row


def stored(ws: Workspace, columns: str) -> list[tuple[Any, ...]]:
    return ws.con.execute(f"SELECT {columns} FROM sessions ORDER BY started_at").fetchall()


def session_count(ws: Workspace) -> int:
    (count,) = ws.con.execute("SELECT count(*) FROM sessions").fetchone() or (0,)
    return int(count)


def reported(ws: Workspace) -> dict[tuple[str, str], tuple[Any, ...]]:
    rows = ws.con.execute("SELECT session_key, kpi, value, raw FROM platform_reported").fetchall()
    found = {(key, kpi): (value, raw) for key, kpi, value, raw in rows}
    assert len(found) == len(rows), "one session's KPI stored twice"  # the table has no key
    return found


def raw_files(ws: Workspace) -> list[Path]:
    return sorted(ws.raw_dir.iterdir())


# -- a hand-built export with realistic values -------------------------------------------------


def test_hand_built_export_lands_exactly(workspace: Workspace, tmp_path: Path) -> None:
    path = hand_built_xlsx(
        tmp_path / "Creator-Live-Performance_20260917120000.xlsx", [ROW_FLASH_SALE, ROW_QUIET]
    )
    report = import_export_file(workspace, path, account="@tokobatik")

    assert report.layout == "tiktok_creator_live"
    assert (report.rows_read, report.sessions_added) == (2, 2)
    assert report.period == ("2026-07-01", "2026-09-17")
    assert Note("import.timezone_assumed", {"tz": "Asia/Jakarta"}) in report.notes
    (first, second) = stored(
        workspace,
        "platform, account, room_id, title, started_at, ended_at, duration_s, currency, gmv, "
        "gmv_basis, orders, sku_orders, items_sold, customers, views, viewers, impressions, "
        "avg_view_duration_s, product_impressions, product_clicks, new_followers, comments, "
        "shares, likes, session_key, source_row",
    )
    assert first[:4] == ("tiktok", "tokobatik", ROOM, "Flash sale batik 7.7")
    assert first[4].isoformat() == "2026-07-04T20:01:54+07:00"
    assert first[5].isoformat() == "2026-07-04T20:21:10+07:00"
    assert first[6:10] == (1140.0, "VND", 6_830_000.01, "attributed")
    assert first[10:18] == (48, 50, 52, 45, 1160, None, 25_000, 25)
    assert first[18] is None  # an empty cell is unknown, not 0
    assert first[19:24] == (51, 12, 230, 7, 15_000)
    assert first[24] == f"tiktok:room:{ROOM}"
    assert first[25] == 4  # header on row 3, first data row 4
    assert second[2] == "7523456789012345680"
    assert second[8] == 0.0  # a written 0 stays 0
    assert second[25] == 5

    values = reported(workspace)
    key = f"tiktok:room:{ROOM}"
    assert values[(key, "like_rate")] == (pytest.approx(12.93103448), "1293.103448%")
    assert values[(key, "live_ctr")] == (pytest.approx(0.0438247), "4.38247%")
    assert values[(key, "watch_gpm")] == (pytest.approx(5_887_931.04), "5,887,931.04₫")
    assert values[(key, "aov")][0] == pytest.approx(142_291.67)
    assert values[(key, "avg_view_duration_per_viewer_s")] == (41.0, "41s")
    assert values[(key, "impressions_per_hour")][0] == pytest.approx(78_947.37)
    assert (key, "ctr") not in values  # the export left it empty
    quiet = "tiktok:room:7523456789012345680"
    assert (quiet, "aov") not in values
    assert values[(quiet, "live_ctr")] == (0.0, "0%")
    kpis = {kpi for _, kpi in values}
    assert kpis == {
        "aov", "impressions_per_hour", "gmv_per_hour", "show_gpm", "watch_gpm",
        "avg_view_duration_per_viewer_s", "tap_through_rate", "live_ctr", "ctr", "ctor", "ctor_sku",
        "sku_order_rate", "follow_rate", "comment_rate", "share_rate", "like_rate",
    }  # fmt: skip


# A 19-digit number cell (even openpyxl writes it as 7.523456789012346e+18) or the text Excel
# shows for it has lost digits for good.
@pytest.mark.parametrize("cell", [7523456789012345678, "7.52346E+18"])
def test_rounded_room_id_is_refused(workspace: Workspace, tmp_path: Path, cell: object) -> None:
    path = hand_built_xlsx(tmp_path / "rounded.xlsx", [[cell, *ROW_FLASH_SALE[1:]]])
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path, account="tokobatik")
    (problem,) = caught.value.problems
    assert (problem.reason_key, problem.row, problem.column) == (
        "tiktok.room_id_rounded",
        4,
        "Room ID",
    )
    assert session_count(workspace) == 0


def test_csv_without_period_row_and_with_loose_header_spelling(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "performance.csv"
    loose = [h.upper() if i % 2 else f"  {h.lower()} " for i, h in enumerate(HEADER)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(loose)
        writer.writerow(["" if c is None else c for c in ROW_FLASH_SALE])
        writer.writerow([])
        writer.writerow(["" if c is None else c for c in ROW_QUIET])
    report = import_export_file(workspace, path, account="tokobatik")
    assert report.period is None
    assert report.sessions_added == 2
    assert stored(workspace, "room_id, gmv, product_impressions, source_row") == [
        (ROOM, 6_830_000.01, None, 2),
        ("7523456789012345680", 0.0, 150, 4),  # the blank line 3 is skipped, not a problem
    ]


def test_other_timezone_setting(tmp_path: Path) -> None:
    path = hand_built_xlsx(tmp_path / "export.xlsx", [ROW_FLASH_SALE])
    with Workspace.create(tmp_path / "wita", timezone="Asia/Makassar") as ws:
        report = import_export_file(ws, path, account="tokobatik")
        (started,) = ws.con.execute("SELECT started_at FROM sessions").fetchone() or ()
        assert started == dt.datetime(2026, 7, 4, 20, 1, 54, tzinfo=ZoneInfo("Asia/Makassar"))
        assert Note("import.timezone_assumed", {"tz": "Asia/Makassar"}) in report.notes


# -- the writer --------------------------------------------------------------------------------


def test_writer_produces_the_real_layout(tmp_path: Path) -> None:
    path = tmp_path / "Creator-Live-Performance_20260917120000.xlsx"
    write_creator_live_performance(path, [session(), session(gmv=None, orders=0)], period=PERIOD)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["performance_detail"]
    sheet = workbook["performance_detail"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "2026-07-01 ~ 2026-09-17"
    assert not any(rows[1])
    assert rows[2] == HEADER
    first = dict(zip(HEADER, rows[3], strict=True))
    assert all(isinstance(value, str) for value in rows[3])
    assert first["Room ID"] == ROOM
    assert first["Start Time"] == "2026-07-04 20:01:54"
    assert first["End Time"] == "2026-07-04 20:47:14"
    assert first["Duration"] == "0h45m"
    assert first["Attributed GMV"] == "Rp1,234,567.00"
    assert first["AOV"] == "Rp61,728.35"
    assert first["Views"] == "1,500"
    assert first["Watch GPM"] == "Rp823,044.67"
    assert first["LIVE CTR"] == "8%"
    assert first["CTOR"] == "16.66667%"
    assert first["Like rate"] == "1400%"
    assert first["Avg. viewing duration per view"] == "31s"
    assert first["Avg. viewing duration"] == "52s"  # 31 s x 1,500 views / 900 viewers
    second = dict(zip(HEADER, rows[4], strict=True))
    assert second["Attributed GMV"] is None
    assert second["AOV"] is None  # a denominator of 0 leaves the cell empty
    assert second["CTOR"] == "0%"


def test_writer_vnd_sign_goes_after_the_amount(tmp_path: Path) -> None:
    path = tmp_path / "vn.csv"
    write_creator_live_performance(
        path, [session(gmv=6_830_000.01)], period=PERIOD, currency_sign="₫", as_csv=True
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "2026-07-01 ~ 2026-09-17"
    assert lines[1] == ""
    assert "6,830,000.01₫" in lines[3]


@pytest.mark.parametrize("as_csv", [False, True], ids=["xlsx", "csv"])
def test_writer_round_trip(workspace: Workspace, tmp_path: Path, as_csv: bool) -> None:
    rows = [
        session(),
        session(
            room_id="7523456789012345699",
            started_at=dt.datetime(2026, 7, 6, 19, 30, tzinfo=WIB),
            ended_at=dt.datetime(2026, 7, 6, 21, 45, 30, tzinfo=WIB),
            gmv=None,
            product_impressions=None,
        ),
    ]
    path = tmp_path / ("export.csv" if as_csv else "export.xlsx")
    write_creator_live_performance(path, rows, period=PERIOD, as_csv=as_csv)
    report = import_export_file(workspace, path, account="tokobatik")
    assert report.period == ("2026-07-01", "2026-09-17")
    got = stored(
        workspace,
        "room_id, ended_at, duration_s, gmv, currency, orders, views, avg_view_duration_s, "
        "product_impressions, likes",
    )
    assert got[0][0] == ROOM
    assert got[0][1] == rows[0]["ended_at"]
    assert got[0][2:] == (2700.0, 1_234_567.0, "IDR", 20, 1500, 31, 4000, 21_000)
    assert got[1][2:4] == (8100.0, None)  # 2h15m30s: the export keeps whole minutes
    assert got[1][8] is None
    values = reported(workspace)
    assert values[(f"tiktok:room:{ROOM}", "watch_gpm")][0] == pytest.approx(823_044.67)
    assert values[(f"tiktok:room:{ROOM}", "ctr")][0] == pytest.approx(0.03)


_counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9))


@settings(max_examples=40, deadline=None)
@given(
    gmv=st.one_of(st.none(), st.integers(0, 10**12).map(lambda cents: cents / 100)),
    views=_counts,
    orders=_counts,
    likes=_counts,
    clicks=_counts,
    sign=st.sampled_from(["Rp", "₫", "$", "RM"]),
)
def test_written_values_read_back(
    tmp_path_factory: pytest.TempPathFactory,
    gmv: float | None,
    views: int | None,
    orders: int | None,
    likes: int | None,
    clicks: int | None,
    sign: str,
) -> None:
    path = tmp_path_factory.mktemp("prop") / "export.csv"
    row = session(gmv=gmv, views=views, orders=orders, likes=likes, product_clicks=clicks)
    write_creator_live_performance(path, [row], period=PERIOD, currency_sign=sign, as_csv=True)
    parsed = CREATOR_LIVE_PERFORMANCE.parse(read_source(path), ImportContext("toko", WIB))
    assert parsed.problems == []
    columns = {name: values.to_pylist() for name, values in parsed.sessions.columns.items()}
    assert columns["gmv"] == [gmv]
    assert columns["views"] == [views]
    assert columns["orders"] == [orders]
    assert columns["likes"] == [likes]
    assert columns["product_clicks"] == [clicks]
    if gmv is not None:
        assert columns["currency"] == [{"Rp": "IDR", "₫": "VND", "$": "USD", "RM": "MYR"}[sign]]
    reported = {v.kpi: v.value for v in parsed.platform_values}
    if likes is not None and views:
        assert reported["like_rate"] == pytest.approx(likes / views, rel=1e-6, abs=1e-7)
    if not views:
        assert "like_rate" not in reported


def test_layouts_do_not_claim_each_other(tmp_path: Path) -> None:
    creator = tmp_path / "creator.xlsx"
    seller = tmp_path / "Live.xlsx"
    write_creator_live_performance(creator, [session()], period=PERIOD)
    write_seller_center_live(seller, [session(account="tokobatik")])
    creator_match = CREATOR_LIVE_PERFORMANCE.match(read_source(creator))
    assert creator_match is not None
    assert creator_match.score == 1.0
    assert SELLER_CENTER_LIVE.match(read_source(creator)) is None
    assert CREATOR_LIVE_PERFORMANCE.match(read_source(seller)) is None


# -- bad input: all or nothing -----------------------------------------------------------------


def test_renamed_header_is_an_error_naming_it(workspace: Workspace, tmp_path: Path) -> None:
    header = ["Attrib. GMV" if h == "Attributed GMV" else h for h in HEADER]
    path = hand_built_xlsx(tmp_path / "renamed.xlsx", [ROW_FLASH_SALE], header=header)
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path, account="tokobatik")
    assert caught.value.key == "import.unknown_header"
    message = str(caught.value)
    assert "'Attrib. GMV'" in message
    assert "--mapping" in message
    assert [p.column for p in caught.value.problems] == ["Attrib. GMV"]
    assert raw_files(workspace) == []
    assert session_count(workspace) == 0


def test_missing_column_is_an_error(workspace: Workspace, tmp_path: Path) -> None:
    keep = [i for i, h in enumerate(HEADER) if h != "Views"]
    path = hand_built_xlsx(
        tmp_path / "short.xlsx",
        [[ROW_FLASH_SALE[i] for i in keep]],
        header=[HEADER[i] for i in keep],
    )
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path, account="tokobatik")
    assert caught.value.key == "import.missing_headers"
    assert "'Views'" in str(caught.value)


def test_garbage_cells_point_at_row_and_column(workspace: Workspace, tmp_path: Path) -> None:
    bad_views = list(ROW_QUIET)
    bad_views[HEADER.index("Views")] = "12x"
    bad_start = list(ROW_FLASH_SALE)
    bad_start[0] = "7523456789012345681"
    bad_start[HEADER.index("Start Time")] = "kemarin malam"
    no_identity = [None, "tanpa identitas", None, *ROW_QUIET[3:]]
    path = hand_built_xlsx(
        tmp_path / "bad.xlsx", [ROW_FLASH_SALE, bad_views, bad_start, [], no_identity]
    )
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path, account="tokobatik")
    error = caught.value
    assert error.key == "import.bad_rows"
    where = {(p.row, p.column, p.value) for p in error.problems}
    assert (5, "Views", "12x") in where
    assert (6, "Start Time", "kemarin malam") in where
    assert (8, None, None) in where  # row 7 is empty and skipped
    assert {p.reason_key for p in error.problems if p.row == 8} == {
        "tiktok.row_without_room_or_start"
    }
    assert len(error.problems) == 3
    assert "row 5" in str(error)
    assert session_count(workspace) == 0
    assert raw_files(workspace) == []


def test_a_table_parsed_on_threads_reads_as_one_parsed_inline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Long tables parse their columns on two threads, short ones inline: the values, the
    # problems and their order must not depend on which.
    bad_views = list(ROW_QUIET)
    bad_views[HEADER.index("Views")] = "12x"
    bad_start = list(ROW_FLASH_SALE)
    bad_start[0] = "7523456789012345681"
    bad_start[HEADER.index("Start Time")] = "kemarin malam"
    rows = [ROW_FLASH_SALE, bad_views, bad_start, [], ROW_QUIET]
    source = read_source(hand_built_xlsx(tmp_path / "bad.xlsx", rows))
    context = ImportContext("tokobatik", WIB)
    readings = []
    for threaded_from in (10**9, 0):
        monkeypatch.setattr(table_reader, "THREADED_ROWS", threaded_from)
        parsed = CREATOR_LIVE_PERFORMANCE.parse(source, context)
        readings.append(
            (
                [(p.reason_key, p.row, p.column, p.value) for p in parsed.problems],
                {name: values.to_pylist() for name, values in parsed.sessions.columns.items()},
                [(n.key, n.params) for n in parsed.notes],
            )
        )
    inline, threaded = readings
    assert len(inline[0]) == 2
    assert threaded == inline


def test_account_is_required(workspace: Workspace, tmp_path: Path) -> None:
    path = hand_built_xlsx(tmp_path / "export.xlsx", [ROW_FLASH_SALE])
    with pytest.raises(UsageError) as caught:
        import_export_file(workspace, path)
    assert caught.value.key == "import.account_required"
    assert raw_files(workspace) == []
    assert workspace.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)


# -- re-imports and snapshots ------------------------------------------------------------------


def test_same_file_twice_changes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_creator_live_performance(path, [session()], period=PERIOD)
    first = import_export_file(workspace, path, account="tokobatik")
    before = stored(workspace, "*")
    again = import_export_file(workspace, path, account="tokobatik")
    assert (first.status, again.status) == ("imported", "already_imported")
    assert stored(workspace, "*") == before
    assert workspace.con.execute("SELECT count(*) FROM imports").fetchone() == (1,)
    assert len(raw_files(workspace)) == 1


def _snapshots(tmp_path: Path) -> tuple[Path, Path]:
    start = dt.datetime(2026, 7, 4, 20, 0, tzinfo=WIB)
    early = tmp_path / "Creator-Live-Performance_20260704203000.xlsx"
    late = tmp_path / "Creator-Live-Performance_20260704210000.xlsx"
    write_creator_live_performance(
        early,
        [session(started_at=start, ended_at=start + dt.timedelta(minutes=30), views=400)],
        period=PERIOD,
    )
    write_creator_live_performance(
        late,
        [session(started_at=start, ended_at=start + dt.timedelta(minutes=60), views=1_500)],
        period=PERIOD,
    )
    return early, late


def test_later_snapshot_supersedes(workspace: Workspace, tmp_path: Path) -> None:
    early, late = _snapshots(tmp_path)
    import_export_file(workspace, early, account="tokobatik")
    report = import_export_file(workspace, late, account="tokobatik")
    assert (report.sessions_added, report.sessions_updated, report.sessions_kept) == (0, 1, 0)
    (row,) = stored(workspace, "views, duration_s, ended_at")
    assert row[:2] == (1500, 3600.0)
    assert row[2].isoformat() == "2026-07-04T21:00:00+07:00"
    key = f"tiktok:room:{ROOM}"
    assert reported(workspace)[(key, "like_rate")][1] == "1400%"  # 21,000 / 1,500


def test_earlier_snapshot_imported_later_is_kept_out(tmp_path: Path) -> None:
    early, late = _snapshots(tmp_path)
    with Workspace.create(tmp_path / "ws") as ws:
        import_export_file(ws, late, account="tokobatik")
        report = import_export_file(ws, early, account="tokobatik")
        assert (report.sessions_added, report.sessions_updated, report.sessions_kept) == (0, 0, 1)
        assert stored(ws, "views, duration_s") == [(1500, 3600.0)]
        assert reported(ws)[(f"tiktok:room:{ROOM}", "like_rate")][1] == "1400%"
