"""The cells of a workbook's sheets, read in native code, typed as openpyxl types them.

openpyxl (read-only) builds a Python object for every cell: about 75 µs a cell, most of a
minute for a 20,000-row, 35-column export. calamine (``python-calamine``, Rust) reads the same
sheet in about a second, but it does not type every cell as openpyxl does, and siaran's layouts
were written against openpyxl's types:

* a whole number is a float (openpyxl: an ``int`` when the stored text has no ``.`` or
  exponent), and one of more than 15 digits (a 19-digit room id written by pandas) loses its
  last digits;
* number formats: calamine decides by itself which formats are dates (it returns ``date`` where
  openpyxl returns ``datetime``, dates for formats openpyxl leaves as numbers, its own rounding)
  and does not say which cells are percentages;
* error cells (``#N/A``) are empty, ISO dates (``t="d"``) are its own, it panics (a Rust
  panic, not an exception) on a date-formatted number out of range, and texts may come out
  otherwise (runs of rich text lose the spaces between them; escapes such as ``_x000D_``).

So calamine reads the values (of a copy of the workbook without its styles when one of them
is more than plain digits: every number is then a number), and the few cells whose value it
may give differently are found in the sheet's XML with compiled regular expressions (C speed,
nothing per ordinary cell) and typed by openpyxl's own cell parser (:func:`_fix`): numeric
cells with a style whose number format is anything but plain digits, numbers written with an
exponent, as a whole number with a decimal point or with 16 digits or more, error and ISO-date
cells, and strings (inline or shared) whose text calamine may read differently. The
workbook's sheet list, date system and styles are read with openpyxl's own parsers (small
parts; the shared-string table, the large one, is not). Every other cell only goes through
one comprehension per row (empty and blank text to ``None``, whole floats to ``int``).

The archive has been checked before this reads it (:mod:`siaran.ingest.xlsx_scan`): the
limits, the DTDs, the extent of each sheet, which bounds what is read here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final

from siaran.ingest.cell import Cell

_PLAIN_FORMAT: Final = re.compile(r"General|@|[0#?,. ;\-+()]*")
"""A number format that shows a number as digits only: calamine and openpyxl read such a cell
alike (any other format, a date or a percentage among them, is typed here from its text)."""

# Inside a sheet: what makes a cell one to type from its text. ``{p}`` is the sheet's namespace
# prefix (``x:`` in some writers' files, usually none).
_SUSPECT_NUMBER: Final = rb"<{p}v>\s*(?:[^<]*[eE][^<]*|[+-]?\d*\.0*|[+-]?\d{16,})\s*</{p}v>"
_SUSPECT_TYPE: Final = rb"""t\s*=\s*["'][ed]["']"""
_SUSPECT_TEXT: Final = (
    rb"<{p}t>\s|<{p}t>[^<]*\s</{p}t>|<{p}t\b[^>]*>[^<]*(?:_x[0-9A-Fa-f]{4}_|x005F_|\r|&#)"
    rb"|<{p}(?:r|rPh)\b"
)
"""Text calamine may read otherwise than openpyxl: outer spaces without ``xml:space``, escapes
(``_x000D_``), a carriage return, a character reference (``&#13;``, which calamine trims at
the edges), runs of rich text or phonetic guides."""
_ATTRIBUTE: Final = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SI_TAGS: Final = (b"si>", b"si ", b"si/")
_PREFIX: Final = re.compile(rb"<(\w+:)?(?:worksheet|sst)\b")


@dataclass(frozen=True)
class _Styles:
    """What openpyxl makes of a workbook's styles: per style index, its number format, whether
    it is a date or a duration; and which indices are not plain (see :data:`_PLAIN_FORMAT`)."""

    formats: list[str]
    dates: set[int]
    durations: set[int]
    special: set[int]
    epoch: dt.datetime


def read_sheets(
    data: bytes,
    archive: zipfile.ZipFile,
    extents: dict[str, tuple[int, int]],
    advance: Callable[[int], None],
    every: int,
) -> Iterator[tuple[str, str, list[list[Cell]]]]:
    """Each worksheet as (name, part, rows), in the workbook's order.

    ``extents`` gives each part's last row and column holding content; a sheet is read up to
    them, every row as wide as the sheet (openpyxl's grid) and trailing empty rows dropped.
    ``advance`` is told how many rows were read, every ``every`` rows."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from python_calamine import CalamineWorkbook

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    styles = _styles(reader.wb)
    strings = _shared_string_fixes(archive, reader)
    found = list(reader.parser.find_sheets())
    parts = {rel.target: b"" for _, rel in found}
    # Without a style other than plain digits, calamine finds no date: the styles can stay.
    readable = _without_styles(archive, parts) if styles.special else data
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(readable))
    try:
        for sheet, rel in found:
            part = rel.target
            if part not in reader.valid_files or "chartsheet" in rel.Type:
                continue
            rows, columns = extents.get(part, extents.get("", (0, 0)))
            grid: list[list[Cell]] = []
            if rows and columns:
                values = _calamine_rows(workbook, sheet.name, rows)
                grid = _grid(values, rows, columns, advance, every)
                del values
                xml = parts.pop(part, b"") or archive.read(part)
                _fix(grid, xml, styles, strings, rows, columns)
            while grid and all(cell is None for cell in grid[-1]):
                grid.pop()
            yield sheet.name, part, grid
    finally:
        workbook.close()
        reader.archive.close()


def _without_styles(archive: zipfile.ZipFile, worksheets: dict[str, bytes]) -> bytes:
    """The workbook without its styles, for calamine: it then reads every number as a number
    and decides no format (it would panic on a date out of range, and its idea of a date is
    not openpyxl's); the cells whose style matters are typed from the XML (:func:`_fix`).
    The parts are stored, not compressed again (a copy costs less than a deflate); the
    XML of the parts named in ``worksheets`` is kept there for :func:`_fix`."""
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as stored:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir() or name.lower().endswith("styles.xml"):
                continue
            content = archive.read(name)
            if name in worksheets:
                worksheets[name] = content
            stored.writestr(name, content)
    return copy.getvalue()


def _calamine_rows(workbook: Any, name: str, rows: int) -> list[list[Any]]:
    """calamine's cells of sheet ``name``, from A1, up to row ``rows``; a panic of the Rust
    code (not an :class:`Exception`) as a :class:`ValueError`, a file it cannot read."""
    try:
        return workbook.get_sheet_by_name(name).to_python(  # type: ignore[no-any-return]
            skip_empty_area=False, nrows=rows
        )
    except Exception:
        raise
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise ValueError(f"calamine: {exc}") from None


def _grid(
    values: list[list[Any]], rows: int, columns: int, advance: Callable[[int], None], every: int
) -> list[list[Cell]]:
    """calamine's rows as openpyxl's: ``rows`` rows of ``columns`` cells, ``""`` and blank
    text as ``None``, a whole float as ``int`` (the cells that are not are retyped after)."""
    grid: list[list[Cell]] = []
    blank = [None] * columns
    for start in range(0, rows, every):
        for row in values[start : start + every]:
            cells: list[Cell] = [
                None
                if value == "" or (value.__class__ is str and value.isspace())
                else int(value)
                if value.__class__ is float and value.is_integer()
                else value
                for value in row[:columns]
            ]
            if len(cells) < columns:
                cells.extend(blank[len(cells) :])
            grid.append(cells)
        advance(min(rows, start + every) - start)
    while len(grid) < rows:
        grid.append(list(blank))
    return grid


def _styles(workbook: Any) -> _Styles:
    """The number format of each style index as openpyxl's read-only cell gives it."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    formats: list[str] = []
    special: set[int] = set()
    for index, style in enumerate(workbook._cell_styles):
        number = style.numFmtId
        if number < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(number, "General")
            plain = number in (0, 1, 2, 3, 4, 49)  # calamine knows the other ids by number
        else:
            code = workbook._number_formats[number - BUILTIN_FORMATS_MAX_SIZE]
            plain = _PLAIN_FORMAT.fullmatch(code) is not None
        formats.append(code)
        if not plain:
            special.add(index)
    return _Styles(
        formats=formats,
        dates=set(workbook._date_formats),
        durations=set(getattr(workbook, "_timedelta_formats", ())),
        special=special,
        epoch=workbook.epoch,
    )


def _shared_string_fixes(archive: zipfile.ZipFile, reader: Any) -> dict[int, str]:
    """The shared strings calamine may read otherwise than openpyxl (:data:`_SUSPECT_TEXT`),
    by index, as openpyxl reads them (only those entries are parsed)."""
    from openpyxl.reader.strings import read_string_table
    from openpyxl.xml.constants import SHARED_STRINGS

    found = reader.package.find(SHARED_STRINGS)
    if found is None:
        return {}
    xml = archive.read(found.PartName[1:])
    root = _PREFIX.search(xml)
    if root is None:
        return {}
    prefix = root[1] or b""
    if not _text_may_differ(xml, prefix, root.start()):
        return {}
    starts: list[int] = []
    for hit in _compile(_SUSPECT_TEXT, prefix).finditer(xml):
        start = max(xml.rfind(b"<" + prefix + tag, 0, hit.start()) for tag in _SI_TAGS)
        if start >= 0 and (not starts or starts[-1] != start):
            starts.append(start)
    if not starts:
        return {}
    indices: list[int] = []
    pieces: list[bytes] = [xml[root.start() : xml.index(b">", root.start()) + 1]]
    index = position = 0
    close = b"</" + prefix + b"si>"
    for start in starts:
        index += sum(xml.count(b"<" + prefix + tag, position, start) for tag in _SI_TAGS)
        position = start
        indices.append(index)
        pieces.append(xml[start : xml.index(close, start) + len(close)])
    pieces.append(b"</" + prefix + b"sst>")
    texts = read_string_table(io.BytesIO(b"".join(pieces)))
    return dict(zip(indices, texts, strict=True))


def _compile(template: bytes, prefix: bytes) -> re.Pattern[bytes]:
    return re.compile(template.replace(b"{p}", re.escape(prefix)))


def _text_may_differ(xml: bytes, prefix: bytes, body: int) -> bool:
    """Whether ``xml`` (from offset ``body``, past the XML declaration) may hold a text that
    :data:`_SUSPECT_TEXT` finds. The signs are looked for at ``memchr``/``memmem`` speed
    (the expression itself, which has no literal to start with, takes ten times as long):
    white space other than a space, an underscore (escapes), a space at the edge of a text,
    a run of rich text, a phonetic guide, a character reference."""
    if any(xml.find(sign, body) >= 0 for sign in (b"\t", b"\n", b"\r", b"_")):
        return True
    signs = (b"<" + prefix + b"t> ", b" </" + prefix + b"t>", b"</" + prefix + b"r>", b"rPh", b"&#")
    return any(sign in xml for sign in signs)


def _type_may_differ(xml: bytes, body: int) -> bool:
    """Whether ``xml`` may hold an error or ISO-date cell (``t="e"``, ``t="d"``)."""
    if b'"e"' in xml or b'"d"' in xml:
        return True
    return xml.find(b"'", body) >= 0 and (b"'e'" in xml or b"'d'" in xml)


def _fix(
    grid: list[list[Cell]],
    xml: bytes,
    styles: _Styles,
    strings: dict[int, str],
    rows: int,
    columns: int,
) -> None:
    """Retype in ``grid`` the cells of the sheet ``xml`` that calamine may read otherwise than
    openpyxl, from their XML by openpyxl's own cell parser. Only those cells are visited: a
    regular expression finds them (an attribute or a value that marks them), and they are
    parsed together as one small document."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import VALUE_TAG, WorkSheetParser
    from openpyxl.xml.functions import fromstring

    root = _PREFIX.search(xml)
    if root is None:
        return
    prefix = root[1] or b""
    # Each expression starts with a literal, which ``re`` looks for at memchr speed; the text
    # and the type expressions do not, so they run only where a sign of a match is present.
    inside: list[re.Pattern[bytes]] = [_compile(_SUSPECT_NUMBER, prefix)]  # in a cell's body
    attributes: list[re.Pattern[bytes]] = []  # in a cell's start tag
    if _text_may_differ(xml, prefix, root.start()):
        inside.append(_compile(_SUSPECT_TEXT, prefix))
    if strings:
        numbers = b"|".join(str(index).encode() for index in sorted(strings))
        inside.append(_compile(rb"<{p}v>\s*(?:" + numbers + rb")\s*</{p}v>", prefix))
    if _type_may_differ(xml, root.start()):
        attributes.append(re.compile(_SUSPECT_TYPE))
    if styles.special:
        numbers = b"|".join(str(index).encode() for index in sorted(styles.special))
        attributes.append(re.compile(rb"""s\s*=\s*["'](?:""" + numbers + rb""")["']"""))
    cell_tags = (b"<" + prefix + b"c ", b"<" + prefix + b"c>", b"<" + prefix + b"c/")
    close = b"</" + prefix + b"c>"
    found: set[int] = set()
    for pattern in inside:
        for hit in pattern.finditer(xml):
            start = max(xml.rfind(tag, 0, hit.start() + 1) for tag in cell_tags)
            if start >= 0:
                found.add(start)
    for pattern in attributes:
        for hit in pattern.finditer(xml):
            position = hit.start()
            if position and xml[position - 1 : position].isspace():
                start = xml.rfind(b"<", 0, position)
                if xml.startswith(cell_tags, start):  # not another element's (a row's style)
                    found.add(start)
    starts = sorted(found)
    if not starts:
        return
    pieces = [xml[root.start() : xml.index(b">", root.start()) + 1]]
    for start in starts:
        tag_end = xml.index(b">", start)
        end = (
            tag_end + 1
            if xml[tag_end - 1 : tag_end] == b"/"
            else xml.index(close, start) + len(close)
        )
        pieces.append(xml[start:end])
    name = xml[root.start() + 1 : root.end()]
    pieces.append(b"</" + name + b">")
    elements = list(fromstring(b"".join(pieces)))
    parser = WorkSheetParser(
        io.BytesIO(),  # never parsed: only its cell parser is used
        strings,
        data_only=True,
        epoch=styles.epoch,
        date_formats=styles.dates,
        timedelta_formats=styles.durations,
    )
    places: list[tuple[int, int]] | None = None
    for number, element in enumerate(elements):
        if element.get("t") == "s" and _string_index(element.findtext(VALUE_TAG)) not in strings:
            continue  # a shared string calamine reads as openpyxl does (found by its style)
        reference = element.get("r")
        if reference:
            row, column = coordinate_to_tuple(reference)
        else:
            places = places or _places(xml, prefix, starts)
            row, column = places[number]
            parser.row_counter, parser.col_counter = row, column - 1
        if row > rows or column > columns:
            continue
        cell = parser.parse_cell(element)
        style = cell["style_id"] or 0
        formats = styles.formats
        grid[row - 1][column - 1] = cell_value(
            cell["value"], formats[style] if style < len(formats) else "General"
        )


def _string_index(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


def _places(xml: bytes, prefix: bytes, starts: list[int]) -> list[tuple[int, int]]:
    """The row and column of the cells that start at ``starts``, counted as openpyxl counts
    them (a row without a number follows the one before, a cell without a reference the cell
    before). Only for a sheet whose retyped cells lack a reference: every tag is visited."""
    from openpyxl.utils.cell import coordinate_to_tuple

    wanted = set(starts)
    found: dict[int, tuple[int, int]] = {}
    row = column = 0
    tags = _compile(rb"<{p}(row|c)\b([^>]*)>", prefix)
    for tag in tags.finditer(xml):
        attributes = {key: a or b for key, a, b in _ATTRIBUTE.findall(tag[2])}
        if tag[1] == b"row":
            number = attributes.get(b"r")
            row = int(float(number)) if number else row + 1
            column = 0
            continue
        reference = attributes.get(b"r")
        if reference:
            row, column = coordinate_to_tuple(reference.decode())
        else:
            column += 1
        if tag.start() in wanted:
            found[tag.start()] = (row, column)
    return [found[start] for start in starts]


def cell_value(value: Any, number_format: str) -> Cell:
    """A value as openpyxl types it, as siaran keeps it: blank text is empty, and a number
    formatted as a percentage becomes the text the user sees (``"4.38%"``), so that parsing a
    rate does not depend on where the value came from."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() != "" else None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and "%" in number_format:
        return f"{value * 100!r}%"
    return value  # type: ignore[no-any-return]
