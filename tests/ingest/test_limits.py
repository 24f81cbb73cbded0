"""What a file may claim: hostile workbooks, CSV and JSON are refused before a reader allocates
for them, with a message naming the file, the claim, the limit and how to raise it; the same
files pass once the limit is raised. The bombs are built here, byte by byte."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from siaran.errors import BadInputError, UsageError
from siaran.importing import ImportOptions, import_file
from siaran.ingest.limits import (
    DEFAULT_LIMITS,
    LIMIT_NAMES,
    ImportLimits,
    parse_limit_options,
    set_workspace_limit,
    workspace_limits,
)
from siaran.ingest.source import read_source
from siaran.workspace import Workspace
from tests.bounded import ROOT, run_capped, run_cli
from tests.ingest.hostile_files import (
    far_row_bomb,
    inline_row,
    inline_string_bomb,
    shared_strings_bomb,
    sheet_xml,
    wide_dimension_bomb,
    write_xlsx,
)
from tests.ingest.layouts.test_tiktok_creator import HEADER, ROW_FLASH_SALE, hand_built_xlsx


def refused(path: Path, limits: ImportLimits = DEFAULT_LIMITS) -> BadInputError:
    with pytest.raises(BadInputError) as caught:
        read_source(path, limits)
    return caught.value


def assert_untouched(ws: Workspace) -> None:
    assert ws.con.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    assert ws.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    assert list(ws.raw_dir.iterdir()) == []


# -- workbooks ---------------------------------------------------------------------------------


def test_inline_string_bomb_is_refused_by_its_compression(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = inline_string_bomb(tmp_path / "Creator-Live-Performance_bomb.xlsx")
    assert path.stat().st_size < 3 * 1024 * 1024
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account="toko"))
    error = caught.value
    assert error.key == "limits.zip_ratio"
    message = error.message("en")
    assert str(path) in message and "xl/worksheets/sheet1.xml" in message
    assert "the limit is 100 times" in message and "--limit zip_ratio=" in message
    assert "siaran limits --set zip_ratio=" in message
    assert_untouched(workspace)


def test_inline_string_bomb_past_the_ratio_still_meets_the_cell_limit(tmp_path: Path) -> None:
    path = inline_string_bomb(tmp_path / "bomb.xlsx", rows=20_000)
    raised = ImportLimits(zip_ratio=10_000, cells=100_000)
    error = refused(path, raised)
    # Read by expressions as it is unzipped: refused at the row where its grid passes the limit.
    assert error.key == "limits.cells" and "35 columns" in error.message("en")
    assert "raise the limit cells above its value" in error.message("en")
    small = inline_string_bomb(tmp_path / "small.xlsx", rows=200)  # parsed: the grid counts
    error = refused(small, ImportLimits(cells=3_500))
    assert error.key == "limits.cells" and "35 columns" in error.message("en")


def test_a_cell_at_row_twenty_million_is_refused_whatever_the_dimension_says(
    tmp_path: Path,
) -> None:
    claimed = refused(far_row_bomb(tmp_path / "claimed.xlsx"))
    assert claimed.key == "limits.dimension_rows"
    assert "A1:A20000000" in claimed.message("en") and "1048576 rows" in claimed.message("en")
    assert "--limit rows=20000001" in claimed.message("en")
    silent = refused(far_row_bomb(tmp_path / "silent.xlsx", dimension=False))
    assert silent.key == "limits.rows"
    assert "row 20000000" in silent.message("en")


def test_rows_limit_can_be_raised(tmp_path: Path) -> None:
    path = far_row_bomb(tmp_path / "far.xlsx", row=500, dimension=False)
    assert refused(path, ImportLimits(rows=100)).key == "limits.rows"
    rows = read_source(path, ImportLimits(rows=600)).sheets[0].rows
    assert len(rows) == 500 and rows[499] == ["x"]


def test_a_dimension_claiming_the_whole_sheet_costs_nothing(tmp_path: Path) -> None:
    rows = read_source(wide_dimension_bomb(tmp_path / "wide.xlsx")).sheets[0].rows
    assert rows == [["Room ID"], ["1"]]


def test_far_column_counts_against_the_cell_limit(tmp_path: Path) -> None:
    cells = ['<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>']
    cells += [f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(2, 400)]
    error = refused(write_xlsx(tmp_path / "far.xlsx", sheet_xml(cells)))
    assert error.key == "limits.cells" and "16384 columns" in error.message("en")


def test_shared_string_table_beyond_the_cells_is_refused(tmp_path: Path) -> None:
    path = shared_strings_bomb(tmp_path / "sst.xlsx", count=3_000)
    assert refused(path, ImportLimits(cells=2_000)).key == "limits.shared_strings"
    big = refused(shared_strings_bomb(tmp_path / "big.xlsx"))
    assert big.key == "limits.zip_ratio" and "xl/sharedStrings.xml" in big.message("en")


def test_cells_present_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    rows = [inline_row(1, ["x"] * 300)]  # one row, 300 cells
    error = refused(write_xlsx(tmp_path / "row.xlsx", sheet_xml(rows)), ImportLimits(cells=200))
    assert error.key in ("limits.cells_present", "limits.cells")


def test_uncompressed_total_is_refused(tmp_path: Path) -> None:
    path = hand_built_xlsx(tmp_path / "x.xlsx", [ROW_FLASH_SALE])
    error = refused(path, ImportLimits(unzipped_mb=0.001))
    assert error.key == "limits.unzipped_too_large" and "0.001 MB" in error.message("en")


def test_file_size_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("Tanggal,Omzet\n" + "2026-07-04,Rp 1\n" * 200, encoding="utf-8")
    error = refused(path, ImportLimits(file_mb=0.001))
    assert error.key == "limits.file_too_large"
    assert "--limit file_mb=0.1" in error.message("en")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
)
def test_a_dtd_in_a_workbook_part_is_refused(tmp_path: Path, doctype: str) -> None:
    path = write_xlsx(tmp_path / "dtd.xlsx", sheet_xml([inline_row(1, ["x"])], head=doctype))
    error = refused(path)
    assert error.key == "limits.refused_dtd" and "xl/worksheets/sheet1.xml" in error.message("en")


def test_bad_cell_reference_is_an_unreadable_workbook(tmp_path: Path) -> None:
    rows = ['<row r="1"><c r="1A" t="inlineStr"><is><t>x</t></is></c></row>']
    assert refused(write_xlsx(tmp_path / "ref.xlsx", sheet_xml(rows))).key == (
        "source.unreadable_xlsx"
    )


@pytest.mark.parametrize(
    "path_builder",
    [
        lambda p: inline_string_bomb(p / "inline.xlsx"),
        lambda p: far_row_bomb(p / "far.xlsx", dimension=False),
        lambda p: shared_strings_bomb(p / "sst.xlsx"),
    ],
    ids=["inline-strings", "row-20-million", "shared-strings"],
)
def test_bombs_are_refused_within_bounded_memory(tmp_path: Path, path_builder: object) -> None:
    """Through the command line, in a child process that may not map more than 1 GB: a
    refusal (exit 1, the limit named), never a MemoryError or a kill."""
    bomb = path_builder(tmp_path)  # type: ignore[operator]
    done = run_capped(["import", "-a", "toko", str(bomb)], tmp_path / "ws")
    assert done.returncode == 1, done.stderr
    assert "limit" in done.stderr and str(bomb) in done.stderr
    assert "MemoryError" not in done.stderr and "Internal error" not in done.stderr


# -- formulas without a value, UTF-16 text ------------------------------------------------------


def test_formula_cells_without_a_cached_value_are_noted(
    workspace: Workspace, tmp_path: Path
) -> None:
    gmv_column = HEADER.index("Attributed GMV")

    def row(number: int, room: str, formula: str) -> str:
        cells = inline_row(number, [room, *ROW_FLASH_SALE[1:]])
        parts = cells.split("<c ")
        ref = f"F{number}"
        assert parts[gmv_column + 1].startswith(f'r="{ref}"')
        parts[gmv_column + 1] = f'r="{ref}">{formula}</c>'
        return "<c ".join(parts)

    rows = [
        inline_row(1, ["2026-07-01 ~ 2026-09-17"]),
        inline_row(3, HEADER),
        row(4, "7523456789012345678", "<f>SUM(G4:H4)</f>"),
        row(5, "7523456789012345999", "<f>SUM(G5:H5)</f><v>12</v>"),
    ]
    path = write_xlsx(tmp_path / "Creator-Live-Performance_f.xlsx", sheet_xml(rows))
    source = read_source(path)
    assert source.sheets[0].rows[3][gmv_column] is None  # openpyxl reads it as empty
    assert source.sheets[0].rows[4][gmv_column] == 12
    report = import_file(workspace, path, ImportOptions(account="toko"))
    notes = report.to_dict("en")["notes"]
    formula = [n for n in notes if "formula" in n]
    assert len(formula) == 1 and "(F4)" in formula[0] and "performance_detail" in formula[0]


def _creator_csv_text() -> str:
    from io import StringIO

    buffer = StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\r\n")
    writer.writerow(["2026-07-01 ~ 2026-09-17"])
    writer.writerow([])
    writer.writerow(HEADER)
    writer.writerow(["" if v is None else v for v in ROW_FLASH_SALE])
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("encoding", "bom", "named"),
    [("utf-16-le", b"\xff\xfe", "UTF-16 LE"), ("utf-16-be", b"", "UTF-16 BE")],
    ids=["excel-unicode-text", "big-endian-without-bom"],
)
def test_utf16_text_is_read_and_noted(
    workspace: Workspace, tmp_path: Path, encoding: str, bom: bytes, named: str
) -> None:
    path = tmp_path / "Creator-Live-Performance.txt"
    path.write_bytes(bom + _creator_csv_text().encode(encoding))
    report = import_file(workspace, path, ImportOptions(account="toko"))
    assert report.rows_read == 1  # type: ignore[union-attr]
    assert workspace.con.execute("SELECT title, views FROM sessions").fetchone() == (
        "Flash sale batik 7.7",
        1160.0,
    )
    notes = report.to_dict("en")["notes"]
    assert any(named in note and "Unicode text" in note for note in notes)


def test_binary_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 64)
    assert refused(path).key == "source.binary"
    odd = tmp_path / "odd.csv"
    odd.write_bytes(b"\xff\xfe" + b"\x00\xd8" * 100)  # a BOM, then unpaired surrogates
    assert refused(odd).key == "source.binary"


# -- CSV and JSON -----------------------------------------------------------------------------


def test_csv_rows_and_cells_limits(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("a,b,c\n" + "1,2,3\n" * 50, encoding="utf-8")
    assert refused(path, ImportLimits(rows=20)).key == "limits.rows"
    assert refused(path, ImportLimits(cells=60)).key == "limits.cells"
    assert len(read_source(path, ImportLimits(rows=51, cells=153)).sheets[0].rows) == 51


def test_csv_field_beyond_the_csv_reader_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text('a,b\n"' + "x" * 200_000 + '",1\n', encoding="utf-8")
    error = refused(path)
    assert error.key == "source.bad_csv" and "line" in error.message("en")


def test_json_records_and_nesting(tmp_path: Path) -> None:
    listed = tmp_path / "a.json"
    listed.write_text("[" + ",".join(['{"gmv": 1}'] * 30) + "]", encoding="utf-8")
    assert refused(listed, ImportLimits(rows=10)).key == "limits.records"
    lines = tmp_path / "b.jsonl"
    lines.write_text('{"gmv": 1}\n' * 30, encoding="utf-8")
    error = refused(lines, ImportLimits(rows=10))
    assert error.key == "limits.records" and "--limit rows=31" in error.message("en")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert refused(deep).key == "source.json_too_deep"


# -- the limits themselves -----------------------------------------------------------------------


def test_every_limit_is_documented_in_both_languages() -> None:
    for doc in (ROOT / "docs/en/formats.md", ROOT / "docs/id/format.md"):
        text = doc.read_text(encoding="utf-8")
        for name in LIMIT_NAMES:
            default = int(getattr(DEFAULT_LIMITS, name))
            assert f"`{name}`" in text, f"{doc.name} does not document {name}"
            digits = text.replace(",", "").replace(".", "").replace("\u202f", "")
            assert f"| {default} |" in digits, f"{doc.name}: the default of {name}"


def test_options_win_over_the_workspace_which_wins_over_the_defaults(
    workspace: Workspace,
) -> None:
    set_workspace_limit(workspace, "cells", "2e6")
    set_workspace_limit(workspace, "file_mb", "500")
    limits = workspace_limits(workspace, parse_limit_options(["cells=3_000_000"]))
    assert limits.cells == 3_000_000 and limits.file_mb == 500.0
    assert limits.rows == DEFAULT_LIMITS.rows
    set_workspace_limit(workspace, "file_mb", None)
    assert workspace_limits(workspace).file_mb == DEFAULT_LIMITS.file_mb


@pytest.mark.parametrize(
    ("option", "key"),
    [
        ("cells", "limits.bad_option"),
        ("size=5", "limits.unknown"),
        ("cells=-1", "limits.bad_value"),
        ("cells=lots", "limits.bad_value"),
        ("code_depth=1000", "limits.depth_too_high"),
    ],
)
def test_bad_limit_options_are_usage_errors(option: str, key: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_limit_options([option])
    assert caught.value.key == key


def test_cli_limit_option_and_workspace_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = str(tmp_path / "ws")
    assert run_cli(["init", "-w", workspace], capsys)[0] == 0
    bomb = str(far_row_bomb(tmp_path / "far.xlsx", row=2_000, dimension=False))
    # Refused under a workspace limit of 1,000 rows...
    assert run_cli(["limits", "-w", workspace, "--set", "rows=1000"], capsys)[0] == 0
    code, output = run_cli(["import", "-w", workspace, "-a", "toko", bomb], capsys)
    assert code == 1 and "row 2000" in output and "--limit rows=N" in output
    # ... read (and found not to be an export) once the option raises it for this import.
    code, output = run_cli(
        ["import", "-w", workspace, "-a", "toko", "--limit", "rows=5e3", bomb], capsys
    )
    assert code == 1 and "not recognised" in output
    code, output = run_cli(["limits", "-w", workspace, "-f", "json"], capsys)
    assert code == 0 and '"source": "workspace"' in output and '"value": 1000' in output
    assert run_cli(["import", "-w", workspace, "--limit", "rows", bomb], capsys)[0] == 2
    assert run_cli(["limits", "-w", workspace, "--set", "pages=3"], capsys)[0] == 2
    assert run_cli(["limits", "-w", workspace, "--reset", "rows"], capsys)[0] == 0
    with Workspace.open(workspace) as ws:
        assert workspace_limits(ws) == DEFAULT_LIMITS


def test_scan_streams_the_sheet(tmp_path: Path) -> None:
    """The scan reads a part through a parser target: no tree, whatever the part's size."""
    from siaran.ingest.xlsx_scan import scan_workbook

    path = inline_string_bomb(tmp_path / "bomb.xlsx", rows=2_000)
    with zipfile.ZipFile(path) as archive:
        extents = scan_workbook(path, archive, DEFAULT_LIMITS)
    sheet = extents["xl/worksheets/sheet1.xml"]
    assert (sheet.rows, sheet.columns) == (2_003, 35)
    assert sheet.cells == 2_000 * 35 + 1 + 35
