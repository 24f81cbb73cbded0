"""``siaran crew``: who did what in a live (set, import, list) and, per account, role
coverage and live measures with and without a dedicated interaction admin. Thin adapters over
:mod:`siaran.crew`; every sentence comes from the catalogue."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypedDict

import typer

from siaran.cli.common import command_group, open_workspace, state, stdout
from siaran.cli.options import AccountOption, FormatOption, WorkspaceOption, account_opt
from siaran.cli.output import OutputFormat, print_json, print_rows
from siaran.errors import UsageError
from siaran.formatting.fields import format_by_unit
from siaran.i18n import Lang, text

if TYPE_CHECKING:
    from siaran.crew import CrewEffect, CrewMember, LiveCrew
    from siaran.crew.effect import Split

crew_app = command_group(
    "crew",
    (
        "Crew and roles: who did what in a live, and lives with and without an interaction "
        "admin; by itself, lists the crews per live. / Kru dan peran: siapa melakukan apa di "
        "sebuah live, dan live dengan dan tanpa admin interaksi; tanpa subperintah, "
        "menampilkan kru per live."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
)

ROSTER_COLUMNS = (
    "room_id",
    "started_at",
    "host",
    "interaction_admin",
    "fulfilment",
    "product_handler",
    "co_host",
    "other",
    "account",
)
ROLE_HEADERS = {role: f"crew.role.{role}" for role in ROSTER_COLUMNS[2:8]}
SPLIT_COLUMNS = (
    "measure",
    "difference",
    "lives_with",
    "lives_without",
    "mean_with",
    "mean_without",
)


class EffectJson(TypedDict):
    """One account's crew effect as ``siaran crew effect --format json`` writes it: the
    fields of :class:`siaran.crew.CrewEffect`, its lives' measures as ``lives_detail``."""

    account: str
    lives: int
    lives_with_roster: int
    lives_with_admin: int
    coverage: list[dict[str, object]]
    splits: list[dict[str, object]]
    min_lives: int
    confidence: float
    resamples: int
    lives_detail: list[dict[str, object]]


def _roster_rows(rosters: list[LiveCrew]) -> list[dict[str, str | None]]:
    """One row per live: the people of each role in their own cell (``None``: nobody)."""
    from siaran.crew import FIXED_ROLES

    rows = []
    for r in rosters:
        row: dict[str, str | None] = {
            "room_id": r.room_id,
            "started_at": r.started_at.isoformat() if r.started_at else None,
            "account": r.account,
        }
        for role in FIXED_ROLES:
            row[role] = ", ".join(r.people(role)) or None
        others = [f"{m.label}: {m.person}" for m in r.members if m.role == "other"]
        row["other"] = "; ".join(others) or None
        rows.append(row)
    return rows


@crew_app.callback()
def crew_command(
    ctx: typer.Context,
    workspace: WorkspaceOption = None,
    account: AccountOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The crews recorded per live. / Kru yang tercatat per live."""
    if ctx.invoked_subcommand is not None:
        return
    from siaran.crew import list_crew

    with open_workspace(workspace) as ws:
        rosters = list_crew(ws, [account] if account else None)
    if not rosters and fmt is OutputFormat.table:
        stdout.print(text("crew.none", state.lang))
        return
    if fmt is OutputFormat.json:
        print_json(stdout, [row for r in rosters for row in r.rows()])
        return
    if fmt is OutputFormat.csv:
        print_rows(stdout, [row for r in rosters for row in r.rows()], fmt, lang=state.lang)
        return
    print_rows(
        stdout,
        _roster_rows(rosters),
        fmt,
        lang=state.lang,
        columns=ROSTER_COLUMNS,
        headers=ROLE_HEADERS,
    )


def _members(
    host: list[str],
    co_host: list[str],
    interaction_admin: list[str],
    fulfilment: list[str],
    product_handler: list[str],
    other: list[str],
) -> list[CrewMember]:
    from siaran.crew import member, other_member

    found = []
    for role, values in (
        ("host", host),
        ("co_host", co_host),
        ("interaction_admin", interaction_admin),
        ("fulfilment", fulfilment),
        ("product_handler", product_handler),
    ):
        for value in values:
            found += [member(role, name) for name in value.split(",") if name.strip()]
    found += [other_member(value) for value in other]
    return found


@crew_app.command("set")
def set_command(
    room_id: Annotated[str, typer.Argument(help="The live (room ID). / Live-nya (ID room).")],
    host: Annotated[
        list[str] | None,
        typer.Option("--host", help="Host(s), comma-separated. / Host, dipisah koma."),
    ] = None,
    co_host: Annotated[
        list[str] | None,
        typer.Option("--co-host", help="Co-host(s). / Co-host."),
    ] = None,
    interaction_admin: Annotated[
        list[str] | None,
        typer.Option(
            "--interaction-admin",
            help=("Who answered the comments. / Yang menjawab komentar (admin interaksi)."),
        ),
    ] = None,
    fulfilment: Annotated[
        list[str] | None,
        typer.Option(
            "--fulfilment",
            help="Who packed and shipped. / Yang mengemas dan mengirim pesanan.",
        ),
    ] = None,
    product_handler: Annotated[
        list[str] | None,
        typer.Option(
            "--product-handler",
            help="Who handled and showed the products. / Yang memegang dan menunjukkan produk.",
        ),
    ] = None,
    other: Annotated[
        list[str] | None,
        typer.Option(
            "--other",
            help=(
                "Another role as ROLE:NAME, e.g. kamera:Budi (repeatable). / Peran lain "
                "sebagai PERAN:NAMA, mis. kamera:Budi (boleh diulang)."
            ),
        ),
    ] = None,
    clear: Annotated[
        bool,
        typer.Option("--clear", help="Empty this live's crew. / Kosongkan kru live ini."),
    ] = False,
    account: Annotated[
        str | None,
        account_opt(
            "The live's account (needed when several accounts hold the room id). / Akun "
            "live ini (perlu bila ID room dipegang beberapa akun)."
        ),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Set a live's crew (replaces its earlier one). / Catat kru sebuah live (menggantikan
    yang lama)."""
    from siaran.crew import crew_account, set_crew

    members = _members(
        host or [],
        co_host or [],
        interaction_admin or [],
        fulfilment or [],
        product_handler or [],
        other or [],
    )
    if not members and not clear:
        raise UsageError("crew.nothing_to_set")
    with open_workspace(workspace) as ws:
        chosen = crew_account(ws, room_id, account)
        stored = set_crew(ws, room_id, [] if clear else members, account=chosen)
    room = room_id.strip()
    if stored is None:
        stdout.print(text("crew.cleared", state.lang, room=room, account=chosen))
        return
    listed = ", ".join(f"{m.role_text}: {m.person}" for m in stored.members)
    stdout.print(text("crew.set_done", state.lang, room=room, account=chosen, members=listed))


@crew_app.command("import")
def import_command(
    path: Annotated[
        Path,
        typer.Argument(
            help=(
                "A roster file (CSV or YAML: account, room_id, role, person). / File daftar "
                "kru (CSV atau YAML: account, room_id, role, person)."
            )
        ),
    ],
    workspace: WorkspaceOption = None,
) -> None:
    """Import the crews of many lives, all or nothing. / Impor kru banyak live, semua atau
    tidak sama sekali."""
    from siaran.crew import import_roster

    with open_workspace(workspace) as ws:
        done = import_roster(ws, path)
    stdout.print(
        text(
            "crew.imported",
            state.lang,
            path=str(path),
            rows=done.rows,
            lives=done.lives,
            accounts=", ".join(done.accounts),
        )
    )


def _split_rows(effect: CrewEffect, lang: Lang) -> list[dict[str, object]]:
    """The split as table rows: measure, group sizes and means, difference with interval or
    "too little data"."""
    from siaran.crew.wording import measure_value

    rows = []
    for split in effect.splits:
        rows.append(
            {
                "measure": text(f"crew.measure.{split.measure}", lang),
                "lives_with": split.lives_with,
                "lives_without": split.lives_without,
                "mean_with": measure_value(split.measure, split.mean_with, lang),
                "mean_without": measure_value(split.measure, split.mean_without, lang),
                "difference": _difference(split, lang),
            }
        )
    return rows


def _difference(split: Split, lang: Lang) -> str:
    from siaran.crew.wording import interval_text

    if not split.enough or split.difference is None:
        return text("crew.effect.too_little_short", lang)
    return interval_text(split, lang)


def effect_json(effect: CrewEffect) -> EffectJson:

    return EffectJson(
        account=effect.account,
        lives=effect.lives,
        lives_with_roster=effect.lives_with_roster,
        lives_with_admin=effect.lives_with_admin,
        coverage=[asdict(c) for c in effect.coverage],
        splits=[asdict(s) for s in effect.splits],
        min_lives=effect.min_lives,
        confidence=effect.confidence,
        resamples=effect.resamples,
        lives_detail=[asdict(p) for p in effect.per_live],
    )


@crew_app.command("effect")
def effect_command(
    account: AccountOption = None,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Per account: role coverage, and live measures with vs without a dedicated interaction
    admin (an association). / Per akun: cakupan peran, dan ukuran live dengan vs tanpa admin
    interaksi khusus (asosiasi)."""
    from siaran.crew import crew_accounts, crew_effect
    from siaran.crew.wording import summary_text

    with open_workspace(workspace) as ws:
        accounts = [account] if account else crew_accounts(ws)
        if account and account not in crew_accounts(ws):
            raise UsageError("crew.no_account", account=account)
        if not accounts:
            raise UsageError("crew.none")
        effects = [crew_effect(ws, a) for a in accounts]
    if fmt is OutputFormat.json:
        print_json(stdout, [effect_json(e) for e in effects])
        return
    if fmt is OutputFormat.csv:
        rows = [{"account": e.account, **asdict(s)} for e in effects for s in e.splits]
        print_rows(stdout, rows, fmt, lang=state.lang)
        return
    lang = state.lang
    for effect in effects:
        stdout.print(summary_text(effect, lang), soft_wrap=False)
        coverage = [
            {
                "role": text(f"crew.role.{c.role}", lang),
                "lives": c.lives,
                "share": format_by_unit("rate", c.share, lang),
            }
            for c in effect.coverage
        ]
        print_rows(stdout, coverage, fmt, lang=lang, title=text("crew.effect.coverage_title", lang))
        title = text(
            "crew.effect.split_title",
            lang,
            confidence=format_by_unit("rate", effect.confidence, lang),
        )
        print_rows(
            stdout, _split_rows(effect, lang), fmt, lang=lang, title=title, columns=SPLIT_COLUMNS
        )
        for split in effect.splits:
            if not split.enough:
                needs = text(
                    "crew.effect.too_little",
                    lang,
                    min=effect.min_lives,
                    with_=split.needed_with,
                    without=split.needed_without,
                )
                stdout.print(f"{text(f'crew.measure.{split.measure}', lang)}: {needs}")
        stdout.print(text("crew.effect.association", lang), soft_wrap=False)
