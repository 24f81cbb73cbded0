"""Exporting a workspace's casework as ``.qdpx`` (project) or ``.qdc`` (codebook).

The XML is validated against the official schema before anything is written; an invalid file
is never written. The archive is assembled in a temporary file beside the target and renamed
into place, so an interrupted export leaves no half-written file.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from siaran.casework import audit
from siaran.casework.db import CaseworkError
from siaran.casework.refiqda.project import load_project
from siaran.casework.refiqda.schemas import Which, schema_violations
from siaran.casework.refiqda.writer import codebook_xml, project_xml, source_path
from siaran.errors import SiaranError
from siaran.progress import NO_PROGRESS, Progress
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from lxml import etree

    from siaran.workspace import Workspace


class InvalidExportError(SiaranError):
    """The file siaran built does not pass the schema: a defect in siaran, nothing written."""

    exit_code = 3


class ExportJson(TypedDict):
    """What an export wrote: the file and how many of each kind of item."""

    path: str
    codes: int
    cases: int
    documents: int
    excerpts: int
    codings: int
    memos: int


@dataclass(frozen=True)
class ExportReport:
    path: Path
    codes: int
    cases: int = 0
    documents: int = 0
    excerpts: int = 0
    codings: int = 0
    memos: int = 0

    def to_dict(self) -> ExportJson:
        return {
            "path": str(self.path),
            "codes": self.codes,
            "cases": self.cases,
            "documents": self.documents,
            "excerpts": self.excerpts,
            "codings": self.codings,
            "memos": self.memos,
        }


def _validated(tree: etree._ElementTree, which: Which) -> bytes:
    from lxml import etree

    problems = schema_violations(tree, which)
    if problems:
        first = problems[0]
        raise InvalidExportError(
            "casework.qdpx.export_invalid",
            count=len(problems),
            message=first.message,
            element=first.path,
        )
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def write_atomically(target: Path, fill: Callable[[Path], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    try:
        fill(Path(temporary))
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def export_qdpx(
    workspace: Workspace,
    out: Path | str,
    *,
    actor: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> ExportReport:
    """Write the whole casework project to ``out`` (a REFI-QDA ``.qdpx`` archive), telling
    ``progress`` of each file put into it (the project and every document)."""
    target = Path(out)
    project = load_project(workspace)
    qde = _validated(project_xml(project), "project")

    def fill(path: Path) -> None:
        with (
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
            progress.task("export_qdpx", "files", total=1 + len(project.documents)) as files_done,
        ):
            archive.writestr("project.qde", qde)
            files_done.advance(1)
            for document in project.documents:
                if document.text is not None:
                    archive.writestr(
                        f"sources/{source_path(document.guid)}", document.text.encode("utf-8")
                    )
                files_done.advance(1)

    write_atomically(target, fill)
    report = ExportReport(
        target,
        codes=len(project.codes),
        cases=len(project.cases),
        documents=len(project.documents),
        excerpts=len(project.excerpts),
        codings=sum(len(e.codings) for e in project.excerpts),
        memos=len(project.memos),
    )
    with transaction(workspace.con):
        audit.record(workspace.con, "export", f"qdpx:{target.name}", report.to_dict(), actor=actor)
    return report


def export_qdc(workspace: Workspace, out: Path | str, *, actor: str | None = None) -> ExportReport:
    """Write the codebook to ``out`` (a REFI-QDA ``.qdc`` file)."""
    target = Path(out)
    project = load_project(workspace)
    if not project.codes:
        raise CaseworkError("casework.qdc.empty_codebook")
    data = _validated(codebook_xml(project), "codebook")
    write_atomically(target, lambda path: _write_bytes(path, data))
    report = ExportReport(target, codes=len(project.codes))
    with transaction(workspace.con):
        audit.record(workspace.con, "export", f"qdc:{target.name}", report.to_dict(), actor=actor)
    return report
