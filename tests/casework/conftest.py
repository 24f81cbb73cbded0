"""Fixtures of the casework tests: a workspace with the study codebook and a coded interview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from siaran import casework as cw
from siaran.casework.refiqda.model import Project
from siaran.workspace import Workspace

# Copies of ../shared/refi-qda/samples, kept in the repository so that a clean checkout tests them.
SAMPLES = Path(__file__).resolve().parent / "samples"

INTERVIEW = (
    "\ufeffHalo kak, selamat datang di live kami!\r\n"
    "Ini opak asli, kami tunjukkan proses produksi di dapur.\r\n"
    "Buruan checkout sekarang, stok terbatas ya kak.\r\n"
    "Admin kami bantu jawab komen, pemilik yang pegang live.\r\n"
)


@pytest.fixture
def coded(tmp_path: Path) -> Iterator[Workspace]:
    """Two cases, the study codebook, one interview (with a BOM and CRLF) coded by two coders."""
    with Workspace.create(tmp_path / "ws") as ws:
        cw.add_case(ws, "Opak Izul Berkah", attributes={"location": "Rawalo"}, actor="ana")
        cw.add_case(ws, "Cilengko Orchids", attributes={"location": "Sumbang"}, actor="ana")
        cw.load_starter_codebook(ws, "study", actor="ana")
        path = tmp_path / "wawancara.txt"
        path.write_bytes(INTERVIEW.encode("utf-8"))
        cw.add_document(ws, path, source_type="interview", cases=["Opak Izul Berkah"], actor="ana")
        yield ws


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def comparable_project(project: Project) -> dict[str, object]:
    """Everything of ``project`` a REFI-QDA round trip must keep, in a comparable form."""
    codes = {c.guid: c for c in project.codes}

    def path(guid: str | None) -> tuple[str, ...]:
        out: list[str] = []
        while guid is not None:
            out.insert(0, codes[guid].name)
            guid = codes[guid].parent
        return tuple(out)

    docs = {d.guid: d.name for d in project.documents}
    return {
        "codes": sorted(
            (
                path(c.guid),
                c.description,
                c.inclusion,
                c.exclusion,
                c.color,
                c.codable,
                tuple(c.keywords),
                tuple(c.cues),
            )
            for c in project.codes
        ),
        "variables": sorted((v.name, v.type) for v in project.variables),
        "cases": sorted(
            (
                c.name,
                c.description,
                tuple(sorted(c.values.items())),
                tuple(c.documents),
                tuple(c.accounts),
            )
            for c in project.cases
        ),
        "documents": sorted((d.guid, d.name, d.source_type, d.text) for d in project.documents),
        "excerpts": sorted(
            (
                e.guid,
                docs[e.document],
                e.start,
                e.end,
                e.quote,
                e.coder,
                tuple(sorted((path(c.code), c.coder, c.guid) for c in e.codings)),
            )
            for e in project.excerpts
        ),
        "memos": sorted(
            (m.guid, m.kind, m.target, m.title, m.body, m.author) for m in project.memos
        ),
    }
