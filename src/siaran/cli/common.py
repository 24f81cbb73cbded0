"""What every command module shares: the Typer app, global state, consoles and options.

Domain command modules (``talk_cmd``, ``events_cmd``, ...) import from here and register their
commands on :data:`app`; :mod:`siaran.cli.app` imports them all so that registration happens.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from siaran.cli.output import OutputFormat
from siaran.i18n import Lang
from siaran.store.engine import DEFAULT_ENGINE, EngineName
from siaran.workspace import Workspace, default_workspace_path

app = typer.Typer(
    name="siaran",
    help="siaran: live-commerce strategy lab / laboratorium strategi live commerce.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)


class _State:
    lang: Lang = "id"
    engine: EngineName = DEFAULT_ENGINE


state = _State()

WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "-w",
        "--workspace",
        help="Workspace folder (default: $SIARAN_WORKSPACE, else ./siaran-workspace).",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output: table, csv or json.")
]
WindowOption = Annotated[
    int, typer.Option("--window", min=1, max=3660, help="Window length in days.")
]
EndOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--end",
        formats=["%Y-%m-%d"],
        help="Last day of the window (default: the day of the latest session).",
    ),
]


LimitOption = Annotated[
    list[str] | None,
    typer.Option(
        "--limit",
        metavar="NAME=VALUE",
        help="Raise a limit on what a file may claim, for this import (repeatable; "
        "see siaran limits).",
        show_default=False,
    ),
]


def workspace_path(path: Path | None) -> Path:
    return path if path is not None else default_workspace_path()


def open_workspace(path: Path | None) -> Workspace:
    return Workspace.open(workspace_path(path))


def as_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None
