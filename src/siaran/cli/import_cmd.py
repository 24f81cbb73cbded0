"""``siaran init`` and ``siaran import``: a workspace, and the files brought into it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from siaran.cli.common import (
    app,
    lock_wait_seconds,
    open_workspace,
    state,
    stderr,
    stdout,
    tell_waiting,
    workspace_path,
)
from siaran.cli.options import (
    FormatOption,
    LimitOption,
    WorkspaceOption,
    account_opt,
)
from siaran.cli.output import OutputFormat, print_rows
from siaran.errors import EXIT_BAD_INPUT, SiaranError
from siaran.i18n import text
from siaran.workspace import Workspace


@app.command("init")
def init_command(
    workspace: WorkspaceOption = None,
    timezone: Annotated[
        str,
        typer.Option(
            "--timezone",
            help=(
                "Local time zone of exports without an offset. / Zona waktu lokal untuk "
                "ekspor tanpa offset."
            ),
        ),
    ] = "Asia/Jakarta",
) -> None:
    """Create a workspace folder (siaran.duckdb + raw/). / Buat folder workspace."""
    path = workspace_path(workspace)
    with Workspace.create(
        path, timezone=timezone, wait=lock_wait_seconds(), on_wait=tell_waiting
    ) as ws:
        stdout.print(text("cli.init_done", state.lang, path=str(ws.path), tz=ws.timezone.key))


class FilesRefusedError(SiaranError):
    """Some files of one ``siaran import`` were refused (each reported above)."""

    exit_code = EXIT_BAD_INPUT


@app.command("import")
def import_command(
    files: Annotated[
        list[Path], typer.Argument(help="Export files to import. / Berkas ekspor yang diimpor.")
    ],
    workspace: WorkspaceOption = None,
    account: Annotated[
        str | None,
        account_opt(
            "Account handle, for exports that do not name it. / Nama akun, untuk ekspor "
            "yang tidak menyebutnya."
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            "-m",
            help=(
                "YAML mapping file for any other spreadsheet. / Berkas pemetaan YAML untuk "
                "spreadsheet lain."
            ),
        ),
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency",
            help=(
                "Currency (IDR, MYR...) for exports that do not state theirs. / Mata uang "
                "(IDR, MYR...) untuk ekspor yang tidak menyebutnya."
            ),
        ),
    ] = None,
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad",
            help=(
                "Event files: skip malformed lines (reported by line number). / Berkas event: "
                "lewati baris rusak (dilaporkan dengan nomor barisnya)."
            ),
        ),
    ] = False,
    limit: LimitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import platform exports (recognised by content). / Impor ekspor platform."""
    from siaran.cli.progress import terminal_progress
    from siaran.importing import ImportOptions, RefusedImport, import_files
    from siaran.ingest.limits import parse_limit_options, workspace_limits

    overrides = parse_limit_options(limit)
    with open_workspace(workspace) as ws, terminal_progress(fmt, state.lang) as progress:
        reports = import_files(
            ws,
            files,
            ImportOptions(
                account=account,
                mapping=mapping,
                currency=currency,
                skip_bad=skip_bad,
                limits=workspace_limits(ws, overrides),
            ),
            progress=progress,
        )
    refused = sum(isinstance(report, RefusedImport) for report in reports)
    if fmt is OutputFormat.table:
        for report in reports:
            if isinstance(report, RefusedImport):
                stderr.print(report.summary(state.lang), highlight=False)
                continue
            stdout.print(report.summary(state.lang))
            for note in report.note_texts(state.lang):
                stdout.print(f"  · {note}")
    else:
        rows = [report.to_dict(state.lang) for report in reports]
        print_rows(stdout, rows, fmt, lang=state.lang)
    if refused:
        raise FilesRefusedError("import.some_refused", refused=refused, total=len(reports))
