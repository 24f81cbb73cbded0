"""``siaran experiment``: record a change, assign switchback lives, evaluate whether it worked.

Thin adapters over :mod:`siaran.experiments`; every sentence comes from the catalogue.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from siaran.cli.common import command_group, open_workspace, state, stdout
from siaran.cli.options import FormatOption, WorkspaceOption, account_opt, kpi_opt
from siaran.cli.output import OutputFormat, print_json, print_record, print_rows
from siaran.formatting.fields import format_field
from siaran.i18n import text

if TYPE_CHECKING:
    from siaran.experiments.evaluate import AccountJson, EvaluationJson
    from siaran.experiments.records import Experiment

experiment_app = command_group(
    "experiment",
    "Experiments: record a change and check whether it worked. / "
    "Eksperimen: catat perubahan dan periksa apakah berhasil.",
)

EXPERIMENT_COLUMNS = ("name", "kpi", "design", "start", "end", "accounts", "assigned_lives")
ACCOUNT_COLUMNS = ("account", "lives_before", "lives_after", "level_before", "level_after")

NameArgument = Annotated[str, typer.Argument(help="Experiment name. / Nama eksperimen.")]


class DesignChoice(StrEnum):
    before_after = "before_after"
    switchback = "switchback"


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def _print_experiment(found: Experiment, fmt: OutputFormat) -> None:
    row: dict[str, Any] = dict(found.to_json())
    if fmt is OutputFormat.json:
        print_json(stdout, {**row, "assignments": list(found.assignments)})
        return
    row["accounts"] = ", ".join(found.accounts)
    if fmt is OutputFormat.csv:
        print_rows(stdout, [row], fmt, lang=state.lang)
    else:
        print_record(stdout, row, state.lang)


@experiment_app.command("add")
def add_command(
    name: NameArgument,
    accounts: Annotated[
        str,
        typer.Option(
            "--accounts",
            "-a",
            help=(
                "Accounts that made the change, comma-separated. / "
                "Akun yang melakukan perubahan, dipisah koma."
            ),
        ),
    ],
    start: Annotated[
        dt.datetime,
        typer.Option(
            "--start",
            formats=["%Y-%m-%d"],
            help="First day with the change (YYYY-MM-DD). / Hari pertama dengan perubahan.",
        ),
    ],
    kpi: Annotated[
        str,
        kpi_opt(
            "Live-level KPI that should move, e.g. gmv_per_live_hour. / "
            "KPI per live yang diharapkan berubah, mis. gmv_per_live_hour."
        ),
    ],
    end: Annotated[
        dt.datetime | None,
        typer.Option(
            "--end",
            formats=["%Y-%m-%d"],
            help=(
                "Last day of the change (default: the latest live). / "
                "Hari terakhir perubahan (bawaan: live terakhir)."
            ),
        ),
    ] = None,
    design: Annotated[
        DesignChoice,
        typer.Option(
            "--design",
            help=(
                "before_after (with comparison accounts) or switchback (lives alternate). / "
                "before_after (dengan akun pembanding) atau switchback (live bergantian)."
            ),
        ),
    ] = DesignChoice.before_after,
    note: Annotated[
        str | None,
        typer.Option("--note", help="What was changed. / Apa yang diubah."),
    ] = None,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Record an experiment. / Catat eksperimen."""
    from siaran.experiments import add_experiment, parse_accounts

    with open_workspace(workspace) as ws:
        found = add_experiment(
            ws,
            name,
            accounts=parse_accounts(accounts),
            start=start.date(),
            end=_day(end),
            kpi=kpi,
            design=design.value,
            note=note,
        )
    _print_experiment(found, fmt)


@experiment_app.command("assign")
def assign_command(
    name: NameArgument,
    account: Annotated[str, account_opt("Account of the lives. / Akun live-live ini.")],
    with_change: Annotated[
        str | None,
        typer.Option(
            "--with-change",
            help=(
                "Room ids of lives with the change, comma-separated. / "
                "Room live dengan perubahan, dipisah koma."
            ),
        ),
    ] = None,
    without_change: Annotated[
        str | None,
        typer.Option(
            "--without-change",
            help=(
                "Room ids of lives without the change, comma-separated. / "
                "Room live tanpa perubahan, dipisah koma."
            ),
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Record which lives of a switchback had the change. / Catat live switchback."""
    from siaran.experiments import assign_lives

    def rooms(value: str | None) -> list[str]:
        return [r.strip() for r in (value or "").split(",") if r.strip()]

    treated, untreated = rooms(with_change), rooms(without_change)
    with open_workspace(workspace) as ws:
        found = assign_lives(ws, name, account, treated=treated, untreated=untreated)
    if fmt is OutputFormat.table:
        count = len(treated) + len(untreated)
        stdout.print(
            text("experiment.assigned", state.lang, count=count, account=account, name=name),
            soft_wrap=False,
        )
    _print_experiment(found, fmt)


@experiment_app.command("list")
def list_command(workspace: WorkspaceOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List recorded experiments. / Daftar eksperimen."""
    from siaran.experiments import list_experiments

    with open_workspace(workspace) as ws:
        found = list_experiments(ws)
    rows: list[dict[str, Any]] = [dict(e.to_json()) for e in found]
    if fmt is not OutputFormat.json:
        rows = [{**r, "accounts": ", ".join(r["accounts"])} for r in rows]
    print_rows(stdout, rows, fmt, lang=state.lang, columns=EXPERIMENT_COLUMNS)


@experiment_app.command("show")
def show_command(
    name: NameArgument, workspace: WorkspaceOption = None, fmt: FormatOption = OutputFormat.table
) -> None:
    """Show one experiment. / Tampilkan satu eksperimen."""
    from siaran.experiments import get_experiment

    with open_workspace(workspace) as ws:
        found = get_experiment(ws, name)
    _print_experiment(found, fmt)


@experiment_app.command("remove")
def remove_command(
    name: NameArgument, workspace: WorkspaceOption = None, fmt: FormatOption = OutputFormat.table
) -> None:
    """Remove an experiment (its lives stay). / Hapus eksperimen (live-nya tetap)."""
    from siaran.experiments import remove_experiment

    with open_workspace(workspace) as ws:
        found = remove_experiment(ws, name)
    if fmt is OutputFormat.json:
        print_json(stdout, {**found.to_json(), "removed": True})
        return
    stdout.print(text("experiment.removed", state.lang, name=name), soft_wrap=False)


def _account_rows(rows: list[AccountJson], result: EvaluationJson) -> list[dict[str, Any]]:
    shown = []
    for row in rows:
        out: dict[str, Any] = dict(row)
        for level in ("level_before", "level_after"):
            out[level] = format_field(
                result["kpi"], row[level], state.lang, currency=result["currency"]
            )
        shown.append(out)
    return shown


@experiment_app.command("evaluate")
def evaluate_command(
    name: NameArgument, workspace: WorkspaceOption = None, fmt: FormatOption = OutputFormat.table
) -> None:
    """Did the change work? Estimate, interval, verdict. / Apakah perubahan berhasil?"""
    from siaran.experiments import evaluate_experiment
    from siaran.experiments.estimate import MIN_LIVES_PER_CELL

    with open_workspace(workspace) as ws:
        result = evaluate_experiment(ws, name).to_json()
    if fmt is OutputFormat.json:
        print_json(stdout, result)
        return
    if fmt is OutputFormat.csv:
        flat = {k: v for k, v in result.items() if not isinstance(v, dict | list)}
        relative = result["relative"]
        flat |= {f"relative_{k}": v for k, v in relative.items()}
        flat["verdict"] = result["verdict"]["code"]
        print_rows(stdout, [flat], fmt, lang=state.lang)
        return
    lang = state.lang
    stdout.print(result["verdict"][lang], soft_wrap=False)
    stdout.print()
    print_rows(
        stdout,
        _account_rows(result["accounts"], result),
        fmt,
        lang=lang,
        columns=ACCOUNT_COLUMNS,
        title=text("experiment.accounts_title", lang),
    )
    if result["controls"]:
        stdout.print()
        print_rows(
            stdout,
            _account_rows(list(result["controls"]), result),
            fmt,
            lang=lang,
            columns=ACCOUNT_COLUMNS,
            title=text("experiment.controls_title", lang),
        )
    for left in result["excluded"]:
        reason = text(f"experiment.reason.{left['reason']}", lang, min_lives=MIN_LIVES_PER_CELL)
        stdout.print(
            text("experiment.excluded_line", lang, account=left["account"], reason=reason),
            soft_wrap=False,
        )
    stdout.print()
    stdout.print(result["assumptions"][lang], soft_wrap=False)
