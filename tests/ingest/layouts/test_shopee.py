"""Shopee Live: ``get_session_metric`` records (JSON, JSON Lines, CSV) and the Seller Centre
dashboard export in Indonesian number format, imported into a real workspace."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from siaran.errors import BadInputError
from siaran.ingest import importer
from siaran.ingest.importer import import_export_file
from siaran.ingest.layouts import known_layouts
from siaran.ingest.layouts.shopee import SHOPEE_SESSION_METRICS
from siaran.ingest.layouts.shopee_dashboard import SHOPEE_DASHBOARD
from siaran.ingest.layouts.shopee_writer import write_shopee_session_metrics
from siaran.workspace import Workspace

WIB = ZoneInfo("Asia/Jakarta")

GOLDEN_HEADER = [
    "Start Time", "Sales", "Total Views", "GPM", "Orders", "ABS", "Total Viewer", "PCU",
    "Buyers", "Items Sold", "Avg. Viewing Duration", "Comments Rate",
]  # fmt: skip
GOLDEN_ROW = [
    "04-07-2026 20:00", "21.281.718,00", "13.262", "1.604.714,07", "109", "195.245,12", "8.380",
    "107", "104", "116", "00:00:25", "0,4%",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _dashboard_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    # The dashboard layout joins the registry (layouts/__init__.py) separately; until it is
    # there, recognise it in these tests the way the registry will.
    layouts = known_layouts()
    if all(layout.name != SHOPEE_DASHBOARD.name for layout in layouts):
        monkeypatch.setattr(importer, "known_layouts", lambda: [*layouts, SHOPEE_DASHBOARD])


def session(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "room_id": "880012345",
        "title": "Batik tulis gajian",
        "account": "tokobatik",
        "started_at": dt.datetime(2026, 7, 4, 20, 0, tzinfo=WIB),
        "ended_at": dt.datetime(2026, 7, 4, 21, 30, tzinfo=WIB),
        "gmv": 1_500_000.0,
        "orders": 12,
        "acu": 30,
        "pcu": 80,
        "views": 2000,
        "product_clicks": 150,
        "likes": 500,
        "comments": 40,
        "shares": 3,
        "avg_view_duration_s": 42.5,
        "add_to_cart": 25,
        "engage_ccu_1m": 10,
    }
    row.update(changes)
    return row


def stored(ws: Workspace, columns: str = "*") -> list[dict[str, Any]]:
    result = ws.con.execute(f"SELECT {columns} FROM sessions ORDER BY started_at")
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def reported(ws: Workspace) -> dict[str, float | None]:
    return dict(ws.con.execute("SELECT kpi, value FROM platform_reported").fetchall())


def assert_unchanged(ws: Workspace) -> None:
    assert ws.con.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    assert ws.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    assert list(ws.raw_dir.iterdir()) == []


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ";") -> Path:
    path.write_text("\n".join(delimiter.join(row) for row in rows) + "\n", encoding="utf-8")
    return path


# -- the dashboard ----------------------------------------------------------------------------


def check_golden(ws: Workspace) -> None:
    (row,) = stored(ws)
    assert row["platform"] == "shopee"
    assert row["account"] == "tokobatik"
    assert row["gmv"] == 21281718.0
    assert row["gmv_basis"] == "placed"
    assert row["views"] == 13262
    assert row["orders"] == 109
    assert row["viewers"] == 8380
    assert row["pcu"] == 107
    assert row["customers"] == 104
    assert row["items_sold"] == 116
    assert row["avg_view_duration_s"] == 25
    assert row["started_at"] == dt.datetime(2026, 7, 4, 20, 0, tzinfo=WIB)
    values = reported(ws)
    assert values["watch_gpm"] == pytest.approx(1604714.07)
    assert values["aov"] == pytest.approx(195245.12)
    assert values["comment_rate"] == pytest.approx(0.004)
    assert abs(row["gmv"] / row["views"] * 1000 - values["watch_gpm"]) < 0.01
    assert abs(row["gmv"] / row["orders"] - values["aov"]) < 0.01


def test_golden_dashboard_csv(workspace: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "livestream.csv", [GOLDEN_HEADER, GOLDEN_ROW])
    report = import_export_file(workspace, path, account="tokobatik")
    assert report.layout == "shopee_live_dashboard"
    assert report.sessions_added == 1
    check_golden(workspace)


@pytest.mark.parametrize("label", ["Total", "Jumlah", "Grand Total:"])
def test_a_total_row_at_the_bottom_is_left_out_and_named(
    workspace: Workspace, tmp_path: Path, label: str
) -> None:
    total = [label, "21.281.718,00", "13.262", "", "109"] + [""] * 7
    path = write_csv(tmp_path / "livestream.csv", [GOLDEN_HEADER, GOLDEN_ROW, total])
    report = import_export_file(workspace, path, account="tokobatik")
    assert report.sessions_added == 1
    check_golden(workspace)
    assert "left out (row 3)" in report.to_dict("en")["notes"][-1]


def test_golden_dashboard_xlsx_indonesian_header_below_a_title(
    workspace: Workspace, tmp_path: Path
) -> None:
    header = ["Akun", "Waktu Mulai", "Penjualan", *GOLDEN_HEADER[2:4], "Pesanan", "ABS"]
    header += ["Total Viewer", "PCU", "Pembeli", "Produk Terjual", *GOLDEN_HEADER[10:]]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Data Livestream 01-07-2026 - 31-07-2026"])
    sheet.append(header)
    sheet.append(["tokobatik", *GOLDEN_ROW])
    workbook.save(tmp_path / "dashboard.xlsx")
    report = import_export_file(workspace, tmp_path / "dashboard.xlsx")
    assert report.layout == "shopee_live_dashboard"
    check_golden(workspace)


@pytest.mark.parametrize(
    ("sales", "currency"), [("Sales", None), ("Sales (Rp)", "IDR"), ("Penjualan (Rp)", "IDR")]
)
def test_a_currency_unit_in_the_money_header_sets_the_currency(
    workspace: Workspace, tmp_path: Path, sales: str, currency: str | None
) -> None:
    # Seller Centre writes bare amounts under "Sales (Rp)", "GPM (Rp)", "ABS (Rp)": the unit
    # is in the header only.
    header = [*GOLDEN_HEADER]
    header[1] = sales
    path = write_csv(tmp_path / "livestream.csv", [header, GOLDEN_ROW])
    import_export_file(workspace, path, account="tokobatik")
    (row,) = stored(workspace, "currency, gmv")
    assert row == {"currency": currency, "gmv": 21281718.0}


def test_a_currency_in_the_cells_comes_before_the_header_unit(
    workspace: Workspace, tmp_path: Path
) -> None:
    header = [*GOLDEN_HEADER]
    header[1] = "Sales (Rp)"
    row = [*GOLDEN_ROW]
    row[1] = "US$21,281.72"
    path = write_csv(tmp_path / "livestream.csv", [header, row])
    import_export_file(workspace, path, account="tokobatik")
    assert stored(workspace, "currency") == [{"currency": "USD"}]


@pytest.mark.parametrize(
    ("start", "day", "noted"),
    [
        ("7/4/2026 20:00", dt.date(2026, 4, 7), True),
        ("04/07/2026 20:00", dt.date(2026, 7, 4), False),
        ("7/13/2026 20:00", dt.date(2026, 7, 13), False),
    ],
)
def test_unproven_unpadded_dates_are_read_day_first_and_named(
    workspace: Workspace, tmp_path: Path, start: str, day: dt.date, noted: bool
) -> None:
    # US-locale Excel writes 4 July as 7/4/2026; Indonesian exports pad (04/07/2026). The
    # file is read day first unless a cell proves otherwise, and says so when it is a guess.
    path = write_csv(tmp_path / "livestream.csv", [GOLDEN_HEADER, [start, *GOLDEN_ROW[1:]]])
    report = import_export_file(workspace, path, account="tokobatik")
    notes = [n for n in report.to_dict("en")["notes"] if "read day first" in n]
    assert notes == (
        ["The dates in Start Time (such as 7/4/2026 20:00) were read day first, as Indonesian "
         "dates are written: no date in the file proves the order. If they are month first "
         "(US-locale Excel writes 7/4/2026 for 4 July), save the dates as yyyy-mm-dd and "
         "import the file again."]
        if noted
        else []
    )  # fmt: skip
    (row,) = stored(workspace, "started_at")
    assert row["started_at"].date() == day


@pytest.mark.parametrize(
    ("ctr", "percent_format", "stored_ctr", "noted"),
    [
        (0.032, False, 0.032, True),  # pandas' to_excel: the fraction, no % format
        (3.2, False, 0.032, False),  # percent points, as Seller Centre writes them
        (0.032, True, 0.032, False),  # a cell formatted as a percentage says so
    ],
)
def test_a_workbook_rate_column_of_plain_numbers_decides_fraction_or_percent(
    workspace: Workspace,
    tmp_path: Path,
    ctr: float,
    percent_format: bool,
    stored_ctr: float,
    noted: bool,
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Start Time", "Sales", "Total Views", "Orders", "CTR"])
    sheet.append(["2026-07-04 20:00", 21281718, 13262, 109, ctr])
    sheet.append(["2026-07-05 20:00", 2500000, 1500, 12, ctr / 2])
    if percent_format:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
            cell.number_format = "0.00%"
    workbook.save(tmp_path / "dashboard.xlsx")
    report = import_export_file(workspace, tmp_path / "dashboard.xlsx", account="tokobatik")
    values = workspace.con.execute(
        "SELECT value FROM platform_reported WHERE kpi = 'live_ctr' ORDER BY value DESC"
    ).fetchall()
    assert [v for (v,) in values] == pytest.approx([stored_ctr, stored_ctr / 2])
    notes = [n for n in report.to_dict("en")["notes"] if "read as fractions" in n]
    if noted:
        (note,) = notes
        assert "CTR" in note and "0.032 = 3.2%" in note
    else:
        assert notes == []


def test_dashboard_renamed_header_is_named_and_nothing_written(
    workspace: Workspace, tmp_path: Path
) -> None:
    header = [*GOLDEN_HEADER[:6], "Total Penonton Unik", *GOLDEN_HEADER[7:]]
    path = write_csv(tmp_path / "renamed.csv", [header, GOLDEN_ROW])
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path, account="tokobatik")
    assert caught.value.key == "import.unknown_header"
    assert "Total Penonton Unik" in str(caught.value)
    assert "--mapping" in str(caught.value)
    assert_unchanged(workspace)


def test_dashboard_without_start_time_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "no-start.csv", [GOLDEN_HEADER[1:], GOLDEN_ROW[1:]])
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path, account="tokobatik")
    assert caught.value.key == "import.missing_headers"
    assert "Start Time" in str(caught.value)
    assert_unchanged(workspace)


@pytest.mark.parametrize("placeholder", ["-", "N/A"])
def test_dashboard_start_time_written_as_unknown_names_the_row(
    workspace: Workspace, tmp_path: Path, placeholder: str
) -> None:
    # Found by the fuzzing suite: a placeholder for unknown reads as no value without a
    # problem, and the session without a start ended the import in an assertion.
    second = [placeholder, *GOLDEN_ROW[1:]]
    path = write_csv(tmp_path / "unknown-start.csv", [GOLDEN_HEADER, GOLDEN_ROW, second])
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path, account="tokobatik")
    (problem,) = caught.value.problems
    assert (problem.reason_key, problem.row, problem.column) == (
        "tiktok.missing_start_time",
        3,
        "Start Time",
    )
    assert_unchanged(workspace)


def test_dashboard_bad_cell_names_row_and_column(workspace: Workspace, tmp_path: Path) -> None:
    second = [*GOLDEN_ROW]
    second[0], second[2] = "05-07-2026 20:00", "banyak"
    path = write_csv(tmp_path / "bad.csv", [GOLDEN_HEADER, GOLDEN_ROW, second])
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path, account="tokobatik")
    assert caught.value.key == "import.bad_rows"
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "Total Views", "banyak")
    assert_unchanged(workspace)


# -- get_session_metric -----------------------------------------------------------------------


@pytest.mark.parametrize("as_csv", [False, True])
def test_writer_round_trip(workspace: Workspace, tmp_path: Path, as_csv: bool) -> None:
    path = tmp_path / ("metrics.csv" if as_csv else "metrics.json")
    rows = [
        session(),
        session(room_id="880012399", started_at=session()["ended_at"], ended_at=None),
    ]
    write_shopee_session_metrics(path, rows, as_csv=as_csv)
    report = import_export_file(workspace, path)
    assert report.layout == "shopee_live_session"
    assert report.sessions_added == 2
    first, second = stored(workspace)
    assert first["room_id"] == "880012345"
    assert first["account"] == "tokobatik"
    assert first["title"] == "Batik tulis gajian"
    assert first["started_at"] == dt.datetime(2026, 7, 4, 20, 0, tzinfo=WIB)
    assert first["duration_s"] == 5400
    assert first["gmv"] == 1_500_000 and first["gmv_basis"] == "placed"
    assert (first["orders"], first["acu"], first["pcu"], first["views"]) == (12, 30, 80, 2000)
    assert (first["likes"], first["comments"], first["shares"]) == (500, 40, 3)
    assert first["avg_view_duration_s"] == 42.5
    assert first["viewers"] is None and first["product_clicks"] is None
    assert second["ended_at"] is None and second["duration_s"] is None
    values = dict(
        workspace.con.execute(
            "SELECT kpi, value FROM platform_reported WHERE session_key = 'shopee:room:880012345'"
        ).fetchall()
    )
    assert values == {
        "live_ctr": pytest.approx(0.075),
        "ctor": pytest.approx(0.08),
        "engage_ccu_1m": 10,
        "add_to_cart": 25,
    }


@pytest.mark.parametrize("responses", [True, False])
def test_api_records_wrapped_as_data_are_read(
    workspace: Workspace, tmp_path: Path, responses: bool
) -> None:
    # Scripts that page through the API often save what they gathered as {"data": [...]}:
    # a list of the responses, or of their plain metric objects.
    path = tmp_path / "metrics.json"
    write_shopee_session_metrics(path, [session(), session(room_id="880012399")])
    written = json.loads(path.read_text(encoding="utf-8"))
    records = written if responses else [item["response"] for item in written]
    path.write_text(json.dumps({"data": records}), encoding="utf-8")
    report = import_export_file(workspace, path)
    assert (report.layout, report.sessions_added) == ("shopee_live_session", 2)
    assert sorted(row["room_id"] for row in stored(workspace)) == ["880012345", "880012399"]


def test_a_json_object_with_two_lists_is_not_guessed(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "metrics.json"
    write_shopee_session_metrics(path, [session()])
    records = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({"data": records, "items": records}), encoding="utf-8")
    with pytest.raises(BadInputError):
        import_export_file(workspace, path)
    assert_unchanged(workspace)


def test_single_api_response_with_iso_times_and_account_option(
    workspace: Workspace, tmp_path: Path
) -> None:
    response = {
        "request_id": "abc",
        "error": "",
        "message": "",
        "response": {
            "gmv": 250000,
            "orders": 3,
            "ctr": 0.05,
            "co": 0.1,
            "ccu": 4,
            "engage_ccu_1m": 2,
            "peak_ccu": 9,
            "likes": 40,
            "comments": 6,
            "shares": 0,
            "views": 600,
            "avg_viewing_duration": 31,
            "atc": 7,
        },
        "session_id": 55501,
        "start_time": "2026-07-10 19:00:00",
        "end_time": "2026-07-10T20:15:00+07:00",
    }
    path = tmp_path / "session.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    report = import_export_file(workspace, path, account="@kopibanyumas")
    assert [note.key for note in report.notes] == ["import.timezone_assumed"]
    (row,) = stored(workspace)
    assert row["account"] == "kopibanyumas"
    assert row["room_id"] == "55501"
    assert row["started_at"] == dt.datetime(2026, 7, 10, 19, 0, tzinfo=WIB)
    assert row["duration_s"] == 75 * 60
    assert row["shares"] == 0
    assert reported(workspace)["live_ctr"] == pytest.approx(0.05)


def test_jsonl_with_rates_in_percent_and_shop_id(workspace: Workspace, tmp_path: Path) -> None:
    # ctr 7.5 and co 8 with orders 12 / views 2000: 7.5% x 8% = 0.6% = 12 / 2000, so percent.
    records = [
        {"session_id": "9001", "shop_id": 12345, "start_time": 1783170000, "gmv": 1.5e6,
         "orders": 12, "views": 2000, "ctr": 7.5, "co": 8, "ccu": 30, "peak_ccu": 80},
        {"session_id": "9002", "shop_id": 12345, "start_time": 1783256400000, "gmv": None,
         "orders": 0, "views": 50, "ctr": 0.5, "co": None, "ccu": 1, "peak_ccu": 2},
    ]  # fmt: skip
    path = tmp_path / "sessions.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    import_export_file(workspace, path)
    first, second = stored(workspace)
    assert first["account"] == second["account"] == "12345"
    assert first["started_at"] == dt.datetime(2026, 7, 4, 13, 0, tzinfo=dt.UTC)
    assert second["started_at"] == dt.datetime(2026, 7, 5, 13, 0, tzinfo=dt.UTC)
    assert second["gmv"] is None
    values = workspace.con.execute(
        "SELECT session_key, kpi, value FROM platform_reported ORDER BY ALL"
    ).fetchall()
    assert values == [
        ("shopee:room:9001", "ctor", pytest.approx(0.08)),
        ("shopee:room:9001", "live_ctr", pytest.approx(0.075)),
        ("shopee:room:9002", "live_ctr", pytest.approx(0.005)),
    ]


def test_later_snapshot_supersedes_and_same_file_twice_changes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    early = tmp_path / "early.json"
    later = tmp_path / "later.json"
    write_shopee_session_metrics(
        early, [session(ended_at=dt.datetime(2026, 7, 4, 21, 0, tzinfo=WIB))]
    )
    write_shopee_session_metrics(later, [session(gmv=2_000_000.0)])
    import_export_file(workspace, early)
    assert import_export_file(workspace, early).status == "already_imported"
    report = import_export_file(workspace, later)
    assert report.sessions_updated == 1
    (row,) = stored(workspace)
    assert row["gmv"] == 2_000_000


def test_malformed_json_line_names_file_and_line(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    good = json.dumps({"session_id": 1, "start_time": 1783170000, "gmv": 1, "ccu": 1, "views": 3})
    path.write_text(good + "\n" + '{"session_id": 2, "gmv": }' + "\n", encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path)
    assert caught.value.key == "source.bad_json"
    assert caught.value.params["line"] == 2
    assert "broken.jsonl" in str(caught.value)
    assert_unchanged(workspace)


def test_api_error_record_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    records = [
        {"request_id": "a", "error": "", "message": "",
         "response": {"session_id": 1, "start_time": 1783170000, "gmv": 5, "ccu": 1, "views": 2}},
        {"request_id": "b", "error": "error_auth", "message": "Invalid access_token."},
    ]  # fmt: skip
    path = tmp_path / "responses.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path, account="toko")
    (problem,) = caught.value.problems
    assert problem.reason_key == "shopee.api_error" and problem.row == 2
    assert "error_auth" in str(caught.value)
    assert_unchanged(workspace)


def test_missing_start_time_field_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "no-start.json"
    path.write_text(json.dumps([{"gmv": 5, "orders": 1, "ccu": 1, "views": 2}]), encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path, account="toko")
    assert caught.value.key == "import.missing_headers"
    assert "start_time" in str(caught.value)
    assert_unchanged(workspace)


def test_csv_with_renamed_header_is_named(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "renamed.csv"
    write_shopee_session_metrics(path, [session()], as_csv=True)
    path.write_text(path.read_text().replace("peak_ccu", "max_ccu"), encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path)
    assert caught.value.key == "import.unknown_header"
    assert "max_ccu" in str(caught.value)
    assert_unchanged(workspace)


def test_record_without_start_time_and_bad_value(workspace: Workspace, tmp_path: Path) -> None:
    records = [
        {"session_id": 1, "start_time": 1783170000, "gmv": "lots", "ccu": 1, "views": 2},
        {"session_id": 2, "start_time": None, "gmv": 5, "ccu": 1, "views": 2},
    ]
    path = tmp_path / "partial.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, path, account="toko")
    problems = {(p.row, p.column, p.reason_key) for p in caught.value.problems}
    assert problems == {
        (1, "gmv", "numbers.not_a_number"),
        (2, "start_time", "tiktok.missing_start_time"),
    }
    assert_unchanged(workspace)


def test_layouts_do_not_claim_each_others_files(tmp_path: Path) -> None:
    from siaran.ingest.source import read_source

    api = tmp_path / "api.csv"
    write_shopee_session_metrics(api, [session()], as_csv=True)
    dashboard = write_csv(tmp_path / "dash.csv", [GOLDEN_HEADER, GOLDEN_ROW])
    assert SHOPEE_DASHBOARD.match(read_source(api)) is None
    assert SHOPEE_SESSION_METRICS.match(read_source(dashboard)) is None


# -- the currency the user states ---------------------------------------------------------------


def test_stated_currency_fills_the_bare_api_money_and_says_so(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "metrics.json"
    write_shopee_session_metrics(path, [session()])
    report = import_export_file(workspace, path, currency=" idr ")
    (row,) = stored(workspace, "currency, gmv")
    assert row == {"currency": "IDR", "gmv": 1_500_000}
    assert any("IDR" in note for note in report.to_dict("en")["notes"])


def test_without_a_stated_currency_the_api_money_stays_unknown(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "metrics.json"
    write_shopee_session_metrics(path, [session()])
    import_export_file(workspace, path)
    assert stored(workspace, "currency") == [{"currency": None}]


def test_a_currency_in_the_file_is_never_overridden(workspace: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dashboard.csv", [GOLDEN_HEADER, GOLDEN_ROW])
    path.write_text(path.read_text(encoding="utf-8").replace("21.281.718,00", "Rp21.281.718,00"))
    import_export_file(workspace, path, account="tokobatik", currency="MYR")
    assert stored(workspace, "currency") == [{"currency": "IDR"}]


def test_a_malformed_currency_is_a_usage_error_and_nothing_is_written(
    workspace: Workspace, tmp_path: Path
) -> None:
    from siaran.errors import UsageError

    path = tmp_path / "metrics.json"
    write_shopee_session_metrics(path, [session()])
    with pytest.raises(UsageError):
        import_export_file(workspace, path, currency="rupiah")
    assert_unchanged(workspace)
