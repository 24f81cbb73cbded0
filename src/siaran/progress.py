"""Progress of a long operation, told to whoever shows it.

An import, an export or an analysis that walks a file in blocks or a workspace live by live
accepts a :class:`Progress` and reports on it: it opens a task (what it does, in which unit,
how many units when it knows) and advances it as blocks are done. The core knows nothing of
terminals or browsers: the command line draws a bar from these reports (``siaran.cli``), a test
records them, and everything else passes :data:`NO_PROGRESS`, which ignores them.

Tasks nest: ``siaran import`` opens one task over its files and each file's importer opens one
over its rows or events. A task is named by a :data:`TaskName` and counted in a :data:`Unit`;
whoever shows them looks up their labels in the message catalogue (``progress.task.<name>``,
``progress.unit.<unit>``), so that the core reports no text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Final, Literal, Protocol

__all__ = ["NO_PROGRESS", "NoProgress", "Progress", "ProgressTask", "TaskName", "Unit"]

Unit = Literal["rows", "events", "bytes", "files", "lives", "steps"]
"""What a task counts."""

TaskName = Literal[
    "import_files",
    "read_file",
    "import_sessions",
    "import_events",
    "import_orders",
    "import_reviews",
    "import_ecosystem",
    "demo",
    "export_qdpx",
    "report",
    "timelines",
    "pdf",
]
"""Every task the code reports; each has a label in the message catalogue."""


class ProgressTask(Protocol):
    """One task under way: advanced as its units are done."""

    def advance(self, units: int) -> None:
        """``units`` more are done (a block's rows, a file, a live)."""

    def set_total(self, total: int) -> None:
        """The task turns out to have ``total`` units (known once a file is read)."""


class Progress(Protocol):
    """Whoever shows progress: opens a task for the duration of a ``with`` block."""

    def task(
        self, name: TaskName, unit: Unit, total: int | None = None
    ) -> AbstractContextManager[ProgressTask]:
        """A task ``name`` counted in ``unit``, of ``total`` units when known; it ends with
        the ``with`` block, done or not."""


class _SilentTask:
    def advance(self, units: int) -> None:
        pass

    def set_total(self, total: int) -> None:
        pass


class NoProgress:
    """The :class:`Progress` that shows nothing: the default of every operation."""

    @contextmanager
    def task(self, name: TaskName, unit: Unit, total: int | None = None) -> Iterator[ProgressTask]:
        yield _SilentTask()


NO_PROGRESS: Final[Progress] = NoProgress()
