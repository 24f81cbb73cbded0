"""Validation against the official REFI-QDA (QDA-XML 1.0) schemas shipped in ``data/refiqda``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from lxml import etree

Which = Literal["project", "codebook"]
PROJECT_NS: Final = "urn:QDA-XML:project:1.0"
CODEBOOK_NS: Final = "urn:QDA-XML:codebook:1.0"
_FILES: Final = {"project": "Project.xsd", "codebook": "Codebook.xsd"}


@dataclass(frozen=True)
class SchemaViolation:
    """One schema error: the schema's own message, the element path (XPath) and the line."""

    message: str
    path: str
    line: int


@cache
def _schema(which: Which) -> etree.XMLSchema:
    from lxml import etree

    source = resources.files("siaran.casework") / "data" / "refiqda" / _FILES[which]
    return etree.XMLSchema(etree.fromstring(source.read_bytes()))


def schema_violations(document: etree._ElementTree, which: Which) -> list[SchemaViolation]:
    """Every way ``document`` breaks the schema (empty when it is valid)."""
    schema = _schema(which)
    if schema.validate(document):
        return []
    return [
        SchemaViolation(e.message, named_path(document, e.path or "/"), e.line)
        for e in schema.error_log
    ]


def named_path(document: etree._ElementTree, path: str) -> str:
    """``/Project/Sources/TextSource[2]/...`` for libxml2's ``/*/*[5]/*[2]/...``."""
    from lxml import etree

    try:
        found = document.xpath(path)
    except etree.XPathError:
        return path
    if not isinstance(found, list) or not found or not isinstance(found[0], etree._Element):
        return path
    node: etree._Element | None = found[0]
    parts: list[str] = []
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        if parent is not None:
            same = [child for child in parent if child.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/" + "/".join(reversed(parts))
