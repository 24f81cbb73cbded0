"""Reading REFI-QDA files written by other tools (NVivo, ATLAS.ti, MAXQDA, QualCoder, qc...).

A ``.qdpx`` is checked in order: within the limits of :mod:`siaran.ingest.limits` (the file's
size; the archive's declared sizes and compression ratios; the project's XML elements and code
nesting, counted by a streaming pass that builds no tree and refuses any DTD or entity), a zip
archive, holding a ``.qde`` project file (``project.qde`` in any letter case, or the one ``.qde``
at its root, as ATLAS.ti 26 names it after the project), well-formed XML, valid against the
official schema. Any failure rejects the file with the parser's or the schema's message and the
element path; nothing is read further. Source texts are held to the limits as they are read.

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

from siaran.casework.refiqda.model import CodeItem
from siaran.casework.refiqda.qde_elements import Lost, ReadResult, short_path
from siaran.casework.refiqda.qde_project import ProjectReader
from siaran.casework.refiqda.repairs import Repair, repair_known_quirks
from siaran.casework.refiqda.schemas import CODEBOOK_NS, PROJECT_NS, Which
from siaran.errors import BadInputError, Problem
from siaran.files import read_input
from siaran.ingest.guards import (
    GuardedTarget,
    check_archive,
    check_file_size,
    feed_part,
    hardened_parser,
    refuse,
)
from siaran.ingest.limits import DEFAULT_LIMITS, ImportLimits

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["Lost", "ReadResult", "parse_xml", "read_qdc", "read_qdpx"]

_KIND: Final = {"project": "qdpx", "codebook": "qdc"}  # message keys name a codebook as such


_CODE_TAGS = frozenset({f"{{{PROJECT_NS}}}Code", f"{{{CODEBOOK_NS}}}Code"})


class _Census(GuardedTarget):
    """Counts a project's elements and the nesting of its codes, refusing past the limits."""

    def __init__(self, path: Path, part: str, limits: ImportLimits) -> None:
        super().__init__(path, part)
        self.limits = limits
        self.elements = 0
        self.depth = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.limits.elements:
            raise refuse(
                "limits.elements",
                self.path,
                "elements",
                self.elements,
                exact=False,
                part=self.part,
                limit=self.limits.elements,
            )
        if tag in _CODE_TAGS:
            self.depth += 1
            if self.depth > self.limits.code_depth:
                raise refuse(
                    "limits.code_depth",
                    self.path,
                    "code_depth",
                    self.depth,
                    exact=False,
                    depth=self.depth,
                    code=attrib.get("name", ""),
                    limit=self.limits.code_depth,
                )

    def end(self, tag: str) -> None:
        if tag in _CODE_TAGS:
            self.depth -= 1


def parse_xml(
    path: Path,
    data: bytes,
    which: Which,
    limits: ImportLimits = DEFAULT_LIMITS,
    part: str | None = None,
    repairs: list[Repair] | None = None,
) -> etree._ElementTree:
    """Check against ``limits``, parse and validate; a file beyond the limits, malformed or
    schema-invalid is a :class:`BadInputError`. ``part`` names the document within an
    archive ``path`` (``project.qde``).

    A file that fails the schema only through known quirks of the tool that wrote it is
    repaired (see :mod:`siaran.casework.refiqda.repairs`); each repair is added to ``repairs``."""
    from lxml import etree

    census = _Census(path, part or path.name, limits)
    feed_part(path, census.part, data, census, "casework.qdpx.malformed")
    try:
        tree = etree.ElementTree(etree.fromstring(data, hardened_parser()))
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

    def __init__(self, path: Path, data: bytes, limits: ImportLimits) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            names = self.zip.namelist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            raise BadInputError("casework.qdpx.not_zip", path=path, reason=str(exc)) from exc
        check_archive(path, self.zip, limits)
        self.names = {n.lower().lstrip("/"): n for n in names if not n.endswith("/")}

    def project_entry(self) -> str:
        roots = [n for n in self.names if "/" not in n and n.endswith(".qde")]
        if "project.qde" in roots:
            return self.names["project.qde"]
        if len(roots) == 1:
            return self.names[roots[0]]
        raise BadInputError("casework.qdpx.no_project", path=self.path, found=len(roots))

    def size(self, name: str) -> int | None:
        """The size the archive declares for ``name`` (what reading it can yield at most)."""
        found = self.names.get(name.lower().lstrip("/"))
        return None if found is None else self.zip.getinfo(found).file_size

    def read(self, name: str) -> bytes | None:
        found = self.names.get(name.lower().lstrip("/"))
        if found is None:
            return None
        try:
            return self.zip.read(found)
        except (zipfile.BadZipFile, OSError, KeyError, NotImplementedError) as exc:
            raise BadInputError("casework.qdpx.not_zip", path=self.path, reason=str(exc)) from exc


def read_qdpx(path: Path | str, limits: ImportLimits = DEFAULT_LIMITS) -> ReadResult:
    """Read a ``.qdpx`` archive (or a bare ``.qde`` project file) within ``limits``."""
    source = Path(path)
    check_file_size(source, limits)
    data = read_input(source, "casework.qdpx.unreadable")
    repairs: list[Repair] = []
    if source.suffix.lower() == ".qde":
        tree = parse_xml(source, data, "project", limits, repairs=repairs)
        result = ProjectReader(tree, None, source, limits).read()
    else:
        archive = _Archive(source, data, limits)
        entry = archive.project_entry()
        qde = archive.read(entry)
        assert qde is not None
        tree = parse_xml(source, qde, "project", limits, part=entry, repairs=repairs)
        result = ProjectReader(tree, archive, source, limits).read()
    result.repairs = repairs
    return result


def read_qdc(path: Path | str, limits: ImportLimits = DEFAULT_LIMITS) -> list[CodeItem]:
    """The codes of a ``.qdc`` codebook file, parents before children."""
    from siaran.casework.refiqda.codebook_file import read_codebook

    return read_codebook(path, limits).codes
