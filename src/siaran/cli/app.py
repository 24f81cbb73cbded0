"""Typer commands. Each is a thin adapter: parse options, call one public function, render.

Errors from the core are turned into messages in the user's language in exactly one place,
:func:`main`, with the exit codes of docs/architecture.md (0 ok, 1 bad input, 2 usage, 3
internal).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.exceptions import Abort, Exit, TyperException

from siaran.cli.common import (
    ENGINE_COMMANDS,
    app,
    state,
    stderr,
    stdout,
)
from siaran.cli.options import (
    lang_opt,
)
from siaran.errors import EXIT_INTERNAL, EXIT_USAGE, SiaranError, UsageError
from siaran.i18n import Lang, resolve_lang, text
from siaran.store.engine import DEFAULT_ENGINE, check_engine

__all__ = ["app", "main"]


def _print_version(value: bool) -> None:
    if value:
        from siaran import __version__

        stdout.print(f"siaran {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    lang: Annotated[
        str | None,
        lang_opt(
            "Language of messages: id or en (default $SIARAN_LANG, else id). / Bahasa "
            "pesan: id atau en (bawaan $SIARAN_LANG, selain itu id)."
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help=(
                "Analytics engine: duckdb (embedded, default) or spark ($SIARAN_SPARK_MASTER), "
                "for compare, demo, kpi, matrix, report, sessions, timeline; other commands "
                "refuse spark. / Mesin analitik: duckdb (tertanam, bawaan) atau spark, untuk "
                "compare, demo, kpi, matrix, report, sessions, timeline; perintah lain menolak "
                "spark."
            ),
        ),
    ] = DEFAULT_ENGINE,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=_print_version,
            help="Print the version and exit. / Tampilkan versi lalu keluar.",
        ),
    ] = False,
) -> None:
    try:
        state.lang = resolve_lang(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from exc
    try:
        state.engine = check_engine(engine)
    except ValueError:
        raise typer.BadParameter(text("cli.unknown_engine", state.lang, engine=engine)) from None
    command = ctx.invoked_subcommand
    if state.engine != DEFAULT_ENGINE and command is not None and command not in ENGINE_COMMANDS:
        raise UsageError(
            "cli.engine_not_used",
            command=command,
            engine=state.engine,
            commands=", ".join(sorted(ENGINE_COMMANDS)),
        )


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and map every error to a message and an exit code."""
    lang = _peek_lang(argv if argv is not None else sys.argv[1:])
    try:
        app(args=argv, standalone_mode=False)
    except SiaranError as exc:
        stderr.print(exc.message(state.lang if state.lang else lang))
        raise SystemExit(exc.exit_code) from None
    except Abort:
        raise SystemExit(130) from None
    except Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except TyperException as exc:
        show = getattr(exc, "show", None)
        if callable(show):
            show(file=sys.stderr)
        else:
            stderr.print(exc.format_message())
        raise SystemExit(EXIT_USAGE) from None
    except Exception as exc:  # the last line of defence: never a traceback for the user
        if os.environ.get("SIARAN_DEBUG"):
            raise
        detail = f"{type(exc).__name__}: {exc}"
        stderr.print(text("internal.error", lang, detail=detail))
        raise SystemExit(EXIT_INTERNAL) from None
    raise SystemExit(0)


def _peek_lang(argv: list[str]) -> Lang:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            try:
                return resolve_lang(argv[i + 1])
            except ValueError:
                break
        if arg.startswith("--lang="):
            try:
                return resolve_lang(arg.split("=", 1)[1])
            except ValueError:
                break
    try:
        return resolve_lang(None)
    except ValueError:
        return "id"


# Command modules register their commands on ``app`` when imported, and ``--help`` lists them
# in that order: first the commands of the import, measure and report loop.
from siaran.cli import import_cmd, kpi_cmd, report_cmd  # noqa: E402, F401, I001

from siaran.cli import (  # noqa: E402
    advice_cmd,  # noqa: F401
    casework,  # noqa: F401
    crew_cmd,  # noqa: F401
    ecosystem_cmd,  # noqa: F401
    events_cmd,  # noqa: F401
    experiment_cmd,  # noqa: F401
    feedback_cmd,  # noqa: F401
    limits_cmd,  # noqa: F401
    ops_cmd,  # noqa: F401
    orders_cmd,  # noqa: F401
    plan_cmd,  # noqa: F401
    programme_cmd,  # noqa: F401
    serve_cmd,  # noqa: F401
    talk_cmd,  # noqa: F401
)
