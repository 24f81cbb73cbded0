"""Exchange with Taguette 1.5.2, tested against the real package.

Taguette runs in its own environment (see ``taguette_driver.py`` for why): the files it reads
and writes here are made by Taguette's own code, and siaran's codebook CSV goes through
Taguette's own "Import codebook" pages served on 127.0.0.1. Where that environment is missing
the tests that need it are skipped, except on CI (``CI`` set), where they fail: CI installs it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from siaran import casework as cw
from siaran.casework.codebook import code_id, get_code
from siaran.casework.codebook_csv import export_taguette_csv, import_codebook_csv
from siaran.casework.refiqda import import_qdc
from siaran.casework.results import CodeRecord
from siaran.casework.taguette_project import import_taguette_project, tag_guid
from siaran.casework.taguette_text import TaguetteText
from siaran.errors import BadInputError, SiaranError
from siaran.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).resolve().parent / "taguette_driver.py"


def _taguette_python() -> Path | None:
    configured = os.environ.get("SIARAN_TAGUETTE_PYTHON")
    found = Path(configured) if configured else ROOT / ".venv-taguette" / "bin" / "python"
    return found if found.exists() else None


def _drive(*args: str) -> dict[str, Any]:
    python = _taguette_python()
    if python is None:
        if os.environ.get("CI"):
            pytest.fail("Taguette's environment is missing on CI (see .ci/run)")
        pytest.skip("Taguette's environment (.venv-taguette) is not installed")
    done = subprocess.run(
        [str(python), str(DRIVER), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


@pytest.fixture(scope="module")
def taguette_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A Taguette database, its .qdc and CSV codebooks and its project export, made by Taguette."""
    folder = tmp_path_factory.mktemp("taguette")
    return folder, _drive("make", str(folder))


def test_taguettes_qdc_is_repaired_and_its_paths_become_a_tree(
    taguette_files: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, made = taguette_files
    qdc = folder / "codebook.qdc"
    assert b"<Sets/>" in qdc.read_bytes()  # the quirk, as Taguette writes it
    with Workspace.create(tmp_path / "ws") as ws:
        report = import_qdc(ws, qdc)
        assert [(r.tool, r.key, r.elements) for r in report.repairs] == [
            ("Taguette", "casework.repair.empty_sets", ("/CodeBook/Sets",))
        ]
        data = report.to_dict("en")
        assert "Taguette" in data["repaired"][0] and "<Sets>" in data["repaired"][0]
        paths = {c["path"] for c in cw.list_codes(ws)}
        tags = {path for path, _description in made["tags"]}
        assert tags <= paths
        assert paths - tags == {"Session design", "Operations", "Ecosystem"}
        assert not any("/" in c["name"] for c in cw.list_codes(ws))
        demonstration = code_id(ws.con, "Trust/Demonstration")
        guid = ws.con.execute("SELECT guid FROM cw_codes WHERE id = ?", [demonstration]).fetchone()
        assert guid == (tag_guid("Trust/Demonstration"),)  # Taguette's own guid is kept
        again = import_qdc(ws, qdc)
        assert again.added == {}


def test_paths_kept_as_names_are_still_addressable(
    taguette_files: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, _made = taguette_files
    with Workspace.create(tmp_path / "ws") as ws:
        import_qdc(ws, folder / "codebook.qdc", paths_as_tree=False)
        names = [c["name"] for c in cw.list_codes(ws)]
        assert "Trust/Demonstration" in names and len(names) == 7
        assert get_code(ws, "Trust/Demonstration")["name"] == "Trust/Demonstration"
        assert get_code(ws, "trust/demonstration")["name"] == "Trust/Demonstration"


def test_unknown_schema_failures_are_still_refused(
    taguette_files: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, _made = taguette_files
    tree = etree.parse(str(folder / "codebook.qdc"))
    first = tree.getroot()[0][0]
    del first.attrib["isCodable"]  # a real violation beside the known quirk
    broken = tmp_path / "broken.qdc"
    tree.write(str(broken), xml_declaration=True, encoding="utf-8")
    other = tmp_path / "other.qdc"  # the quirk in a file of another tool is not Taguette's
    other.write_bytes(
        (folder / "codebook.qdc").read_bytes().replace(b"Taguette 1.5.2", b"Some Tool 2")
    )
    with Workspace.create(tmp_path / "ws") as ws:
        for path, element in ((broken, "/CodeBook/Codes/Code[1]"), (other, "/CodeBook/Sets")):
            with pytest.raises(BadInputError) as refused:
                import_qdc(ws, path)
            message = refused.value.message("en")
            assert refused.value.key == "casework.qdc.schema_invalid"
            assert message.startswith(f"The codebook in {path}") and element in message
        assert cw.list_codes(ws) == []


def test_taguettes_codebook_csv_imports_with_descriptions(
    taguette_files: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, made = taguette_files
    with Workspace.create(tmp_path / "ws") as ws:
        report = import_codebook_csv(ws, folder / "codebook.csv")
        assert report.added == {"codes": 10}
        described = {c["path"]: c["description"] for c in cw.list_codes(ws)}
        for path, description in made["tags"]:
            assert described[path] == (description or None)


def test_taguettes_project_file_brings_documents_tags_and_highlights(
    taguette_files: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, made = taguette_files
    with Workspace.create(tmp_path / "ws") as ws:
        report = import_taguette_project(ws, folder / "taguette.sqlite3")
        assert report.added["documents"] == 2
        assert report.added["excerpts"] == 6 and report.added["codings"] == 7
        assert report.to_dict("en")["not_brought_over"] == [
            "1 highlights without a tag not brought over (every excerpt in siaran carries a code)"
        ]
        excerpts = cw.list_excerpts(ws)
        texts = {d["id"]: cw.document_text(ws, d["id"]) for d in cw.list_documents(ws)}
        tagged = [h for h in made["highlights"] if h["tags"]]
        assert len(excerpts) == len(tagged)
        for excerpt, highlight in zip(excerpts, tagged, strict=True):
            # Byte offsets became code points: the stored text at the span is the phrase.
            text = texts[excerpt["document_id"]]
            assert text is not None
            assert text[excerpt["start"] : excerpt["end"]] == highlight["phrase"]
            assert excerpt["quote"] == highlight["snippet_text"]
            assert sorted(excerpt["codes"]) == sorted(highlight["tags"])
            assert excerpt["coder"] == highlight["user"]
        assert any(h["end_byte"] - h["start_byte"] > len(h["phrase"]) for h in tagged)
        again = import_taguette_project(ws, folder / "taguette.sqlite3")
        assert again.added == {"excerpts": 0, "codings": 0}
    # Taguette's "Export project" file: the same project, every command by its exporter.
    with Workspace.create(tmp_path / "exported") as ws:
        exported = import_taguette_project(ws, folder / "project.sqlite3")
        assert exported.added["excerpts"] == 6
        assert {e["coder"] for e in cw.list_excerpts(ws)} == {"admin"}


def test_siarans_taguette_csv_imports_into_taguette(tmp_path: Path) -> None:
    out = tmp_path / "codebook.csv"
    with Workspace.create(tmp_path / "ws") as ws:
        cw.load_starter_codebook(ws, "study")
        export_taguette_csv(ws, out)
        codes = cw.list_codes(ws)
    answer = _drive("import-codebook", str(tmp_path / "taguette"), str(out))
    assert answer["status"] == "imported", answer
    imported = {t["path"]: t["description"] for t in answer["tags"]}
    imported.pop("interesting")  # Taguette's default tag of every new project
    assert set(imported) == {c["path"] for c in codes}
    for code in codes:
        assert imported[code["path"]].startswith(code["description"])
        for keyword in code["keywords"]:
            assert keyword in imported[code["path"]]
    # What Taguette holds comes back whole: its codebook CSV export has the same columns.
    back = tmp_path / "back.csv"
    back.write_text(
        "tag,description\n"
        + "".join(f'"{p}","{d.replace(chr(34), chr(34) * 2)}"\n' for p, d in imported.items()),
        encoding="utf-8",
    )
    with Workspace.create(tmp_path / "again") as again:
        import_codebook_csv(again, back)
        restored = {c["path"]: c for c in cw.list_codes(again)}
    for code in codes:
        copy = restored[code["path"]]
        for field in ("description", "inclusion", "exclusion", "keywords", "cues"):
            assert copy[field] == code[field], (code["path"], field)


def _csv_fields(code: CodeRecord) -> tuple[object, ...]:
    """What a codebook CSV carries of a code."""
    return tuple(
        code[f]
        for f in ("path", "description", "inclusion", "exclusion", "color", "keywords", "cues")
    )


def test_codebook_csv_round_trip_without_taguette(tmp_path: Path) -> None:
    out = tmp_path / "codebook.csv"
    with Workspace.create(tmp_path / "one") as one:
        cw.load_starter_codebook(one, "study")
        cw.update_code(one, "Visual display", inclusion="Lighting.\n\nAnd sets.")
        export_taguette_csv(one, out)
        before = [_csv_fields(c) for c in cw.list_codes(one)]
    assert "\n\n" not in out.read_text(encoding="utf-8-sig")
    with Workspace.create(tmp_path / "two") as two:
        import_codebook_csv(two, out)
        after = [_csv_fields(c) for c in cw.list_codes(two)]
    assert [
        a for a in after if a[0] != "Session design for attention and engagement/Visual display"
    ] == [b for b in before if b[0] != "Session design for attention and engagement/Visual display"]


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"tag,name,description\nA,B,c\n", "casework.codebook_csv.path_column"),
        (b"description\nc\n", "casework.codebook_csv.path_column"),
        (b"path,description\nTrust//Demo,x\n", "casework.codebook_csv.bad_rows"),
        (b"path,color\nTrust,#12345\n", "casework.codebook_csv.bad_rows"),
        (b"path,description\n", "casework.codebook_csv.empty"),
        (b"", "casework.codebook_csv.empty"),
        (b"\x00\x01\x02binary", "casework.codebook_csv.not_text"),
    ],
)
def test_bad_codebook_csv_is_refused_whole(tmp_path: Path, content: bytes, key: str) -> None:
    path = tmp_path / "codes.csv"
    path.write_bytes(content)
    with Workspace.create(tmp_path / "ws") as ws:
        with pytest.raises(BadInputError) as refused:
            import_codebook_csv(ws, path)
        assert refused.value.key == key
        assert cw.list_codes(ws) == []


def test_plain_and_excel_csvs(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_bytes(
        "Path;Description;Colour\nTrust/Demo;Tunjukkan produk é;1F77B4\n".encode("cp1252")
    )
    with Workspace.create(tmp_path / "ws") as ws:
        report = import_codebook_csv(ws, plain)
        code = get_code(ws, "Trust/Demo")
        assert code["description"] == "Tunjukkan produk é" and code["color"] == "#1F77B4"
        assert report.to_dict("en")["changed"] == [
            "the file was not UTF-8 and was read as Windows-1252"
        ]


def test_bad_taguette_files_are_refused(
    taguette_files: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, _made = taguette_files
    data = (folder / "taguette.sqlite3").read_bytes()
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(data[: len(data) // 2])
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database", encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE projects (id INTEGER, name TEXT)")
    with Workspace.create(tmp_path / "ws") as ws:
        for path, key in (
            (truncated, "casework.taguette.damaged"),
            (text, "casework.taguette.not_sqlite"),
            (other, "casework.taguette.not_taguette"),
        ):
            with pytest.raises(BadInputError) as refused:
                import_taguette_project(ws, path)
            assert refused.value.key == key, refused.value.message("en")
        with pytest.raises(SiaranError) as unknown:
            import_taguette_project(ws, folder / "taguette.sqlite3", project="nope")
        assert "Live jualan Banyumas" in unknown.value.message("en")
        assert cw.list_documents(ws) == []
    assert (folder / "taguette.sqlite3").read_bytes() == data  # opened read-only, untouched


def test_byte_offsets_become_code_points() -> None:
    html = "<p>Halo kak 🌸, café</p>\n<p>Rp25.000 &amp; stok</p><p>akhir</p>"
    text = TaguetteText(html)
    assert text.text == "Halo kak 🌸, café\n\nRp25.000 & stok\nakhir"
    body = "Halo kak 🌸, café\nRp25.000 & stokakhir"  # Taguette's text nodes, in its bytes
    for phrase in ("🌸", "café", "Rp25.000 & stok", "akhir", "Halo kak 🌸, café"):
        at = body.index(phrase)
        start = len(body[:at].encode("utf-8"))
        end = start + len(phrase.encode("utf-8"))
        first = text.code_point(start, end=False)
        last = text.code_point(end, end=True)
        assert first is not None and last is not None
        assert text.text[first:last] == phrase
    assert text.code_point(len(body.encode("utf-8")) + 1, end=True) is None
    assert text.code_point(10, end=False) == 9  # inside the 4-byte 🌸: rounded down to it


def test_cli_code_import_export_and_move_under_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from siaran.cli.app import main

    def run(*args: str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as exited:
            main(list(args))
        out, err = capsys.readouterr()
        code = exited.value.code
        return (code if isinstance(code, int) else 1), out + err

    ws = str(tmp_path / "ws")
    out = tmp_path / "codes.csv"
    assert run("init", "-w", ws)[0] == 0
    assert run("code", "load", "study", "-w", ws)[0] == 0
    code, printed = run("code", "export", "--format", "taguette-csv", "--out", str(out), "-w", ws)
    assert code == 0 and out.exists(), printed
    other = str(tmp_path / "other")
    assert run("init", "-w", other)[0] == 0
    code, printed = run("code", "import", str(out), "-w", other, "--format", "json")
    assert code == 0, printed
    assert json.loads(printed)["added"] == {"codes": 29}
    code, printed = run("code", "move", "Visual display", "--under", "none", "-w", other)
    assert code == 0, printed
    code, printed = run("code", "list", "-w", other, "--format", "json")
    assert any(c["path"] == "Visual display" and c["depth"] == 0 for c in json.loads(printed))
    missing = tmp_path / "missing.csv"
    code, printed = run("code", "import", str(missing), "-w", other)
    assert code == 1 and "missing.csv" in printed


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
