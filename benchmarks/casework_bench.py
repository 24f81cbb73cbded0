"""Case-study workbench at scale: REFI-QDA import and export and the cross-case matrices.

    python -m benchmarks.casework_bench                        # 200 documents, 50,000 excerpts
    python -m benchmarks.casework_bench --documents 20 --excerpts 5000 --json

A generated project (20 cases, the study codebook's shape: 5 themes x 5 codes, 3 coders,
documents of ~20,000 characters with overlapping excerpts, each with one or two codings) is
written as a ``.qdpx`` and then:

- ``qdpx_import``: ``siaran.casework.refiqda.import_qdpx`` into a fresh workspace (parse,
  schema validation, bulk insert, audit entry);
- ``qdpx_export``: ``export_qdpx`` of that workspace (read, build XML, validate, zip);
- ``matrices``: ``case_matrix`` + ``triangulation_matrix`` + ``cooccurrence`` on it.

``floor_seconds`` for every row: ``lxml.etree.fromstring`` of the same ``project.qde``, plain
XML parsing, the least any reader of the file must spend. There is no baseline (no other tool
runs here). Goal: each under 5 seconds at full size. A benchmark reports; it never fails on speed.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any, Final

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOAL_SECONDS: Final = 5.0
WORDS: Final = [
    "halo",
    "kak",
    "selamat",
    "datang",
    "live",
    "hari",
    "ini",
    "opak",
    "asli",
    "proses",
    "produksi",
    "buruan",
    "checkout",
    "stok",
    "terbatas",
    "reseller",
    "afiliasi",
    "admin",
    "host",
    "jawab",
    "komen",
    "ongkir",
    "gratis",
    "diskon",
    "payday",
]


def generate(documents: int, excerpts: int, seed: int = 7) -> Any:
    from siaran.casework.refiqda.model import (
        CaseItem,
        CodeItem,
        CodingItem,
        DocumentItem,
        ExcerptItem,
        Project,
    )
    from siaran.casework.refiqda.writer import stable_guid

    rng = random.Random(seed)
    project = Project(name="bench", coders={c: stable_guid("coder", c) for c in ("a", "b", "c")})
    leaves = []
    for t in range(5):
        theme = CodeItem(stable_guid("theme", str(t)), f"Theme {t}", None, "theme")
        project.codes.append(theme)
        for c in range(5):
            code = CodeItem(stable_guid("code", f"{t}.{c}"), f"Code {t}.{c}", theme.guid, "code")
            project.codes.append(code)
            leaves.append(code.guid)
    kinds = ("interview", "observation", "published_case_study", "session_transcript")
    for d in range(documents):
        body = "\n".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))) for _ in range(200)
        )
        project.documents.append(
            DocumentItem(stable_guid("doc", str(d)), f"doc-{d}.txt", kinds[d % 4], "txt", body)
        )
    for c in range(20):
        project.cases.append(
            CaseItem(stable_guid("case", str(c)), f"Case {c}",
                     documents=[doc.guid for doc in project.documents[c::20]])
        )  # fmt: skip
    for e in range(excerpts):
        doc = project.documents[e % documents]
        assert doc.text is not None
        start = rng.randrange(0, len(doc.text) - 400)
        end = start + rng.randint(20, 400)
        coder = rng.choice(("a", "b", "c"))
        codings = [
            CodingItem(stable_guid("coding", str(e), str(k)), code, coder)
            for k, code in enumerate(rng.sample(leaves, rng.choice((1, 1, 2))))
        ]
        project.excerpts.append(
            ExcerptItem(stable_guid("excerpt", str(e)), doc.guid, start, end, coder,
                        doc.text[start:end], None, codings)
        )  # fmt: skip
    return project


def write_qdpx(project: Any, path: Path) -> bytes:
    from lxml import etree

    from siaran.casework.refiqda.writer import project_xml, source_path

    qde = etree.tostring(project_xml(project), xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for doc in project.documents:
            archive.writestr(f"sources/{source_path(doc.guid)}", doc.text.encode("utf-8"))
    return bytes(qde)


def _best(fn: Any, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def run(documents: int, excerpts: int) -> list[dict[str, Any]]:
    from lxml import etree

    from siaran import casework as cw
    from siaran.casework.refiqda import export_qdpx, import_qdpx
    from siaran.workspace import Workspace

    project = generate(documents, excerpts)
    codings = sum(len(e.codings) for e in project.excerpts)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        qde = write_qdpx(project, folder / "in.qdpx")
        floor = _best(lambda: etree.fromstring(qde), 3)
        with Workspace.create(folder / "ws") as ws:
            started = time.perf_counter()
            import_qdpx(ws, folder / "in.qdpx", actor="bench")
            imported = time.perf_counter() - started
            assert len(cw.list_excerpts(ws)) == excerpts
            exported = _best(lambda: export_qdpx(ws, folder / "out.qdpx", actor="bench"), 1)

            def matrices() -> None:
                cw.case_matrix(ws)
                cw.triangulation_matrix(ws)
                cw.cooccurrence(ws)

            analysed = _best(matrices, 2)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    note = f"{documents} documents, {excerpts} excerpts, {codings} codings; floor: lxml parse"
    rows = []
    for name, seconds in (("qdpx_import", imported), ("qdpx_export", exported),
                          ("matrices", analysed)):  # fmt: skip
        rows.append(
            {
                "name": name,
                "n": excerpts,
                "seconds": seconds,
                "floor_seconds": floor,
                "baseline_seconds": None,
                "floor_ratio": seconds / floor if floor else None,
                "baseline_speedup": None,
                "peak_rss_mb": round(peak, 1),
                "verdict": "PASS" if seconds < GOAL_SECONDS else "MISS",
                "note": note,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--excerpts", type=int, default=50_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = run(args.documents, args.excerpts)
    if args.json:
        print(json.dumps(rows))
        return
    for row in rows:
        print(
            f"{row['name']:<12} {row['seconds']:8.2f} s  floor {row['floor_seconds']:.2f} s  "
            f"x{row['floor_ratio']:.1f}  {row['verdict']}  ({row['note']})"
        )


if __name__ == "__main__":
    main()
