"""Reading REFI-QDA files written by other tools (NVivo, ATLAS.ti, MAXQDA, QualCoder, qc...).

A ``.qdpx`` is checked in order: a zip archive, holding a ``.qde`` project file (``project.qde``
in any letter case, or the one ``.qde`` at its root, as ATLAS.ti 26 names it after the project),
well-formed XML, valid against the official schema. Any failure rejects the file with the
parser's or the schema's message and the element path; nothing is read further.

Then everything siaran can hold is brought over and everything else is listed in the report
(:class:`ReadResult.lost`): picture, audio and video selections, PDF regions that have no text
representation, sets and graphs, variables on sources. Text sources whose text is not in the
archive (missing files, ``relative://`` or ``absolute://`` paths) keep their coded selections
with their positions and the selection's name as its quote, and are reported.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Final

from siaran.casework.db import read_input
from siaran.casework.refiqda.model import CodeItem
from siaran.casework.refiqda.qde_elements import Lost, ReadResult, short_path
from siaran.casework.refiqda.qde_project import ProjectReader
from siaran.casework.refiqda.repairs import Repair, repair_known_quirks
from siaran.casework.refiqda.schemas import Which
from siaran.errors import BadInputError, Problem

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["Lost", "ReadResult", "parse_xml", "read_qdc", "read_qdpx"]

_KIND: Final = {"project": "qdpx", "codebook": "qdc"}  # message keys name a codebook as such


def parse_xml(
    path: Path, data: bytes, which: Which, repairs: list[Repair] | None = None
) -> etree._ElementTree:
    """Parse and validate; a malformed or schema-invalid file is a :class:`BadInputError`.

    A file that fails the schema only through known quirks of the tool that wrote it is
    repaired (see :mod:`siaran.casework.refiqda.repairs`); each repair is added to ``repairs``."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        raise BadInputError(
            f"casework.{_KIND[which]}.malformed", path=path, line=exc.lineno or 0, reason=exc.msg
        ) from exc
    made, violations = repair_known_quirks(tree, which)
    if repairs is not None:
        repairs.extend(made)
    if violations:
        raise BadInputError(
            f"casework.{_KIND[which]}.schema_invalid",
            path=path,
            problems=[
                Problem(
                    "casework.qdpx.schema_problem",
                    params={"line": v.line, "element": short_path(v.path), "message": v.message},
                )
                for v in violations
            ],
        )
    return tree


class _Archive:
    """The files of a ``.qdpx`` by lower-cased path, for case-insensitive lookups."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            names = self.zip.namelist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            raise BadInputError("casework.qdpx.not_zip", path=path, reason=str(exc)) from exc
        self.names = {n.lower().lstrip("/"): n for n in names if not n.endswith("/")}

    def project_entry(self) -> str:
        roots = [n for n in self.names if "/" not in n and n.endswith(".qde")]
        if "project.qde" in roots:
            return self.names["project.qde"]
        if len(roots) == 1:
            return self.names[roots[0]]
        raise BadInputError("casework.qdpx.no_project", path=self.path, found=len(roots))

    def read(self, name: str) -> bytes | None:
        found = self.names.get(name.lower().lstrip("/"))
        if found is None:
            return None
        try:
            return self.zip.read(found)
        except (zipfile.BadZipFile, OSError, KeyError) as exc:
            raise BadInputError("casework.qdpx.not_zip", path=self.path, reason=str(exc)) from exc


def read_qdpx(path: Path | str) -> ReadResult:
    """Read a ``.qdpx`` archive (or a bare ``.qde`` project file)."""
    source = Path(path)
    data = read_input(source, "casework.qdpx.unreadable")
    archive: _Archive | None
    if source.suffix.lower() == ".qde":
        data_xml, archive = data, None
    else:
        archive = _Archive(source, data)
        found = archive.read(archive.project_entry())
        assert found is not None
        data_xml = found
    repairs: list[Repair] = []
    tree = parse_xml(source, data_xml, "project", repairs)
    result = ProjectReader(tree, archive, source).read()
    result.repairs = repairs
    return result


def read_qdc(path: Path | str) -> list[CodeItem]:
    """The codes of a ``.qdc`` codebook file, parents before children."""
    from siaran.casework.refiqda.codebook_file import read_codebook

    return read_codebook(path).codes
