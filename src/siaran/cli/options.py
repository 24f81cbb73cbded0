"""The options many commands share, declared once: the workspace, the output format and its
columns, the account, the window of days, and the limits of an import. Their help is in both
languages, as the command reference shows it.

An option whose flags recur but whose help is the command's own (what ``--account`` selects,
what ``--out`` writes) is made by a function here given that help (``account_opt``,
``out_opt``, ...), so that its flags are spelled in one place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from siaran.cli.output import OutputFormat


def account_opt(help_text: str) -> Any:
    """``--account``/``-a``, one account or, repeated, several."""
    return typer.Option("--account", "-a", help=help_text)


def format_opt(help_text: str) -> Any:
    """``--format``/``-f``, the output format (:class:`OutputFormat`)."""
    return typer.Option("--format", "-f", help=help_text)


def out_opt(help_text: str) -> Any:
    """``--out``/``-o``, the file a command writes."""
    return typer.Option("--out", "-o", help=help_text)


def lang_opt(help_text: str) -> Any:
    """``--lang``, the language of messages or of what a command writes: id or en."""
    return typer.Option("--lang", help=help_text)


def kpi_opt(help_text: str) -> Any:
    """``--kpi``/``-k``, the live-level KPI a command measures."""
    return typer.Option("--kpi", "-k", help=help_text)


def grace_opt(default_en: str, default_id: str) -> Any:
    """``--grace``, the minutes after a live's end in which its orders still count; its help
    names where the default comes from, in each language."""
    return typer.Option(
        "--grace",
        help=(
            "Minutes after a live's end in which its orders still count (default: "
            f"{default_en}, else 30). / Menit setelah live berakhir yang pesanannya masih "
            f"dihitung (bawaan: {default_id}, atau 30)."
        ),
    )


AccountOption = Annotated[str | None, account_opt("Only this account. / Hanya akun ini.")]
AccountsOption = Annotated[
    list[str] | None,
    account_opt("Only these accounts (repeat the option). / Hanya akun ini (ulangi opsinya)."),
]
WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "-w",
        "--workspace",
        help=(
            "Workspace folder (default: $SIARAN_WORKSPACE, else ./siaran-workspace). / Folder "
            "workspace (bawaan: $SIARAN_WORKSPACE, selain itu ./siaran-workspace)."
        ),
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    format_opt(
        "Output: table (for people), csv or json (every field). / Keluaran: table, csv, json."
    ),
]
WindowOption = Annotated[
    int,
    typer.Option(
        "--window", min=1, max=3660, help="Window length in days. / Panjang jendela dalam hari."
    ),
]
EndOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--end",
        formats=["%Y-%m-%d"],
        help=(
            "Last day of the window (default: the day of the latest session). / Hari terakhir "
            "jendela (bawaan: hari sesi terakhir)."
        ),
    ),
]
ColumnsOption = Annotated[
    str | None,
    typer.Option(
        "--columns",
        help=(
            "Table columns to show, comma-separated field names as in --format json. / Kolom "
            "tabel yang ditampilkan, nama field dipisah koma seperti di --format json."
        ),
        show_default=False,
    ),
]
AllOption = Annotated[
    bool,
    typer.Option(
        "--all",
        help=(
            "Table: every column (as one block per row when too wide). / Tabel: semua kolom "
            "(satu blok per baris bila terlalu lebar)."
        ),
    ),
]


LimitOption = Annotated[
    list[str] | None,
    typer.Option(
        "--limit",
        metavar="NAME=VALUE",
        help=(
            "Raise a limit on what a file may claim, for this import (repeatable; see siaran "
            "limits). / Naikkan batas isi berkas untuk impor ini (boleh berulang; lihat siaran "
            "limits)."
        ),
        show_default=False,
    ),
]
