"""``siaran memo``: memos and the reflexive journal."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from siaran.cli.casework.groups import ActorOption, RationaleOption, memo_app
from siaran.cli.casework.printing import print_one, print_table
from siaran.cli.common import open_workspace
from siaran.cli.options import FormatOption, WorkspaceOption
from siaran.cli.output import OutputFormat


class MemoKind(StrEnum):
    project = "project"
    case = "case"
    document = "document"
    code = "code"
    excerpt = "excerpt"
    journal = "journal"


MemoTitleOption = Annotated[
    str | None, typer.Option("--title", help="Title of the memo. / Judul memo.")
]


@memo_app.command("list")
def memo_list(
    workspace: WorkspaceOption = None,
    kind: Annotated[
        MemoKind | None,
        typer.Option("--on", help="Only memos attached to this kind. / Hanya memo pada jenis ini."),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            help=(
                "Only memos on this case, document, code or excerpt. / Hanya memo pada sasaran ini."
            ),
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List memos (--on journal: the reflexive journal). / Daftar memo."""
    from siaran.casework import list_memos

    with open_workspace(workspace) as ws:
        found = list_memos(ws, kind=kind.value if kind else None, target=target)
    print_table(found, fmt, ("id", "kind", "target", "title", "author", "created_at"))


@memo_app.command("add")
def memo_add(
    body: Annotated[str, typer.Argument(help="The memo text. / Isi memo.")],
    kind: Annotated[
        MemoKind, typer.Option("--on", help="What it is attached to. / Tempat memo dilekatkan.")
    ] = MemoKind.project,
    target: Annotated[
        str | None,
        typer.Option(
            "--target", help="Case, document, code or excerpt. / Kasus, dokumen, kode atau kutipan."
        ),
    ] = None,
    title: MemoTitleOption = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Write a memo or a journal entry. / Tulis memo atau jurnal."""
    from siaran.casework import add_memo

    with open_workspace(workspace) as ws:
        found = add_memo(
            ws, body, kind=kind.value, target=target, title=title, author=actor, rationale=rationale
        )
    print_one(found, fmt)
