"""Hostile spreadsheets, built byte by byte: what a file may claim, pushed past what a reader can
afford. The XML is written straight into the zip (streamed, never held whole) so that a bomb of
hundreds of megabytes costs the test a few megabytes."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from tests.ingest.layouts.test_tiktok_creator import HEADER, ROW_FLASH_SALE

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{shared}</Types>"
)
_SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<workbook xmlns="{MAIN_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>{shared}</Relationships>'
)
_SHARED_REL = (
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/>'
)


def column_letters(number: int) -> str:
    """``1`` -> ``A``, ``28`` -> ``AB``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inline_row(number: int, cells: Iterable[object], *, refs: bool = True) -> str:
    """One ``<row>`` of inline-string cells (how many writers other than Excel store text).
    Without ``refs`` the cells carry no ``r`` attribute (allowed: they follow one another)."""
    parts = [f'<row r="{number}">']
    for column, value in enumerate(cells, start=1):
        ref = f' r="{column_letters(column)}{number}"' if refs else ""
        text = "" if value is None else escape(str(value))
        parts.append(f'<c{ref} t="inlineStr"><is><t>{text}</t></is></c>')
    parts.append("</row>")
    return "".join(parts)


def sheet_xml(
    rows: Iterable[str], *, dimension: str | None = None, head: str = ""
) -> Iterator[str]:
    """A worksheet part around ``rows`` (already serialised), in pieces."""
    yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    yield head
    yield f'<worksheet xmlns="{MAIN_NS}">'
    if dimension is not None:
        yield f'<dimension ref="{dimension}"/>'
    yield "<sheetData>"
    yield from rows
    yield "</sheetData></worksheet>"


def write_xlsx(
    path: Path,
    sheet: Iterable[str],
    *,
    sheet_name: str = "performance_detail",
    shared_strings: Iterable[str] | None = None,
    level: int = 9,
) -> Path:
    """A minimal workbook (one sheet) whose sheet XML is streamed from ``sheet``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        shared = shared_strings is not None
        archive.writestr(
            "[Content_Types].xml", _CONTENT_TYPES.format(shared=_SHARED_TYPE if shared else "")
        )
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet_name)))
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            _WORKBOOK_RELS.format(shared=_SHARED_REL if shared else ""),
        )
        _stream(archive, "xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            _stream(archive, "xl/sharedStrings.xml", shared_strings)
    return path


def _stream(archive: zipfile.ZipFile, name: str, pieces: Iterable[str]) -> None:
    with archive.open(name, "w", force_zip64=True) as member:
        buffer: list[str] = []
        size = 0
        for piece in pieces:
            buffer.append(piece)
            size += len(piece)
            if size > 1 << 20:
                member.write("".join(buffer).encode())
                buffer, size = [], 0
        member.write("".join(buffer).encode())


# -- the bombs of the measurements -------------------------------------------------------------


def inline_string_bomb(path: Path, rows: int = 200_000) -> Path:
    """A Creator LIVE export of ``rows`` identical inline-string rows (35 cells each): under
    2 MB on disk at 200,000 rows, some 380 MB of XML once unzipped."""
    template = inline_row(999_999_999, ROW_FLASH_SALE, refs=False)

    def lines() -> Iterator[str]:
        yield inline_row(1, ["2026-07-01 ~ 2026-09-17"])
        yield inline_row(3, HEADER)
        for number in range(4, rows + 4):
            yield template.replace("999999999", str(number))

    return write_xlsx(path, sheet_xml(lines()))


def far_row_bomb(path: Path, row: int = 20_000_000, *, dimension: bool = True) -> Path:
    """A workbook of a few hundred bytes whose one cell sits at row ``row``."""
    cell = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'
    return write_xlsx(path, sheet_xml([cell], dimension=f"A1:A{row}" if dimension else None))


def wide_dimension_bomb(path: Path) -> Path:
    """Two real cells, a dimension claiming the whole sheet (16,384 columns x 1,048,576 rows)."""
    rows = [inline_row(1, ["Room ID"]), inline_row(2, ["1"])]
    return write_xlsx(path, sheet_xml(rows, dimension="A1:XFD1048576"))


def shared_strings_bomb(path: Path, count: int = 6_000_000) -> Path:
    """A tiny sheet with a shared-string table of ``count`` entries."""

    def strings() -> Iterator[str]:
        yield f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{count}">'
        for _ in range(count):
            yield "<si><t>x</t></si>"
        yield "</sst>"

    return write_xlsx(path, sheet_xml([inline_row(1, ["Room ID"])]), shared_strings=strings())
