"""The CLI reference in docs/cli.md, generated from the Typer app (never hand-copied).

Regenerate with ``python -m siaran.cli.reference --write``; a test fails when the committed
file differs from what the app declares.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import typer

from siaran.cli.app import app
from siaran.cli.common import ENGINE_COMMANDS

HEADER = """# siaran command reference / referensi perintah

Generated from the program itself (`python -m siaran.cli.reference --write`).
Dibuat otomatis dari program (`python -m siaran.cli.reference --write`).

Global options, before the command / Opsi global, sebelum perintah:
`--lang id|en` (messages / bahasa pesan), `--engine duckdb|spark`, `--version` (print the
version / tampilkan versi).

`--engine spark` runs the analytics of these commands on Spark; every other command refuses it
(exit 2). / `--engine spark` menjalankan analitik perintah berikut di Spark; perintah lain
menolaknya (kode keluar 2):
{engine_commands}.

Exit codes / kode keluar: 0 ok; 1 bad input / masukan salah (nothing written / tidak ada
yang ditulis); 2 usage / cara pakai salah; 3 internal error / kesalahan internal.
"""


def _default(param: Any) -> str:
    default = param.default
    if default is None or param.required or (isinstance(default, bool) and not default):
        return ""
    value = getattr(default, "value", default)
    return f" (default: `{value}`)"


def _render_command(path: str, command: Any, parts: list[str]) -> None:
    """One command's section; a group's subcommands follow it, each under its full name."""
    level = "##" if path.count(" ") == 0 else "###"
    parts.append(f"\n{level} `siaran {path}`\n\n{command.help or ''}\n")
    subcommands = getattr(command, "commands", None)
    if subcommands:
        if command.params:  # a group that also runs by itself (``siaran crew``)
            _render_params(path, command, parts)
        for name, sub in subcommands.items():
            _render_command(f"{path} {name}", sub, parts)
        return
    _render_params(path, command, parts)


def _render_params(path: str, command: Any, parts: list[str]) -> None:
    """A command's usage line, arguments and options."""
    arguments = [p for p in command.params if type(p).__name__ == "TyperArgument"]
    options = [p for p in command.params if type(p).__name__ == "TyperOption"]
    usage = " ".join(
        f"{p.name.upper()}{'...' if getattr(p, 'nargs', 1) == -1 else ''}" for p in arguments
    )
    parts.append(f"```\nsiaran {path} [OPTIONS] {usage}".rstrip() + "\n```\n")
    for param in arguments:
        parts.append(f"- `{param.name.upper()}`: {getattr(param, 'help', '') or ''}")
    for param in options:
        flags = ", ".join(f"`{opt}`" for opt in param.opts)
        parts.append(f"- {flags}: {param.help or ''}{_default(param)}")
    parts.append("")


def render_cli_reference() -> str:
    group: Any = typer.main.get_command(app)
    parts = [HEADER.format(engine_commands=", ".join(f"`{c}`" for c in sorted(ENGINE_COMMANDS)))]
    for name, command in group.commands.items():
        _render_command(name, command, parts)
    return "\n".join(parts).rstrip() + "\n"


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", type=Path, nargs="?", const=Path("docs/cli.md"))
    args = parser.parse_args()
    if args.write:
        args.write.write_text(render_cli_reference(), encoding="utf-8")
    else:
        print(render_cli_reference(), end="")


if __name__ == "__main__":
    _main()
