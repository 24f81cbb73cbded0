"""What every command module shares: the Typer app, global state, consoles and options.

Domain command modules (``talk_cmd``, ``events_cmd``, ...) import from here and register their
commands on :data:`app`; :mod:`siaran.cli.app` imports them all so that registration happens.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Final

import typer

from siaran.cli.terminal import DataConsole
from siaran.i18n import Lang, text
from siaran.store.engine import DEFAULT_ENGINE, EngineName
from siaran.workspace import LockHolder, Workspace, default_workspace_path

ENGINE_COMMANDS: Final = frozenset(
    {"compare", "demo", "kpi", "matrix", "report", "sessions", "timeline"}
)
"""The commands whose analytics run on the engine chosen with ``--engine``. Every other
command reads and writes the workspace's DuckDB file only and refuses another engine
(docs/architecture.md, engines)."""

LOCK_WAIT_ENV: Final = "SIARAN_LOCK_WAIT"
LOCK_WAIT_SECONDS: Final = 600.0

app = typer.Typer(
    name="siaran",
    help="siaran: live-commerce strategy lab / laboratorium strategi live commerce.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

stdout = DataConsole()
stderr = DataConsole(stderr=True)


class _State:
    lang: Lang = "id"
    engine: EngineName = DEFAULT_ENGINE


state = _State()


def command_group(
    name: str,
    help_text: str,
    *,
    no_args_is_help: bool = True,
    invoke_without_command: bool = False,
) -> typer.Typer:
    """A group of subcommands, ``siaran NAME ...``, registered on :data:`app`. By itself the
    group's name shows its help, unless its callback is a command of its own (``siaran crew``
    lists the crews)."""
    group = typer.Typer(
        help=help_text,
        no_args_is_help=no_args_is_help,
        invoke_without_command=invoke_without_command,
    )
    app.add_typer(group, name=name)
    return group


def workspace_path(path: Path | None) -> Path:
    return path if path is not None else default_workspace_path()


def lock_wait_seconds() -> float:
    """How long a command waits for a workspace another process holds: ``$SIARAN_LOCK_WAIT``
    seconds, else :data:`LOCK_WAIT_SECONDS`."""
    try:
        return max(float(os.environ.get(LOCK_WAIT_ENV) or LOCK_WAIT_SECONDS), 0.0)
    except ValueError:
        return LOCK_WAIT_SECONDS


def tell_waiting(holder: LockHolder) -> None:
    """On stderr, once: whom the command waits for (a busy workspace is not a damaged one)."""
    stderr.print(text("workspace.waiting", state.lang, holder=holder.describe()), highlight=False)


def open_workspace(path: Path | None) -> Workspace:
    """The workspace, waiting its turn while another process (``siaran serve``, another
    import) holds it."""
    return Workspace.open(workspace_path(path), wait=lock_wait_seconds(), on_wait=tell_waiting)


def as_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None
