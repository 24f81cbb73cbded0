"""``siaran case``: cases of a multiple-case study, their attributes and accounts."""

from __future__ import annotations

from typing import Annotated

import typer

from siaran.cli.casework.groups import ActorOption, CaseArgument, RationaleOption, case_app
from siaran.cli.casework.printing import print_one, print_table
from siaran.cli.common import open_workspace
from siaran.cli.options import FormatOption, WorkspaceOption
from siaran.cli.output import OutputFormat
from siaran.errors import UsageError

CASE_COLUMNS = ("id", "name", "attributes", "accounts", "documents")


def parse_attributes(values: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    attributes, types = {}, {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError("casework.attribute.bad_option", value=item)
        name, _, kind = name.partition(":")
        attributes[name.strip()] = value
        if kind:
            types[name.strip()] = kind.strip()
    return attributes, types


CaseDescriptionOption = Annotated[
    str | None, typer.Option("--description", help="What the case is. / Keterangan kasus.")
]
UnlinkOption = Annotated[
    bool, typer.Option("--unlink", help="Remove the link instead. / Hapus tautannya.")
]


@case_app.command("list")
def case_list(
    workspace: WorkspaceOption = None,
    case_set: Annotated[
        str | None, typer.Option("--set", help="Only this case set. / Hanya kelompok kasus ini.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List cases with attributes and linked accounts. / Daftar kasus."""
    from siaran.casework import list_cases

    with open_workspace(workspace) as ws:
        print_table(list_cases(ws, case_set=case_set), fmt, CASE_COLUMNS)


@case_app.command("add")
def case_add(
    name: Annotated[str, typer.Argument(help="Case name. / Nama kasus.")],
    attr: Annotated[
        list[str] | None,
        typer.Option(
            "--attr",
            help=(
                "NAME=VALUE or NAME:TYPE=VALUE (text, integer, float, boolean, date). / "
                "NAMA=NILAI atau NAMA:JENIS=NILAI (text, integer, float, boolean, date)."
            ),
        ),
    ] = None,
    account: Annotated[
        list[str] | None,
        typer.Option("--account", "-a", help="Account handles to link. / Akun yang ditautkan."),
    ] = None,
    description: CaseDescriptionOption = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add a case. / Tambah kasus."""
    from siaran.casework import add_case

    attributes, types = parse_attributes(attr or [])
    with open_workspace(workspace) as ws:
        case = add_case(
            ws,
            name,
            description=description,
            attributes=attributes,
            types=types,
            accounts=account or [],
            actor=actor,
            rationale=rationale,
        )
    print_one(case, fmt)


@case_app.command("show")
def case_show(
    case: CaseArgument,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show one case. / Tampilkan satu kasus."""
    from siaran.casework import get_case

    with open_workspace(workspace) as ws:
        print_one(get_case(ws, case), fmt)


@case_app.command("set")
def case_set_attribute(
    case: CaseArgument,
    attribute: Annotated[
        str,
        typer.Argument(
            help=(
                "NAME=VALUE or NAME:TYPE=VALUE; NAME= clears. / "
                "NAMA=NILAI atau NAMA:JENIS=NILAI; NAMA= mengosongkan."
            )
        ),
    ],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Set or clear an attribute of a case. / Ubah atribut kasus."""
    from siaran.casework import set_attribute

    values, types = parse_attributes([attribute])
    ((name, value),) = values.items()
    with open_workspace(workspace) as ws:
        found = set_attribute(
            ws,
            case,
            name,
            value if value != "" else None,
            kind=types.get(name),
            actor=actor,
            rationale=rationale,
        )
    print_one(found, fmt)


@case_app.command("link")
def case_link(
    case: CaseArgument,
    account: Annotated[
        str,
        typer.Argument(
            help=(
                "Account handle, as in `siaran sessions`. / "
                "Nama akun, seperti di `siaran sessions`."
            )
        ),
    ],
    unlink: UnlinkOption = False,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Link a platform account to a case (or --unlink). / Tautkan akun ke kasus."""
    from siaran.casework import link_account

    with open_workspace(workspace) as ws:
        found = link_account(ws, case, account, unlink=unlink, actor=actor, rationale=rationale)
    print_one(found, fmt)


@case_app.command("load-example")
def case_load_example(
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Load the study's ten cases (published attributes only). / Muat sepuluh kasus studi."""
    from siaran.casework import load_example_cases

    with open_workspace(workspace) as ws:
        print_table(load_example_cases(ws, actor=actor), fmt, CASE_COLUMNS)
