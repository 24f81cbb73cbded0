"""The demo's coded case study: five of the cohort's fictional sellers as cases, with field notes
and interviews written for the demo (``data/casework_fieldwork.toml``), coded with the study
codebook by two coders who do not always agree, with memos, and linked to their accounts so that
the joint display puts their coding beside their lives' figures.

Everything goes through the workbench's public functions (cases, documents, excerpts, memos),
so the demo's audit trail is the one a researcher's work would leave. The documents are written
as text files beside the demo's exports, as a researcher would have them. Running the demo again
adds nothing: the part is skipped when its case set is already in the workspace.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Final, NotRequired, TypedDict, cast

if TYPE_CHECKING:
    from siaran.casework.results import AttributeValue
    from siaran.workspace import Workspace

FIELDWORK_CASE_SET: Final = "demo fieldwork (fictional)"
FIELDWORK_DIR: Final = "fieldwork"
FIRST_CODER: Final = "rina"
SECOND_CODER: Final = "dimas"


@dataclass(frozen=True)
class FieldworkSummary:
    cases: int
    documents: int
    excerpts: int
    memos: int


class FieldLine(TypedDict):
    """A line of a fieldwork document with the codes each coder gave it (``a``: rina, ``b``:
    dimas) and, where dimas selected less of it, the part he selected."""

    t: str
    a: NotRequired[list[str]]
    b: NotRequired[list[str]]
    a_part: NotRequired[str]
    b_part: NotRequired[str]


class FieldDocument(TypedDict):
    name: str
    source_type: str
    lines: list[FieldLine]


class FieldCase(TypedDict):
    """A case of the fieldwork: its account, attributes, memo and documents."""

    name: str
    account: str
    description: str
    attributes: dict[str, AttributeValue]
    memo: str
    document: list[FieldDocument]


class Fieldwork(TypedDict):
    coders: list[str]
    case: list[FieldCase]


def fieldwork() -> Fieldwork:
    """The demo's fieldwork as written in its data file."""
    source = resources.files("siaran.demo") / "data" / "casework_fieldwork.toml"
    return cast(Fieldwork, tomllib.loads(source.read_text(encoding="utf-8")))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def build_fieldwork(workspace: Workspace, folder: Path) -> FieldworkSummary:
    """Add the demo's coded case study to ``workspace`` (its documents written into
    ``folder``), unless it is already there."""
    from siaran import casework as cw

    con = workspace.con
    present = con.execute(
        "SELECT count(*) FROM cw_cases WHERE case_set = ?", [FIELDWORK_CASE_SET]
    ).fetchone()
    if present is not None and present[0]:
        return FieldworkSummary(0, 0, 0, 0)
    folder.mkdir(parents=True, exist_ok=True)
    documents = excerpts = memos = 0
    data = fieldwork()
    for case in data["case"]:
        cw.add_case(
            workspace,
            case["name"],
            description=case["description"],
            attributes=case["attributes"],
            accounts=[case["account"]],
            case_set=FIELDWORK_CASE_SET,
            actor=FIRST_CODER,
        )
        cw.add_memo(workspace, case["memo"], kind="case", target=case["name"], author=FIRST_CODER)
        memos += 1
        for document in case["document"]:
            lines = [line["t"] for line in document["lines"]]
            text = "\n".join(lines) + "\n"
            path = folder / f"{_slug(document['name'])}.txt"
            path.write_text(text, encoding="utf-8")
            added = cw.add_document(
                workspace,
                path,
                source_type=document["source_type"],
                name=document["name"],
                cases=[case["name"]],
                actor=FIRST_CODER,
            )
            documents += 1
            spans, offset = [], 0
            for line in document["lines"]:
                for coder, codes, part in (
                    (FIRST_CODER, line.get("a"), line.get("a_part")),
                    (SECOND_CODER, line.get("b"), line.get("b_part")),
                ):
                    if codes:
                        selected = part or line["t"]
                        start = offset + line["t"].index(selected)
                        spans.append(cw.Span(start, start + len(selected), codes, coder))
                offset += len(line["t"]) + 1
            excerpts += len(cw.add_excerpts(workspace, added["id"], spans))
    memos += _analytic_memos(workspace)
    return FieldworkSummary(len(data["case"]), documents, excerpts, memos)


def _analytic_memos(workspace: Workspace) -> int:
    from siaran import casework as cw

    cw.add_memo(
        workspace,
        "Dimas sering menambahkan kode kedua (mis. transparansi di samping jawaban jujur); "
        "Rina lebih hemat. Bandingkan definisi kedua kode sebelum putaran berikutnya.",
        kind="code",
        target="Honest answers grounded in practice",
        title="Batas dua kode kepercayaan",
        author=FIRST_CODER,
    )
    cw.add_memo(
        workspace,
        "Kasus yang live paling sering (Kacamata Senja, Dapur Sekar Arum) justru paling jarang "
        "dikodekan pembagian peran. Cocokkan dengan GMV per sesi di tampilan gabungan.",
        kind="project",
        title="Frekuensi live dan pembagian peran",
        author=FIRST_CODER,
    )
    cw.add_memo(
        workspace,
        "Saya condong membaca sapaan sebagai strategi, padahal di Kacamata Senja tidak ada "
        "sapaan sama sekali. Hati-hati memaksakan kerangka lima tema.",
        kind="journal",
        title="Refleksi setelah pengodean pertama",
        author=SECOND_CODER,
    )
    return 3
