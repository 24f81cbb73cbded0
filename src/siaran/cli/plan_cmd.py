"""``siaran plan``: the run sheet of an account's next live, and ``siaran plan check``: a
saved plan against the live that followed.

Thin adapters over :func:`siaran.plan.make_plan`, :func:`siaran.plan.write_plan` and
:func:`siaran.plan.check_plan`. ``plan`` takes one argument (the account) or, after the word
``check``, two (the plan's JSON and the room id); an account literally named ``check`` is
written ``@check``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from siaran.cli.common import app, open_workspace, state, stdout
from siaran.cli.options import WorkspaceOption, format_opt, lang_opt, out_opt
from siaran.cli.output import OutputFormat, print_json, print_rows
from siaran.errors import BadInputError, UsageError
from siaran.i18n import Lang, resolve_lang, text

if TYPE_CHECKING:
    from siaran.plan import Plan, PlanCheck

CHECK_COLUMNS = ("item", "planned", "actual", "status", "pinned", "part")
ITEM_CHARS = 34
"""An item longer than this is cut in the table (CSV and JSON keep it whole)."""
CHECK_HEADERS = {name: f"plan.check.header.{name}" for name in CHECK_COLUMNS}


@app.command("plan")
def plan_command(
    target: Annotated[
        str,
        typer.Argument(
            help=(
                "Account handle, or check (then PLAN.json and ROOM). / Nama akun, atau check "
                "(lalu PLAN.json dan ROOM)."
            )
        ),
    ],
    rest: Annotated[
        list[str] | None,
        typer.Argument(
            help=(
                "For check: the plan's JSON file and the live's room id. / Untuk check: berkas "
                "JSON rencana dan id room live."
            )
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    date: Annotated[
        dt.datetime | None,
        typer.Option(
            "--date",
            formats=["%Y-%m-%d"],
            help=(
                "Day of the planned live (default: the day after the account's latest live). / "
                "Hari live yang direncanakan (bawaan: sehari setelah live terakhir akun)."
            ),
        ),
    ] = None,
    minutes: Annotated[
        int,
        typer.Option(
            "--minutes",
            help="Length of the planned live in minutes. / Lama live yang direncanakan (menit).",
        ),
    ] = 90,
    out: Annotated[
        Path | None,
        out_opt(
            "FILE.pdf, FILE.html or FILE.json; the JSON is always written beside it "
            "(default: plans/ACCOUNT-DATE.html in the workspace). / FILE.pdf, FILE.html "
            "atau FILE.json; JSON selalu ditulis di sebelahnya (bawaan: plans/AKUN-TANGGAL"
            ".html di workspace)."
        ),
    ] = None,
    lang: Annotated[
        str | None,
        lang_opt(
            "Language of the sheet: id or en (default: the global --lang). / Bahasa "
            "lembar: id atau en (bawaan: --lang global)."
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        format_opt("For check: table, csv or json. / Untuk check: table, csv atau json."),
    ] = OutputFormat.table,
) -> None:
    """Plan the next live, or check a plan against the live. / Rencanakan live berikutnya,
    atau bandingkan rencana dengan live."""
    chosen: Lang = resolve_lang(lang) if lang else state.lang
    extra = list(rest or [])
    if target == "check":
        if len(extra) != 2:
            raise UsageError("plan.check_usage")
        _check(Path(extra[0]), extra[1], workspace, chosen, fmt)
        return
    if extra:
        raise UsageError("plan.extra_arguments", extra=" ".join(extra))
    from siaran.cli.progress import terminal_progress
    from siaran.plan import make_plan, write_plan
    from siaran.plan.render import default_path

    with open_workspace(workspace) as ws, terminal_progress(fmt, state.lang) as progress:
        found = make_plan(
            ws, target, date=date.date() if date else None, minutes=minutes, engine=state.engine
        )
        written = write_plan(found, out or default_path(ws.path, found), chosen, progress=progress)
    stdout.print(
        text("plan.written", chosen, path=str(written.path), json=str(written.json_path)),
        soft_wrap=True,
    )


def read_plan_file(path: Path) -> Plan:
    """The plan saved at ``path``; a file that is not one is bad input naming it."""
    from siaran.files import read_input
    from siaran.plan import plan_from_json

    raw = read_input(path, "plan.bad_file")
    try:
        return plan_from_json(json.loads(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInputError("plan.bad_file", path=path, reason=str(exc)) from exc


def _check(path: Path, room: str, workspace: Path | None, lang: Lang, fmt: OutputFormat) -> None:
    from siaran.plan import check_plan

    plan = read_plan_file(path)
    with open_workspace(workspace) as ws:
        found = check_plan(ws, plan, room, engine=state.engine)
    if fmt is OutputFormat.json:
        print_json(stdout, found.to_json())
        return
    print_check(found, lang, fmt)


def crew_item(role: str, lang: Lang) -> str:
    """A crew row's role as a person reads it (``other:<label>``: the label)."""
    if role.startswith("other:"):
        return role.removeprefix("other:")
    return text(f"crew.role.{role}", lang)


def check_rows(
    found: PlanCheck, lang: Lang, *, cut: bool = False
) -> list[dict[str, str | float | None]]:
    rows: list[dict[str, str | float | None]] = []
    for row in found.rows:
        item = row.item
        if row.part == "phase":
            item = text(f"talk.phase.{row.item}", lang)
        elif row.part == "scorecard" and row.item != "score":
            item = text(f"talk.check.{row.item}", lang)
        elif row.part in ("timeline", "scorecard"):
            item = text(f"plan.check.item.{row.item}", lang)
        elif row.part == "crew":
            item = crew_item(row.item, lang)
        if cut and len(item) > ITEM_CHARS:
            item = item[: ITEM_CHARS - 1] + "…"
        status = row.status
        key = (
            f"talk.status.{status}"
            if row.part == "scorecard" and status != "measured"
            else f"plan.check.status.{status}"
        )
        rows.append(
            {
                "part": text(f"plan.check.part.{row.part}", lang),
                "item": item,
                "planned": row.planned,
                "actual": row.actual,
                "status": text(key, lang),
                "pinned": row.pinned,
            }
        )
    return rows


def print_check(found: PlanCheck, lang: Lang, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.table:
        stdout.print(
            text("plan.check.title", lang, account=found.account, room=found.room_id),
            soft_wrap=False,
        )
    print_rows(
        stdout,
        check_rows(found, lang, cut=fmt is OutputFormat.table),
        fmt,
        lang=lang,
        columns=CHECK_COLUMNS,
        headers=CHECK_HEADERS,
    )
    if fmt is OutputFormat.table:
        for key in found.unknown:
            stdout.print("- " + text(key, lang))
