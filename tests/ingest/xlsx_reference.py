"""Workbooks read cell by cell with openpyxl (read-only), as siaran read them until
2026-12-06: the reference the native reader (:mod:`siaran.ingest.xlsx_read`) is held to, cell
for cell and type for type. Kept only here; the product has one reader."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from siaran.ingest.cell import Cell
from siaran.ingest.limits import DEFAULT_LIMITS
from siaran.ingest.xlsx_scan import SheetExtent, scan_workbook


def read_with_openpyxl(path: Path) -> list[tuple[str, list[list[Cell]]]]:
    """Each sheet's name and rows as the openpyxl reader gave them."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        extents = scan_workbook(path, archive, DEFAULT_LIMITS)
    widest = SheetExtent(
        "",
        rows=max((e.rows for e in extents.values()), default=0),
        columns=max((e.columns for e in extents.values()), default=0),
    )
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = []
        for worksheet in workbook.worksheets:
            part = str(getattr(worksheet, "_worksheet_path", "")).lstrip("/")
            sheets.append((worksheet.title, _sheet_rows(worksheet, extents.get(part, widest))))
        return sheets
    finally:
        workbook.close()


def _sheet_rows(worksheet: Any, extent: SheetExtent) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    if not extent.rows or not extent.columns:
        return rows
    for row in worksheet.iter_rows(max_row=extent.rows, max_col=extent.columns):
        cells = [_cell_value(cell) for cell in row]
        number = getattr(row[0], "row", None) if row else None
        while number is not None and len(rows) < number - 1:
            rows.append([])
        rows.append(cells)
    while rows and not any(cell is not None for cell in rows[-1]):
        rows.pop()
    return rows


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
