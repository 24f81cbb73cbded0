"""``siaran sessions``, ``siaran kpi`` and ``siaran compare``: the lives, their KPIs over a window,
and what the accounts' practices have to do with their results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from siaran.cli.common import (
    app,
    as_date,
    open_workspace,
    state,
    stdout,
)
from siaran.cli.options import (
    AccountOption,
    AccountsOption,
    AllOption,
    ColumnsOption,
    EndOption,
    FormatOption,
    WindowOption,
    WorkspaceOption,
)
from siaran.cli.output import ColumnChoice, OutputFormat, print_json, print_rows
from siaran.formatting import to_csv
from siaran.i18n import text

if TYPE_CHECKING:
    from siaran.metrics.compare import Comparison


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


def print_comparison(
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
    print_comparison(result, fmt, ColumnChoice.of(columns, every_column))
