"""Reading a REFI-QDA codebook file (``.qdc``): its codes, the tool that wrote it and the
repairs of that tool's known quirks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from siaran.casework.db import read_input
from siaran.casework.refiqda.model import CodeItem
from siaran.casework.refiqda.qde_elements import code_item
from siaran.casework.refiqda.reader import parse_xml
from siaran.casework.refiqda.repairs import Repair, origin_tool
from siaran.casework.refiqda.schemas import CODEBOOK_NS

if TYPE_CHECKING:
    from lxml import etree


@dataclass
class CodebookFile:
    codes: list[CodeItem]
    origin: str | None = None
    tool: str | None = None  # a tool whose conventions siaran knows (e.g. Taguette)
    repairs: list[Repair] = field(default_factory=list)


def read_codebook(path: Path | str) -> CodebookFile:
    """The codes of a ``.qdc`` codebook file, parents before children."""
    source = Path(path)
    data = read_input(source, "casework.qdpx.unreadable")
    repairs: list[Repair] = []
    tree = parse_xml(source, data, "codebook", repairs)
    out: list[CodeItem] = []

    def walk(node: etree._Element, parent: str | None) -> None:
        for code in node.iterchildren(f"{{{CODEBOOK_NS}}}Code"):
            described = next(code.iterchildren(f"{{{CODEBOOK_NS}}}Description"), None)
            out.append(code_item(code, parent, None if described is None else described.text))
            walk(code, code.get("guid", ""))

    root = tree.getroot()
    codes = next(root.iterchildren(f"{{{CODEBOOK_NS}}}Codes"), None)
    if codes is not None:
        walk(codes, None)
    return CodebookFile(out, root.get("origin"), origin_tool(root), repairs)
