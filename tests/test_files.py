"""Reading an input file: its bytes with a named error, its text in the encodings sellers' tools
write (UTF-8 with or without a byte-order mark, Windows cp1252, Excel's UTF-16), binary refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from siaran.errors import BadInputError
from siaran.files import NotTextError, decode_text, read_input, sniff_csv_dialect, utf16_of

TEXT = "Tanggal;Penjualan\n28/08/2026;Rp1.234.567 — café\n"


def test_read_input_names_the_file_and_the_reason(tmp_path: Path) -> None:
    (tmp_path / "ada.csv").write_bytes(b"a,b\n")
    assert read_input(tmp_path / "ada.csv", "source.unreadable") == b"a,b\n"
    with pytest.raises(BadInputError) as caught:
        read_input(tmp_path / "tidak-ada.csv", "source.unreadable")
    assert caught.value.key == "source.unreadable"
    assert "tidak-ada.csv" in str(caught.value.params["path"])
    assert caught.value.params["reason"]


def test_utf8_with_and_without_a_byte_order_mark() -> None:
    for data in (TEXT.encode(), b"\xef\xbb\xbf" + TEXT.encode()):
        found = decode_text(data)
        assert (found.text, found.encoding) == (TEXT, "utf-8")


def test_cp1252_only_when_asked_and_only_when_it_looks_like_text() -> None:
    data = TEXT.replace("—", "-").encode("cp1252")
    with pytest.raises(NotTextError) as caught:
        decode_text(data)
    assert caught.value.position == data.index("é".encode("cp1252"))
    found = decode_text(data, fallback="cp1252")
    assert (found.text, found.encoding) == (TEXT.replace("—", "-"), "cp1252")
    with pytest.raises(NotTextError):  # control characters: not text, whatever decodes
        decode_text(b"\x81\x02\x03caf\xe9", fallback="cp1252")


def test_replace_keeps_the_text_around_a_stray_byte() -> None:
    found = decode_text(b"kode\x81;warna\n", fallback="replace")
    assert (found.text, found.encoding) == ("kode\ufffd;warna\n", "cp1252")


def test_utf16_with_a_mark_or_every_other_byte_zero() -> None:
    cases = (
        (("\ufeff" + TEXT).encode("utf-16-le"), "UTF-16 LE"),
        (("\ufeff" + TEXT).encode("utf-16-be"), "UTF-16 BE"),
        (TEXT.encode("utf-16-le"), "UTF-16 LE"),
    )
    for data, encoding in cases:
        found = decode_text(data, utf16=True)
        assert (found.text, found.encoding) == (TEXT, encoding)
        assert utf16_of(data[:64]) == encoding
    with pytest.raises(NotTextError):  # UTF-16 is only read where a reader asks for it
        decode_text(TEXT.encode("utf-16-le"))


def test_nul_bytes_mark_a_binary_file_within_the_sniffed_head() -> None:
    with pytest.raises(NotTextError) as caught:
        decode_text(b"PK\x03\x04\x00\x00binary")
    assert caught.value.position is None
    late = b"a" * 100 + b"\x00"
    assert decode_text(late, sniff=10).text.endswith("\x00")
    with pytest.raises(NotTextError):
        decode_text(late, sniff=len(late))
    assert decode_text(b"a\x00b", refuse_nul=False).text == "a\x00b"


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("a,b,c\n1,2,3\n4,5,6\n", ","),
        ("a;b;c\n1,5;2;3\n4;5,25;6\n", ";"),
        # Excel's first line naming the delimiter wins over anything in the rows.
        ("sep=;\na;b\n1,2;3\n", ";"),
        ("\ufeffsep=|\na|b\n1|2\n", "|"),
        # Title rows with no delimiter above a ';' table whose numbers hold commas: the
        # sniffer gives up; the delimiter that splits most lines alike is taken.
        (
            "Data Live Toko\nPeriode: 01-07-2026 - 31-07-2026\n\n"
            "ID;Judul;Penjualan;Pesanan\n1;Live, Gajian;21.281.718,00;109\n"
            "2;Live Malam;1.604.714,07;12\n",
            ";",
        ),
        ("one column\nonly\n", ","),
    ],
)
def test_the_csv_dialect_is_found_from_the_text(sample: str, delimiter: str) -> None:
    assert sniff_csv_dialect(sample).delimiter == delimiter


def test_it_sits_below_every_feature_package() -> None:
    import ast

    import siaran.files

    tree = ast.parse(Path(siaran.files.__file__).read_text(encoding="utf-8"))
    found = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert {m for m in found if m.startswith("siaran")} == {"siaran.errors"}
