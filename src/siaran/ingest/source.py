"""Reading an input file into cells, whatever its container (XLSX, CSV, JSON, JSONL).

Layouts never open files themselves: they receive a :class:`SourceFile` whose sheets hold the
cells as the reader produced them (strings, numbers, datetimes, ``None`` for empty) with
spreadsheet row numbers preserved, so every problem can point at the row the user sees.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from siaran.errors import BadInputError

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
Container = Literal["xlsx", "csv", "json"]

_XLSX_MAGIC = b"PK\x03\x04"
_SNIFF_BYTES = 64 * 1024


@dataclass
class Sheet:
    """A grid of cells. ``rows[i]`` is spreadsheet row ``i + 1`` (CSV line ``i + 1``)."""

    name: str | None
    rows: list[list[Cell]]

    def row_number(self, index: int) -> int:
        return index + 1


@dataclass
class SourceFile:
    path: Path
    data: bytes
    sha256: str
    container: Container
    sheets: list[Sheet] = field(default_factory=list)
    # For JSON/JSONL input: the parsed document (a list of records for JSONL).
    document: Any = None

    @property
    def suffix(self) -> str:
        return {"xlsx": ".xlsx", "csv": ".csv", "json": ".json"}[self.container]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_source(path: Path) -> SourceFile:
    """Read ``path`` into a :class:`SourceFile`, deciding the container by content, not name."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(
            "source.unreadable", path=path, reason=exc.strerror or str(exc)
        ) from exc
    if not data.strip():
        raise BadInputError("source.empty", path=path)
    source = SourceFile(path=path, data=data, sha256=sha256_of(data), container="csv")
    if data.startswith(_XLSX_MAGIC):
        source.container = "xlsx"
        source.sheets = _read_xlsx(path, data)
        return source
    text = _decode_text(path, data)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        source.container = "json"
        source.document = _read_json(path, stripped)
        return source
    source.sheets = [Sheet(name=None, rows=_read_csv(text))]
    return source


def _decode_text(path: Path, data: bytes) -> str:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise BadInputError("source.binary", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Excel on Windows in Indonesia saves "CSV" as cp1252; accept it if it decodes cleanly and
    # looks like text (few control characters).
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise BadInputError("source.binary", path=path) from exc
    controls = sum(1 for ch in text[:_SNIFF_BYTES] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > 0:
        raise BadInputError("source.binary", path=path)
    return text


def _read_csv(text: str) -> list[list[Cell]]:
    sample = text[:_SNIFF_BYTES]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[list[Cell]] = []
    for record in reader:
        rows.append([cell if cell.strip() != "" else None for cell in record])
    return rows


def _read_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as first_error:
        # JSON Lines: one object per line.
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
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


def _read_xlsx(path: Path, data: bytes) -> list[Sheet]:
    """Read every sheet with openpyxl, keeping each cell's own type and its row number.

    A numeric cell formatted as a percentage becomes the string the user sees (``"4.38%"``),
    so that rate parsing does not depend on where a value came from.
    """
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            broken = archive.testzip()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise BadInputError("source.truncated_xlsx", path=path, reason=str(exc)) from exc
    if broken is not None:
        raise BadInputError("source.truncated_xlsx", path=path, reason=broken)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds; all mean "not a readable workbook"
        raise BadInputError("source.unreadable_xlsx", path=path, reason=str(exc)) from exc
    try:
        sheets = []
        for worksheet in workbook.worksheets:
            rows: list[list[Cell]] = []
            for row in worksheet.iter_rows():
                cells = [_cell_value(cell) for cell in row]
                number = getattr(row[0], "row", None) if row else None
                while number is not None and len(rows) < number - 1:
                    rows.append([])
                rows.append(cells)
            while rows and not any(cell is not None for cell in rows[-1]):
                rows.pop()
            sheets.append(Sheet(name=worksheet.title, rows=rows))
        return sheets
    except Exception as exc:
        raise BadInputError("source.unreadable_xlsx", path=path, reason=str(exc)) from exc
    finally:
        workbook.close()


def _cell_value(cell: Any) -> Cell:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() != "" else None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and "%" in (getattr(cell, "number_format", "") or ""):
        return f"{value * 100!r}%"
    return value  # type: ignore[no-any-return]
