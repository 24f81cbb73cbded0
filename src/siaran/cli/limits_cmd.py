"""``siaran limits``: show and set the limits on what an imported file may claim."""

from __future__ import annotations

from typing import Annotated

import typer

from siaran.cli.common import app, open_workspace, state, stdout
from siaran.cli.options import FormatOption, WorkspaceOption
from siaran.cli.output import OutputFormat, print_rows
from siaran.i18n import text


@app.command("limits")
def limits_command(
    workspace: WorkspaceOption = None,
    set_values: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="NAME=VALUE",
            help=(
                "Keep a limit in the workspace (repeatable); the web import uses it too. / "
                "Simpan batas di workspace (boleh berulang); impor web juga memakainya."
            ),
            show_default=False,
        ),
    ] = None,
    reset: Annotated[
        list[str] | None,
        typer.Option(
            "--reset",
            metavar="NAME",
            help="Back to the default (repeatable). / Kembali ke bawaan (boleh berulang).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Limits on what an imported file may claim. / Batas isi berkas yang diimpor."""
    from siaran.ingest.limits import describe_limits, parse_limit_options, set_workspace_limit

    chosen = parse_limit_options(set_values)
    with open_workspace(workspace) as ws:
        for name in reset or ():
            set_workspace_limit(ws, name.strip().replace("-", "_"), None)
        for name, value in chosen.items():
            set_workspace_limit(ws, name, str(value))
        rows = [
            {
                "name": row.name,
                "value": row.value,
                "default": row.default,
                "source": row.source,
                "meaning": text(f"limits.meaning.{row.name}", state.lang),
            }
            for row in describe_limits(ws)
        ]
    print_rows(stdout, rows, fmt, lang=state.lang)
