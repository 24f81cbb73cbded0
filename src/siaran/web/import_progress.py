"""How far a confirmed import has come, for the page that waits for it.

The import runs in a worker thread of the server; :class:`ImportProgress` is the
:class:`siaran.progress.Progress` it reports on, kept with the staged upload, and the import
page polls it (``GET /import/progress``) while the confirmation is under way: no websocket,
one small JSON answer every half second, only to the browser that uploaded the file.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypedDict

from siaran.i18n import Lang, text
from siaran.progress import ProgressTask, TaskName, Unit

__all__ = ["ImportProgress", "ProgressJson"]


class ProgressJson(TypedDict):
    """The answer of ``GET /import/progress``: the innermost task under way, if any."""

    task: str | None
    unit: str | None
    done: int
    total: int | None
    rate: float


@dataclass
class _Task:
    name: TaskName
    unit: Unit
    total: int | None
    started: float = field(default_factory=time.monotonic)
    done: int = 0


class _Counted:
    def __init__(self, task: _Task, lock: threading.Lock) -> None:
        self._task = task
        self._lock = lock

    def advance(self, units: int) -> None:
        with self._lock:
            self._task.done += units

    def set_total(self, total: int) -> None:
        with self._lock:
            self._task.total = total


class ImportProgress:
    """A :class:`siaran.progress.Progress` that keeps the tasks under way, read from another
    thread with :meth:`to_json`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: list[_Task] = []

    @contextmanager
    def task(self, name: TaskName, unit: Unit, total: int | None = None) -> Iterator[ProgressTask]:
        opened = _Task(name, unit, total)
        with self._lock:
            self._open.append(opened)
        try:
            yield _Counted(opened, self._lock)
        finally:
            with self._lock:
                self._open.remove(opened)

    def to_json(self, lang: Lang) -> ProgressJson:
        """The innermost task under way, labelled in ``lang``, with its units per second."""
        with self._lock:
            if not self._open:
                return {"task": None, "unit": None, "done": 0, "total": None, "rate": 0.0}
            task = self._open[-1]
            done, total, started = task.done, task.total, task.started
        seconds = time.monotonic() - started
        return {
            "task": text(f"progress.task.{task.name}", lang),
            "unit": text(f"progress.unit.{task.unit}", lang),
            "done": done,
            "total": total,
            "rate": done / seconds if seconds > 0 else 0.0,
        }
