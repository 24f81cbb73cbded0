"""Reading an input file into cells, whatever its container (XLSX, CSV, JSON, JSONL).

Layouts never open files themselves: they receive a :class:`SourceFile` whose sheets hold the
cells as the reader produced them (strings, numbers, datetimes, ``None`` for empty) with
spreadsheet row numbers preserved, so every problem can point at the row the user sees.

Every file is held to :class:`~siaran.ingest.limits.ImportLimits` before a reader allocates
for it: its size, what an XLSX archive declares and what its sheets reach (see
:mod:`siaran.ingest.xlsx_scan`), the lines of a CSV and the records of a JSON file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

from siaran.errors import BadInputError
from siaran.files import SNIFF_BYTES, NotTextError, decode_text, read_input, sniff_csv_dialect
from siaran.ingest.cell import Cell
from siaran.ingest.guards import check_archive, check_file_size, refuse
from siaran.ingest.limits import DEFAULT_LIMITS, ImportLimits
from siaran.ingest.xlsx_read import read_sheets
from siaran.ingest.xlsx_scan import SheetExtent, scan_workbook
from siaran.progress import NO_PROGRESS, Progress, ProgressTask

Container = Literal["xlsx", "csv", "json"]

_XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Note:
    """Something the import report should tell the user (not an error)."""

    key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class Sheet:
    """A grid of cells. ``rows[i]`` is spreadsheet row ``i + 1`` (CSV line ``i + 1``)."""

    name: str | None
    rows: list[list[Cell]]

    def row_number(self, index: int) -> int:
        return index + 1


JsonValue: TypeAlias = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None
"""A value of a parsed JSON document."""


@dataclass
class SourceFile:
    path: Path
    data: bytes
    sha256: str
    container: Container
    sheets: list[Sheet] = field(default_factory=list)
    # For JSON/JSONL input: the parsed document (a list of records for JSONL).
    document: JsonValue = None
    notes: list[Note] = field(default_factory=list)
    """What reading the file itself found worth telling (an encoding, formulas without a
    value)."""

    @property
    def suffix(self) -> str:
        return {"xlsx": ".xlsx", "csv": ".csv", "json": ".json"}[self.container]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


READ_REPORT_ROWS = 10_000
"""How many rows of a sheet or CSV are read between two reports of progress."""


def read_source(
    path: Path, limits: ImportLimits = DEFAULT_LIMITS, progress: Progress = NO_PROGRESS
) -> SourceFile:
    """Read ``path`` into a :class:`SourceFile`, deciding the container by content, not name.
    A file beyond ``limits`` is refused (:class:`BadInputError`) before it is parsed. The
    rows of a CSV or a workbook are reported on ``progress`` as they are read."""
    check_file_size(path, limits)
    data = read_input(path, "source.unreadable")
    if not data.strip():
        raise BadInputError("source.empty", path=path)
    with progress.task("read_file", "rows") as rows_read:
        return _read_container(path, data, limits, rows_read)


def _read_container(
    path: Path, data: bytes, limits: ImportLimits, rows_read: ProgressTask
) -> SourceFile:
    source = SourceFile(path=path, data=data, sha256=sha256_of(data), container="csv")
    if data.startswith(_XLSX_MAGIC):
        source.container = "xlsx"
        source.sheets = _read_xlsx(path, data, limits, source.notes, rows_read)
        return source
    text, encoding = _decode_text(path, data)
    if encoding is not None:
        source.notes.append(Note("source.read_as_utf16", {"encoding": encoding}))
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        source.container = "json"
        source.document = _read_json(path, stripped, limits)
        return source
    # Excel's "Unicode text" is tab-separated; its numbers may hold commas the sniffer would
    # take for separators.
    tabbed = encoding is not None and "\t" in text[:SNIFF_BYTES]
    rows = _read_csv(path, text, limits, rows_read, tabbed=tabbed)
    source.sheets = [Sheet(name=None, rows=rows)]
    return source


def _decode_text(path: Path, data: bytes) -> tuple[str, str | None]:
    """The file's text and, when it is not UTF-8 or cp1252, the encoding it was read in.
    Excel on Windows in Indonesia saves "CSV" as cp1252 and "Unicode text" as UTF-16."""
    try:
        found = decode_text(data, fallback="cp1252", utf16=True)
    except NotTextError as exc:
        raise BadInputError("source.binary", path=path) from exc
    return found.text, found.encoding if found.encoding.startswith("UTF-16") else None


def _read_csv(
    path: Path, text: str, limits: ImportLimits, rows_read: ProgressTask, *, tabbed: bool = False
) -> list[list[Cell]]:
    dialect = csv.excel_tab if tabbed else sniff_csv_dialect(text[:SNIFF_BYTES])
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[list[Cell]] = []
    widest = 0
    rows_read.set_total(text.count("\n") + 1)  # lines: a close guess, corrected at the end
    try:
        for record in reader:
            rows.append([cell if cell.strip() != "" else None for cell in record])
            widest = max(widest, len(record))
            if len(rows) > limits.rows:
                raise _csv_too_long(path, len(rows), limits)
            if len(rows) * widest > limits.cells:
                raise _csv_too_wide(path, len(rows), widest, limits)
            if len(rows) % READ_REPORT_ROWS == 0:
                rows_read.advance(READ_REPORT_ROWS)
    except csv.Error as exc:
        raise BadInputError(
            "source.bad_csv", path=path, line=reader.line_num, reason=str(exc)
        ) from exc
    rows_read.set_total(len(rows))
    rows_read.advance(len(rows) % READ_REPORT_ROWS)
    return rows


def _csv_too_long(path: Path, rows: int, limits: ImportLimits) -> BadInputError:
    limit = limits.rows
    return refuse(
        "limits.rows", path, "rows", rows, exact=False, part="CSV", rows=rows, limit=limit
    )


def _csv_too_wide(path: Path, rows: int, columns: int, limits: ImportLimits) -> BadInputError:
    cells = rows * columns
    return refuse(
        "limits.cells",
        path,
        "cells",
        cells,
        exact=False,
        part="CSV",
        rows=rows,
        columns=columns,
        cells=cells,
        limit=limits.cells,
    )


def _read_json(path: Path, text: str, limits: ImportLimits) -> JsonValue:
    try:
        document = _json_value(path, text, 1)
    except json.JSONDecodeError as first_error:
        # JSON Lines: one object per line.
        lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if len(lines) > limits.rows:
            raise _json_too_long(path, len(lines), limits) from None
        records: list[JsonValue] = []
        for number, line in lines:
            try:
                records.append(_json_value(path, line, number))
            except json.JSONDecodeError as exc:
                if number == 1:
                    raise BadInputError(
                        "source.bad_json",
                        path=path,
                        line=first_error.lineno,
                        reason=first_error.msg,
                    ) from exc
                raise BadInputError(
                    "source.bad_json", path=path, line=number, reason=exc.msg
                ) from exc
        return records
    if isinstance(document, list) and len(document) > limits.rows:
        raise _json_too_long(path, len(document), limits)
    return document


def _json_value(path: Path, text: str, line: int) -> JsonValue:
    try:
        value: JsonValue = json.loads(text)
        return value
    except RecursionError as exc:  # nesting deeper than the JSON reader follows
        raise BadInputError("source.json_too_deep", path=path, line=line) from exc


def _json_too_long(path: Path, records: int, limits: ImportLimits) -> BadInputError:
    return refuse("limits.records", path, "rows", records, records=records, limit=limits.rows)


def _read_xlsx(
    path: Path, data: bytes, limits: ImportLimits, notes: list[Note], rows_read: ProgressTask
) -> list[Sheet]:
    """Read every sheet in native code (:mod:`siaran.ingest.xlsx_read`), keeping each cell's own
    type, as openpyxl gives it, and its row number.

    The archive and its XML are checked first (:mod:`siaran.ingest.xlsx_scan`); each sheet is
    then read only up to the last row and column that hold content. A numeric cell formatted
    as a percentage becomes the string the user sees (``"4.38%"``), so that rate parsing does
    not depend on where a value came from.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(path, archive, limits)
            broken = archive.testzip()
            extents = scan_workbook(path, archive, limits) if broken is None else {}
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise BadInputError("source.truncated_xlsx", path=path, reason=str(exc)) from exc
    if broken is not None:
        raise BadInputError("source.truncated_xlsx", path=path, reason=broken)
    grids = {part: (extent.rows, extent.columns) for part, extent in extents.items()}
    # A sheet the scan did not see (its part named otherwise) is read as far as the widest.
    grids[""] = (
        max((e.rows for e in extents.values()), default=0),
        max((e.columns for e in extents.values()), default=0),
    )
    rows_read.set_total(sum(extent.rows for extent in extents.values()))
    read_in_all = 0
    sheets = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name, part, rows in read_sheets(
                data, archive, grids, rows_read.advance, READ_REPORT_ROWS
            ):
                sheets.append(Sheet(name=name, rows=rows))
                read_in_all += grids.get(part, grids[""])[0]
                extent = extents.get(part)
                if extent is not None and extent.formulas_without_value:
                    notes.append(_formula_note(name, extent))
    except BadInputError:
        raise
    except Exception as exc:  # openpyxl and calamine raise many kinds: all mean "unreadable"
        raise BadInputError("source.unreadable_xlsx", path=path, reason=str(exc)) from exc
    rows_read.set_total(read_in_all)
    return sheets


def _formula_note(sheet: str, extent: SheetExtent) -> Note:
    cells = ", ".join(extent.refs)
    if extent.formulas_without_value > len(extent.refs):
        cells += ", …"
    return Note(
        "source.formula_without_value",
        {"sheet": sheet, "count": extent.formulas_without_value, "cells": cells},
    )
