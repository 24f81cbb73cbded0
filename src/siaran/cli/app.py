"""Typer commands. Each is a thin adapter: parse options, call one public function, render.

Errors from the core are turned into messages in the user's language in exactly one place,
:func:`main`, with the exit codes of DESIGN.md (0 ok, 1 bad input, 2 usage, 3 internal).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.exceptions import Abort, Exit, TyperException

from siaran.cli.common import (
    EndOption,
    FormatOption,
    WindowOption,
    WorkspaceOption,
    app,
    as_date,
    open_workspace,
    state,
    stderr,
    stdout,
    workspace_path,
)
from siaran.cli.output import OutputFormat, print_rows, to_csv, to_json
from siaran.errors import EXIT_INTERNAL, EXIT_USAGE, SiaranError
from siaran.i18n import Lang, resolve_lang, text
from siaran.store.engine import DEFAULT_ENGINE, check_engine
from siaran.workspace import Workspace

__all__ = ["app", "main"]


@app.callback()
def _global_options(
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of messages: id or en (default $SIARAN_LANG, id)."),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="Analytics engine: duckdb (embedded, default) or spark ($SIARAN_SPARK_MASTER).",
        ),
    ] = DEFAULT_ENGINE,
) -> None:
    try:
        state.lang = resolve_lang(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from exc
    try:
        state.engine = check_engine(engine)
    except ValueError:
        raise typer.BadParameter(text("cli.unknown_engine", state.lang, engine=engine)) from None


@app.command("init")
def init_command(
    workspace: WorkspaceOption = None,
    timezone: Annotated[
        str, typer.Option("--timezone", help="Local time zone of exports without an offset.")
    ] = "Asia/Jakarta",
) -> None:
    """Create a workspace folder (siaran.duckdb + raw/). / Buat folder workspace."""
    path = workspace_path(workspace)
    with Workspace.create(path, timezone=timezone) as ws:
        stdout.print(text("cli.init_done", state.lang, path=str(ws.path), tz=ws.timezone.key))


@app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="Export files to import.")],
    workspace: WorkspaceOption = None,
    account: Annotated[
        str | None,
        typer.Option("--account", "-a", help="Account handle, for exports that do not name it."),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", "-m", help="YAML mapping file for any other spreadsheet."),
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency", help="Currency (IDR, MYR...) for exports that do not state theirs."
        ),
    ] = None,
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad", help="Event files: skip malformed lines (reported by line number)."
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import platform exports (recognised by content). / Impor ekspor platform."""
    from rich.progress import Progress

    from siaran.ingest.importer import import_files

    with open_workspace(workspace) as ws, Progress(console=stderr, transient=True) as progress:
        task = progress.add_task(text("cli.importing", state.lang), total=len(files))
        reports = import_files(
            ws,
            files,
            account=account,
            mapping=mapping,
            currency=currency,
            skip_bad=skip_bad,
            on_progress=lambda done, total, path: progress.update(task, completed=done),
        )
    if fmt is OutputFormat.table:
        for report in reports:
            stdout.print(report.summary(state.lang))
            for note in report.to_dict(state.lang)["notes"]:
                stdout.print(f"  · {note}")
        return
    rows = [report.to_dict(state.lang) for report in reports]
    print_rows(stdout, rows, fmt)


SESSION_TABLE_COLUMNS = (
    "platform",
    "account",
    "room_id",
    "started_at",
    "duration_s",
    "gmv",
    "orders",
    "views",
    "viewers",
    "watch_gpm",
    "conversion",
)


@app.command("sessions")
def sessions_command(
    workspace: WorkspaceOption = None,
    account: Annotated[str | None, typer.Option("--account", "-a")] = None,
    since: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    until: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List live sessions with canonical fields and KPIs. / Daftar sesi live."""
    from siaran.metrics.sessions import list_sessions

    with open_workspace(workspace) as ws:
        rows = list_sessions(
            ws, account=account, since=as_date(since), until=as_date(until), engine=state.engine
        )
    print_rows(stdout, rows, fmt, columns=SESSION_TABLE_COLUMNS)


ROLLUP_TABLE_COLUMNS = (
    "account",
    "platform",
    "currency",
    "sessions",
    "live_hours",
    "gmv_total",
    "gmv_mean_per_session",
    "gmv_median_per_session",
    "views_per_session",
    "gmv_per_live_hour",
    "zero_gmv_share",
)


@app.command("kpi")
def kpi_command(
    workspace: WorkspaceOption = None,
    window: WindowOption = 28,
    end: EndOption = None,
    account: Annotated[list[str] | None, typer.Option("--account", "-a")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Per-account KPIs over an N-day window (28 by default). / KPI per akun."""
    from siaran.metrics.rollups import account_rollups

    with open_workspace(workspace) as ws:
        rows = account_rollups(
            ws, window_days=window, end=as_date(end), accounts=account, engine=state.engine
        )
        print_rows(stdout, rows, fmt, columns=ROLLUP_TABLE_COLUMNS)
        if fmt is OutputFormat.table:
            from siaran.cli.events_cmd import print_event_kpis

            print_event_kpis(ws, account)


COMPARE_TABLE_COLUMNS = (
    "account",
    "currency",
    "sessions_per_28_days",
    "gmv_mean_per_session",
    "views_per_session",
    "quadrant",
)
ESTIMATE_TABLE_COLUMNS = ("account", "source", "window_end", "sessions", "gmv_mean_per_session")


def _print_comparison(result: dict[str, Any], fmt: OutputFormat) -> None:
    estimates = result.get("estimates") or []
    if fmt is OutputFormat.json:
        stdout.out(to_json(result), highlight=False)
        return
    if fmt is OutputFormat.csv:
        # Estimate rows follow the accounts, told apart by their ``basis`` ("estimate").
        rows = [*result["accounts"], *estimates]
        columns = list(dict.fromkeys(name for row in rows for name in row))
        stdout.out(to_csv(rows, columns), end="", highlight=False)
        return
    print_rows(stdout, result["accounts"], fmt, columns=COMPARE_TABLE_COLUMNS)
    stdout.print(result["verdict"][state.lang])
    for left in result["excluded"]:
        reason = text(f"compare.reason.{left['reason']}", state.lang)
        stdout.print(
            text("cli.compare_excluded", state.lang, account=left["account"], reason=reason)
        )
    if "estimates" in result:
        title = text("cli.compare_estimates", state.lang)
        print_rows(stdout, estimates, fmt, columns=ESTIMATE_TABLE_COLUMNS, title=title)


@app.command("compare")
def compare_command(
    workspace: WorkspaceOption = None,
    window: WindowOption = 28,
    end: EndOption = None,
    include_estimates: Annotated[
        bool,
        typer.Option(
            help="Also show third-party estimates, labelled as such (never used in the verdict)."
        ),
    ] = False,
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency", help="Compare the accounts in this currency (default: the largest group)."
        ),
    ] = None,
    gmv_basis: Annotated[
        str | None,
        typer.Option(
            "--gmv-basis",
            help="GMV bases compared together, e.g. attributed,revenue; unknown = not stated "
            "(default: the largest single basis).",
        ),
    ] = None,
    fx: Annotated[
        Path | None,
        typer.Option(
            "--fx", help="Rate table CSV (currency,target,rate[,date]): convert to its target."
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Do more frequent lives bring more value? / Apakah live lebih sering = nilai lebih?"""
    from siaran.metrics.compare import compare_accounts
    from siaran.metrics.money import parse_gmv_bases, read_fx_table

    rates = read_fx_table(fx) if fx is not None else None
    with open_workspace(workspace) as ws:
        result = compare_accounts(
            ws,
            window_days=window,
            end=as_date(end),
            include_estimates=include_estimates,
            engine=state.engine,
            currency=currency,
            gmv_bases=parse_gmv_bases(gmv_basis),
            fx=rates,
        )
    _print_comparison(result, fmt)


@app.command("report")
def report_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")],
    workspace: WorkspaceOption = None,
    window: WindowOption = 28,
    end: EndOption = None,
    report_lang: Annotated[
        str | None, typer.Option("--lang", help="Report language: id or en.")
    ] = None,
) -> None:
    """Write the offline HTML report. / Tulis laporan HTML offline."""
    from siaran.report.html import write_report

    lang = resolve_lang(report_lang) if report_lang else state.lang
    with open_workspace(workspace) as ws:
        written = write_report(ws, out, lang=lang, window_days=window, end=as_date(end))
    stdout.print(text("cli.report_written", state.lang, path=str(written)))


@app.command("demo")
def demo_command(
    workspace: Annotated[
        Path,
        typer.Option("-w", "--workspace", help="Folder for the demo workspace."),
    ] = Path("siaran-demo"),
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Report file (default: report.html in the workspace)."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Build a demo workspace from a synthetic cohort, compare, write the report."""
    from rich.progress import Progress

    from siaran.demo.build import build_demo_workspace
    from siaran.metrics.compare import compare_accounts
    from siaran.report.html import write_report

    with Progress(console=stderr, transient=True) as progress:
        task = progress.add_task(text("cli.demo_building", state.lang), total=None)

        def on_progress(done: int, total: int, path: Path) -> None:
            progress.update(task, completed=done, total=total)

        summary = build_demo_workspace(workspace, on_progress=on_progress)
    with Workspace.open(workspace) as ws:
        result = compare_accounts(ws, engine=state.engine)
        report_path = write_report(ws, out or workspace / "report.html", lang=state.lang)
    _print_comparison(result, fmt)
    if fmt is OutputFormat.table:
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


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and map every error to a message and an exit code."""
    lang = _peek_lang(argv if argv is not None else sys.argv[1:])
    try:
        app(args=argv, standalone_mode=False)
    except SiaranError as exc:
        stderr.print(exc.message(state.lang if state.lang else lang), highlight=False)
        raise SystemExit(exc.exit_code) from None
    except Abort:
        raise SystemExit(130) from None
    except Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except TyperException as exc:
        show = getattr(exc, "show", None)
        if callable(show):
            show(file=sys.stderr)
        else:
            stderr.print(exc.format_message(), highlight=False)
        raise SystemExit(EXIT_USAGE) from None
    except Exception as exc:  # the last line of defence: never a traceback for the user
        if os.environ.get("SIARAN_DEBUG"):
            raise
        detail = f"{type(exc).__name__}: {exc}"
        stderr.print(text("internal.error", lang, detail=detail), highlight=False)
        raise SystemExit(EXIT_INTERNAL) from None
    raise SystemExit(0)


def _peek_lang(argv: list[str]) -> Lang:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            try:
                return resolve_lang(argv[i + 1])
            except ValueError:
                break
        if arg.startswith("--lang="):
            try:
                return resolve_lang(arg.split("=", 1)[1])
            except ValueError:
                break
    try:
        return resolve_lang(None)
    except ValueError:
        return "id"


# Domain command modules register their commands on ``app`` when imported.
from siaran.cli import (  # noqa: E402
    casework,  # noqa: F401
    events_cmd,  # noqa: F401
    serve_cmd,  # noqa: F401
    talk_cmd,  # noqa: F401
)
