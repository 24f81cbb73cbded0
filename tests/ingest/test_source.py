"""The file reader: containers recognised by content; bad files named, never half-read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from siaran.errors import BadInputError
from siaran.ingest.source import read_source


def _xlsx(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "performance_detail"
    sheet.append(["2026-07-01 ~ 2026-09-17"])
    sheet.append([])
    sheet.append(["Room ID", "Start Time", "CO rate"])
    sheet.append(["7512345678901234567", dt.datetime(2026, 7, 4, 20, 1, 54), 0.0438])
    sheet["C4"].number_format = "0.00%"
    workbook.save(path)
    return path


def test_xlsx_keeps_row_numbers_types_and_percent_format(tmp_path: Path) -> None:
    source = read_source(_xlsx(tmp_path / "export.csv"))  # misleading name on purpose
    assert source.container == "xlsx"
    rows = source.sheets[0].rows
    assert source.sheets[0].name == "performance_detail"
    assert rows[0][0] == "2026-07-01 ~ 2026-09-17"
    assert not any(rows[1])
    assert rows[2] == ["Room ID", "Start Time", "CO rate"]
    assert rows[3][0] == "7512345678901234567"
    assert rows[3][1] == dt.datetime(2026, 7, 4, 20, 1, 54)
    assert isinstance(rows[3][2], str)
    assert rows[3][2].endswith("%")
    assert float(rows[3][2].rstrip("%")) == pytest.approx(4.38)


def test_leading_empty_rows_keep_numbering(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A3"] = "Creator"
    path = tmp_path / "live.xlsx"
    workbook.save(path)
    rows = read_source(path).sheets[0].rows
    assert rows[2][0] == "Creator"
    assert len(rows) == 3


def test_csv_with_semicolons_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_bytes("\ufeffTanggal;Omzet\n2026-07-04;Rp 1,2 jt\n;\n".encode())
    source = read_source(path)
    assert source.container == "csv"
    assert source.sheets[0].rows == [
        ["Tanggal", "Omzet"],
        ["2026-07-04", "Rp 1,2 jt"],
        [None, None],
    ]


def test_csv_with_a_sep_line_or_title_rows_without_delimiters(tmp_path: Path) -> None:
    table = "ID;Judul;Penjualan\n1;Live Gajian;21.281.718,00\n2;Live Malam;1.604,07\n"
    named = tmp_path / "named.csv"
    named.write_text("sep=;\n" + table, encoding="utf-8")
    titled = tmp_path / "titled.csv"
    titled.write_text("Data Live Toko\nPeriode: 01-07-2026 - 31-07-2026\n\n" + table)
    for path, header_row in ((named, 1), (titled, 3)):
        rows = read_source(path).sheets[0].rows
        assert rows[header_row] == ["ID", "Judul", "Penjualan"]
        assert rows[header_row + 1] == ["1", "Live Gajian", "21.281.718,00"]


def test_cp1252_csv_from_windows_excel(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("Akun,Catatan\ntoko,caf\xe9 \x80 promo\n".encode("latin-1"))
    rows = read_source(path).sheets[0].rows
    assert rows[1] == ["toko", "café € promo"]


def test_json_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('[{"gmv": 1}]', encoding="utf-8")
    assert read_source(tmp_path / "a.json").document == [{"gmv": 1}]
    (tmp_path / "b.jsonl").write_text('{"gmv": 1}\n\n{"gmv": 2}\n', encoding="utf-8")
    assert read_source(tmp_path / "b.jsonl").document == [{"gmv": 1}, {"gmv": 2}]


def test_malformed_jsonl_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "metrics.jsonl"
    path.write_text('{"gmv": 1}\n{"gmv": 2}\n{"gmv": \n', encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        read_source(path)
    message = caught.value.message("en")
    assert "metrics.jsonl" in message
    assert "line 3" in message


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"", "source.empty"),
        (b"   \n\n", "source.empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "source.binary"),
        (b"\x00\x01\x02\x03binary", "source.binary"),
    ],
)
def test_empty_and_binary_files(tmp_path: Path, content: bytes, key: str) -> None:
    path = tmp_path / "Creator-Live-Performance_20260917120000.xlsx"
    path.write_bytes(content)
    with pytest.raises(BadInputError) as caught:
        read_source(path)
    assert caught.value.key == key
    assert path.name in caught.value.message("id")
    assert caught.value.exit_code == 1


def test_truncated_xlsx(tmp_path: Path) -> None:
    whole = _xlsx(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(BadInputError) as caught:
        read_source(path)
    assert caught.value.key == "source.truncated_xlsx"
    assert "cut.xlsx" in caught.value.message("en")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "Live.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    with pytest.raises(BadInputError) as caught:
        read_source(path)
    assert caught.value.key == "source.unreadable_xlsx"


def test_xlsx_with_broken_compressed_data(tmp_path: Path) -> None:
    # Found by the fuzzing suite: a member whose deflate stream is damaged (headers and sizes
    # intact) ended the import in a raw zlib error instead of naming the file.
    import struct
    import zipfile

    whole = bytearray(_xlsx(tmp_path / "whole.xlsx").read_bytes())
    with zipfile.ZipFile(tmp_path / "whole.xlsx") as archive:
        member = next(i for i in archive.infolist() if i.compress_type == zipfile.ZIP_DEFLATED)
    name_length, extra_length = struct.unpack_from("<HH", whole, member.header_offset + 26)
    whole[member.header_offset + 30 + name_length + extra_length] = 0xFF  # block type 3: invalid
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(whole))
    with pytest.raises(BadInputError) as caught:
        read_source(path)
    assert caught.value.key == "source.truncated_xlsx"
    assert "damaged.xlsx" in caught.value.message("en")
