"""Typer commands. Each is a thin adapter: parse options, call one public function, render.

Errors from the core are turned into messages in the user's language in exactly one place,
:func:`main`, with the exit codes of docs/architecture.md (0 ok, 1 bad input, 2 usage, 3
internal).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.exceptions import Abort, Exit, TyperException

from siaran.cli.common import (
    ENGINE_COMMANDS,
    app,
    as_date,
    lock_wait_seconds,
    open_workspace,
    state,
    stderr,
    stdout,
    tell_waiting,
    workspace_path,
)
from siaran.cli.options import (
    AccountOption,
    AccountsOption,
    AllOption,
    ColumnsOption,
    EndOption,
    FormatOption,
    LimitOption,
    WindowOption,
    WorkspaceOption,
    account_opt,
    lang_opt,
    out_opt,
)
from siaran.cli.output import ColumnChoice, OutputFormat, print_json, print_rows
from siaran.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_USAGE, SiaranError, UsageError
from siaran.formatting import to_csv
from siaran.i18n import Lang, resolve_lang, text
from siaran.store.engine import DEFAULT_ENGINE, check_engine
from siaran.workspace import Workspace

if TYPE_CHECKING:
    from siaran.metrics.compare import Comparison

__all__ = ["app", "main"]


def _print_version(value: bool) -> None:
    if value:
        from siaran import __version__

        stdout.print(f"siaran {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    lang: Annotated[
        str | None,
        lang_opt(
            "Language of messages: id or en (default $SIARAN_LANG, else id). / Bahasa "
            "pesan: id atau en (bawaan $SIARAN_LANG, selain itu id)."
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help=(
                "Analytics engine: duckdb (embedded, default) or spark ($SIARAN_SPARK_MASTER), "
                "for compare, demo, kpi, matrix, report, sessions, timeline; other commands "
                "refuse spark. / Mesin analitik: duckdb (tertanam, bawaan) atau spark, untuk "
                "compare, demo, kpi, matrix, report, sessions, timeline; perintah lain menolak "
                "spark."
            ),
        ),
    ] = DEFAULT_ENGINE,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=_print_version,
            help="Print the version and exit. / Tampilkan versi lalu keluar.",
        ),
    ] = False,
) -> None:
    try:
        state.lang = resolve_lang(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from exc
    try:
        state.engine = check_engine(engine)
    except ValueError:
        raise typer.BadParameter(text("cli.unknown_engine", state.lang, engine=engine)) from None
    command = ctx.invoked_subcommand
    if state.engine != DEFAULT_ENGINE and command is not None and command not in ENGINE_COMMANDS:
        raise UsageError(
            "cli.engine_not_used",
            command=command,
            engine=state.engine,
            commands=", ".join(sorted(ENGINE_COMMANDS)),
        )


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


# The table's columns in priority order: those that fit the terminal are shown.
SESSION_TABLE_COLUMNS = (
    "started_at",
    "account",
    "gmv",
    "orders",
    "views",
    "conversion",
    "duration_s",
    "watch_gpm",
    "viewers",
    "platform",
    "room_id",
    "title",
)
DayFormats = ["%Y-%m-%d"]


@app.command("sessions")
def sessions_command(
    workspace: WorkspaceOption = None,
    account: AccountOption = None,
    since: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=DayFormats,
            help="Sessions from this day (YYYY-MM-DD). / Sesi sejak hari ini (YYYY-MM-DD).",
        ),
    ] = None,
    until: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=DayFormats,
            help="Sessions up to this day (YYYY-MM-DD). / Sesi sampai hari ini (YYYY-MM-DD).",
        ),
    ] = None,
    columns: ColumnsOption = None,
    every_column: AllOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List live sessions with canonical fields and KPIs. / Daftar sesi live."""
    from siaran.metrics.sessions import list_sessions

    with open_workspace(workspace) as ws:
        rows = list_sessions(
            ws, account=account, since=as_date(since), until=as_date(until), engine=state.engine
        )
    print_rows(
        stdout,
        rows,
        fmt,
        lang=state.lang,
        columns=SESSION_TABLE_COLUMNS,
        choice=ColumnChoice.of(columns, every_column),
    )


def rollup_table_columns(window_days: int) -> tuple[str, ...]:
    """``siaran kpi``'s columns in priority order. Over a 28-day window sessions per 28 days
    is the session count again, so it is shown only for other windows (as in the report)."""
    per_28_days = ("sessions_per_28_days",) if window_days != 28 else ()
    return (
        "account",
        "sessions",
        *per_28_days,
        "gmv_mean_per_session",
        "gmv_median_per_session",
        "views_per_session",
        "viewers_per_session",
        "zero_gmv_share",
        "gmv_per_live_hour",
        "live_hours",
        "gmv_total",
        "platform",
        "currency",
    )


@app.command("kpi")
def kpi_command(
    workspace: WorkspaceOption = None,
    window: WindowOption = 28,
    end: EndOption = None,
    account: AccountsOption = None,
    columns: ColumnsOption = None,
    every_column: AllOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Per-account KPIs over an N-day window (28 by default). / KPI per akun."""
    from siaran.metrics.rollups import account_rollups

    with open_workspace(workspace) as ws:
        rows = account_rollups(
            ws, window_days=window, end=as_date(end), accounts=account, engine=state.engine
        )
        print_rows(
            stdout,
            rows,
            fmt,
            lang=state.lang,
            columns=rollup_table_columns(window),
            choice=ColumnChoice.of(columns, every_column),
        )
        if fmt is OutputFormat.table:
            from siaran.cli.events_cmd import print_event_kpis

            print_event_kpis(ws, account)


COMPARE_TABLE_COLUMNS = (
    "account",
    "currency",
    "sessions_per_28_days",
    "gmv_mean_per_session",
    "quadrant",
    "views_per_session",
    "zero_gmv_share",
    "platform",
)
ESTIMATE_TABLE_COLUMNS = ("account", "source", "window_end", "sessions", "gmv_mean_per_session")


def _print_comparison(
    result: Comparison, fmt: OutputFormat, choice: ColumnChoice | None = None
) -> None:
    estimates = result.get("estimates") or []
    if fmt is OutputFormat.json:
        print_json(stdout, result)
        return
    if fmt is OutputFormat.csv:
        # Estimate rows follow the accounts, told apart by their ``basis`` ("estimate").
        rows = [*result["accounts"], *estimates]
        columns = list(dict.fromkeys(name for row in rows for name in row))
        stdout.write_raw(to_csv(rows, columns))
        return
    print_rows(
        stdout,
        result["accounts"],
        fmt,
        lang=state.lang,
        columns=COMPARE_TABLE_COLUMNS,
        choice=choice,
    )
    stdout.print()
    stdout.print(result["verdict"][state.lang], soft_wrap=False)
    for left in result["excluded"]:
        reason = text(f"compare.reason.{left['reason']}", state.lang)
        stdout.print(
            text("cli.compare_excluded", state.lang, account=left["account"], reason=reason),
            soft_wrap=False,
        )
    if "estimates" in result:
        title = text("cli.compare_estimates", state.lang)
        stdout.print()
        print_rows(
            stdout, estimates, fmt, lang=state.lang, columns=ESTIMATE_TABLE_COLUMNS, title=title
        )


@app.command("compare")
def compare_command(
    workspace: WorkspaceOption = None,
    window: WindowOption = 28,
    end: EndOption = None,
    include_estimates: Annotated[
        bool,
        typer.Option(
            help=(
                "Also show third-party estimates, labelled as such (never used in the "
                "verdict). / Tampilkan juga estimasi pihak ketiga, diberi label (tidak pernah "
                "dipakai dalam kesimpulan)."
            )
        ),
    ] = False,
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency",
            help=(
                "Compare the accounts in this currency (default: the largest group). / "
                "Bandingkan akun dalam mata uang ini (bawaan: kelompok terbesar)."
            ),
        ),
    ] = None,
    gmv_basis: Annotated[
        str | None,
        typer.Option(
            "--gmv-basis",
            help=(
                "GMV bases compared together, e.g. attributed,revenue; unknown = not stated "
                "(default: the largest single basis). / Basis GMV yang dibandingkan bersama, "
                "mis. attributed,revenue; unknown = tidak disebut (bawaan: satu basis "
                "terbesar)."
            ),
        ),
    ] = None,
    fx: Annotated[
        Path | None,
        typer.Option(
            "--fx",
            help=(
                "Rate table CSV (currency,target,rate[,date]): convert to its target. / "
                "Tabel kurs CSV (currency,target,rate[,date]): konversi ke mata uang target."
            ),
        ),
    ] = None,
    columns: ColumnsOption = None,
    every_column: AllOption = False,
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
    _print_comparison(result, fmt, ColumnChoice.of(columns, every_column))


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
    _print_comparison(result, fmt)
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


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and map every error to a message and an exit code."""
    lang = _peek_lang(argv if argv is not None else sys.argv[1:])
    try:
        app(args=argv, standalone_mode=False)
    except SiaranError as exc:
        stderr.print(exc.message(state.lang if state.lang else lang))
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
            stderr.print(exc.format_message())
        raise SystemExit(EXIT_USAGE) from None
    except Exception as exc:  # the last line of defence: never a traceback for the user
        if os.environ.get("SIARAN_DEBUG"):
            raise
        detail = f"{type(exc).__name__}: {exc}"
        stderr.print(text("internal.error", lang, detail=detail))
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
    advice_cmd,  # noqa: F401
    casework,  # noqa: F401
    crew_cmd,  # noqa: F401
    ecosystem_cmd,  # noqa: F401
    events_cmd,  # noqa: F401
    experiment_cmd,  # noqa: F401
    feedback_cmd,  # noqa: F401
    limits_cmd,  # noqa: F401
    ops_cmd,  # noqa: F401
    orders_cmd,  # noqa: F401
    plan_cmd,  # noqa: F401
    programme_cmd,  # noqa: F401
    serve_cmd,  # noqa: F401
    talk_cmd,  # noqa: F401
)
