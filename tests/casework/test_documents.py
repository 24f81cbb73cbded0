from __future__ import annotations

import io
from pathlib import Path

import pytest

from siaran import casework as cw
from siaran.casework.db import CaseworkError
from siaran.errors import BadInputError
from siaran.workspace import Workspace
from tests.casework.conftest import INTERVIEW


def test_text_is_normalised_once_bom_stripped_line_ends_kept(coded: Workspace) -> None:
    text = cw.document_text(coded, 1)
    assert text == INTERVIEW.removeprefix("\ufeff")
    assert "\r\n" in text
    document = cw.list_documents(coded)[0]
    assert document["characters"] == len(text)
    assert document["raw_file"] is not None
    raw = coded.raw_dir / document["raw_file"]
    assert raw.read_bytes() == INTERVIEW.encode("utf-8")  # the original, byte for byte


def test_adding_the_same_file_twice_changes_nothing(coded: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "again.txt"
    path.write_bytes(INTERVIEW.encode("utf-8"))
    again = cw.add_document(coded, path, source_type="interview")
    assert again["status"] == "already_present"
    assert len(cw.list_documents(coded)) == 1


def test_offsets_count_code_points_not_bytes(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "emoji.md"
    path.write_text("Harga 🔥 mulai Rp25rb — murah banget\n", encoding="utf-8")
    cw.add_document(workspace, path, source_type="session_transcript")
    cw.add_code(workspace, "Price")
    text = cw.document_text(workspace, 1) or ""
    start = text.index("mulai")
    excerpt = cw.add_excerpt(workspace, 1, start, start + 11, ["Price"], coder="ana")
    assert excerpt["quote"] == "mulai Rp25rb"[:11]
    assert start == 8  # "Harga " (6) + fire (1 code point) + space


def test_docx_html_pdf_and_srt_are_read(workspace: Workspace, tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_paragraph("Pemilik menjawab pertanyaan.")
    table = word.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "host"
    table.rows[0].cells[1].text = "admin"
    word.save(str(tmp_path / "catatan.docx"))
    (tmp_path / "studi.html").write_text(
        "<html><head><style>p{}</style></head><body><h1>Kasus</h1>"
        "<p>Live  sebagai\n simpul &amp; reseller</p><script>x()</script></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "sesi.srt").write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nHalo kak semua\n\n"
        "2\n00:01:05,000 --> 00:01:08,000\nCheckout sekarang ya\n",
        encoding="utf-8",
    )
    _write_pdf(tmp_path / "laporan.pdf", "Analitik toko 28 hari")
    for name, kind in (
        ("catatan.docx", "observation"),
        ("studi.html", "published_case_study"),
        ("sesi.srt", "session_transcript"),
        ("laporan.pdf", "platform_analytics_note"),
    ):
        cw.add_document(workspace, tmp_path / name, source_type=kind)
    texts = {d["name"]: cw.document_text(workspace, d["id"]) for d in cw.list_documents(workspace)}
    assert texts["catatan.docx"] == "Pemilik menjawab pertanyaan.\nhost\nadmin"
    assert texts["studi.html"] == "Kasus\nLive sebagai simpul & reseller"
    assert texts["sesi.srt"] == "[00:00:01] Halo kak semua\n[00:01:05] Checkout sekarang ya"
    assert "Analitik toko 28 hari" in (texts["laporan.pdf"] or "")


def _write_pdf(path: Path, line: str) -> None:
    """A one-page PDF with a real text layer, written by hand (no PDF writer needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    path.write_bytes(out.getvalue())


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("empty.txt", b"", "casework.document.empty"),
        ("blob.txt", b"\x00\x01\x02binary", "casework.document.binary"),
        ("latin.txt", "caf\u00e9".encode("latin-1"), "casework.document.not_utf8"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "casework.document.bad_docx"),
        ("broken.pdf", b"%PDF-1.4 garbage", "casework.document.bad_pdf"),
        ("sheet.xlsx", b"whatever", "casework.document.unknown_format"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_stored(
    workspace: Workspace, tmp_path: Path, name: str, content: bytes, key: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BadInputError) as caught:
        cw.add_document(workspace, path, source_type="other")
    assert caught.value.key == key
    assert name in caught.value.message("en")
    assert cw.list_documents(workspace) == []
    assert cw.audit_log(workspace) == []


def test_unknown_source_type_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("teks", encoding="utf-8")
    with pytest.raises(CaseworkError):
        cw.add_document(workspace, path, source_type="podcast")
