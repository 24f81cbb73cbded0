"""Reading an order export into a grid of text cells, without a copy of it anywhere else.

Order exports are long (one row per SKU line, up to a million lines) and carry buyers'
personal data, so they are read in memory only: a CSV by an in-memory DuckDB (never the
workspace's database, whose temporary files live in the workspace folder; its delimiter as
:func:`siaran.files.sniff_csv_dialect` finds it, past Excel's ``sep=;`` line), an XLSX with the
guarded reader every export goes through (:func:`siaran.ingest.source.read_source`). Either
way the result is an Arrow table of text columns ``c0..cN`` and the row number the user sees
(``row``), and the header row as written. Every cell is trimmed of the whitespace around it,
tabs included (TikTok Shop writes ids as ``580000000000000001<TAB>`` so that Excel keeps them as
text), and a blank cell is empty: the same order reads the same from any copy of the export.
The file is held to the import limits first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from siaran.errors import BadInputError
from siaran.files import (
    SNIFF_BYTES,
    NotTextError,
    decode_text,
    read_input,
    sep_line,
    sniff_csv_dialect,
)
from siaran.ingest.guards import check_file_size, refuse
from siaran.ingest.limits import ImportLimits
from siaran.ingest.source import Note, Sheet, SourceFile, read_source

if TYPE_CHECKING:
    import pyarrow as pa

_XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class OrderGrid:
    path: Path
    sha256: str
    container: Literal["csv", "xlsx"]
    header: list[str | None]
    cells: pa.Table
    """Text columns ``c0..cN`` (one per header position) and ``row``, header excluded."""
    notes: list[Note] = field(default_factory=list)


def private_connection(scratch: str) -> Any:
    """An in-memory DuckDB whose spill files (if memory runs short) go to ``scratch``, a
    private temporary folder, never next to the workspace or the current directory."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET temp_directory = ?", [str(Path(scratch) / "spill")])
    con.execute("SET preserve_insertion_order = true")
    return con


def head_header(path: Path) -> list[str | None] | None:
    """The header row of a CSV from its first bytes (``None``: not a text file); an XLSX is
    recognised after reading it (:func:`read_grid`)."""
    import csv
    import io

    try:
        with Path(path).open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return None
    if head.startswith(_XLSX_MAGIC) or not head.strip():
        return None
    try:
        text = decode_text(head, fallback="cp1252", utf16=True).text
    except NotTextError:
        return None
    lines = text.lstrip("\ufeff").splitlines()[: 2 if sep_line(text) else 1]
    if not lines:
        return None
    row = next(csv.reader(io.StringIO(lines[-1]), sniff_csv_dialect(text)), [])
    return [cell.strip() or None for cell in row]


def refuse_missing_headers(path: Path, layout: str, missing: Sequence[str]) -> None:
    """Refuse a file of ``layout`` whose header row lacks the columns ``missing`` names."""
    if missing:
        raise BadInputError(
            "import.missing_headers",
            path=path,
            layout=layout,
            headers=", ".join(repr(h) for h in missing),
        )


def is_xlsx(path: Path) -> bool:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(4) == _XLSX_MAGIC
    except OSError:
        return False


def read_grid(path: Path, limits: ImportLimits) -> OrderGrid:
    """``path`` as a grid of text cells (module docstring)."""
    check_file_size(path, limits)
    data = read_input(path, "source.unreadable")
    if not data.strip():
        raise BadInputError("source.empty", path=path)
    if data.startswith(_XLSX_MAGIC):
        return xlsx_grid(read_source(path, limits), limits)
    return _csv_grid(path, data, hashlib.sha256(data).hexdigest(), limits)


def _csv_grid(path: Path, data: bytes, sha: str, limits: ImportLimits) -> OrderGrid:
    import duckdb

    notes: list[Note] = []
    try:
        data.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    with tempfile.TemporaryDirectory(prefix="siaran-orders-") as scratch:
        source = path
        if not utf8:
            try:
                decoded = decode_text(data, fallback="cp1252", utf16=True)
            except NotTextError as exc:
                raise BadInputError("source.binary", path=path) from exc
            source = Path(scratch) / "export.csv"
            source.write_text(decoded.text.lstrip("\ufeff"), encoding="utf-8")
            if decoded.encoding.startswith("UTF-16"):
                notes.append(Note("source.read_as_utf16", {"encoding": decoded.encoding}))
        try:
            sample = decode_text(data[:SNIFF_BYTES], fallback="replace", utf16=True).text
        except NotTextError as exc:
            raise BadInputError("source.binary", path=path) from exc
        delimiter = sniff_csv_dialect(sample).delimiter
        skip = 1 if sep_line(sample) else 0  # Excel's "sep=;" line is no row of the table
        con = private_connection(scratch)
        try:
            table = con.execute(
                "SELECT * FROM read_csv(?, header = false, all_varchar = true, delim = ?, "
                "skip = ?, strict_mode = true, null_padding = false, quote = '\"', "
                "escape = '\"')",
                [str(source), delimiter, skip],
            ).fetch_arrow_table()
        except duckdb.Error as exc:
            reason = str(exc).splitlines()[0]
            raise BadInputError("orders.bad_csv", path=path, reason=reason) from exc
        finally:
            con.close()
    return _grid(path, sha, "csv", table, limits, notes, first_row=1 + skip)


def _grid(
    path: Path,
    sha: str,
    container: Literal["csv", "xlsx"],
    table: pa.Table,
    limits: ImportLimits,
    notes: list[Note],
    *,
    first_row: int = 1,
) -> OrderGrid:
    """The grid of ``table``, whose first row (the header) is the file's row ``first_row``."""
    import pyarrow as pa

    rows, columns = table.num_rows, table.num_columns
    if rows > limits.rows:
        raise refuse(
            "limits.rows", path, "rows", rows, part=container.upper(), rows=rows, limit=limits.rows
        )
    if rows * columns > limits.cells:
        raise refuse(
            "limits.cells",
            path,
            "cells",
            rows * columns,
            part=container.upper(),
            rows=rows,
            columns=columns,
            cells=rows * columns,
            limit=limits.cells,
        )
    if rows == 0:
        raise BadInputError("source.empty", path=path)
    names = [f"c{i}" for i in range(columns)]
    table = pa.table([_trimmed(table.column(i)) for i in range(columns)], names=names)
    first = table.slice(0, 1).to_pylist()[0]
    header = [_header_text(first[name]) for name in names]
    numbers = range(first_row + 1, first_row + rows)
    body = table.slice(1).append_column("row", pa.array(numbers, pa.int64()))
    return OrderGrid(path, sha, container, header, body, notes)


def _trimmed(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """``column`` with whitespace around every cell removed, tabs and line breaks included
    (TikTok pads ids with a tab so Excel keeps them as text), and a blank cell empty."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.utf8_trim_whitespace(column.cast(pa.string()))
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)


def _header_text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\ufeff", "").strip()
    return text or None


def xlsx_grid(source: SourceFile, limits: ImportLimits) -> OrderGrid:
    """A workbook already read (:func:`siaran.ingest.source.read_source`) as a grid of text
    cells: its first sheet holding a cell, from its first row holding one (the header)."""
    import pyarrow as pa

    sheet, start = _table_start(source)
    grid = sheet.rows[start:]
    width = max(map(len, grid))
    columns = {
        f"c{i}": pa.array([_cell_text(r[i]) if i < len(r) else None for r in grid], pa.string())
        for i in range(width)
    }
    table = pa.table(columns)
    found = _grid(source.path, source.sha256, "xlsx", table, limits, list(source.notes))
    rows = pa.array([sheet.row_number(start + 1 + i) for i in range(found.cells.num_rows)])
    found.cells = found.cells.set_column(
        found.cells.schema.get_field_index("row"), "row", rows.cast(pa.int64())
    )
    return found


def xlsx_header(source: SourceFile) -> list[str | None]:
    """The header row of :func:`xlsx_grid`'s grid of ``source`` (as wide as the grid), without
    making the rest of it: what recognises the kind of a workbook."""
    import pyarrow as pa

    sheet, start = _table_start(source)
    first = sheet.rows[start]
    width = max(map(len, sheet.rows[start:]))
    cells = [_cell_text(first[i]) if i < len(first) else None for i in range(width)]
    trimmed = _trimmed(pa.chunked_array([pa.array(cells, pa.string())]))
    return [_header_text(value) for value in trimmed.to_pylist()]


def _table_start(source: SourceFile) -> tuple[Sheet, int]:
    """The first sheet of ``source`` holding a cell and the index of its first row holding one
    (``source.empty`` when no sheet holds any)."""
    sheet = next((s for s in source.sheets if any(c is not None for r in s.rows for c in r)), None)
    if sheet is None:
        raise BadInputError("source.empty", path=source.path)
    return sheet, next(i for i, r in enumerate(sheet.rows) if any(c is not None for c in r))


def _cell_text(value: object) -> str | None:
    """A spreadsheet cell as the text a CSV of it would hold."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None
