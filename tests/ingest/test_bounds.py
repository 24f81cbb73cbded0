"""Values that cannot be are errors naming row and column; values that are very unlikely are
kept and named in the import report. Files in the real layouts, through the real importer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siaran.errors import BadInputError
from siaran.importing import ImportOptions, import_file
from siaran.ingest.bounds import PLATFORM_BOUNDS, SESSION_BOUNDS
from siaran.ingest.importer import ImportReport
from siaran.store.schema import SESSION_FIELDS
from siaran.workspace import Workspace
from tests.ingest.layouts.test_seller_center import HEADER_ID, ROW_ID
from tests.ingest.layouts.test_seller_center import hand_built as seller_center_xlsx
from tests.ingest.layouts.test_third_party import summary
from tests.ingest.layouts.test_tiktok_creator import (
    HEADER,
    ROW_FLASH_SALE,
    ROW_QUIET,
    hand_built_xlsx,
)

ROOM_2 = "7523456789012345680"


def creator_row(base: list[object] = ROW_FLASH_SALE, /, **cells: object) -> list[object]:
    row = list(base)
    for header, value in cells.items():
        row[HEADER.index(header.replace("_", " "))] = value
    return row


def assert_untouched(ws: Workspace) -> None:
    assert ws.con.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    assert ws.con.execute("SELECT count(*) FROM account_estimates").fetchone() == (0,)
    assert ws.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    assert list(ws.raw_dir.iterdir()) == []


def notes_of(report: object) -> list[str]:
    assert isinstance(report, ImportReport)
    return list(report.to_dict("en")["notes"])


def test_a_fraction_in_a_count_names_row_and_column(workspace: Workspace, tmp_path: Path) -> None:
    rows = [creator_row(Views="1.25"), creator_row(ROW_QUIET, Attributed_orders="7.5")]
    path = hand_built_xlsx(tmp_path / "Creator-Live-Performance_fraction.xlsx", rows)
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account="toko"))
    problems = {(p.row, p.column, p.value): p.reason_key for p in caught.value.problems}
    assert problems == {
        (4, "Views", "1.25"): "values.not_whole",
        (5, "Attributed orders", "7.5"): "values.not_whole",
    }
    assert_untouched(workspace)


def test_negative_counts_and_money_name_row_and_column(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [
        creator_row(**{"Attributed GMV": "-5,000.00₫"}),
        creator_row(ROW_QUIET, Attributed_orders="-7", Views="(1,200)"),
    ]
    path = hand_built_xlsx(tmp_path / "Creator-Live-Performance_neg.xlsx", rows)
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account="toko"))
    problems = {(p.row, p.column, p.value): p.reason_key for p in caught.value.problems}
    assert problems == {
        (4, "Attributed GMV", "-5000"): "values.negative",
        (5, "Attributed orders", "-7"): "values.negative",
        (5, "Views", "-1200"): "values.negative",
    }
    message = caught.value.message("en")
    assert "row 4" in message and "Attributed GMV" in message and "negative" in message
    assert_untouched(workspace)


def test_negative_platform_rate_is_an_error(workspace: Workspace, tmp_path: Path) -> None:
    path = hand_built_xlsx(
        tmp_path / "Creator-Live-Performance_rate.xlsx", [creator_row(CTOR="-94.11765%")]
    )
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account="toko"))
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "CTOR")]


def test_implausible_values_are_kept_and_named(workspace: Workspace, tmp_path: Path) -> None:
    rows = [
        creator_row(Views="1e30", Duration="72h0m"),
        creator_row(ROW_QUIET, Like_rate="200000%"),
    ]
    path = hand_built_xlsx(tmp_path / "Creator-Live-Performance_big.xlsx", rows)
    report = import_file(workspace, path, ImportOptions(account="toko"))
    notes = notes_of(report)
    views = [n for n in notes if n.startswith("Views:")]
    assert views == [
        "Views: 1 values above 1000000000 for one live (rows 4); they were kept: "
        "check them in the file."
    ]
    assert any(n.startswith("Duration:") and "48 h" in n and "rows 4" in n for n in notes)
    assert any(n.startswith("Like rate:") and "100000%" in n and "rows 5" in n for n in notes)
    assert workspace.con.execute("SELECT max(views) FROM sessions").fetchone() == (1e30,)


def test_a_like_rate_over_a_thousand_percent_is_plausible(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = hand_built_xlsx(tmp_path / "Creator-Live-Performance_ok.xlsx", [ROW_FLASH_SALE])
    assert ROW_FLASH_SALE[HEADER.index("Like rate")] == "1293.103448%"
    assert not [
        n
        for n in notes_of(import_file(workspace, path, ImportOptions(account="toko")))
        if "above" in n
    ]


def test_seller_center_indonesian_negative(workspace: Workspace, tmp_path: Path) -> None:
    row = list(ROW_ID)
    row[HEADER_ID.index("Penghasilan (Rp)")] = "-1.234.567"
    row[HEADER_ID.index("Komentar")] = "-230"
    path = seller_center_xlsx(tmp_path / "Live.xlsx", HEADER_ID, [row], "2026-07-01 ~ 2026-07-31")
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path)
    assert {(p.row, p.column) for p in caught.value.problems} == {
        (4, "Penghasilan (Rp)"),
        (4, "Komentar"),
    }
    assert_untouched(workspace)


def test_shopee_api_json_negative_and_implausible(workspace: Workspace, tmp_path: Path) -> None:
    record = {
        "session_id": 123,
        "start_time": 1783170000,
        "end_time": 1783173600,
        "gmv": -10.5,
        "orders": 3,
        "ccu": 2,
        "peak_ccu": 5,
        "views": 10,
        "likes": 1,
    }
    path = tmp_path / "metrics.json"
    path.write_text(json.dumps({"request_id": "r", "error": "", "response": record}))
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account="toko", currency="IDR"))
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "gmv")]
    record["gmv"] = 1e16  # above Rp 100 trillion
    path.write_text(json.dumps({"request_id": "r", "error": "", "response": record}))
    notes = notes_of(import_file(workspace, path, ImportOptions(account="toko", currency="IDR")))
    assert any(n.startswith("gmv:") and "100000000000000" in n for n in notes)


def test_mapping_negative_is_named_by_its_header(workspace: Workspace, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "Mulai;Penonton;Omzet\n04/07/2026 19:30;-12;Rp 1.000\n05/07/2026 19:30;40;Rp -5.000\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "peta.yaml"
    mapping.write_text(
        "platform: instagram\naccount: toko\ncolumns:\n  started_at: Mulai\n"
        "  viewers: Penonton\n  gmv: Omzet\n",
        encoding="utf-8",
    )
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, log, ImportOptions(mapping=mapping))
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [
        (3, "Omzet", "-5000"),
        (2, "Penonton", "-12"),
    ]


def test_third_party_negative_estimate(workspace: Workspace, tmp_path: Path) -> None:
    from siaran.ingest.layouts.third_party import write_third_party_summary

    path = tmp_path / "fastmoss.xlsx"
    write_third_party_summary(path, [summary(gmv=-12_600_000)])
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (4, "GMV"),
        (4, "Avg. GMV per Live"),
    ]
    assert_untouched(workspace)


def test_every_numeric_field_and_reported_rate_has_a_bound() -> None:
    numeric = {name for name, kind in SESSION_FIELDS if kind.startswith("DOUBLE")}
    assert set(SESSION_BOUNDS) == numeric
    from siaran.ingest.layouts._tiktok_columns import Column  # noqa: F401
    from siaran.ingest.layouts.seller_center import COLUMNS as SELLER
    from siaran.ingest.layouts.shopee import API_METRICS
    from siaran.ingest.layouts.tiktok_creator import COLUMNS as CREATOR

    reported = {c.kpi for c in (*CREATOR, *SELLER, *API_METRICS) if c.kpi is not None}
    assert reported <= set(PLATFORM_BOUNDS)
    rates = {c.kpi for c in (*CREATOR, *SELLER, *API_METRICS) if c.kind == "rate"}
    assert all(PLATFORM_BOUNDS[kpi].plausible for kpi in rates if kpi is not None)
