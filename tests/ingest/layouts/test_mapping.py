"""Spreadsheets of the user's own, read through a YAML mapping file (``--mapping``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from siaran.errors import BadInputError
from siaran.ingest.importer import import_export_file
from siaran.ingest.layouts.mapping import FIELD_KINDS, load_mapping
from siaran.ingest.source import read_source
from siaran.workspace import Workspace

WIB = ZoneInfo("Asia/Jakarta")

INSTAGRAM_LOG = (
    "Log Live Instagram @tokobatikku;;;;;;\n"
    "Tanggal & Jam Mulai;Durasi;Penonton;Omzet (Rp);Pesanan;Komentar;Catatan\n"
    "04/07/2026 19:30;1j 5m;12,5rb;Rp 1,2 jt;14;230;promo gajian\n"
    ";;;;;;baris catatan saja\n"
    "06/07/2026 20:00;45m;980;Rp 350.000;4;85;\n"
)
INSTAGRAM_MAPPING = """\
platform: instagram
account: tokobatikku
timezone: Asia/Jakarta
columns:
  started_at: Tanggal & Jam Mulai
  duration_s: Durasi
  viewers: Penonton
  gmv: Omzet (Rp)
  orders: Pesanan
  comments: Komentar
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def stored(ws: Workspace) -> list[dict[str, Any]]:
    result = ws.con.execute("SELECT * FROM sessions ORDER BY started_at")
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def assert_unchanged(ws: Workspace) -> None:
    assert ws.con.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    assert ws.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    assert list(ws.raw_dir.iterdir()) == []


def test_instagram_hand_log_in_indonesian_format(workspace: Workspace, tmp_path: Path) -> None:
    log = write(tmp_path / "log-live.csv", INSTAGRAM_LOG)
    mapping = write(tmp_path / "instagram.yaml", INSTAGRAM_MAPPING)
    report = import_export_file(workspace, log, mapping=mapping)
    assert report.layout == "mapping:instagram.yaml"
    assert report.sessions_added == 2
    assert [note.key for note in report.notes] == ["import.timezone_assumed"]
    first, second = stored(workspace)
    assert first["platform"] == "instagram"
    assert first["account"] == "tokobatikku"
    assert first["started_at"] == dt.datetime(2026, 7, 4, 19, 30, tzinfo=WIB)
    assert first["duration_s"] == 3900
    assert first["viewers"] == 12_500
    assert first["gmv"] == 1_200_000
    assert first["currency"] == "IDR"
    assert (first["orders"], first["comments"]) == (14, 230)
    assert first["views"] is None and first["gmv_basis"] is None
    assert first["source_row"] == 3 and second["source_row"] == 5
    assert (second["duration_s"], second["viewers"], second["gmv"]) == (2700, 980, 350_000)


def test_thousands_in_counts_are_read_as_thousands_when_nothing_else_tells(
    workspace: Workspace, tmp_path: Path
) -> None:
    # Money written plainly gives no convention away; viewers of 1.250 cannot be a fraction.
    log = write(
        tmp_path / "log.csv",
        "Tanggal & Jam Mulai,Durasi,Penonton,Omzet (Rp),Pesanan,Komentar\n"
        "04/07/2026 20:00,1j 30m,1.250,2500000,25,310\n"
        "08/07/2026 19:30,2j,2.100,3100000,30,1.020\n",
    )
    mapping = write(tmp_path / "instagram.yaml", INSTAGRAM_MAPPING)
    import_export_file(workspace, log, mapping=mapping)
    first, second = stored(workspace)
    assert (first["viewers"], first["comments"], first["gmv"]) == (1_250, 310, 2_500_000)
    assert (second["viewers"], second["comments"]) == (2_100, 1_020)


def test_a_lives_length_in_two_clock_fields_is_hours_and_minutes(
    workspace: Workspace, tmp_path: Path
) -> None:
    # Excel writes a typed 1:30 (h:mm) back to CSV as 1:30.
    log = write(
        tmp_path / "log.csv",
        "Tanggal & Jam Mulai;Durasi;Penonton;Omzet (Rp);Pesanan;Komentar\n"
        "04/07/2026 20:00;1:30;1.250;Rp 2.500.000;25;310\n"
        "06/07/2026 19:30;2:15;980;Rp 1.750.000;18;205\n",
    )
    mapping = write(tmp_path / "instagram.yaml", INSTAGRAM_MAPPING)
    import_export_file(workspace, log, mapping=mapping)
    assert [row["duration_s"] for row in stored(workspace)] == [5400, 8100]


def test_the_mappings_currency_wins_over_a_unit_in_the_header(
    workspace: Workspace, tmp_path: Path
) -> None:
    # A seller in Malaysia keeps an old template whose header still says "(Rp)": the mapping
    # states the currency, and the header's unit must not override it.
    log = write(
        tmp_path / "log.csv",
        "Tanggal & Jam Mulai;Durasi;Penonton;Omzet (Rp);Pesanan;Komentar\n"
        "04/07/2026 20:00;1:30;1250;2500;25;310\n",
    )
    mapping = write(tmp_path / "instagram.yaml", INSTAGRAM_MAPPING + "currency: MYR\n")
    import_export_file(workspace, log, mapping=mapping)
    (row,) = stored(workspace)
    assert (row["gmv"], row["currency"]) == (2500, "MYR")


def test_a_unit_in_the_header_gives_bare_amounts_their_currency(
    workspace: Workspace, tmp_path: Path
) -> None:
    log = write(
        tmp_path / "log.csv",
        "Tanggal & Jam Mulai;Durasi;Penonton;Omzet (Rp);Pesanan;Komentar\n"
        "04/07/2026 20:00;1:30;1250;2500000;25;310\n",
    )
    import_export_file(workspace, log, mapping=write(tmp_path / "ig.yaml", INSTAGRAM_MAPPING))
    (row,) = stored(workspace)
    assert (row["gmv"], row["currency"]) == (2_500_000, "IDR")


def test_account_option_wins_over_the_mapping(workspace: Workspace, tmp_path: Path) -> None:
    log = write(tmp_path / "log-live.csv", INSTAGRAM_LOG)
    mapping = write(tmp_path / "instagram.yaml", INSTAGRAM_MAPPING)
    import_export_file(workspace, log, mapping=mapping, account="cabang2")
    assert {row["account"] for row in stored(workspace)} == {"cabang2"}


def test_xlsx_sheet_header_row_date_and_time_columns(workspace: Workspace, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Catatan"
    sheet = workbook.create_sheet("Log Live")
    sheet.append(["Log live Juli", "Jam"])  # "Jam" here too: header_row decides
    sheet.append(["Tanggal", "Jam", "Selesai", "Akun", "Omzet", "Penonton", "Konversi"])
    sheet.append([dt.datetime(2026, 7, 4), dt.time(19, 30), "2026-07-04 21:00", "toko_a",
                  1_500_000, 300, "2,5%"])  # fmt: skip
    sheet.append(["05/07/2026", "20.00", "", "toko_b", "Rp 800.000,50", "1.200", "1,25"])
    workbook.save(tmp_path / "log.xlsx")
    mapping = write(
        tmp_path / "map.yml",
        "platform: other\nsheet: log live\nheader_row: 2\ndecimal: comma\ngmv_basis: paid\n"
        "currency: IDR\ncolumns:\n  started_at: [Tanggal, Jam]\n  ended_at: Selesai\n"
        "  account: Akun\n  gmv: Omzet\n  viewers: Penonton\n  conversion: Konversi\n",
    )
    import_export_file(workspace, tmp_path / "log.xlsx", mapping=mapping)
    a, b = stored(workspace)
    assert (a["account"], a["gmv"], a["viewers"]) == ("toko_a", 1_500_000, 300)
    assert a["started_at"] == dt.datetime(2026, 7, 4, 19, 30, tzinfo=WIB)
    assert a["duration_s"] == 90 * 60
    assert (a["gmv_basis"], a["currency"], a["platform"]) == ("paid", "IDR", "other")
    assert b["started_at"] == dt.datetime(2026, 7, 5, 20, 0, tzinfo=WIB)
    assert (b["gmv"], b["viewers"], b["ended_at"]) == (800_000.5, 1200, None)
    conversions = workspace.con.execute(
        "SELECT value FROM platform_reported WHERE kpi = 'conversion' ORDER BY value"
    ).fetchall()
    assert conversions == [(pytest.approx(0.0125),), (pytest.approx(0.025),)]


def test_load_mapping_gives_a_layout(tmp_path: Path) -> None:
    mapping = write(tmp_path / "instagram.yaml", INSTAGRAM_MAPPING)
    layout = load_mapping(mapping)
    assert layout.name == "mapping:instagram.yaml"
    found = layout.match(read_source(write(tmp_path / "log.csv", INSTAGRAM_LOG)))
    assert found is not None and found.score == 1.0 and found.missing_headers == ()
    other = layout.match(read_source(write(tmp_path / "other.csv", "Tanggal;Omzet\nx;1\n")))
    assert other is not None and "Durasi" in other.missing_headers
    assert set(FIELD_KINDS.values()) == {"money", "number", "rate", "duration", "datetime", "text"}


@pytest.mark.parametrize(
    ("text", "reason", "named"),
    [
        (INSTAGRAM_MAPPING + "  omzet_kotor: Omzet (Rp)\n", "mapping.unknown_field", "omzet_kotor"),
        (INSTAGRAM_MAPPING.replace("  started_at: Tanggal & Jam Mulai\n", ""),
         "mapping.missing_started_at", "started_at"),
        (INSTAGRAM_MAPPING.replace("platform: instagram", "platform: youtube"),
         "mapping.bad_setting", "youtube"),
        (INSTAGRAM_MAPPING.replace("timezone:", "zona:"), "mapping.unknown_setting", "zona"),
        (INSTAGRAM_MAPPING + "decimal: koma\n", "mapping.bad_setting", "koma"),
        ("platform: instagram\n", "mapping.no_columns", "columns"),
        ("- just\n- a list\n", "mapping.not_a_table", "platform"),
    ],
)  # fmt: skip
def test_invalid_mapping_names_file_and_problem(
    workspace: Workspace, tmp_path: Path, text: str, reason: str, named: str
) -> None:
    log = write(tmp_path / "log-live.csv", INSTAGRAM_LOG)
    mapping = write(tmp_path / "peta.yaml", text)
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, log, mapping=mapping)
    assert caught.value.key == "mapping.invalid"
    assert reason in [problem.reason_key for problem in caught.value.problems]
    message = str(caught.value)
    assert "peta.yaml" in message and named in message
    assert_unchanged(workspace)


def test_bad_yaml_names_file_and_line(workspace: Workspace, tmp_path: Path) -> None:
    log = write(tmp_path / "log-live.csv", INSTAGRAM_LOG)
    mapping = write(tmp_path / "peta.yaml", "platform: instagram\ncolumns:\n  started_at: [Tgl\n")
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, log, mapping=mapping)
    assert caught.value.key == "mapping.bad_yaml"
    assert "peta.yaml" in str(caught.value) and caught.value.params["line"] == 4
    assert_unchanged(workspace)


def test_missing_mapping_file(workspace: Workspace, tmp_path: Path) -> None:
    log = write(tmp_path / "log-live.csv", INSTAGRAM_LOG)
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, log, mapping=tmp_path / "tidak-ada.yaml")
    assert caught.value.key == "mapping.unreadable"
    assert "tidak-ada.yaml" in str(caught.value)
    assert_unchanged(workspace)


def test_header_not_in_the_file(workspace: Workspace, tmp_path: Path) -> None:
    log = write(tmp_path / "log-live.csv", INSTAGRAM_LOG)
    mapping = write(tmp_path / "peta.yaml", INSTAGRAM_MAPPING.replace("Omzet (Rp)", "Omset"))
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, log, mapping=mapping)
    assert caught.value.key == "mapping.headers_not_found"
    (problem,) = caught.value.problems
    assert problem.column == "Omset" and problem.params == {"field": "gmv"}
    message = str(caught.value)
    assert "log-live.csv" in message and "peta.yaml" in message and "'Omset'" in message
    assert_unchanged(workspace)


def test_sheet_not_in_the_workbook(workspace: Workspace, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.save(tmp_path / "log.xlsx")
    mapping = write(tmp_path / "peta.yaml", "sheet: Log Live\n" + INSTAGRAM_MAPPING)
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, tmp_path / "log.xlsx", mapping=mapping)
    assert caught.value.key == "mapping.sheet_not_found"
    assert "Log Live" in str(caught.value)
    assert_unchanged(workspace)


def test_unreadable_cells_and_missing_start(workspace: Workspace, tmp_path: Path) -> None:
    text = INSTAGRAM_LOG.replace("1j 5m", "sejam").replace("06/07/2026 20:00", "")
    log = write(tmp_path / "log-live.csv", text)
    mapping = write(tmp_path / "instagram.yaml", INSTAGRAM_MAPPING)
    with pytest.raises(BadInputError) as caught:
        import_export_file(workspace, log, mapping=mapping)
    problems = {(p.row, p.column, p.reason_key) for p in caught.value.problems}
    assert problems == {
        (3, "Durasi", "numbers.not_a_duration"),
        (5, "Tanggal & Jam Mulai", "tiktok.missing_start_time"),
    }
    assert_unchanged(workspace)


@pytest.mark.parametrize(
    ("header", "stored_conversion"),
    [
        ("Konversi (%)", [0.008, 0.004]),  # the header says percent points: 0.8 is 0.8 %
        ("Konversi", [0.8, 0.4]),  # numbers within 0 to 1 and no word on it: fractions
    ],
)
def test_a_percent_sign_in_the_header_keeps_small_rates_percent_points(
    workspace: Workspace, tmp_path: Path, header: str, stored_conversion: list[float]
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Mulai", "Akun", "Omzet", header])
    sheet.append([dt.datetime(2026, 7, 4, 19, 30), "toko_a", 1_500_000, 0.8])
    sheet.append([dt.datetime(2026, 7, 5, 19, 30), "toko_a", 900_000, 0.4])
    workbook.save(tmp_path / "log.xlsx")
    mapping = write(
        tmp_path / "map.yml",
        "platform: other\ncurrency: IDR\ncolumns:\n  started_at: Mulai\n  account: Akun\n"
        f"  gmv: Omzet\n  conversion: {header}\n",
    )
    report = import_export_file(workspace, tmp_path / "log.xlsx", mapping=mapping)
    conversions = workspace.con.execute(
        "SELECT value FROM platform_reported WHERE kpi = 'conversion' ORDER BY value DESC"
    ).fetchall()
    assert [v for (v,) in conversions] == pytest.approx(stored_conversion)
    noted = [n for n in report.to_dict("en")["notes"] if "read as fractions" in n]
    assert len(noted) == (0 if "%" in header else 1)
