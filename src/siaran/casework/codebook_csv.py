"""Codebooks as CSV: Taguette's codebook files, plain ``path,description[,color]`` tables, and the
CSV siaran writes for Taguette to import.

Reading follows Taguette's own rule for its codebook import: the code is in the one column named
``tag``, ``name`` or ``path`` (letter case ignored; two of them is an error, since it is unclear
which to use), the optional ``description`` column describes it, and other columns are ignored,
except ``color`` (or ``colour``), which siaran keeps. The text is UTF-8 (with or without a BOM),
else Windows-1252 (what Excel writes on Windows); the separator is a comma, a semicolon (Excel in
Indonesian) or a tab. A name with ``/`` is a path: ``Trust/Demonstration`` is the code
``Demonstration`` under ``Trust``.

Writing produces ``path,description,color``: the path of every code from its theme down, and as
description the code's description with its inclusion and exclusion notes, keywords and cues as
trailing paragraphs (the same layout as in a ``.qdc``), so that reading the file back restores them.
Taguette shows an imported description in a one-line field, which drops line breaks, so the
paragraphs are joined by `` ¶ `` on one line; reading turns `` ¶ `` back into paragraph breaks.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from siaran.casework import audit
from siaran.casework.code_edits import check_color
from siaran.casework.codebook import PATH_SEPARATOR
from siaran.casework.db import CaseworkError
from siaran.casework.refiqda.exporter import ExportReport, write_atomically
from siaran.casework.refiqda.importer import ImportReport, store_codebook
from siaran.casework.refiqda.model import CodeItem
from siaran.casework.refiqda.project import load_project
from siaran.casework.refiqda.qde_elements import Lost, split_description
from siaran.casework.refiqda.writer import description_text, stable_guid
from siaran.errors import BadInputError, Problem
from siaran.files import BOM, NotTextError, decode_text, read_input
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace

PATH_COLUMNS: Final = ("tag", "name", "path")
COLOR_COLUMNS: Final = ("color", "colour")
TAGUETTE_PATH_LIMIT: Final = 200  # Taguette refuses longer tag paths
ONE_LINE_PARAGRAPH: Final = " ¶ "
_PILCROW: Final = re.compile(r"\s*¶\s*")


@dataclass(frozen=True)
class CsvCodebook:
    codes: list[CodeItem]
    duplicates: int  # rows whose path an earlier row already had (the first one is kept)
    encoding: str


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    try:
        found = decode_text(data, fallback="replace", sniff=4096)
    except NotTextError as exc:
        raise BadInputError("casework.codebook_csv.not_text", path=path) from exc
    return found.text, found.encoding


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_codebook_csv(path: Path | str) -> CsvCodebook:
    """The codes of a codebook CSV (see the module docs), parents before children."""
    source = Path(path)
    content, encoding = _decode(source, read_input(source, "casework.qdpx.unreadable"))
    first_line = content.split("\n", 1)[0]
    try:
        rows = list(csv.reader(io.StringIO(content), _dialect(first_line)))
    except csv.Error as exc:
        raise BadInputError("casework.codebook_csv.bad_csv", path=source, reason=str(exc)) from exc
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise BadInputError("casework.codebook_csv.empty", path=source)
    header = [cell.strip().lower() for cell in rows[0]]
    named = [c for c in PATH_COLUMNS if c in header]
    if len(named) != 1:
        raise BadInputError(
            "casework.codebook_csv.path_column",
            path=source,
            found=", ".join(rows[0]),
            columns=", ".join(PATH_COLUMNS),
        )
    at_path = header.index(named[0])
    at_description = header.index("description") if "description" in header else None
    at_color = next((header.index(c) for c in COLOR_COLUMNS if c in header), None)
    problems: list[Problem] = []
    codes: list[CodeItem] = []
    seen: set[str] = set()
    duplicates = 0
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(at: int | None, row: list[str] = row) -> str:
            return row[at].strip() if at is not None and at < len(row) else ""

        parts = [p.strip() for p in cell(at_path).split(PATH_SEPARATOR)]
        if not all(parts):
            problems.append(
                Problem(
                    "casework.codebook_csv.bad_path",
                    row=number,
                    column=rows[0][at_path],
                    value=cell(at_path),
                )
            )
            continue
        key = PATH_SEPARATOR.join(parts).lower()
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        color = cell(at_color) or None
        if color is not None:
            try:
                color = check_color(color if color.startswith("#") else f"#{color}")
            except CaseworkError:
                assert at_color is not None
                problems.append(
                    Problem(
                        "casework.codebook_csv.bad_color",
                        row=number,
                        column=rows[0][at_color],
                        value=color,
                    )
                )
                continue
        described = split_description(_PILCROW.sub("\n\n", cell(at_description)) or None)
        codes.append(
            CodeItem(
                stable_guid("csv code", key),
                PATH_SEPARATOR.join(parts),
                None,
                described.description,
                described.inclusion,
                described.exclusion,
                color,
                True,
                described.keywords,
                described.cues,
            )
        )
    if problems:
        raise BadInputError("casework.codebook_csv.bad_rows", path=source, problems=problems)
    if not codes:
        raise BadInputError("casework.codebook_csv.empty", path=source)
    return CsvCodebook(codes, duplicates, encoding)


def import_codebook_csv(
    workspace: Workspace, path: Path | str, *, actor: str | None = None
) -> ImportReport:
    """Add the codes of a codebook CSV to the workspace's codebook (paths become a tree; codes
    already there by path are recognised, so importing twice adds nothing)."""
    source = Path(path)
    read = read_codebook_csv(source)
    report = store_codebook(
        workspace, read.codes, source, origin=None, kind="csv", actor=actor, paths_as_tree=True
    )
    # In a CSV codebook a path is the format, not a conversion worth a note.
    report.changed = [c for c in report.changed if c.key != "casework.import.paths_as_tree"]
    if read.duplicates:
        report.lost.append(Lost("casework.codebook_csv.duplicates", {"count": read.duplicates}))
    if read.encoding != "utf-8":
        report.changed.append(Lost("casework.codebook_csv.cp1252", {}))
    return report


def taguette_csv(codes: list[CodeItem]) -> str:
    """The text of a Taguette codebook CSV for ``codes`` (parents before children)."""
    by_guid = {c.guid: c for c in codes}

    def path(code: CodeItem) -> str:
        names: list[str] = []
        seen: set[str] = set()
        current: CodeItem | None = code
        while current is not None and current.guid not in seen:
            seen.add(current.guid)
            names.append(current.name)
            current = by_guid.get(current.parent) if current.parent else None
        return PATH_SEPARATOR.join(reversed(names))

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["path", "description", "color"])
    for code in codes:
        full = path(code)
        if len(full) > TAGUETTE_PATH_LIMIT:
            raise CaseworkError(
                "casework.codebook_csv.path_too_long", path=full, limit=TAGUETTE_PATH_LIMIT
            )
        described = (description_text(code) or "").replace("\n\n", ONE_LINE_PARAGRAPH)
        writer.writerow([full, " ".join(described.splitlines()), code.color or ""])
    return out.getvalue()


def export_taguette_csv(
    workspace: Workspace, out: Path | str, *, actor: str | None = None
) -> ExportReport:
    """Write the codebook as a CSV that Taguette's "Import codebook" accepts."""
    target = Path(out)
    project = load_project(workspace)
    if not project.codes:
        raise CaseworkError("casework.qdc.empty_codebook")
    data = (BOM + taguette_csv(_depth_first(project.codes))).encode("utf-8")

    def fill(temporary: Path) -> None:
        temporary.write_bytes(data)

    write_atomically(target, fill)
    report = ExportReport(target, codes=len(project.codes))
    with transaction(workspace.con):
        audit.record(workspace.con, "export", f"csv:{target.name}", report.to_dict(), actor=actor)
    return report


def _depth_first(codes: list[CodeItem]) -> list[CodeItem]:
    children: dict[str | None, list[CodeItem]] = {}
    for code in codes:
        children.setdefault(code.parent, []).append(code)
    ordered: list[CodeItem] = []

    def walk(parent: str | None) -> None:
        for code in children.get(parent, []):
            ordered.append(code)
            walk(code.guid)

    walk(None)
    return ordered
