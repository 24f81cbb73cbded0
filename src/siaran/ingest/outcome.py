"""What importing one file did, as every kind of import says it: the file, its layout, its
account and whether it was new. :class:`siaran.ingest.importer.ImportReport` (platform
exports) and :class:`siaran.events.report.EventImportReport` (event streams) build on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict

ImportStatus = Literal["imported", "already_imported"]


class ImportedFileJson(TypedDict):
    """The fields every row of ``siaran import --format json`` starts with."""

    path: str
    sha256: str
    layout: str
    status: ImportStatus
    account: str | None


@dataclass
class ImportedFile:
    """The file an import read. ``status`` is ``imported`` or ``already_imported`` (the same
    bytes as an earlier import: nothing changed)."""

    path: str
    sha256: str
    layout: str
    status: ImportStatus
    account: str | None = None

    def file_json(self) -> ImportedFileJson:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "layout": self.layout,
            "status": self.status,
            "account": self.account,
        }
