"""The native workbook reader gives, cell for cell and type for type, what the openpyxl reader
gave (:mod:`tests.ingest.xlsx_reference`): workbooks written by openpyxl and sheets written by
hand (inline and shared strings, errors, ISO dates, formulas without a value, long integers,
the 1904 date system, cells and rows without a reference, a namespace prefix)."""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from siaran.ingest.cell import Cell
from siaran.ingest.source import read_source
from tests.ingest.xlsx_reference import read_with_openpyxl

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _typed(rows: list[list[Cell]]) -> list[list[tuple[type, Cell]]]:
    return [[(type(cell), cell) for cell in row] for row in rows]


def _assert_same(path: Path) -> list[tuple[str, list[list[Cell]]]]:
    expected = read_with_openpyxl(path)
    source = read_source(path)
    got = [(sheet.name or "", sheet.rows) for sheet in source.sheets]
    assert [name for name, _ in got] == [name for name, _ in expected]
    for (name, rows), (_, reference) in zip(got, expected, strict=True):
        assert _typed(rows) == _typed(reference), name
    return got


def _written(path: Path, *, epoch_1904: bool = False) -> Path:
    workbook = openpyxl.Workbook()
    if epoch_1904:
        workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "performance_detail"
    sheet.append(["Room ID", "n", "rate", "when", "text"])
    values: list[list[object]] = [
        [7301234567890123456, 5, 0.0438, dt.datetime(2026, 7, 4, 20, 1, 54), "  padded  "],
        [-7301234567890123456, 5.5, 0.5, dt.date(2026, 7, 4), "   "],
        [12345678901234567, 3.0, 1, dt.time(3, 4, 5), "line\r\nbreak"],
        [2**53 + 1, -0.0, -0.25, dt.timedelta(hours=30, milliseconds=5), "_x000D_ escaped"],
        [1e20, 1.5e-10, 7, dt.datetime(1900, 1, 1), "x005F_kept"],
        [True, False, 0.123456789012345, dt.datetime(1904, 1, 2), "=not a formula"],
        [None, "", 10**15, dt.datetime(2026, 7, 4, 23, 59, 59, 999_600), "ünïcödé"],
    ]
    for row in values:
        sheet.append(row)
    for number in range(2, len(values) + 2):
        sheet.cell(number, 3).number_format = "0.00%"
    sheet["C3"].number_format = "0%"
    sheet["C4"].number_format = '0.0"%"'
    sheet["C6"].number_format = "#,##0.00;[Red]-#,##0.00"
    sheet["D2"].number_format = "d/m/yyyy h:mm"
    sheet["D3"].number_format = "mmm yyyy"
    sheet["B4"].number_format = "0.000"
    sheet["B5"].number_format = "[h]:mm:ss"
    sheet["A8"] = "=SUM(B2:B3)"  # no cached value: read as empty
    late = workbook.create_sheet("Starts late")
    late["C5"] = "first"
    late["E9"] = 44927
    late["E9"].number_format = "yyyy-mm-dd"
    late["F9"] = 0.75
    late["F9"].number_format = "h:mm"
    workbook.create_sheet("Empty")
    workbook.save(path)
    return path


@pytest.mark.parametrize("epoch_1904", [False, True])
def test_workbook_written_by_openpyxl(tmp_path: Path, epoch_1904: bool) -> None:
    got = _assert_same(_written(tmp_path / "w.xlsx", epoch_1904=epoch_1904))
    rows = got[0][1]
    assert rows[1][1] == 5
    assert rows[1][2] == "4.38%"
    assert rows[1][4] == "  padded  "
    assert got[1][1][4][2] == "first"
    assert got[2][1] == []


def test_random_cells_with_random_formats(tmp_path: Path) -> None:
    chance = random.Random(20261206)
    formats = ["General", "0", "0.00", "0%", "0.00%", "yyyy-mm-dd", "h:mm:ss", "@", "#,##0"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in range(1, 120):
        for column in range(1, 12):
            kind = chance.randrange(7)
            value: float | str | bool | None = None
            if kind == 0:
                value = chance.randrange(-(10**20), 10**20)
            elif kind == 1:
                value = chance.uniform(-1e6, 1e6)
            elif kind == 2:
                value = chance.randrange(0, 60000) / chance.choice([1, 2, 1440])
            elif kind == 3:
                value = chance.choice(["a", " b", "c ", "", "  ", "7.0", "1e5"])
            elif kind == 4:
                value = chance.choice([True, False])
            if value is None:
                continue
            cell = sheet.cell(row, column, value)
            cell.number_format = chance.choice(formats)
    workbook.save(tmp_path / "random.xlsx")
    _assert_same(tmp_path / "random.xlsx")


_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{_MAIN}"><numFmts count="2">
<numFmt numFmtId="164" formatCode="0.0&quot;%&quot;"/>
<numFmt numFmtId="165" formatCode="d/m/yyyy h:mm"/></numFmts><fonts count="1"><font/></fonts>
<fills count="1"><fill><patternFill/></fill></fills><borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0"/>
<xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="46"/>
<xf numFmtId="30"/></cellXfs></styleSheet>"""

_STRINGS = f"""<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="{_MAIN}" count="5" uniqueCount="5"><si><t>shared</t></si>
<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></si>
<si><t xml:space="preserve">   </t></si><si><t> outer </t></si>
<si><t>x_x000D_y</t><rPh sb="0" eb="1"><t>ruby</t></rPh></si></sst>"""

_SHEET = """<row r="3"><c r="C3" t="inlineStr"><is><t>inline</t></is></c>
<c r="D3"><v>7301234567890123456</v></c>
<c r="E3" t="e"><v>#N/A</v></c><c r="F3"><f>A1+1</f></c><c r="G3" s="2"><v>45000</v></c>
<c r="H3" t="str"><f>"a"</f><v>3.0</v></c><c r="I3" t="inlineStr"><is><t> spaced </t></is></c>
<c r="J3" t="inlineStr"><is><r><t>two </t></r><r><t>runs</t></r></is></c></row>
<row r="5" s="1" customFormat="1"><c r="B5" s="1"><v>0.25</v></c><c r="C5" s="3"><v>4</v></c>
<c r="D5"><v>3.0</v></c><c r="E5"><v>1E3</v></c><c r="F5" t="s"><v>0</v></c>
<c r="G5" t="s"><v>1</v></c><c r="H5" t="s"><v>2</v></c>
<c r="I5" t="b"><v>0</v></c><c r="J5" s="4"><v>0.5</v></c><c r="K5" s="5"><v>1.5</v></c>
<c r="L5" t="d"><v>2026-01-02T03:04:05</v></c><c r="M5"><v>-0</v></c>
<c r="N5"><v>-12345678901234567890</v></c>
<c r="O5" t="e"><v>#DIV/0!</v></c><c r="P5" t="s"><v>3</v></c><c r="Q5" t="s"><v>4</v></c>
<c r="R5" t="s" s="2"><v>0</v></c><c r="S5" t="s" s="1"><v>1</v></c></row>
<row r="6"><c r="A6" s="2"><v>59</v></c><c r="B6" s="2"><v>61</v></c>
<c r="C6" s="4"><v>45000.999999999</v></c>
<c r="D6" s="1"><v>5</v></c><c r="E6" s="6"><v>45000</v></c><c r="F6" s="3"><v>0.123</v></c>
<c r="G6"><v>2.50</v></c></row>
<row><c s="2"><v>100</v></c><c><v>12345678901234567</v></c><c t="e"><v>#REF!</v></c>
<c s="1"><v>0.5</v></c></row>
<row r="9"><c r="B9" s="2"/></row>"""

_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_KINDS = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'


def _with_prefix(sheet: str, prefix: str) -> str:
    for tag in ("row", "c", "v", "f", "is", "t", "r", "rPr", "b"):
        for before, after in (("<", "<"), ("</", "</")):
            for end in (">", " ", "/>"):
                sheet = sheet.replace(f"{before}{tag}{end}", f"{after}{prefix}{tag}{end}")
    return sheet


def _hand(path: Path, sheet: str, *, prefix: str = "", date1904: bool = False) -> Path:
    """A one-sheet workbook of the sheet data ``sheet``, with :data:`_STYLES` and
    :data:`_STRINGS`; its elements written with ``prefix`` (``x:``) when given."""
    declaration = f'xmlns:{prefix[:-1]}="{_MAIN}"' if prefix else f'xmlns="{_MAIN}"'
    worksheet = (
        f"{_HEAD}<{prefix}worksheet {declaration}><{prefix}sheetData>"
        f"{_with_prefix(sheet, prefix) if prefix else sheet}"
        f"</{prefix}sheetData></{prefix}worksheet>"
    )
    system = ' date1904="1"' if date1904 else ""
    overrides = "".join(
        f'<Override PartName="/xl/{name}" ContentType="{_KINDS}.{kind}+xml"/>'
        for name, kind in (
            ("workbook.xml", "sheet.main"),
            ("worksheets/sheet1.xml", "worksheet"),
            ("styles.xml", "styles"),
            ("sharedStrings.xml", "sharedStrings"),
        )
    )
    relations = "".join(
        f'<Relationship Id="rId{number}" Type="{_OFFICE}/{kind}" Target="{target}"/>'
        for number, (kind, target) in enumerate(
            (
                ("worksheet", "worksheets/sheet1.xml"),
                ("styles", "styles.xml"),
                ("sharedStrings", "sharedStrings.xml"),
            ),
            start=1,
        )
    )
    parts = {
        "[Content_Types].xml": f'{_HEAD}<Types xmlns="{_PACKAGE}/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>',
        "_rels/.rels": f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE}">'
        f'<workbookPr{system}/><sheets><sheet name="Hand" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>",
        "xl/_rels/workbook.xml.rels": f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships">'
        f"{relations}</Relationships>",
        "xl/styles.xml": _STYLES,
        "xl/sharedStrings.xml": _STRINGS,
        "xl/worksheets/sheet1.xml": worksheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


@pytest.mark.parametrize("date1904", [False, True])
@pytest.mark.parametrize("prefix", ["", "x:"])
def test_sheet_written_by_hand(tmp_path: Path, prefix: str, date1904: bool) -> None:
    path = _hand(tmp_path / "hand.xlsx", _SHEET, prefix=prefix, date1904=date1904)
    rows = _assert_same(path)[0][1]
    assert rows[2][3] == 7301234567890123456
    assert rows[2][4] == "#N/A"
    assert rows[2][5] is None  # a formula without a value
    assert rows[4][13] == -12345678901234567890
    assert rows[6][1] == 12345678901234567  # a row and cells without a reference


def test_texts_calamine_reads_otherwise(tmp_path: Path) -> None:
    texts = ["\u00a0nb\u00a0", "\u3000ideo\u2003", "a&#10;b", "&#13;x", "a&amp;b&lt;", "x&#32;"]
    cells = "".join(
        f'<c r="{column}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for column, text in zip("ABCDEF", texts, strict=True)
    )
    cells += '<c r="G1" t="inlineStr"><is><t xml:space="preserve"> kept </t></is></c>'
    cells += '<c r="H1" t="s"><v>4</v></c><c r="I1" t="s"><v>3</v></c>'
    _assert_same(_hand(tmp_path / "texts.xlsx", f'<row r="1">{cells}</row>'))


def test_sheet_with_crlf_text_and_styled_rows(tmp_path: Path) -> None:
    sheet = (
        '<row r="2" s="2" customFormat="1">\r\n'
        '<c r="A2" t="inlineStr"><is><t>a\r\nb</t></is></c>\r\n'
        '<c r="B2"><v>1.0</v></c><c r="C2" s="2"/></row>\r\n'
        '<row r="4"><c r="A4"><v>5</v></c></row>'
    )
    _assert_same(_hand(tmp_path / "crlf.xlsx", sheet))
