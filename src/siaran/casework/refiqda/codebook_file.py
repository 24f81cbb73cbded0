"""Reading a REFI-QDA codebook file (``.qdc``): its codes, the tool that wrote it and the
repairs of that tool's known quirks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from siaran.casework.refiqda.model import CodeItem
from siaran.casework.refiqda.qde_elements import code_item
from siaran.casework.refiqda.reader import parse_xml
from siaran.casework.refiqda.repairs import Repair, origin_tool
from siaran.casework.refiqda.schemas import CODEBOOK_NS
from siaran.files import read_input
from siaran.ingest.guards import check_file_size
from siaran.ingest.limits import DEFAULT_LIMITS, ImportLimits

if TYPE_CHECKING:
    from lxml import etree


@dataclass
class CodebookFile:
    codes: list[CodeItem]
    origin: str | None = None
    tool: str | None = None  # a tool whose conventions siaran knows (e.g. Taguette)
    repairs: list[Repair] = field(default_factory=list)


def read_codebook(path: Path | str, limits: ImportLimits = DEFAULT_LIMITS) -> CodebookFile:
    """The codes of a ``.qdc`` codebook file within ``limits``, parents before children."""
    source = Path(path)
    check_file_size(source, limits)
    data = read_input(source, "casework.qdpx.unreadable")
    repairs: list[Repair] = []
    tree = parse_xml(source, data, "codebook", limits, repairs=repairs)
    out: list[CodeItem] = []
    tag = f"{{{CODEBOOK_NS}}}Code"
    root = tree.getroot()
    codes = next(root.iterchildren(f"{{{CODEBOOK_NS}}}Codes"), None)
    # Depth first, parents before children, without recursion (nesting is bounded by the
    # limits, not by Python's stack).
    pending: list[tuple[etree._Element, str | None]] = (
        [] if codes is None else [(code, None) for code in reversed(list(codes.iterchildren(tag)))]
    )
    while pending:
        code, parent = pending.pop()
        described = next(code.iterchildren(f"{{{CODEBOOK_NS}}}Description"), None)
        out.append(code_item(code, parent, None if described is None else described.text))
        guid = code.get("guid", "")
        pending.extend((child, guid) for child in reversed(list(code.iterchildren(tag))))
    return CodebookFile(out, root.get("origin"), origin_tool(root), repairs)
