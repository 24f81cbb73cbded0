"""What an import that archives its own copy of a file says: order exports
(:class:`~siaran.orders.importer.OrderImportReport`), review files
(:class:`siaran.feedback.ReviewImportReport`) and ecosystem files
(:class:`siaran.ecosystem.EcosystemImportReport`) build on it.

Like every import report (:mod:`siaran.ingest.outcome`) it has ``summary(lang)``,
``note_texts(lang)`` and ``to_dict(lang)``; a file imported before is summarised alike for all
of them, and each kind says what it imported in :meth:`ArchivedImport.imported_summary`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from siaran.i18n import Lang, text
from siaran.ingest.outcome import ImportedFile, ImportedFileJson
from siaran.progress import Progress, ProgressTask, TaskName


class ArchivedImportJson(ImportedFileJson):
    """The fields every row of such an import has in ``siaran import --format json``."""

    rows_read: int
    archived_as: str | None
    notes: list[str]


@dataclass
class ArchivedImport(ImportedFile, ABC):
    """The file (:class:`ImportedFile`), its rows read and the name of its archived copy in
    ``raw/`` (``None`` when nothing was imported)."""

    rows_read: int = 0
    archived_as: str | None = None

    @abstractmethod
    def note_texts(self, lang: Lang) -> list[str]:
        """What the reader should know about the import, in ``lang``."""

    @abstractmethod
    def imported_summary(self, lang: Lang) -> str:
        """What the import of a new file stored, in ``lang``."""

    def summary(self, lang: Lang) -> str:
        if self.status == "already_imported":
            return text("import.already", lang, path=self.path)
        return self.imported_summary(lang)


_Report = TypeVar("_Report", bound=ArchivedImport)


def rows_reported(
    progress: Progress, task: TaskName, run: Callable[[ProgressTask], _Report]
) -> _Report:
    """``run`` (such an import) as the task ``task`` of ``progress``, counted in rows: ``run``
    sets the total once it has read the file, and its rows are done when it returns."""
    with progress.task(task, "rows") as rows_done:
        report = run(rows_done)
        rows_done.advance(report.rows_read)
    return report
