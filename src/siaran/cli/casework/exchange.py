"""``siaran qdpx``, ``siaran qdc``, ``siaran taguette`` and ``siaran code import|export``:
exchange of projects and codebooks with other qualitative tools."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from siaran.cli.casework.groups import ActorOption, code_app, qdc_app, qdpx_app, taguette_app
from siaran.cli.common import open_workspace, state, stdout
from siaran.cli.option_groups import takes_group
from siaran.cli.options import FormatOption, LimitOption, WorkspaceOption
from siaran.cli.output import OutputFormat, print_json
from siaran.i18n import text

if TYPE_CHECKING:
    from siaran.casework.refiqda import ImportReport
    from siaran.casework.refiqda.exporter import ExportJson, ExportReport
    from siaran.ingest.limits import ImportLimits
    from siaran.progress import Progress
    from siaran.workspace import Workspace

PathsAsTreeOption = Annotated[
    bool | None,
    typer.Option(
        "--paths-as-tree/--no-paths-as-tree",
        help=(
            "Code names with '/' become a code tree (default: on for Taguette's files). / "
            "Nama kode dengan '/' menjadi pohon kode (bawaan: aktif untuk berkas Taguette)."
        ),
    ),
]


def _print_import(report: ImportReport, fmt: OutputFormat) -> None:
    data = report.to_dict(state.lang)
    if fmt is OutputFormat.json:
        print_json(stdout, data)
        return
    stdout.print(
        text(
            "casework.cli.imported",
            state.lang,
            path=data["path"],
            project=data["project"],
            added=", ".join(f"{k} {v}" for k, v in data["added"].items()) or "—",
            present=", ".join(f"{k} {v}" for k, v in data["already_present"].items() if v) or "—",
        )
    )
    for notes, heading in (
        (data["repaired"], "casework.cli.repaired"),
        (data["changed"], "casework.cli.changed"),
        (data["not_brought_over"], "casework.cli.not_brought_over"),
    ):
        if notes:
            stdout.print(text(heading, state.lang))
            for note in notes:
                stdout.print(f"  · {note}", highlight=False)


@qdpx_app.command("export")
def qdpx_export(
    out: Annotated[
        Path, typer.Argument(help="The .qdpx file to write. / Berkas .qdpx yang ditulis.")
    ],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Export the project as REFI-QDA .qdpx (schema-validated). / Ekspor proyek."""
    from siaran.casework.refiqda import export_qdpx

    _export(
        workspace, fmt, lambda ws, progress: export_qdpx(ws, out, actor=actor, progress=progress)
    )


def _export(
    workspace: Path | None, fmt: OutputFormat, run: Callable[[Workspace, Progress], ExportReport]
) -> None:
    """Open the workspace, write one export (its progress drawn on the terminal) and print
    what it holds."""
    from siaran.cli.progress import terminal_progress

    with open_workspace(workspace) as ws, terminal_progress(fmt, state.lang) as progress:
        report = run(ws, progress)
    _print_export(report.to_dict(), fmt)


@dataclass(frozen=True)
class RefiImportOptions:
    """The options ``qdpx import`` and ``qdc import`` both take."""

    paths_as_tree: PathsAsTreeOption = None
    workspace: WorkspaceOption = None
    actor: ActorOption = None
    limit: LimitOption = None
    fmt: FormatOption = OutputFormat.table


def _import(
    options: RefiImportOptions, run: Callable[[Workspace, ImportLimits], ImportReport]
) -> None:
    """Open the workspace, run one import within its limits (as raised by ``--limit``) and
    print what was and was not brought over."""
    from siaran.ingest.limits import parse_limit_options, workspace_limits

    overrides = parse_limit_options(options.limit)
    with open_workspace(options.workspace) as ws:
        report = run(ws, workspace_limits(ws, overrides))
    _print_import(report, options.fmt)


def _print_export(data: ExportJson, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        print_json(stdout, data)
        return
    counts = ", ".join(f"{k} {v}" for k, v in data.items() if k != "path" and v)
    stdout.print(text("casework.cli.exported", state.lang, path=data["path"], counts=counts or "—"))


@qdpx_app.command("import")
@takes_group(RefiImportOptions, "options")
def qdpx_import(
    file: Annotated[
        Path,
        typer.Argument(
            help=(
                "A .qdpx (or .qde) from NVivo, ATLAS.ti, MAXQDA... / "
                "Berkas .qdpx (atau .qde) dari NVivo, ATLAS.ti, MAXQDA..."
            )
        ),
    ],
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help=(
                "Import the rest when some selections fall outside their text (they are listed). / "
                "Impor sisanya bila ada seleksi di luar teksnya (didaftar)."
            ),
        ),
    ] = False,
    options: RefiImportOptions = RefiImportOptions(),
) -> None:
    """Import a REFI-QDA project; reports what was not brought over. / Impor proyek."""
    from siaran.casework.refiqda import import_qdpx

    def run(ws: Workspace, limits: ImportLimits) -> ImportReport:
        return import_qdpx(
            ws,
            file,
            actor=options.actor,
            skip_invalid=skip_invalid,
            paths_as_tree=options.paths_as_tree,
            limits=limits,
        )

    _import(options, run)


@qdc_app.command("export")
def qdc_export(
    out: Annotated[
        Path, typer.Argument(help="The .qdc file to write. / Berkas .qdc yang ditulis.")
    ],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Export the codebook as REFI-QDA .qdc. / Ekspor buku kode."""
    from siaran.casework.refiqda import export_qdc

    _export(workspace, fmt, lambda ws, _progress: export_qdc(ws, out, actor=actor))


@qdc_app.command("import")
@takes_group(RefiImportOptions, "options")
def qdc_import(
    file: Annotated[Path, typer.Argument(help="A .qdc codebook. / Buku kode .qdc.")],
    options: RefiImportOptions = RefiImportOptions(),
) -> None:
    """Import a REFI-QDA codebook; known quirks are repaired and named. / Impor buku kode."""
    from siaran.casework.refiqda import import_qdc

    def run(ws: Workspace, limits: ImportLimits) -> ImportReport:
        return import_qdc(
            ws, file, actor=options.actor, paths_as_tree=options.paths_as_tree, limits=limits
        )

    _import(options, run)


@code_app.command("import")
def code_import(
    file: Annotated[
        Path,
        typer.Argument(
            help=(
                "A codebook: .csv (Taguette's, or path,description[,color]) or .qdc. / "
                "Buku kode: .csv (Taguette, atau path,description[,color]) atau .qdc."
            )
        ),
    ],
    paths_as_tree: PathsAsTreeOption = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import a codebook from CSV (Taguette, plain) or .qdc. / Impor buku kode."""
    from siaran.casework.codebook_csv import import_codebook_csv
    from siaran.casework.refiqda import import_qdc

    with open_workspace(workspace) as ws:
        if file.suffix.lower() == ".qdc":
            report = import_qdc(ws, file, actor=actor, paths_as_tree=paths_as_tree)
        else:
            report = import_codebook_csv(ws, file, actor=actor)
    _print_import(report, fmt)


class CodebookFormat(StrEnum):
    taguette_csv = "taguette-csv"
    qdc = "qdc"


@code_app.command("export")
def code_export(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The file to write. / Berkas yang ditulis.")
    ],
    file_format: Annotated[
        CodebookFormat,
        typer.Option(
            "--format",
            help=(
                "taguette-csv (Taguette's codebook import) or qdc. / "
                "taguette-csv (impor buku kode Taguette) atau qdc."
            ),
        ),
    ] = CodebookFormat.qdc,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
) -> None:
    """Export the codebook for another tool. / Ekspor buku kode untuk alat lain."""
    from siaran.casework.codebook_csv import export_taguette_csv
    from siaran.casework.refiqda import export_qdc

    with open_workspace(workspace) as ws:
        if file_format is CodebookFormat.taguette_csv:
            report = export_taguette_csv(ws, out, actor=actor)
        else:
            report = export_qdc(ws, out, actor=actor)
    _print_export(report.to_dict(), OutputFormat.table)


@taguette_app.command("import")
def taguette_import(
    file: Annotated[
        Path, typer.Argument(help="A Taguette project file (.sqlite3). / Berkas proyek Taguette.")
    ],
    project: Annotated[
        str | None,
        typer.Option(
            "--project",
            help=(
                "Which project (number or name) when it holds several. / "
                "Proyek mana (nomor atau nama) bila berisi beberapa."
            ),
        ),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help=(
                "Import the rest when some highlights fall outside their text. / "
                "Impor sisanya bila ada sorotan di luar teksnya."
            ),
        ),
    ] = False,
    paths_as_tree: Annotated[
        bool,
        typer.Option(
            "--paths-as-tree/--no-paths-as-tree",
            help=(
                "Tag paths with '/' become a code tree. / Jalur tag dengan '/' menjadi pohon kode."
            ),
        ),
    ] = True,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import a Taguette project: documents, tags, highlights. / Impor proyek Taguette."""
    from siaran.casework.taguette_project import import_taguette_project

    with open_workspace(workspace) as ws:
        report = import_taguette_project(
            ws,
            file,
            project=project,
            actor=actor,
            skip_invalid=skip_invalid,
            paths_as_tree=paths_as_tree,
        )
    _print_import(report, fmt)
