"""The casework commands through the CLI's entry point: a researcher's session end to end."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from siaran.cli.app import main
from tests.casework.conftest import SAMPLES


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    code, out, err = _run([*args, "--format", "json"], capsys)
    assert code == 0, err
    return json.loads(out)


def test_a_researchers_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = str(tmp_path / "ws")
    assert _run(["init", "-w", ws], capsys)[0] == 0
    cases = _json(["case", "load-example", "-w", ws, "--as", "ana"], capsys)
    assert isinstance(cases, list) and len(cases) == 10
    _json(["code", "load", "study", "-w", ws], capsys)
    interview = tmp_path / "wawancara.txt"
    interview.write_text("Halo kak!\nIni proses produksi opak.\n", encoding="utf-8")
    added = _json(
        [
            "doc",
            "add",
            str(interview),
            "--type",
            "interview",
            "--case",
            "Opak Izul Berkah",
            "-w",
            ws,
        ],
        capsys,
    )
    assert added == [added[0]] and added[0]["status"] == "added"
    excerpt = _json(
        [
            "excerpt",
            "add",
            "1",
            "--quote",
            "proses produksi",
            "--code",
            "Showing the production process",
            "-w",
            ws,
            "--as",
            "ana",
            "-r",
            "process shown",
        ],
        capsys,
    )
    assert excerpt["start"] == 14 and excerpt["end"] == 29
    _json(
        [
            "excerpt",
            "add",
            "1",
            "--start",
            "10",
            "--end",
            "33",
            "--code",
            "Showing the production process",
            "-w",
            ws,
            "--as",
            "budi",
        ],
        capsys,
    )
    for group in ("case", "doc", "code", "excerpt", "memo", "suggest"):
        listed = _json([group, "list", "-w", ws], capsys)
        assert isinstance(listed, list)
    _json(["memo", "add", "Position: former seller", "--on", "journal", "-w", ws], capsys)
    matrix = _json(["matrix", "cases", "-w", ws], capsys)
    assert isinstance(matrix, list) and len(matrix) == 10
    for kind in ("triangulation", "cooccurrence", "joint"):
        assert isinstance(_json(["matrix", kind, "-w", ws], capsys), list)
    agreement = _json(["agreement", "-w", ws, "--uncoded", "exclude"], capsys)
    assert agreement["coders"] == ["ana", "budi"]
    assert agreement["code_set"] == "applied"
    code, out, _ = _run(["--lang", "en", "agreement", "-w", ws], capsys)
    codes = ", ".join(agreement["compared_codes"])
    assert code == 0 and "(every code the coders applied): " + codes in out
    # The pooled alpha is written like every other number in the reader's language.
    code, out, _ = _run(["--lang", "id", "agreement", "-w", ws], capsys)
    assert code == 0 and re.search(r"Alpha gabungan: (−?\d,\d{3}|—),", out), out
    code, out, _ = _run(["--lang", "en", "audit", "verify", "-w", ws], capsys)
    assert code == 0 and "intact" in out
    log = _json(["audit", "log", "-w", ws], capsys)
    assert any(e["rationale"] == "process shown" for e in log)
    out_file = tmp_path / "study.qdpx"
    code, out, _ = _run(["--lang", "en", "qdpx", "export", str(out_file), "-w", ws], capsys)
    assert code == 0 and out_file.exists()
    qdc = tmp_path / "codes.qdc"
    assert _run(["qdc", "export", str(qdc), "-w", ws], capsys)[0] == 0
    other = str(tmp_path / "other")
    _run(["init", "-w", other], capsys)
    report = _json(["qdpx", "import", str(out_file), "-w", other], capsys)
    assert report["added"]["excerpts"] == 2
    assert _run(["qdc", "import", str(qdc), "-w", other], capsys)[0] == 0


def test_audit_verify_fails_with_exit_1_after_tampering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from siaran.workspace import Workspace

    ws = str(tmp_path / "ws")
    _run(["init", "-w", ws], capsys)
    _run(["case", "add", "Toko A", "--attr", "founded:integer=2019", "-w", ws], capsys)
    _run(["case", "add", "Toko B", "-w", ws], capsys)
    with Workspace.open(ws) as opened:
        opened.con.execute("UPDATE cw_audit SET actor = 'someone else' WHERE seq = 1")
    code, _, err = _run(["--lang", "en", "audit", "verify", "-w", ws], capsys)
    assert code == 1
    assert "NOT intact" in err and "entry 1" in err


def test_bad_qdpx_exits_1_with_the_schema_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws")
    _run(["init", "-w", ws], capsys)
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("project.qde", '<Project xmlns="urn:QDA-XML:project:1.0"/>')
    code, _out, err = _run(["--lang", "en", "qdpx", "import", str(bad), "-w", ws], capsys)
    assert code == 1
    assert "REFI-QDA schema" in err and "/Project" in err and "name" in err
    assert json.loads(_run(["code", "list", "-w", ws, "--format", "json"], capsys)[1]) == []


def test_sample_import_reports_what_was_not_brought_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws")
    _run(["init", "-w", ws], capsys)
    code, out, _ = _run(
        [
            "--lang",
            "id",
            "qdpx",
            "import",
            str(SAMPLES / "atlasti-8-standard-project.qdpx"),
            "-w",
            ws,
        ],
        capsys,
    )
    assert code == 0
    assert "Tidak dibawa:" in out and "gambar" in out


def test_offsets_outside_the_document_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws")
    _run(["init", "-w", ws], capsys)
    _run(["code", "add", "Trust", "-w", ws], capsys)
    doc = tmp_path / "a.txt"
    doc.write_text("pendek", encoding="utf-8")
    _run(["doc", "add", str(doc), "--type", "other", "-w", ws], capsys)
    code, _, err = _run(
        [
            "--lang",
            "en",
            "excerpt",
            "add",
            "1",
            "--start",
            "2",
            "--end",
            "60",
            "--code",
            "Trust",
            "-w",
            ws,
        ],
        capsys,
    )
    assert code == 1 and "outside the document" in err and "6 characters" in err
