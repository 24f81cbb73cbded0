"""Errors that speak to the person, and the exit codes the CLI maps them to.

Core code raises these; the CLI and web layers turn them into text in the user's language
(see :mod:`siaran.i18n`) without ever showing a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from siaran.i18n import Lang, text

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class SiaranError(Exception):
    """Base class: a message key from the catalogue plus its parameters."""

    exit_code = EXIT_INTERNAL

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: Lang) -> str:
        return text(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message("en")


class UsageError(SiaranError):
    """The command was called wrongly (missing option, unknown account, ...)."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, pointing at where it is.

    ``row`` is the 1-based row (spreadsheet row, CSV line or JSON record number) as the user
    sees it in their own program; ``column`` is the header text as written in the file.
    """

    reason_key: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, object] = field(default_factory=dict)

    def describe(self, lang: Lang) -> str:
        reason = text(self.reason_key, lang, **self.params)
        parts = []
        if self.row is not None:
            parts.append(text("problem.row", lang, row=self.row))
        if self.column is not None:
            parts.append(text("problem.column", lang, column=self.column))
        if self.value is not None:
            parts.append(text("problem.value", lang, value=_shorten(self.value)))
        where = ", ".join(parts)
        return f"{where}: {reason}" if where else reason


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


class BadInputError(SiaranError):
    """A file cannot be imported. Nothing was written to the workspace."""

    exit_code = EXIT_BAD_INPUT
    shown_problems = 20

    def __init__(
        self,
        key: str,
        /,
        *,
        path: Path | str,
        problems: list[Problem] | None = None,
        **params: object,
    ) -> None:
        super().__init__(key, path=str(path), **params)
        self.path = Path(path)
        self.problems = problems or []

    def message(self, lang: Lang) -> str:
        lines = [text(self.key, lang, **self.params)]
        for problem in self.problems[: self.shown_problems]:
            lines.append(f"  - {problem.describe(lang)}")
        hidden = len(self.problems) - self.shown_problems
        if hidden > 0:
            lines.append("  " + text("problem.more", lang, count=hidden))
        return "\n".join(lines)
