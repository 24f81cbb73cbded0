"""A :class:`siaran.progress.Progress` that writes down what it is told, for tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from siaran.progress import ProgressTask, TaskName, Unit


@dataclass
class LoggedTask:
    """One task as reported: its name, unit, total (last set) and units done."""

    name: TaskName
    unit: Unit
    total: int | None
    done: int = 0
    depth: int = 0
    ended: bool = False
    advances: list[int] = field(default_factory=list)

    def advance(self, units: int) -> None:
        assert not self.ended, f"{self.name} advanced after it ended"
        self.done += units
        self.advances.append(units)

    def set_total(self, total: int) -> None:
        assert not self.ended, f"{self.name} given a total after it ended"
        self.total = total


@dataclass
class ProgressLog:
    """Every task opened, in the order opened, with its depth of nesting."""

    tasks: list[LoggedTask] = field(default_factory=list)
    _open: int = 0

    @contextmanager
    def task(self, name: TaskName, unit: Unit, total: int | None = None) -> Iterator[ProgressTask]:
        logged = LoggedTask(name, unit, total, depth=self._open)
        self.tasks.append(logged)
        self._open += 1
        try:
            yield logged
        finally:
            self._open -= 1
            logged.ended = True

    def named(self, name: TaskName) -> list[LoggedTask]:
        return [task for task in self.tasks if task.name == name]
