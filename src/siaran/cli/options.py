"""The options many commands share, declared once: the workspace, the output format and its
columns, the account, the window of days, and the limits of an import. Their help is in both
languages, as the command reference shows it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from siaran.cli.output import OutputFormat

AccountOption = Annotated[
    str | None,
    typer.Option("--account", "-a", help="Only this account. / Hanya akun ini."),
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
    typer.Option(
        "--format",
        "-f",
        help="Output: table (for people), csv or json (every field). / Keluaran: table, csv, json.",
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
