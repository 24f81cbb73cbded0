"""``siaran matrix`` and ``siaran agreement``: cross-case analysis of the coding."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from siaran.cli.casework.groups import CoderFilterOption, DocumentsFilterOption
from siaran.cli.common import app, open_workspace, state, stdout
from siaran.cli.options import FormatOption, WorkspaceOption
from siaran.cli.output import OutputFormat, print_json, print_rows
from siaran.formatting import format_decimal, format_number
from siaran.i18n import text


class MatrixKind(StrEnum):
    cases = "cases"
    triangulation = "triangulation"
    cooccurrence = "cooccurrence"
    joint = "joint"


class MatrixLevel(StrEnum):
    theme = "theme"
    code = "code"


@app.command("matrix")
def matrix_command(
    kind: Annotated[
        MatrixKind,
        typer.Argument(
            help=(
                "cases, triangulation, cooccurrence or joint. / "
                "cases, triangulation, cooccurrence atau joint."
            )
        ),
    ] = MatrixKind.cases,
    level: Annotated[
        MatrixLevel, typer.Option("--by", help="Columns: theme or code. / Kolom: tema atau kode.")
    ] = MatrixLevel.theme,
    quotes: Annotated[
        int,
        typer.Option("--quotes", min=0, help="Quotes per cell (json). / Kutipan per sel (json)."),
    ] = 2,
    coder: CoderFilterOption = None,
    window: Annotated[
        int, typer.Option("--window", min=1, help="KPI window (joint). / Jendela KPI (joint).")
    ] = 28,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Cross-case matrices and the joint display with live KPIs. / Matriks lintas kasus."""
    from siaran.casework import case_matrix, cooccurrence, joint_display, triangulation_matrix

    with open_workspace(workspace) as ws:
        if kind is MatrixKind.cases:
            found = case_matrix(ws, level=level.value, quotes=quotes, coder=coder)
            if fmt is OutputFormat.json:
                print_json(stdout, found["rows"])
                return
            rows = [
                {"case": r["case"], **{c: cell["excerpts"] for c, cell in r["cells"].items()}}
                for r in found["rows"]
            ]
            print_rows(stdout, rows, fmt, lang=state.lang)
        elif kind is MatrixKind.triangulation:
            print_rows(stdout, triangulation_matrix(ws, coder=coder), fmt, lang=state.lang)
        elif kind is MatrixKind.cooccurrence:
            print_rows(
                stdout, cooccurrence(ws, level=level.value, coder=coder), fmt, lang=state.lang
            )
        else:
            joint = joint_display(ws, window_days=window, coder=coder, engine=state.engine)
            if fmt is OutputFormat.json:
                print_json(stdout, joint["rows"])
                return
            rows = [
                {
                    "case": r["case"],
                    **r["themes"],
                    **r["kpis"],
                    "accounts": ", ".join(r["accounts"]),
                }
                for r in joint["rows"]
            ]
            print_rows(stdout, rows, fmt, lang=state.lang)


class UncodedChoice(StrEnum):
    include = "include"
    exclude = "exclude"


@app.command("agreement")
def agreement_command(
    coder: Annotated[
        list[str] | None,
        typer.Option("--coder", help="Coders (default: all). / Pengode (bawaan: semua)."),
    ] = None,
    code: Annotated[
        list[str] | None, typer.Option("--code", "-k", help="Only these codes. / Hanya kode ini.")
    ] = None,
    document: DocumentsFilterOption = None,
    uncoded: Annotated[
        UncodedChoice,
        typer.Option(
            "--uncoded",
            help=(
                "include: uncoded text counts as agreeing on absence; exclude: only coded text. / "
                "include: teks tanpa kode dihitung sepakat; exclude: hanya teks berkode."
            ),
        ),
    ] = UncodedChoice.include,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Inter-coder agreement: kappa and alpha per code, character level. / Kesepakatan koder."""
    from siaran.casework import agreement

    with open_workspace(workspace) as ws:
        found = agreement(ws, coders=coder, codes=code, documents=document, uncoded=uncoded.value)
    if fmt is OutputFormat.json:
        print_json(stdout, found)
        return
    print_rows(
        stdout,
        found["codes"],
        fmt,
        lang=state.lang,
        columns=("code", "units", "agreement", "kappa", "alpha"),
    )
    if fmt is OutputFormat.table:
        alpha = found["pooled_alpha"]
        stdout.print(
            text(
                "casework.agreement.summary",
                state.lang,
                coders=", ".join(found["coders"]),
                documents=format_number(found["documents"], state.lang),
                units=format_number(found["units"], state.lang),
                uncoded=found["uncoded"],
                alpha=format_decimal(alpha, state.lang, decimals=3),
                count=len(found["compared_codes"]),
                code_set=text(f"casework.agreement.code_set.{found['code_set']}", state.lang),
                codes=", ".join(found["compared_codes"]) or "—",
            )
        )
