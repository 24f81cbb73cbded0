"""``siaran excerpt``: coding spans of documents and removing codings."""

from __future__ import annotations

from typing import Annotated

import typer

from siaran.cli.casework.groups import (
    ActorOption,
    CaseFilterOption,
    CodeFilterOption,
    CoderFilterOption,
    DocumentArgument,
    RationaleOption,
    excerpt_app,
)
from siaran.cli.casework.printing import print_one, print_table
from siaran.cli.common import open_workspace
from siaran.cli.options import FormatOption, WorkspaceOption
from siaran.cli.output import OutputFormat
from siaran.errors import UsageError

EXCERPT_COLUMNS = ("id", "document", "start", "end", "coder", "codes", "quote")


@excerpt_app.command("list")
def excerpt_list(
    workspace: WorkspaceOption = None,
    document: Annotated[
        str | None, typer.Option("--doc", "-d", help="Only this document. / Hanya dokumen ini.")
    ] = None,
    code: CodeFilterOption = None,
    case: CaseFilterOption = None,
    coder: CoderFilterOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List excerpts (by document, code, case or coder). / Daftar kutipan."""
    from siaran.casework import list_excerpts

    with open_workspace(workspace) as ws:
        found = list_excerpts(ws, document=document, code=code, case=case, coder=coder)
    print_table(found, fmt, EXCERPT_COLUMNS)


@excerpt_app.command("add")
def excerpt_add(
    document: DocumentArgument,
    code: Annotated[
        list[str], typer.Option("--code", "-k", help="Code(s) to apply. / Kode yang diterapkan.")
    ],
    start: Annotated[
        int | None,
        typer.Option("--start", help="First code point (from 0). / Titik kode pertama (dari 0)."),
    ] = None,
    end: Annotated[
        int | None,
        typer.Option(
            "--end", help="End code point (exclusive). / Titik kode akhir (tidak termasuk)."
        ),
    ] = None,
    quote: Annotated[
        str | None,
        typer.Option("--quote", "-q", help="Or: the text to code. / Atau: teks yang dikode."),
    ] = None,
    occurrence: Annotated[
        int,
        typer.Option(
            "--occurrence",
            min=1,
            help=(
                "Which occurrence of --quote (1 = first). / "
                "Kemunculan --quote yang ke berapa (1 = pertama)."
            ),
        ),
    ] = 1,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Code a span of a document. / Kode satu bagian dokumen."""
    from siaran.casework import add_excerpt, document_text, find_span

    with open_workspace(workspace) as ws:
        if quote is not None:
            body = document_text(ws, document) or ""
            start, end = find_span(body, quote, occurrence)
        if start is None or end is None:
            raise UsageError("casework.excerpt.span_options")
        print_one(
            add_excerpt(ws, document, start, end, code, coder=actor, rationale=rationale), fmt
        )


@excerpt_app.command("remove")
def excerpt_remove(
    excerpt: Annotated[int, typer.Argument(help="Excerpt number. / Nomor kutipan.")],
    code: CodeFilterOption = None,
    coder: CoderFilterOption = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Uncode an excerpt (one code or all). / Hapus kode dari kutipan."""
    from siaran.casework import uncode

    with open_workspace(workspace) as ws:
        found = uncode(ws, excerpt, code=code, coder=coder, actor=actor, rationale=rationale)
    print_one(found, fmt)
