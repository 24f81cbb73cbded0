"""A cheap, streaming look at a workbook's XML before its cells are read.

The reader (:mod:`siaran.ingest.xlsx_read`) lays every sheet out as a grid up to its last row
and column, calamine loads the whole shared-string table up front and openpyxl parses whatever
DTD the parts it reads declare. So before handing them a workbook, siaran reads each XML part
once with a hardened parser that builds no tree (a
parser *target* sees each start tag and forgets it: memory stays flat whatever the part
claims, at about a microsecond per element), and refuses a part that declares a DTD, a
sheet whose ``<dimension>`` claims more rows than allowed, a sheet whose cells reach past the
row or cell limits, and a shared-string table with more entries than cells allowed. The scan
also finds formula cells that carry no cached value (``<c><f>..</f></c>`` without ``<v>``):
they are read as empty, and the import report says so.

Element by element, the scan costs a Python call per element, about three per cell: 5.5 s of
the 6.7 s it took on the 190 MB sheet of a 100,000-row, 35-column export, half the time that
workbook took to read. So a worksheet part of a megabyte or more is first read by regular
expressions (:class:`_PlainSheet`), while the same hardened parser, given no callback per
element, checks it is well formed and has no DTD: 3.9-4.7 s in all for that sheet, against
7.6-8.2 s. The expressions read plain SpreadsheetML only; markup they do not read (comments,
CDATA, processing instructions, a ``>``, an entity or a byte beyond ASCII in an attribute,
a namespace declared anew below the root, a ``<dimension>`` after the first row, cells or
values outside their row) sends the part to the element scan, from its start. Both give the
same extents, the same notes and the same refusals (tests/ingest/test_xlsx_scan.py), with
one difference left: in a part that is both malformed and past a limit within one megabyte,
the expressions, which read a megabyte after the parser has taken it, report the malformation
where the element scan may report the limit.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from siaran.errors import BadInputError
from siaran.ingest.guards import DtdRefusal, GuardedTarget, feed_part, refuse
from siaran.ingest.limits import ImportLimits

_NAMESPACES: Final = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)


# What a start tag is, in one lookup (the scan's inner loop runs for every element).
_CELL, _VALUE, _INLINE, _FORMULA, _ROW, _DIMENSION, _STRING_ITEM, _WORKSHEET, _SST = range(9)
_KINDS: Final = {
    f"{{{ns}}}{local}": kind
    for ns in _NAMESPACES
    for local, kind in (
        ("c", _CELL),
        ("v", _VALUE),
        ("is", _INLINE),
        ("f", _FORMULA),
        ("row", _ROW),
        ("dimension", _DIMENSION),
        ("si", _STRING_ITEM),
        ("worksheet", _WORKSHEET),
        ("sst", _SST),
    )
}
_REF: Final = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_RANGE_END: Final = re.compile(r"(\d+)\s*$")
FORMULA_REFS_SHOWN: Final = 10
PRECOUNT_BYTES: Final = 8 << 20
"""Parts larger than this that the element scan reads are first counted at unzip speed
(:func:`_precount`)."""
PLAIN_SCAN_BYTES: Final = 1 << 20
"""Parts of this size or larger are first read by expressions (:class:`_PlainSheet`)."""
PLAIN_CARRY_BYTES: Final = 16 << 20
"""The longest stretch without a row's end the expressions wait through (a longer one is left
to the element scan, which reads it in one pass)."""
_PRECOUNT_CHUNK: Final = 4 << 20


@dataclass
class SheetExtent:
    """What one worksheet part holds: the last row and column that carry content (a value, an
    inline string or a formula), how many ``<c>`` elements it has, and the formula cells
    without a cached value (``refs`` lists the first :data:`FORMULA_REFS_SHOWN`)."""

    part: str
    rows: int = 0
    columns: int = 0
    cells: int = 0
    formulas_without_value: int = 0
    refs: list[str] = field(default_factory=list)


def column_number(letters: str, _cache: dict[str, int] = {}) -> int:  # noqa: B006  # a memo
    """``A`` -> 1, ``AB`` -> 28."""
    found = _cache.get(letters)
    if found is None:
        found = 0
        for letter in letters.upper():
            found = found * 26 + ord(letter) - 64
        _cache[letters] = found
    return found


def scan_workbook(
    path: Path, archive: zipfile.ZipFile, limits: ImportLimits
) -> dict[str, SheetExtent]:
    """Every XML part checked; the extents of the worksheets by part name."""
    sheets: dict[str, SheetExtent] = {}
    for info in archive.infolist():
        name = info.filename
        if info.is_dir() or not name.lower().endswith((".xml", ".rels")):
            continue
        if info.file_size >= PLAIN_SCAN_BYTES:
            plain = _scan_plain(path, archive, name, limits)
            if plain is not None:
                sheets[name] = plain
                continue
        if info.file_size > PRECOUNT_BYTES:
            _precount(path, archive, name, limits)
        target = _PartScan(path, name, limits)
        with archive.open(name) as stream:
            feed_part(path, name, stream, target, "source.unreadable_xlsx")
        if target.sheet is not None:
            sheets[name] = target.sheet
    return sheets


def _scan_plain(
    path: Path, archive: zipfile.ZipFile, part: str, limits: ImportLimits
) -> SheetExtent | None:
    """The extent of worksheet ``part`` read by expressions; ``None`` when the part is no
    worksheet or holds markup they do not read (it is then scanned element by element)."""
    plain = _PlainSheet(_PartScan(path, part, limits))
    try:
        with archive.open(part) as stream:
            checker = DtdRefusal(path, part)
            feed_part(path, part, stream, checker, "source.unreadable_xlsx", plain.feed)
        return plain.finish()
    except _NotPlainError:
        return None
    except ValueError as exc:  # in the rows after the last megabyte (feed_part has the others)
        reason = f"{part}: {exc}"
        raise BadInputError("source.unreadable_xlsx", path=path, line=0, reason=reason) from exc


def _precount(path: Path, archive: zipfile.ZipFile, part: str, limits: ImportLimits) -> None:
    """Refuse a large part at unzip speed when its cell or shared-string tags alone pass the
    cells limit. Counting bytes finds the tags every writer writes (``<c r=..``, ``<si>``);
    a tag split between chunks or written oddly is missed, and then the scan that follows
    refuses the part all the same, only more slowly."""
    cells = strings = 0
    with archive.open(part) as stream:
        while chunk := stream.read(_PRECOUNT_CHUNK):
            cells += chunk.count(b"<c ") + chunk.count(b"<c>")
            strings += chunk.count(b"<si>") + chunk.count(b"<si ")
            if cells > limits.cells:
                raise _cells_present(path, part, limits)
            if strings > limits.cells:
                raise _shared_strings(path, part, limits)


class _PartScan(GuardedTarget):
    """Reads one part's start tags: a worksheet's rows and cells, a shared-string table's
    entries; any other part only up to its root element.

    The work per element is kept to a dictionary lookup and a few comparisons: a row's extent
    is settled when the next row starts (its number, and the column of its last cell: the
    width a row is read to), a cell's formula when the next cell starts.
    """

    def __init__(self, path: Path, part: str, limits: ImportLimits) -> None:
        super().__init__(path, part)
        self.limits = limits
        self.sheet: SheetExtent | None = None
        self.strings: int | None = None
        self.row = 0  # number of the row being read
        self.row_cells = 0  # its cells so far
        self.row_content = False  # whether one of them has a value, inline text or formula
        self.ref: str | None = None  # reference of the cell being read
        self.formula = self.value = False  # whether that cell has <f>, <v>

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        # lxml still closes a target after one of its calls raised, and reports the last
        # error: the first refusal ends the read, so that it is the one reported.
        if self.done:
            return
        try:
            kind = _KINDS.get(tag)
            if kind is None:
                if self.sheet is None and self.strings is None:
                    self.done = True  # not a part read as a grid
                return
            if kind == _VALUE:
                self.value = self.row_content = True
            elif kind == _CELL:
                if self.formula and not self.value:
                    self._formula_without_value()
                self.formula = self.value = False
                self.ref = attrib.get("r")
                self.row_cells += 1
                assert self.sheet is not None
                self.sheet.cells += 1
                if self.sheet.cells > self.limits.cells:
                    self._too_many_cells()
            elif kind == _INLINE:
                self.row_content = True
            elif kind == _FORMULA:
                self.formula = self.row_content = True
            elif kind == _ROW:
                if self.formula and not self.value:  # the row's last cell, with its own reference
                    self._formula_without_value()
                self.formula = self.value = False
                self._end_row()
                number = attrib.get("r")  # a row without one follows the one before
                self.row = int(number) if number is not None else self.row + 1
            elif kind == _STRING_ITEM:
                self._string_item()
            elif kind == _DIMENSION:
                self._dimension(attrib.get("ref") or "")
            elif kind == _WORKSHEET:
                self.sheet = SheetExtent(self.part)
            elif kind == _SST:
                self.strings = 0
        except Exception:
            self.done = True
            raise

    def close(self) -> None:
        if self.done:  # lxml closes a target whose call raised, too: the refusal stands
            return
        if self.formula and not self.value:
            self._formula_without_value()
        self._end_row()

    def _end_row(self) -> None:
        sheet = self.sheet
        if sheet is None or not self.row_cells:
            return
        if self.row_content:
            column = self.row_cells  # cells without a reference follow one another
            if self.ref is not None:
                column = self._column_of(self.ref)
            if self.row > sheet.rows:
                sheet.rows = self.row
            if column > sheet.columns:
                sheet.columns = column
            if sheet.rows > self.limits.rows:
                raise _too_many_rows(self.path, self.part, sheet.rows, self.limits)
            grid = sheet.rows * sheet.columns
            if grid > self.limits.cells:
                raise refuse(
                    "limits.cells",
                    self.path,
                    "cells",
                    grid,
                    exact=False,
                    part=self.part,
                    rows=sheet.rows,
                    columns=sheet.columns,
                    cells=grid,
                    limit=self.limits.cells,
                )
        self.row_cells = 0
        self.row_content = False
        self.ref = None

    def _column_of(self, ref: str) -> int:
        found = _REF.match(ref)
        if found is None:
            raise ValueError(f"cell reference {ref!r}")
        return column_number(found[1])

    def _formula_without_value(self) -> None:
        assert self.sheet is not None
        self.sheet.formulas_without_value += 1
        if len(self.sheet.refs) < FORMULA_REFS_SHOWN:
            self.sheet.refs.append(self.ref or f"R{self.row}C{self.row_cells}")

    def _too_many_cells(self) -> None:
        raise _cells_present(self.path, self.part, self.limits)

    def _dimension(self, ref: str) -> None:
        """``<dimension ref="A1:AI20000000">``: the rows the sheet claims to span."""
        found = _RANGE_END.search(ref)
        if found is not None and int(found[1]) > self.limits.rows:
            raise refuse(
                "limits.dimension_rows",
                self.path,
                "rows",
                int(found[1]),
                part=self.part,
                ref=ref,
                rows=int(found[1]),
                limit=self.limits.rows,
            )

    def _string_item(self) -> None:
        if self.strings is None:
            return
        self.strings += 1
        if self.strings > self.limits.cells:
            raise _shared_strings(self.path, self.part, self.limits)


class _NotPlainError(Exception):
    """Markup :class:`_PlainSheet` does not read: the part is scanned element by element."""


_ROOT: Final = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml(?P<declaration>[^>]*?)\?>)?\s*"
    rb"<(?:(?P<prefix>[A-Za-z_][\w.-]*):)?(?P<local>[A-Za-z_][\w.-]*)(?P<attrs>[^>]*)>"
)
_DECLARATION_AT: Final = re.compile(rb"""xmlns(?::([^\s=]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENCODING: Final = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_ATTRIBUTES: Final = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ODD_ATTRIBUTE: Final = re.compile(rb"""=\s*(?:"[^"<]*>|'[^'<]*>)""")
"""An attribute value holding ``>``, where the expressions would take a tag to end."""
_ATTRIBUTE_SPACES: Final = bytes.maketrans(b"\t\n\r", b"   ")
_ROOT_BYTES: Final = 64 << 10
"""How far into a part its root element's start tag is looked for."""


class _PlainSheet:
    """A worksheet part read by regular expressions, a megabyte at a time, into the state of
    an element scan (``scan``), whose methods settle each row's extent, count the formulas
    without a value and refuse what passes the limits, so that both scans agree.

    Each stretch of whole rows is first checked for markup the expressions do not read
    (:meth:`_check`); then each row is taken whole (``<row ..>..</row>`` or ``<row ../>``).
    The text between two rows may hold no cell, value, formula or row tag of the sheet's
    namespace, a row's cells must hold all of its values, and a ``<dimension>`` must come
    before the first row. Whatever else the expressions cannot be sure of raises
    :class:`_NotPlainError`, and the part is scanned again element by element."""

    def __init__(self, scan: _PartScan) -> None:
        self.scan = scan
        self.carry = b""
        self.started = False
        self.rows_seen = False
        self.prefix = b""

    def feed(self, chunk: bytes) -> None:
        buffer = self.carry + chunk if self.carry else chunk
        start = 0
        if not self.started:
            start = self._root(buffer)
            if start < 0:  # the root's start tag is not whole yet
                self.carry = buffer
                return
        end = buffer.rfind(self.row_end, start)
        end = start if end < 0 else end + len(self.row_end)
        self._check(buffer, start, end)
        self._rows(buffer, start, end)
        self.carry = buffer[end:]
        if len(self.carry) > PLAIN_CARRY_BYTES:
            raise _NotPlainError

    def finish(self) -> SheetExtent | None:
        """The sheet's extent once every megabyte was fed (``None`` for an empty part)."""
        if not self.started:
            raise _NotPlainError
        self._check(self.carry, 0, len(self.carry))
        self._piece(self.carry, closed=False)
        return self.scan.sheet

    def _root(self, buffer: bytes) -> int:
        """Where the root element's start tag ends (-1: not read yet), in the part's first
        64 kB. Only a worksheet in UTF-8 whose namespace is bound to one prefix is read here."""
        found = _ROOT.match(buffer)
        if found is None:
            if len(buffer) < _ROOT_BYTES:
                return -1
            raise _NotPlainError
        encoding = _ENCODING.search(found["declaration"] or b"")
        if encoding is not None and encoding[1].lower() not in (b"utf-8", b"utf8", b"us-ascii"):
            raise _NotPlainError
        opening = found.start("prefix") if found["prefix"] else found.start("local")
        if _ODD_ATTRIBUTE.search(buffer, opening, found.end()) is not None:
            raise _NotPlainError  # a ">" in the root's attributes: its tag ends further on
        attrs = found["attrs"]
        bound = [  # the part is well formed: its attributes are read in order
            (name[6:], double or single)
            for name, double, single in _ATTRIBUTES.findall(attrs)
            if name == b"xmlns" or name.startswith(b"xmlns:")
        ]
        ours = [name for name, uri in bound if uri.decode(errors="replace") in _NAMESPACES]
        prefix = found["prefix"] or b""
        if found["local"] != b"worksheet" or ours != [prefix] or b"&" in attrs:
            raise _NotPlainError
        if attrs.count(b"xmlns") != len(bound):
            raise _NotPlainError  # "xmlns" in a value, say: not a tag read here
        self.scan.sheet = SheetExtent(self.scan.part)
        self.prefix = prefix
        self._compile(prefix)
        self.started = True
        return found.end()

    def _compile(self, prefix: bytes) -> None:
        p = re.escape(prefix + b":") if prefix else b""
        tag = rb"(?=[\s/>])"
        self.row_re = re.compile(rb"<" + p + rb"row" + tag + rb"([^>]*)>")
        self.cell_re = re.compile(rb"<" + p + rb"c" + tag + rb"([^>]*)")
        self.content_re = re.compile(rb"<" + p + rb"(?:v|is|f)" + tag)
        self.formula_re = re.compile(rb"<" + p + rb"f" + tag)
        self.value_re = re.compile(rb"<" + p + rb"v" + tag)
        self.marker_re = re.compile(rb"<" + p + rb"(?:c|v|is|f|row)" + tag)
        self.dimension_re = re.compile(rb"<" + p + rb"dimension" + tag + rb"([^>]*)>")
        self.other_re = re.compile(rb"<" + p + rb"(?:worksheet|sst|si)" + tag)
        name = prefix + b":" if prefix else b""
        self.row_end = b"</" + name + b"row>"
        self.row_end_open = b"</" + name + b"row"
        self.row_open = b"<" + name + b"row"
        self.formula_open = b"<" + name + b"f"

    def _check(self, buffer: bytes, start: int, end: int) -> None:
        """Markup in ``buffer[start:end]`` the expressions do not read: a comment, CDATA or
        processing instruction, a ``>`` in an attribute, an end tag of a row written
        otherwise, a second worksheet or a shared-string tag, a namespace declaration that
        binds the sheet's namespace or its prefix (or the default one) anew, a
        ``<dimension>`` after the first row."""
        if buffer.find(b"<!", start, end) >= 0 or buffer.find(b"<?", start, end) >= 0:
            raise _NotPlainError
        if _ODD_ATTRIBUTE.search(buffer, start, end) is not None:
            raise _NotPlainError
        if buffer.count(self.row_end_open, start, end) != buffer.count(self.row_end, start, end):
            raise _NotPlainError  # ``</row >``
        if self.other_re.search(buffer, start, end) is not None:
            raise _NotPlainError
        at = buffer.find(b"xmlns", start, end)
        while at >= 0:
            declared = _DECLARATION_AT.match(buffer, at, end)
            if declared is None or declared[1] in (None, self.prefix):
                raise _NotPlainError  # not read, or the default namespace or the sheet's prefix
            uri = declared[2] if declared[2] is not None else declared[3]
            if uri.decode(errors="replace") in _NAMESPACES:
                raise _NotPlainError
            at = buffer.find(b"xmlns", declared.end(), end)
        first_row = None
        for dimension in self.dimension_re.finditer(buffer, start, end):
            first_row = first_row or self.row_re.search(buffer, start, end)
            if self.rows_seen or (first_row is not None and first_row.start() < dimension.start()):
                raise _NotPlainError

    def _rows(self, buffer: bytes, start: int, end: int) -> None:
        """Read every whole row of ``buffer[start:end]`` (which ends with a row's end tag)."""
        if end == start:
            return
        pieces = buffer[start:end].split(self.row_end)
        for piece in pieces[:-1]:
            self._piece(piece, closed=True)

    def _piece(self, piece: bytes, *, closed: bool) -> None:
        """Text up to a row's end tag (``closed``) or up to the part's end: what lies between
        rows, rows closed in their start tag (``<row r="9"/>``), the row's start tag, its body."""
        scan = self.scan
        at = 0
        while (found := self.row_re.search(piece, at)) is not None:
            if found.start() > at:
                self._between(piece, at, found.start())
            self.rows_seen = True
            attrs = found[1]
            number = _attribute(attrs, b"r")
            scan.row = int(number) if number is not None else scan.row + 1
            at = found.end()
            if not attrs.endswith(b"/"):
                if not closed:
                    raise _NotPlainError
                self._row(piece[at:])
                return
        if closed:
            raise _NotPlainError  # an end tag without its start
        self._between(piece, at, len(piece))

    def _row(self, body: bytes) -> None:
        scan = self.scan
        sheet = scan.sheet
        assert sheet is not None
        if self.row_open in body and self.row_re.search(body) is not None:
            raise _NotPlainError  # a row within a row
        cells = self.cell_re.findall(body)
        if self.cell_re.match(body) is None:
            first = self.cell_re.search(body)
            upto = first.start() if first is not None else len(body)
            if self.content_re.search(body, 0, upto) is not None:
                raise _NotPlainError  # a value or formula outside a cell
        if not cells:
            return
        sheet.cells += len(cells)
        if sheet.cells > scan.limits.cells:
            scan._too_many_cells()
        if self.formula_open in body and self.formula_re.search(body) is not None:
            self._formulas(body)
        scan.ref = _attribute(cells[-1], b"r")
        scan.row_cells = len(cells)
        scan.row_content = self.content_re.search(body) is not None
        scan._end_row()

    def _formulas(self, body: bytes) -> None:
        """Count the row's formula cells without a cached value, as the element scan does."""
        scan = self.scan
        starts = [found.start() for found in self.cell_re.finditer(body)] + [len(body)]
        for index, (begin, stop) in enumerate(itertools.pairwise(starts), start=1):
            if self.formula_re.search(body, begin, stop) is None:
                continue
            if self.value_re.search(body, begin, stop) is not None:
                continue
            head = self.cell_re.match(body, begin)
            scan.ref = _attribute(head[1], b"r") if head is not None else None
            scan.row_cells = index
            scan._formula_without_value()

    def _between(self, buffer: bytes, begin: int, end: int) -> None:
        """The text between two rows: no cell, value, formula or row of the sheet; each
        ``<dimension>`` it holds is checked."""
        if self.marker_re.search(buffer, begin, end) is not None:
            raise _NotPlainError
        for dimension in self.dimension_re.finditer(buffer, begin, end):
            self.scan._dimension(_attribute(dimension[1], b"ref") or "")


def _attribute(attrs: bytes, name: bytes) -> str | None:
    """The value of attribute ``name`` in a start tag's ``attrs`` (the part is well formed:
    its attributes are read in order, so an ``r=`` inside another value is not one), as the
    parser gives it: tabs and line ends as spaces. A value with an entity or a byte other
    than ASCII is left to the element scan."""
    value: bytes | None = None
    for found, double, single in _ATTRIBUTES.findall(attrs):
        if found == name:
            value = double if double or not single else single
    if value is None:
        return None
    if b"&" in value or not value.isascii():
        raise _NotPlainError
    return value.replace(b"\r\n", b"\n").translate(_ATTRIBUTE_SPACES).decode()


def _cells_present(path: Path | str, part: str, limits: ImportLimits) -> BadInputError:
    return _past_cells("limits.cells_present", path, part, limits)


def _shared_strings(path: Path | str, part: str, limits: ImportLimits) -> BadInputError:
    return _past_cells("limits.shared_strings", path, part, limits)


def _past_cells(key: str, path: Path | str, part: str, limits: ImportLimits) -> BadInputError:
    """More cells (or shared strings) than allowed: the read stopped at the first one past."""
    return refuse(key, path, "cells", limits.cells + 1, exact=False, part=part, limit=limits.cells)


def _too_many_rows(path: Path | str, part: str, rows: int, limits: ImportLimits) -> BadInputError:
    return refuse(
        "limits.rows",
        path,
        "rows",
        rows,
        exact=False,
        part=part,
        rows=rows,
        limit=limits.rows,
    )
