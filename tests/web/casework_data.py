"""A coded case study inside the web tests' cohort workspace, built through the public
:mod:`siaran.casework` API: cases linked to the cohort's accounts, the study codebook, an
interview and an observation with overlapping, nested and emoji-preceded excerpts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from siaran import casework as cw
from siaran.workspace import Workspace

# The emoji (two code points, four UTF-16 units) before every excerpt would shift a highlight
# computed by the browser; "<b>" must reach the page as text.
INTERVIEW = (
    "Pewawancara: Bagaimana live dibuka? 👋🏽\n"
    "Pemilik: Halo kak, selamat datang di live kami! Ini kopi asli, kami seduh langsung "
    "di depan kamera supaya pembeli percaya. <b>Stok terbatas</b>, checkout sekarang ya.\n"
    "Pemilik: Admin bantu jawab komen, saya yang pegang live.\n"
)
OBSERVATION = (
    "Catatan observasi: host memperlihatkan kain batik dari dekat, membaca komentar satu "
    "per satu, lalu memberi kode voucher untuk 10 pembeli pertama.\n"
)
GREETING = "Persuasive greeting and opening"
DEMONSTRATION = "Product demonstration"
VISUAL = "Visual display"
URGENCY = "Promotional urgency"


@dataclass
class CaseStudy:
    """Ids of what :func:`add_case_study` created, for the tests to look up."""

    cases: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)
    excerpts: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)


def _code(workspace: Workspace, name: str) -> int:
    found = [c for c in cw.list_codes(workspace) if c["name"] == name]
    assert len(found) == 1, name
    return int(found[0]["id"])


def add_case_study(workspace: Workspace, folder: Path) -> CaseStudy:
    study = CaseStudy()
    cw.load_starter_codebook(workspace, "study", actor="ana")
    for name in (GREETING, DEMONSTRATION, VISUAL, URGENCY):
        study.codes[name] = _code(workspace, name)
    cases: tuple[tuple[str, dict[str, str | int], list[str]], ...] = (
        ("Kopi Senja", {"location": "Purwokerto", "employees": 3}, ["kopi.senja"]),
        ("Batik Sekar", {"location": "Sokaraja"}, ["batik.sekar"]),
        ("Dua Dapur", {"employees": 7}, ["kopi.senja", "keripik.mantap"]),
        ("Tanpa Akun", {}, []),
    )
    for name, attributes, accounts in cases:
        case = cw.add_case(workspace, name, attributes=attributes, accounts=accounts, actor="ana")
        study.cases[name] = int(case["id"])
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, body, source_type, case_names in (
        ("wawancara-kopi.txt", INTERVIEW, "interview", ["Kopi Senja", "Dua Dapur"]),
        ("observasi-batik.txt", OBSERVATION, "observation", ["Batik Sekar"]),
    ):
        path = folder / file_name
        path.write_text(body, encoding="utf-8")
        document = cw.add_document(
            workspace, path, source_type=source_type, cases=case_names, actor="ana"
        )
        study.documents[file_name] = int(document["id"])
    interview = study.documents["wawancara-kopi.txt"]
    text = cw.document_text(workspace, interview)
    assert text is not None
    for key, quote, codes, coder in (
        ("greeting", "Halo kak, selamat datang di live kami!", [GREETING], "ana"),
        (
            "demonstration",
            "Ini kopi asli, kami seduh langsung di depan kamera supaya pembeli percaya.",
            [DEMONSTRATION],
            "ana",
        ),
        ("camera", "di depan kamera", [VISUAL], "budi"),  # nested in the demonstration
        ("overlap", "selamat datang di live kami! Ini kopi asli", [VISUAL], "budi"),
        ("urgency", "<b>Stok terbatas</b>, checkout sekarang ya.", [URGENCY], "ana"),
    ):
        start, end = cw.find_span(text, quote)
        codes_of = [study.codes[c] for c in codes]
        excerpt = cw.add_excerpt(workspace, interview, start, end, codes_of, coder=coder)
        study.excerpts[key] = int(excerpt["id"])
    observation = study.documents["observasi-batik.txt"]
    text = cw.document_text(workspace, observation)
    assert text is not None
    start, end = cw.find_span(text, "memperlihatkan kain batik dari dekat")
    excerpt = cw.add_excerpt(
        workspace, observation, start, end, [study.codes[DEMONSTRATION]], coder="ana"
    )
    study.excerpts["batik"] = int(excerpt["id"])
    return study
