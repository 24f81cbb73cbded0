"""``siaran qdpx`` and ``siaran qdc``: REFI-QDA project and codebook exchange."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from siaran.cli.casework.groups import ActorOption, qdc_app, qdpx_app
from siaran.cli.common import (
    FormatOption,
    LimitOption,
    WorkspaceOption,
    open_workspace,
    state,
    stdout,
)
from siaran.cli.output import OutputFormat, to_json
from siaran.i18n import text


def _print_import(report: Any, fmt: OutputFormat) -> None:
    data = report.to_dict(state.lang)
    if fmt is OutputFormat.json:
        stdout.out(to_json(data), highlight=False)
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
    if data["not_brought_over"]:
        stdout.print(text("casework.cli.not_brought_over", state.lang))
        for note in data["not_brought_over"]:
            stdout.print(f"  · {note}", highlight=False)


@qdpx_app.command("export")
def qdpx_export(
    out: Annotated[Path, typer.Argument(help="The .qdpx file to write.")],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Export the project as REFI-QDA .qdpx (schema-validated). / Ekspor proyek."""
    from siaran.casework.refiqda import export_qdpx

    with open_workspace(workspace) as ws:
        report = export_qdpx(ws, out, actor=actor)
    _print_export(report.to_dict(), fmt)


def _print_export(data: dict[str, Any], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        stdout.out(to_json(data), highlight=False)
        return
    counts = ", ".join(f"{k} {v}" for k, v in data.items() if k != "path" and v)
    stdout.print(text("casework.cli.exported", state.lang, path=data["path"], counts=counts or "—"))


@qdpx_app.command("import")
def qdpx_import(
    file: Annotated[Path, typer.Argument(help="A .qdpx (or .qde) from NVivo, ATLAS.ti, MAXQDA...")],
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Import the rest when some selections fall outside their text (they are listed).",
        ),
    ] = False,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import a REFI-QDA project; reports what was not brought over. / Impor proyek."""
    from siaran.casework.refiqda import import_qdpx
    from siaran.ingest.limits import parse_limit_options, workspace_limits

    overrides = parse_limit_options(limit)
    with open_workspace(workspace) as ws:
        limits = workspace_limits(ws, overrides)
        report = import_qdpx(ws, file, actor=actor, skip_invalid=skip_invalid, limits=limits)
    _print_import(report, fmt)


@qdc_app.command("export")
def qdc_export(
    out: Annotated[Path, typer.Argument(help="The .qdc file to write.")],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Export the codebook as REFI-QDA .qdc. / Ekspor buku kode."""
    from siaran.casework.refiqda import export_qdc

    with open_workspace(workspace) as ws:
        report = export_qdc(ws, out, actor=actor)
    _print_export(report.to_dict(), fmt)


@qdc_app.command("import")
def qdc_import(
    file: Annotated[Path, typer.Argument(help="A .qdc codebook.")],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import a REFI-QDA codebook. / Impor buku kode."""
    from siaran.casework.refiqda import import_qdc
    from siaran.ingest.limits import parse_limit_options, workspace_limits

    overrides = parse_limit_options(limit)
    with open_workspace(workspace) as ws:
        report = import_qdc(ws, file, actor=actor, limits=workspace_limits(ws, overrides))
    _print_import(report, fmt)
