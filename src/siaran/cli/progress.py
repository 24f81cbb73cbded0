"""Progress bars on the terminal: the command line's way of showing :mod:`siaran.progress`.

A long command draws one bar per task under way (the files of ``siaran import`` and, beneath
it, the rows or events of the file being read) with units done, units per second and the time
taken, on stderr and only for a person watching it: when stderr is a terminal and the output is
not ``--format json``. Standard output is never touched, so a pipe gets the same bytes with or
without the bars. ``$SIARAN_PROGRESS`` overrides the terminal check: ``never`` turns the bars
off, ``always`` draws them even when stderr is not a terminal (JSON output still gets none).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final, Literal

from rich.console import Console
from rich.progress import (
    BarColumn,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as Bars
from rich.text import Text

from siaran.cli.output import OutputFormat
from siaran.errors import UsageError
from siaran.formatting import format_number
from siaran.i18n import Lang, text
from siaran.progress import NO_PROGRESS, Progress, ProgressTask, TaskName, Unit

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = ["PROGRESS_ENV", "progress_mode", "terminal_progress"]

PROGRESS_ENV: Final = "SIARAN_PROGRESS"
"""``auto`` (the default: bars when stderr is a terminal), ``always`` or ``never``."""

ProgressMode = Literal["auto", "always", "never"]
_MODES: Final[tuple[ProgressMode, ...]] = ("auto", "always", "never")


def progress_mode() -> ProgressMode:
    """The mode ``$SIARAN_PROGRESS`` asks for (``auto`` when unset); a usage error when it
    names none."""
    asked = os.environ.get(PROGRESS_ENV, "").strip().lower() or "auto"
    for mode in _MODES:
        if asked == mode:
            return mode
    raise UsageError("cli.progress_mode", value=asked, modes=", ".join(_MODES))


class _Rate(ProgressColumn):
    """Units per second since the task began, in the user's language: ``12.345 baris/dtk``
    (none for steps, which differ too much in size for a rate to mean anything)."""

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self._lang = lang

    def render(self, task: Task) -> RenderableType:
        elapsed = task.elapsed
        if not elapsed or not task.completed or task.fields["kind"] == "steps":
            return Text("")
        per_second = task.completed / elapsed
        # A slow count (a file every few seconds) keeps a decimal rather than showing 0.
        rate = format_number(per_second, self._lang, decimals=1 if per_second < 10 else 0)
        return Text(text("progress.rate", self._lang, rate=rate, unit=task.fields["unit"]))


class _Count(ProgressColumn):
    """Units done, and of how many when known: ``1.200/5.000 baris``."""

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self._lang = lang

    def render(self, task: Task) -> RenderableType:
        done = format_number(task.completed, self._lang)
        if task.total is not None:
            done += "/" + format_number(task.total, self._lang)
        return Text(f"{done} {task.fields['unit']}")


class _Bar:
    """One task's row of bars (:class:`siaran.progress.ProgressTask`)."""

    def __init__(self, bars: Bars, task: TaskID) -> None:
        self._bars = bars
        self._task = task

    def advance(self, units: int) -> None:
        self._bars.advance(self._task, units)

    def set_total(self, total: int) -> None:
        self._bars.update(self._task, total=total)


class TerminalProgress:
    """A :class:`siaran.progress.Progress` drawn as rich bars, a nested task indented under
    the one that opened it."""

    def __init__(self, bars: Bars, lang: Lang) -> None:
        self._bars = bars
        self._lang = lang
        self._depth = 0

    @contextmanager
    def task(self, name: TaskName, unit: Unit, total: int | None = None) -> Iterator[ProgressTask]:
        label = "  " * self._depth + text(f"progress.task.{name}", self._lang)
        shown = text(f"progress.unit.{unit}", self._lang)
        task = self._bars.add_task(label, total=total, unit=shown, kind=unit)
        # Drawn when it starts and when it ends, so that even a task quicker than the bars'
        # refresh is seen once, with its count and rate.
        self._bars.refresh()
        self._depth += 1
        try:
            yield _Bar(self._bars, task)
        finally:
            self._depth -= 1
            self._bars.refresh()
            self._bars.remove_task(task)


@contextmanager
def terminal_progress(fmt: OutputFormat | None, lang: Lang) -> Iterator[Progress]:
    """The progress a command reports on: bars on stderr when a person watches it (module
    docstring), else :data:`siaran.progress.NO_PROGRESS`. ``fmt`` is the command's output
    format (``None`` for a command without one)."""
    mode = progress_mode()
    if mode == "never" or fmt is OutputFormat.json:
        yield NO_PROGRESS
        return
    console = Console(stderr=True, force_terminal=mode == "always" or None, highlight=False)
    if not console.is_terminal:
        yield NO_PROGRESS
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        _Count(lang),
        _Rate(lang),
        TimeElapsedColumn(),
    )
    # Standard output stays the command's own: rich would otherwise send what is printed there
    # while the bars are drawn to their console, stderr.
    with Bars(*columns, console=console, transient=True, redirect_stdout=False) as bars:
        yield TerminalProgress(bars, lang)
