"""The two ways a worksheet part is scanned (:mod:`siaran.ingest.xlsx_scan`): by regular
expressions when it is plain SpreadsheetML, element by element otherwise. Both must give the
same extents, the same formula notes and the same refusals, and markup the expressions do not
read must send the part to the element scan."""

from __future__ import annotations

import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from siaran.errors import BadInputError
from siaran.ingest import xlsx_scan
from siaran.ingest.limits import DEFAULT_LIMITS, ImportLimits
from tests.ingest.hostile_files import column_letters, escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
PART = "xl/worksheets/sheet1.xml"


def text_cell(ref: str | None, value: str) -> str:
    at = f' r="{ref}"' if ref else ""
    return f'<c{at} t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def number_cell(ref: str | None, value: float) -> str:
    at = f' r="{ref}"' if ref else ""
    return f"<c{at}><v>{value}</v></c>"


def row(number: int | None, cells: list[str], attrs: str = "") -> str:
    at = f' r="{number}"' if number is not None else ""
    return f"<row{at}{attrs}>{''.join(cells)}</row>"


def table(rows: int, columns: int) -> list[str]:
    """A header and ``rows`` rows of text and numbers, every cell with its reference."""
    head = [text_cell(f"{column_letters(c)}1", f"Kolom {c}") for c in range(1, columns + 1)]
    body = [row(1, head)]
    for number in range(2, rows + 2):
        cells = [
            number_cell(f"{column_letters(c)}{number}", number * c)
            if c % 2
            else text_cell(f"{column_letters(c)}{number}", f"Live {number} & <{c}>")
            for c in range(1, columns + 1)
        ]
        body.append(row(number, cells, ' spans="1:9" ht="15"'))
    return body


def worksheet(
    rows: list[str],
    *,
    root: str = f'<worksheet xmlns="{MAIN}">',
    end: str = "</worksheet>",
    head: str = '<dimension ref="A1:I9"/>',
    tail: str = "",
    prolog: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    data: tuple[str, str] = ("<sheetData>", "</sheetData>"),
) -> bytes:
    return (prolog + root + head + data[0] + "".join(rows) + data[1] + tail + end).encode()


def scan(tmp_path: Path, xml: bytes, *, plain: bool, limits: ImportLimits) -> Any:
    """What :func:`scan_workbook` makes of a workbook holding ``xml`` as its sheet: the
    extents as dicts, or the refusal's key and parameters; with ``plain``, whether the
    expressions read the part is added."""
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PART, xml)
    used: list[bool] = []
    scan_plain = xlsx_scan._scan_plain

    def spied(*args: Any) -> xlsx_scan.SheetExtent | None:
        found = scan_plain(*args)
        used.append(found is not None)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xlsx_scan, "PLAIN_SCAN_BYTES", 0 if plain else 1 << 60)
        patch.setattr(xlsx_scan, "_scan_plain", spied)
        with zipfile.ZipFile(path) as archive:
            try:
                found: Any = {
                    k: asdict(v) for k, v in xlsx_scan.scan_workbook(path, archive, limits).items()
                }
            except BadInputError as error:
                found = ("refused", error.key, error.params)
    return (found, used == [True]) if plain else found


def formula_row(number: int) -> str:
    """Formulas without a cached value in the first, a middle and the last cell of the row,
    one with a value, and one in a cell without a reference."""
    return row(
        number,
        [
            f'<c r="A{number}"><f>SUM(B1:B2)</f></c>',
            f'<c r="B{number}"><f>1+1</f><v>2</v></c>',
            "<c><f>NOW()</f></c>",
            f'<c r="D{number}" t="str"><f>A1&amp;"x"</f></c>',
        ],
    )


PLAIN_SHEETS: dict[str, bytes] = {
    "table": worksheet(table(40, 9)),
    "strict namespace": worksheet(table(5, 9), root=f'<worksheet xmlns="{STRICT}">'),
    "prefixed": worksheet(
        [r.replace("<", "<x:").replace("<x:/", "</x:") for r in table(5, 4)],
        root=f'<x:worksheet xmlns:x="{MAIN}">',
        end="</x:worksheet>",
        head='<x:dimension ref="A1:D6"/>',
        data=("<x:sheetData>", "</x:sheetData>"),
    ),
    "no references": worksheet(
        [row(None, [number_cell(None, n) for n in range(c)]) for c in (3, 5, 2)]
        + [row(9, [number_cell(None, 1)]), row(None, [number_cell(None, 1)] * 7)]
    ),
    "empty and styled rows": worksheet(
        [
            row(1, [number_cell("A1", 1)]),
            '<row r="2"/>',
            '<row r="3" customHeight="1"/>',
            row(4, ['<c r="Z4" s="3"/>']),
            row(5, [number_cell("B5", 2), '<c r="K5" s="1"/>']),
            row(6, []),
            '<row r="7" ht="20"/>',
            '<row r="8"/>',
        ]
    ),
    "formulas without a value": worksheet(
        [formula_row(n) for n in range(1, 5)] + [row(5, [number_cell("A5", 1)])]
    ),
    "rich text with a colour": worksheet(
        [
            row(
                1,
                [
                    '<c r="C1" t="inlineStr"><is><r><rPr><color rgb="FF0000"/></rPr>'
                    "<t>merah</t></r></is></c>"
                ],
            )
        ]
    ),
    "Excel's extensions at the end": worksheet(
        table(3, 3),
        root=f'<worksheet xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships" xmlns:x14ac="http://schemas.microsoft.com/'
        'office/spreadsheetml/2009/9/ac">',
        tail='<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><extLst><ext '
        'uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="http://schemas.microsoft.com/'
        'office/spreadsheetml/2009/9/main"><x14:sparklineGroups/></ext></extLst>',
    ),
    "a dimension past the rows allowed": worksheet(
        table(2, 2), head='<dimension ref="A1:B9000000"/>'
    ),
    "a row number that is no number": worksheet([row(1, [number_cell("A1", 1)]), '<row r="x"/>']),
    "a cell reference that is no reference": worksheet([row(1, ['<c r="1A"><v>1</v></c>'])]),
    "a reference ending in a line break": worksheet([row(1, ['<c r="A1\n"><v>1</v></c>'])]),
    "r= inside another attribute's value": worksheet(
        [
            row(None, ['<c t="n" cm=" r=\'Z1\'" r="A1"><v>1</v></c>'], ' x=" r=\'900\'" r="1"'),
            row(2, [number_cell("B2", 1)], " r\t=\n'2'"),
        ]
    ),
    "two dimensions before the rows": worksheet(
        table(2, 2), head='<dimension ref="A1"/><dimension ref="A1:A99999999"/>'
    ),
}

ODD_SHEETS: dict[str, bytes] = {
    "a comment": worksheet([*table(3, 3)[:2], "<!-- <row r='900'><c><v>1</v></c></row> -->"]),
    "CDATA": worksheet(
        [row(1, ['<c r="A1" t="inlineStr"><is><t><![CDATA[</row><row r="99">]]></t></is></c>'])]
    ),
    "a processing instruction": worksheet([row(1, [number_cell("A1", 1)]), "<?mso x?>"]),
    "a > in an attribute": worksheet([row(1, ['<c r="A1" cm=">"><v>1</v></c>'])]),
    "an entity in a reference": worksheet([row(1, ['<c r="&#67;1"><v>1</v></c>'])]),
    "an entity in a row number": worksheet([row(None, [number_cell("A3", 1)], ' r="&#51;"')]),
    "an end tag with a space": worksheet(['<row r="4"><c r="B4"><v>1</v></c></row >']),
    "a value outside a cell": worksheet(['<row r="2"><v>1</v><c r="A2"/></row>']),
    "a cell outside a row": worksheet([row(1, [number_cell("A1", 1)]), '<c r="H1"><v>1</v></c>']),
    "the namespace bound twice": worksheet(
        [row(1, [number_cell("A1", 1), f'<x:c r="F1" xmlns:x="{MAIN}"><x:v>1</x:v></x:c>'])],
        root=f'<worksheet xmlns="{MAIN}" xmlns:x="{MAIN}">',
    ),
    "UTF-16": (
        '<?xml version="1.0" encoding="UTF-16"?>'
        f'<worksheet xmlns="{MAIN}"><sheetData>{row(1, [number_cell("B1", 1)])}</sheetData>'
        "</worksheet>"
    ).encode("utf-16"),
    "another root": f'<sst xmlns="{MAIN}" count="1"><si><t>x</t></si></sst>'.encode(),
    "the default namespace declared anew": worksheet(
        [row(1, [number_cell("A1", 1)]), '<row r="7" xmlns=""><c r="Q7"><v>1</v></c></row>'],
        data=('<sheetData xmlns="urn:other">', "</sheetData>"),
    ),
    "the namespace bound to a prefix in a row": worksheet(
        [
            row(1, [number_cell("A1", 1)]),
            f'<x:row r="7" xmlns:x="{MAIN}"><x:c r="Q7"><x:v>1</x:v></x:c></x:row>',
        ]
    ),
    "a > in the root's attributes": worksheet(
        [row(1, [number_cell("A1", 1)]), '<x:row r="7"><x:c r="Q7"><x:v>1</x:v></x:c></x:row>'],
        root=f'<worksheet xmlns="{MAIN}" a=">" xmlns:x="{MAIN}">',
    ),
    "xmlns in a value of the root": worksheet(
        [row(1, [number_cell("A1", 1)])],
        root=f'<worksheet xmlns="urn:other" a=\' xmlns="{MAIN}"\'>',
    ),
    "a prefix beyond ASCII": worksheet(
        [row(1, [number_cell("A1", 1)]), '<é:row r="7"><é:c r="Q7"><é:v>1</é:v></é:c></é:row>'],
        root=f'<worksheet xmlns="{MAIN}" xmlns:é="{MAIN}">',
    ),
    "a dimension inside a row": worksheet(
        [row(1, [number_cell("A1", 1), '<dimension ref="A1:A99999999"/>'])]
    ),
    "a row number in other digits": worksheet([row(None, [number_cell("A1", 1)], ' r="\u0665"')]),
}


@pytest.mark.parametrize(
    ("name", "plain"),
    [(name, True) for name in sorted(PLAIN_SHEETS)]
    + [(name, False) for name in sorted(ODD_SHEETS)],
)
def test_both_scans_agree_and_odd_markup_goes_to_the_element_scan(
    tmp_path: Path, name: str, plain: bool
) -> None:
    """A plain sheet is read by expressions (unless refused, which either may do first); one
    with markup they do not read is left to the element scan. The results are the same."""
    xml = (PLAIN_SHEETS if plain else ODD_SHEETS)[name]
    by_elements = scan(tmp_path, xml, plain=False, limits=DEFAULT_LIMITS)
    by_expressions, used = scan(tmp_path, xml, plain=True, limits=DEFAULT_LIMITS)
    assert by_expressions == by_elements
    if plain:
        assert used or isinstance(by_elements, tuple)
    else:
        assert not used


def test_the_element_scan_names_a_formula_ending_its_row_by_its_own_reference(
    tmp_path: Path,
) -> None:
    found = scan(
        tmp_path, PLAIN_SHEETS["formulas without a value"], plain=False, limits=DEFAULT_LIMITS
    )
    sheet = found[PART]
    assert sheet["formulas_without_value"] == 12
    assert sheet["refs"][:4] == ["A1", "R1C3", "D1", "A2"]
    assert (sheet["rows"], sheet["columns"]) == (5, 4)


@pytest.mark.parametrize(
    "limits",
    [
        ImportLimits(rows=30),
        ImportLimits(cells=200),
        ImportLimits(cells=300),
        ImportLimits(rows=20_000, cells=200_000),
    ],
    ids=["rows", "cells present", "grid", "within"],
)
def test_both_scans_refuse_a_long_sheet_at_the_same_row(
    tmp_path: Path, limits: ImportLimits
) -> None:
    """A sheet of several megabytes, so that rows straddle the parser's megabyte reads."""
    xml = worksheet(table(12_000, 9))
    assert len(xml) > 3 << 20
    by_elements = scan(tmp_path, xml, plain=False, limits=limits)
    by_expressions, used = scan(tmp_path, xml, plain=True, limits=limits)
    assert by_expressions == by_elements
    if limits.rows == 20_000:
        assert used and by_elements[PART]["cells"] == 12_001 * 9
    else:
        assert by_elements[0] == "refused"


def test_a_malformed_or_dtd_sheet_is_refused_by_the_parser_either_way(tmp_path: Path) -> None:
    truncated = worksheet(table(30, 4))[:-200]
    dtd = worksheet(
        table(2, 2),
        prolog='<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaa">]>',
    )
    for xml, key in ((truncated, "source.unreadable_xlsx"), (dtd, "limits.refused_dtd")):
        by_elements = scan(tmp_path, xml, plain=False, limits=DEFAULT_LIMITS)
        by_expressions, _ = scan(tmp_path, xml, plain=True, limits=DEFAULT_LIMITS)
        assert by_elements[:2] == by_expressions[:2] == ("refused", key)


@pytest.mark.parametrize("chunk", [97, 256, 4096])
def test_rows_straddling_every_read_are_read_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Reads of a few hundred bytes cut tags, attributes and rows anywhere."""
    from siaran.ingest import guards

    monkeypatch.setattr(guards, "_CHUNK_BYTES", chunk)
    for xml in (PLAIN_SHEETS["table"], PLAIN_SHEETS["formulas without a value"]):
        by_elements = scan(tmp_path, xml, plain=False, limits=DEFAULT_LIMITS)
        by_expressions, used = scan(tmp_path, xml, plain=True, limits=DEFAULT_LIMITS)
        assert used and by_expressions == by_elements


def test_a_row_longer_than_the_carry_goes_to_the_element_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from siaran.ingest import guards

    monkeypatch.setattr(guards, "_CHUNK_BYTES", 512)
    monkeypatch.setattr(xlsx_scan, "PLAIN_CARRY_BYTES", 1024)
    xml = worksheet([row(1, [number_cell(f"{column_letters(c)}1", c) for c in range(1, 200)])])
    by_elements = scan(tmp_path, xml, plain=False, limits=DEFAULT_LIMITS)
    by_expressions, used = scan(tmp_path, xml, plain=True, limits=DEFAULT_LIMITS)
    assert not used and by_expressions == by_elements
    assert by_elements[PART]["columns"] == 199
