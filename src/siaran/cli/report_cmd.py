"""``siaran report`` and ``siaran demo``: the offline report, and the demo that builds a
workspace and writes one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from siaran.cli.common import (
    app,
    as_date,
    open_workspace,
    state,
    stdout,
)
from siaran.cli.kpi_cmd import print_comparison
from siaran.cli.options import (
    EndOption,
    FormatOption,
    WindowOption,
    WorkspaceOption,
    lang_opt,
    out_opt,
)
from siaran.cli.output import OutputFormat
from siaran.i18n import resolve_lang, text
from siaran.workspace import Workspace


@app.command("report")
def report_command(
    out: Annotated[Path, out_opt("HTML file to write. / Berkas HTML yang ditulis.")],
    workspace: WorkspaceOption = None,
    window: WindowOption = 28,
    end: EndOption = None,
    report_lang: Annotated[
        str | None,
        lang_opt(
            "Report language: id or en (default: the messages' language). / Bahasa "
            "laporan: id atau en (bawaan: bahasa pesan)."
        ),
    ] = None,
) -> None:
    """Write the offline HTML report. / Tulis laporan HTML offline."""
    from siaran.cli.progress import terminal_progress
    from siaran.report.html import ReportOptions, write_report

    lang = resolve_lang(report_lang) if report_lang else state.lang
    with open_workspace(workspace) as ws, terminal_progress(None, state.lang) as progress:
        options = ReportOptions(
            lang=lang, window_days=window, end=as_date(end), engine=state.engine
        )
        written = write_report(ws, out, options, progress=progress)
    stdout.print(text("cli.report_written", state.lang, path=str(written)))


@app.command("demo")
def demo_command(
    workspace: Annotated[
        Path,
        typer.Option(
            "-w", "--workspace", help="Folder for the demo workspace. / Folder workspace demo."
        ),
    ] = Path("siaran-demo"),
    out: Annotated[
        Path | None,
        out_opt(
            "Report file (default: report.html in the workspace). / Berkas laporan "
            "(bawaan: report.html di workspace)."
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Build a demo workspace from a synthetic cohort, compare, write the report. / Buat
    workspace demo dari kohort sintetis, bandingkan, tulis laporan."""
    from siaran.cli.progress import terminal_progress
    from siaran.demo.build import build_demo_workspace
    from siaran.demo.plan import write_demo_plan
    from siaran.metrics.compare import compare_accounts
    from siaran.report.html import ReportOptions, write_report

    with terminal_progress(fmt, state.lang) as progress:
        summary = build_demo_workspace(workspace, progress=progress)
        with Workspace.open(workspace) as ws:
            result = compare_accounts(ws, engine=state.engine)
            report_path = write_report(
                ws,
                out or workspace / "report.html",
                ReportOptions(lang=state.lang, engine=state.engine),
                progress=progress,
            )
            plan = write_demo_plan(
                ws, (out or workspace / "report.html").parent, state.lang, engine=state.engine
            )
    print_comparison(result, fmt)
    if fmt is OutputFormat.table:
        stdout.print()
        stdout.print(
            text(
                "cli.demo_done",
                state.lang,
                path=str(workspace),
                accounts=summary.accounts,
                sessions=summary.sessions,
                report=str(report_path),
            )
        )
        stdout.print(
            text("plan.written", state.lang, path=str(plan.path), json=str(plan.json_path))
        )
