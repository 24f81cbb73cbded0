"""``siaran doc``: the documents a study codes."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from siaran.cli.casework.groups import (
    ActorOption,
    CaseArgument,
    CaseFilterOption,
    DocumentArgument,
    RationaleOption,
    doc_app,
)
from siaran.cli.casework.printing import print_one, print_table
from siaran.cli.common import open_workspace, stdout
from siaran.cli.options import FormatOption, WorkspaceOption
from siaran.cli.output import OutputFormat, print_json


class SourceType(StrEnum):
    interview = "interview"
    observation = "observation"
    published_case_study = "published_case_study"
    platform_analytics_note = "platform_analytics_note"
    session_transcript = "session_transcript"
    other = "other"


DOC_COLUMNS = ("id", "name", "source_type", "format", "characters", "excerpts", "cases")

DocumentNameOption = Annotated[
    str | None,
    typer.Option("--name", help="Name (one file only). / Nama (hanya untuk satu berkas)."),
]
DetachOption = Annotated[
    bool,
    typer.Option(
        "--detach", help="Remove the document from the case instead. / Lepaskan dokumen dari kasus."
    ),
]


@doc_app.command("list")
def doc_list(
    workspace: WorkspaceOption = None,
    case: CaseFilterOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List documents. / Daftar dokumen."""
    from siaran.casework import list_documents

    with open_workspace(workspace) as ws:
        print_table(list_documents(ws, case=case), fmt, DOC_COLUMNS)


@doc_app.command("add")
def doc_add(
    files: Annotated[
        list[Path],
        typer.Argument(
            help=(
                "txt, md, docx, pdf, html, srt or vtt files. / "
                "Berkas txt, md, docx, pdf, html, srt atau vtt."
            )
        ),
    ],
    source_type: Annotated[
        SourceType, typer.Option("--type", "-t", help="Source type. / Jenis sumber.")
    ],
    case: Annotated[
        list[str] | None,
        typer.Option("--case", "-c", help="Case(s) it belongs to. / Kasus pemiliknya."),
    ] = None,
    name: DocumentNameOption = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add documents (original kept in raw/). / Tambah dokumen."""
    from siaran.casework import add_document

    if name is not None and len(files) != 1:
        raise typer.BadParameter("--name needs exactly one file")
    with open_workspace(workspace) as ws:
        added = [
            add_document(
                ws,
                path,
                source_type=source_type.value,
                name=name,
                cases=case or [],
                actor=actor,
                rationale=rationale,
            )
            for path in files
        ]
    print_table(added, fmt, ("id", "name", "source_type", "format", "characters", "status"))


@doc_app.command("show")
def doc_show(
    document: DocumentArgument,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Print a document's text and its excerpts. / Tampilkan teks dokumen dan kutipannya."""
    from siaran.casework import document_text, list_excerpts
    from siaran.casework.documents import get_document

    with open_workspace(workspace) as ws:
        found = get_document(ws, document)
        body = document_text(ws, found["id"])
        excerpts = list_excerpts(ws, document=found["id"])
    if fmt is OutputFormat.json:
        print_json(stdout, {**found, "text": body, "excerpts": excerpts})
        return
    stdout.out(body if body is not None else "", highlight=False)
    print_table(excerpts, fmt, ("id", "start", "end", "coder", "codes"))


@doc_app.command("attach")
def doc_attach(
    document: DocumentArgument,
    case: CaseArgument,
    detach: DetachOption = False,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Attach a document to a case (or --detach). / Lekatkan dokumen ke kasus."""
    from siaran.casework import attach_document

    with open_workspace(workspace) as ws:
        found = attach_document(ws, document, case, detach=detach, actor=actor, rationale=rationale)
    print_one(found, fmt)


@doc_app.command("type")
def doc_type(
    document: DocumentArgument,
    source_type: Annotated[
        SourceType, typer.Argument(help="The new source type. / Jenis sumber baru.")
    ],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Change a document's source type. / Ubah jenis sumber dokumen."""
    from siaran.casework import set_source_type

    with open_workspace(workspace) as ws:
        found = set_source_type(ws, document, source_type.value, actor=actor, rationale=rationale)
    print_one(found, fmt)
