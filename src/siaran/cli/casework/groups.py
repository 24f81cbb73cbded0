"""The command groups of the case-study workbench and the options its commands share."""

from __future__ import annotations

from typing import Annotated

import typer

from siaran.cli.common import command_group as _group

ActorOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        help=(
            "Who acts (coder/author); default $SIARAN_USER, else login name. / "
            "Siapa yang bertindak; bawaan $SIARAN_USER, selain itu nama login."
        ),
    ),
]
RationaleOption = Annotated[
    str | None,
    typer.Option(
        "--rationale",
        "-r",
        help="Why: recorded in the audit trail. / Alasan: dicatat di jejak audit.",
    ),
]

# What a command acts on, named the same way by every command.
CaseArgument = Annotated[str, typer.Argument(help="Case name or number. / Nama atau nomor kasus.")]
CodeArgument = Annotated[str, typer.Argument(help="Code name or number. / Nama atau nomor kode.")]
DocumentArgument = Annotated[
    str, typer.Argument(help="Document number or name. / Nomor atau nama dokumen.")
]

# Filters of the listings.
CaseFilterOption = Annotated[
    str | None,
    typer.Option("--case", "-c", help="Only documents of this case. / Hanya dokumen kasus ini."),
]
CodeFilterOption = Annotated[
    str | None, typer.Option("--code", "-k", help="Only this code. / Hanya kode ini.")
]
CoderFilterOption = Annotated[
    str | None,
    typer.Option("--coder", help="Only this coder's codings. / Hanya pengodean pengode ini."),
]

# What a code says about itself (code add, code update).
CodeDescriptionOption = Annotated[
    str | None, typer.Option("--description", "-d", help="What the code means. / Arti kode.")
]
InclusionOption = Annotated[
    str | None, typer.Option("--include", help="Inclusion note. / Catatan inklusi.")
]
ExclusionOption = Annotated[
    str | None, typer.Option("--exclude", help="Exclusion note. / Catatan eksklusi.")
]
ColorOption = Annotated[
    str | None, typer.Option("--color", help="Colour #RRGGBB. / Warna #RRGGBB.")
]
DocumentsFilterOption = Annotated[
    list[str] | None,
    typer.Option("--doc", "-d", help="Only these documents. / Hanya dokumen ini."),
]
KeywordOption = Annotated[
    list[str] | None,
    typer.Option(
        "--keyword",
        "-k",
        help=(
            "Keyword for coding suggestions (repeat). / Kata kunci untuk saran pengodean (ulangi)."
        ),
    ),
]


case_app = _group("case", "Cases of a multiple-case study. / Kasus studi kasus multipel.")
doc_app = _group("doc", "Documents to code. / Dokumen yang dikode.")
code_app = _group("code", "The codebook: themes and codes. / Buku kode: tema dan kode.")
excerpt_app = _group("excerpt", "Coded excerpts. / Kutipan berkode.")
memo_app = _group("memo", "Memos and the reflexive journal. / Memo dan jurnal refleksif.")
suggest_app = _group("suggest", "Coding suggestions to accept or reject. / Saran pengodean.")
audit_app = _group("audit", "The hash-chained audit trail. / Jejak audit berantai hash.")
qdpx_app = _group("qdpx", "REFI-QDA projects (.qdpx). / Proyek REFI-QDA.")
qdc_app = _group("qdc", "REFI-QDA codebooks (.qdc). / Buku kode REFI-QDA.")
taguette_app = _group("taguette", "Taguette project files. / Berkas proyek Taguette.")
