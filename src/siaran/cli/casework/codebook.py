"""``siaran code``: the codebook of themes and codes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, TypedDict

import typer

from siaran.cli.casework.groups import (
    ActorOption,
    CodeArgument,
    CodeDescriptionOption,
    ColorOption,
    ExclusionOption,
    InclusionOption,
    KeywordOption,
    RationaleOption,
    code_app,
)
from siaran.cli.casework.printing import print_one, print_table
from siaran.cli.common import open_workspace
from siaran.cli.option_groups import takes_group
from siaran.cli.options import FormatOption, WorkspaceOption
from siaran.cli.output import OutputFormat

CODE_COLUMNS = ("id", "path", "codings", "coders", "color", "description")

NewParentOption = Annotated[
    str | None,
    typer.Option(
        "--under",
        help=(
            "New parent (path, name, number or guid); none, or no --under: make it a theme."
            " / Induk baru (jalur, nama, nomor atau guid); none, atau tanpa --under: jadi tema."
        ),
    ),
]


@code_app.command("list")
def code_list(workspace: WorkspaceOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List the codebook in order, with usage. / Daftar buku kode."""
    from siaran.casework import list_codes

    with open_workspace(workspace) as ws:
        print_table(list_codes(ws), fmt, CODE_COLUMNS)


class CodeText(TypedDict):
    """What a code says about itself, as the codebook functions take it."""

    description: str | None
    inclusion: str | None
    exclusion: str | None
    color: str | None


@dataclass(frozen=True)
class CodeEditOptions:
    """The options ``code add`` and ``code update`` both take: what the code says about
    itself, and where, by whom, why and how the edit is made and shown."""

    description: CodeDescriptionOption = None
    inclusion: InclusionOption = None
    exclusion: ExclusionOption = None
    color: ColorOption = None
    keyword: KeywordOption = None
    workspace: WorkspaceOption = None
    actor: ActorOption = None
    rationale: RationaleOption = None
    fmt: FormatOption = OutputFormat.table

    def text(self) -> CodeText:
        return CodeText(
            description=self.description,
            inclusion=self.inclusion,
            exclusion=self.exclusion,
            color=self.color,
        )


@code_app.command("add")
@takes_group(CodeEditOptions, "edit")
def code_add(
    name: Annotated[str, typer.Argument(help="Code name. / Nama kode.")],
    parent: Annotated[
        str | None, typer.Option("--under", help="Parent theme/code. / Tema/kode induk.")
    ] = None,
    edit: CodeEditOptions = CodeEditOptions(),
) -> None:
    """Add a theme (no --under) or a code. / Tambah tema atau kode."""
    from siaran.casework import add_code

    with open_workspace(edit.workspace) as ws:
        found = add_code(
            ws,
            name,
            parent=parent,
            **edit.text(),
            keywords=edit.keyword or [],
            actor=edit.actor,
            rationale=edit.rationale,
        )
    print_one(found, edit.fmt)


@code_app.command("update")
@takes_group(CodeEditOptions, "edit")
def code_update(code: CodeArgument, edit: CodeEditOptions = CodeEditOptions()) -> None:
    """Change a code's description, notes, colour or keywords. / Ubah keterangan kode."""
    from siaran.casework import update_code

    with open_workspace(edit.workspace) as ws:
        found = update_code(
            ws,
            code,
            **edit.text(),
            keywords=edit.keyword,
            actor=edit.actor,
            rationale=edit.rationale,
        )
    print_one(found, edit.fmt)


@code_app.command("rename")
def code_rename(
    code: CodeArgument,
    new_name: Annotated[str, typer.Argument(help="The new name. / Nama baru.")],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Rename a code. / Ganti nama kode."""
    from siaran.casework import rename_code

    with open_workspace(workspace) as ws:
        print_one(rename_code(ws, code, new_name, actor=actor, rationale=rationale), fmt)


@code_app.command("move")
def code_move(
    code: CodeArgument,
    parent: NewParentOption = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Move a code under another parent. / Pindahkan kode."""
    from siaran.casework import move_code

    # "none" is the documented word for "no parent"; a code named "none" is reached by number.
    new_parent = None if parent is None or parent.strip().lower() == "none" else parent
    with open_workspace(workspace) as ws:
        print_one(move_code(ws, code, new_parent, actor=actor, rationale=rationale), fmt)


@code_app.command("merge")
def code_merge(
    source: Annotated[str, typer.Argument(help="Code to merge away. / Kode yang digabungkan.")],
    into: Annotated[
        str,
        typer.Argument(help="Code that receives its excerpts. / Kode yang menerima kutipannya."),
    ],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Merge a code into another; its excerpts follow. / Gabungkan kode."""
    from siaran.casework import merge_codes

    with open_workspace(workspace) as ws:
        print_one(merge_codes(ws, source, into, actor=actor, rationale=rationale), fmt)


@code_app.command("split")
def code_split(
    code: CodeArgument,
    new_name: Annotated[
        str, typer.Argument(help="Name of the new sibling code. / Nama kode saudara yang baru.")
    ],
    excerpt: Annotated[
        list[int],
        typer.Option("--excerpt", "-e", help="Excerpts that move. / Kutipan yang dipindah."),
    ],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Split chosen excerpts off into a new code. / Pecah kode."""
    from siaran.casework import split_code

    with open_workspace(workspace) as ws:
        print_one(split_code(ws, code, new_name, excerpt, actor=actor, rationale=rationale), fmt)


@code_app.command("remove")
def code_remove(
    code: CodeArgument,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
) -> None:
    """Remove an unused code. / Hapus kode yang tidak dipakai."""
    from siaran.casework import remove_code

    with open_workspace(workspace) as ws:
        remove_code(ws, code, actor=actor, rationale=rationale)


class Starter(StrEnum):
    study = "study"
    aida = "aida"
    seven_p = "7p"


@code_app.command("load")
def code_load(
    starter: Annotated[
        Starter,
        typer.Argument(help="study (five themes), aida or 7p. / study (lima tema), aida atau 7p."),
    ],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Load a starter codebook. / Muat buku kode awal."""
    from siaran.casework import load_starter_codebook

    with open_workspace(workspace) as ws:
        print_table(load_starter_codebook(ws, starter.value, actor=actor), fmt, CODE_COLUMNS)
