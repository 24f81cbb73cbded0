"""``siaran coaching`` (record coaching sessions) and ``siaran programme`` (the training-needs
matrix, the programme's impact, the funder's report).

Thin adapters over :mod:`siaran.programme`; every sentence comes from the catalogue.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from siaran.cli.common import command_group, open_workspace, state, stdout
from siaran.cli.options import FormatOption, WorkspaceOption, kpi_opt, lang_opt, out_opt
from siaran.cli.output import OutputFormat, print_json, print_rows
from siaran.i18n import Lang, text

if TYPE_CHECKING:
    from siaran.programme import CoachingSession

coaching_app = command_group(
    "coaching", "Coaching sessions per account. / Sesi pendampingan per akun."
)
programme_app = command_group(
    "programme",
    "The programme's view: training needs, impact, report. / "
    "Pandangan program: kebutuhan pelatihan, dampak, laporan.",
)

SESSION_COLUMNS = ("date", "account", "topic", "coach", "note")
IMPACT_COLUMNS = ("area", "kpi", "relative", "ci_low", "ci_high", "p_value", "verdict")


class LangChoice(StrEnum):
    id = "id"
    en = "en"


def _print_sessions(found: list[CoachingSession], fmt: OutputFormat) -> None:
    rows: list[dict[str, Any]] = [dict(s.to_json()) for s in found]
    print_rows(stdout, rows, fmt, lang=state.lang, columns=SESSION_COLUMNS)


@coaching_app.command("add")
def add_command(
    account: Annotated[str, typer.Argument(help="Account coached. / Akun yang didampingi.")],
    date: Annotated[
        dt.datetime,
        typer.Option(
            "--date", formats=["%Y-%m-%d"], help="Day of the session. / Tanggal sesi (YYYY-MM-DD)."
        ),
    ],
    topic: Annotated[
        str,
        typer.Option(
            "--topic",
            help=("Capability area, e.g. conversion. / Area kemampuan, mis. conversion."),
        ),
    ],
    coach: Annotated[str, typer.Option("--coach", help="Coach's name. / Nama pendamping.")],
    note: Annotated[
        str | None, typer.Option("--note", help="What was covered. / Apa yang dibahas.")
    ] = None,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Record one coaching session. / Catat satu sesi pendampingan."""
    from siaran.programme import CoachingSession, add_session

    with open_workspace(workspace) as ws:
        found = add_session(ws, CoachingSession(account, date.date(), topic, coach, note))
    _print_sessions([found], fmt)


@coaching_app.command("import")
def import_command(
    path: Annotated[
        Path,
        typer.Argument(
            help=(
                "Sessions CSV: account,date,topic,coach[,note]. / "
                "CSV sesi: account,date,topic,coach[,note]."
            )
        ),
    ],
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Record every session of a CSV file, all or none. / Catat semua sesi dari CSV."""
    from siaran.programme import import_sessions

    with open_workspace(workspace) as ws:
        found = import_sessions(ws, path)
    if fmt is OutputFormat.table:
        stdout.print(text("coaching.recorded", state.lang, count=len(found)), soft_wrap=False)
    _print_sessions(found, fmt)


@coaching_app.command("list")
def list_command(workspace: WorkspaceOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List recorded coaching sessions. / Daftar sesi pendampingan."""
    from siaran.programme import list_sessions

    with open_workspace(workspace) as ws:
        found = list_sessions(ws)
    _print_sessions(found, fmt)


@programme_app.command("needs")
def needs_command(
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            help=(
                "need, account or an area id (highest need first). / "
                "need, account atau id area (kebutuhan tertinggi dulu)."
            ),
        ),
    ] = "need",
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The training-needs matrix: accounts x areas. / Matriks kebutuhan pelatihan."""
    from siaran.advice import AREAS
    from siaran.programme import needs_matrix

    with open_workspace(workspace) as ws:
        found = needs_matrix(ws, sort=sort)
    if fmt is OutputFormat.json:
        print_json(stdout, found.to_json())
        return
    rows: list[dict[str, Any]] = []
    for row in found.rows:
        out: dict[str, Any] = {"account": row.account, "lives": row.n_lives}
        for cell in row.cells:
            shown = cell.need if fmt is OutputFormat.csv else _need(cell.need, state.lang)
            out[cell.area] = shown + (f" ({cell.sessions})" if cell.sessions else "")
        rows.append(out)
    headers = {area: f"advice.area.{area}" for area in AREAS}
    print_rows(stdout, rows, fmt, lang=state.lang, headers=headers)


def _need(need: str, lang: Lang) -> str:
    marks = {"high": "!!", "medium": "!", "low": "", "unknown": "?"}
    return f"{text('programme.need.' + need, lang)} {marks[need]}".strip()


@programme_app.command("impact")
def impact_command(
    kpi: Annotated[
        str,
        kpi_opt(
            "KPI of the overall impact (default gmv_per_live_hour). / "
            "KPI dampak keseluruhan (bawaan gmv_per_live_hour)."
        ),
    ] = "gmv_per_live_hour",
    window: Annotated[
        int,
        typer.Option(
            "--window",
            help=(
                "Days before and from each start that are compared. / "
                "Hari sebelum dan sejak mulai yang dibandingkan."
            ),
        ),
    ] = 28,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Coached vs not yet coached: the programme's impact. / Dampak program pendampingan."""
    from siaran.programme import programme_impact

    with open_workspace(workspace) as ws:
        found = programme_impact(ws, kpi=kpi, window_days=window)
    result = found.to_json()
    if fmt is OutputFormat.json:
        print_json(stdout, result)
        return
    rows: list[dict[str, Any]] = []
    for item in (result["overall"], *result["areas"]):
        area = item["area"]
        rows.append(
            {
                "area": area or "overall",
                "kpi": item["kpi"],
                "relative": item["relative"]["estimate"],
                "ci_low": item["relative"]["ci_low"],
                "ci_high": item["relative"]["ci_high"],
                "p_value": item["p_value"],
                "n_coached": item["n_coached"],
                "n_controls": item["n_controls"],
                "verdict": item["verdict"]["code"],
                "sentence": item["verdict"][state.lang],
            }
        )
    if fmt is OutputFormat.csv:
        print_rows(stdout, rows, fmt, lang=state.lang)
        return
    for row in rows:
        stdout.print(row["sentence"], soft_wrap=False)
    stdout.print(result["assumptions"][state.lang], soft_wrap=False)


@programme_app.command("report")
def report_command(
    out: Annotated[Path, out_opt("The PDF to write. / Berkas PDF yang ditulis.")],
    lang: Annotated[
        LangChoice | None,
        lang_opt("Report language: id or en. / Bahasa laporan: id atau en."),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """The programme report for a funder, as PDF. / Laporan program untuk penyandang dana."""
    from siaran.cli.progress import terminal_progress
    from siaran.programme.report import write_report

    chosen: Lang = "en" if (lang.value if lang else state.lang) == "en" else "id"
    with open_workspace(workspace) as ws, terminal_progress(None, state.lang) as progress:
        written = write_report(ws, out, lang=chosen, progress=progress)
    stdout.print(text("programme.report.written", state.lang, path=str(written)), soft_wrap=False)
