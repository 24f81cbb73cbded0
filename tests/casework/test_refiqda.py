"""REFI-QDA exchange: real files from ATLAS.ti, NVivo and qc; round trips; bad archives."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from siaran import casework as cw
from siaran.casework.refiqda import (
    export_qdc,
    export_qdpx,
    import_qdc,
    import_qdpx,
    load_project,
    read_qdpx,
)
from siaran.casework.refiqda.schemas import schema_violations
from siaran.errors import BadInputError
from siaran.workspace import Workspace
from tests.casework.conftest import SAMPLES, comparable_project, span

NS = "{urn:QDA-XML:project:1.0}"
GREETING = "Session design for attention and engagement/Persuasive greeting and opening"
DEMO = "Transparency and demonstration as the basis of trust/Product demonstration"


def _sample_counts(name: str) -> tuple[int, int, int]:
    """Codes, text selections and their codings, counted straight from the sample's XML."""
    with zipfile.ZipFile(SAMPLES / name) as archive:
        entry = next(n for n in archive.namelist() if n.lower() == "project.qde")
        root = etree.fromstring(archive.read(entry))
    selections = root.findall(f".//{NS}PlainTextSelection")
    codings = sum(len(s.findall(f"{NS}Coding")) for s in selections)
    return len(root.findall(f".//{NS}Code")), len(selections), codings


@pytest.mark.parametrize(
    "name",
    [
        "atlasti-8-standard-project.qdpx",
        "nvivo-mac-15-codebook-project.qdpx",
        "qc-1.3.2-demo.qdpx",
    ],
)
def test_real_samples_import_every_code_and_coded_selection(
    workspace: Workspace, name: str
) -> None:
    codes, selections, codings = _sample_counts(name)
    report = import_qdpx(workspace, SAMPLES / name)
    assert len(cw.list_codes(workspace)) == codes
    assert report.added.get("codes", 0) == codes
    assert len(cw.list_excerpts(workspace)) == selections
    assert sum(c["codings"] for c in cw.list_codes(workspace)) == codings
    assert cw.verify_audit(workspace).intact
    again = import_qdpx(workspace, SAMPLES / name)  # importing twice adds nothing
    assert again.added.get("excerpts", 0) == 0 and again.added.get("codes", 0) == 0


def test_qc_sample_paths_without_internal_scheme_and_offsets(workspace: Workspace) -> None:
    import_qdpx(workspace, SAMPLES / "qc-1.3.2-demo.qdpx")
    documents = {d["name"]: d for d in cw.list_documents(workspace)}
    assert set(documents) == {"board_2017.txt", "admin-1.txt"}
    assert not any(d["text_missing"] for d in documents.values())
    with zipfile.ZipFile(SAMPLES / "qc-1.3.2-demo.qdpx") as archive:
        source = archive.read("sources/board_2017.txt").decode("utf-8").removeprefix("\ufeff")
    for excerpt in cw.list_excerpts(workspace, document=documents["board_2017.txt"]["id"]):
        assert excerpt["quote"] == source[excerpt["start"] : excerpt["end"]]


def test_atlas_sample_quirks_are_reported(workspace: Workspace) -> None:
    report = import_qdpx(workspace, SAMPLES / "atlasti-8-standard-project.qdpx")
    notes = "\n".join(report.notes("en"))
    assert "without their text file" in notes  # capitalised Sources/ is empty in this file
    assert "picture" in notes and "graphs" in notes and "video" in notes
    mabel = next(e for e in cw.list_excerpts(workspace) if e["start"] == 0 and e["end"] == 410)
    assert (mabel["quote"] or "").startswith("I'm a single mum")  # the selection's name stands in
    assert any(m["title"] == "Research Plan" for m in cw.list_memos(workspace))
    described = {m["body"] for m in cw.list_memos(workspace, kind="excerpt")}
    assert "Mabel is not the only person I know who has Coke for breakfast!" in described


def _build(ws: Workspace, tmp_path: Path) -> None:
    cw.load_example_cases(ws, actor="ana")
    cw.load_starter_codebook(ws, "study", actor="ana")
    cw.update_code(ws, GREETING, inclusion="Greetings", exclusion="Goodbyes")
    cw.link_account(ws, "Keylaafood", "keyla.food")
    path = tmp_path / "wawancara.md"
    path.write_text(
        "\ufeffHalo kak 🌸 selamat datang\r\nIni demo produk asli.\r\n", encoding="utf-8"
    )
    cw.add_document(ws, path, source_type="interview", cases=["Keylaafood"], actor="ana")
    text = cw.document_text(ws, 1) or ""
    first = cw.add_excerpt(ws, 1, *span(text, "Halo kak 🌸"), [GREETING], coder="ana")
    cw.add_excerpt(ws, 1, *span(text, "kak 🌸 selamat"), [GREETING, DEMO], coder="budi")
    cw.add_memo(ws, "Project memo", author="ana")
    cw.add_memo(ws, "Case memo", kind="case", target="Keylaafood", author="ana")
    cw.add_memo(ws, "Doc memo", kind="document", target=1, author="budi")
    cw.add_memo(ws, "Code memo", kind="code", target=GREETING, author="ana")
    cw.add_memo(ws, "Excerpt memo", kind="excerpt", target=first["id"], author="budi")
    cw.add_memo(ws, "Journal entry", kind="journal", title="day 1", author="ana")


def test_export_then_import_gives_back_the_same_project(tmp_path: Path) -> None:
    out = tmp_path / "study.qdpx"
    with Workspace.create(tmp_path / "one") as one:
        _build(one, tmp_path)
        export_qdpx(one, out, actor="ana")
        original = load_project(one)
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        document_guid = original.documents[0].guid
        assert {"project.qde", f"sources/{document_guid}.txt"} <= names
        stored = archive.read(f"sources/{document_guid}.txt").decode("utf-8")
        assert stored == original.documents[0].text and not stored.startswith("\ufeff")
        tree = etree.ElementTree(etree.fromstring(archive.read("project.qde")))
    assert schema_violations(tree, "project") == []
    with Workspace.create(tmp_path / "two") as two:
        report = import_qdpx(two, out)
        assert report.lost == []
        copy = load_project(two)
    assert comparable_project(copy) == comparable_project(original)


def test_codebook_qdc_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "codes.qdc"
    with Workspace.create(tmp_path / "one") as one:
        cw.load_starter_codebook(one, "7p")
        export_qdc(one, out)
        before = [
            (c["path"], c["description"], c["color"], c["keywords"], c["cues"])
            for c in cw.list_codes(one)
        ]
    with Workspace.create(tmp_path / "two") as two:
        import_qdc(two, out)
        after = [
            (c["path"], c["description"], c["color"], c["keywords"], c["cues"])
            for c in cw.list_codes(two)
        ]
    assert after == before
    assert any(keywords or cues for _p, _d, _c, keywords, cues in after)


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


MINIMAL = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="p">'
    "<CodeBook><Codes>"
    '<Code guid="11111111-1111-1111-1111-111111111111" name="c" isCodable="true"/>'
    "</Codes></CodeBook><Sources>"
    '<TextSource guid="22222222-2222-2222-2222-222222222222" name="d" '
    'plainTextPath="internal://d.txt">'
    '<PlainTextSelection guid="33333333-3333-3333-3333-333333333333" startPosition="{start}" '
    'endPosition="{end}"><Coding guid="44444444-4444-4444-4444-444444444444">'
    '<CodeRef targetGUID="11111111-1111-1111-1111-111111111111"/></Coding>'
    "</PlainTextSelection></TextSource></Sources></Project>"
)


def test_capitalised_names_and_bom_positions(workspace: Workspace, tmp_path: Path) -> None:
    qde = MINIMAL.format(start=0, end=4).encode()
    path = _zip(
        tmp_path / "caps.qdpx", {"Project.qde": qde, "Sources/d.txt": "\ufeffhalo kak".encode()}
    )
    import_qdpx(workspace, path)
    assert cw.list_excerpts(workspace)[0]["quote"] == "halo"


@pytest.mark.parametrize(
    ("entries", "key"),
    [
        ({"project.qde": b"<Project"}, "casework.qdpx.malformed"),
        ({"readme.txt": b"x"}, "casework.qdpx.no_project"),
        (
            {"project.qde": b'<Project xmlns="urn:QDA-XML:project:1.0"/>'},
            "casework.qdpx.schema_invalid",
        ),
    ],
)
def test_bad_archives_are_rejected_and_nothing_is_written(
    workspace: Workspace, tmp_path: Path, entries: dict[str, bytes], key: str
) -> None:
    path = _zip(tmp_path / "bad.qdpx", entries)
    with pytest.raises(BadInputError) as caught:
        import_qdpx(workspace, path)
    assert caught.value.key == key
    assert cw.list_codes(workspace) == [] and cw.audit_log(workspace) == []


def test_schema_message_names_the_element_path(workspace: Workspace, tmp_path: Path) -> None:
    broken = MINIMAL.format(start=0, end=4).replace(' isCodable="true"', "")
    path = _zip(tmp_path / "bad.qdpx", {"project.qde": broken.encode()})
    with pytest.raises(BadInputError) as caught:
        import_qdpx(workspace, path)
    message = caught.value.message("en")
    assert "isCodable" in message and "/Project/CodeBook/Codes/Code" in message


def test_not_a_zip_is_rejected(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "x.qdpx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(BadInputError) as caught:
        import_qdpx(workspace, path)
    assert caught.value.key == "casework.qdpx.not_zip"


def test_selection_outside_its_text_rejects_unless_skipped(
    workspace: Workspace, tmp_path: Path
) -> None:
    qde = MINIMAL.format(start=2, end=99).encode()
    path = _zip(tmp_path / "o.qdpx", {"project.qde": qde, "sources/d.txt": b"short"})
    with pytest.raises(BadInputError) as caught:
        import_qdpx(workspace, path)
    assert "PlainTextSelection" in caught.value.message("en") and "99" in caught.value.message("en")
    assert cw.list_documents(workspace) == []
    report = import_qdpx(workspace, path, skip_invalid=True)
    assert cw.list_excerpts(workspace) == [] and len(report.skipped) == 1


def test_invalid_export_is_never_written(coded: Workspace, tmp_path: Path) -> None:
    from siaran.casework.refiqda.exporter import InvalidExportError

    coded.con.execute("UPDATE cw_codes SET guid = 'not-a-guid' WHERE id = 1")
    out = tmp_path / "never.qdpx"
    with pytest.raises(InvalidExportError):
        export_qdpx(coded, out)
    assert not out.exists() and list(tmp_path.glob(".never.qdpx*")) == []


def test_reading_does_not_touch_the_workspace(tmp_path: Path) -> None:
    result = read_qdpx(SAMPLES / "qc-1.3.2-demo.qdpx")
    assert len(result.project.excerpts) == 158 and result.bad_selections == []
