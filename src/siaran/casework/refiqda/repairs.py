"""Known quirks of other tools' REFI-QDA files that break the schema, and their repairs.

A file is validated first. Only when it fails, each known quirk is looked for; a quirk that is
present is repaired in the parsed tree (never in the user's file), and the file is validated
again. It is accepted only when the repaired tree passes the schema; otherwise the original
violations are reported as if nothing had been tried. Every repair is named with the tool whose
quirk it is and the element it touched, so the import report can say exactly what was changed.

Each quirk here was seen in a file written by the tool it names (and is tested against such a
file): a quirk without evidence is not repaired.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from siaran.casework.refiqda.schemas import (
    CODEBOOK_NS,
    PROJECT_NS,
    SchemaViolation,
    Which,
    named_path,
    schema_violations,
)

if TYPE_CHECKING:
    from lxml import etree


@dataclass(frozen=True)
class Repair:
    """One repair that was made: the quirk's catalogue key, the tool and the element paths."""

    key: str
    tool: str
    elements: tuple[str, ...]


@dataclass(frozen=True)
class _Quirk:
    key: str
    tool: str
    applies: Callable[[etree._Element], bool]
    find: Callable[[etree._ElementTree, Which], list[etree._Element]]
    fix: Callable[[etree._Element], None]


def _empty_sets(tree: etree._ElementTree, which: Which) -> list[etree._Element]:
    """``<Sets/>`` with no ``Set``: the schemas want at least one ``Set`` inside."""
    ns = CODEBOOK_NS if which == "codebook" else PROJECT_NS
    found = tree.getroot().findall(f"{{{ns}}}Sets")
    return [node for node in found if len(node) == 0 and not (node.text or "").strip()]


def _remove(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is not None:
        parent.remove(node)


def _origin_starts(prefix: str) -> Callable[[etree._Element], bool]:
    return lambda root: (root.get("origin") or "").lower().startswith(prefix.lower())


TAGUETTE: Final = "Taguette"

_QUIRKS: Final[tuple[_Quirk, ...]] = (
    # Taguette (1.x) writes its codebook export with an empty <Sets/> after <Codes>.
    _Quirk("casework.repair.empty_sets", TAGUETTE, _origin_starts(TAGUETTE), _empty_sets, _remove),
)


def origin_tool(root: etree._Element) -> str | None:
    """The known tool that wrote the file, from its ``origin`` attribute (``None``: other)."""
    return TAGUETTE if _origin_starts(TAGUETTE)(root) else None


def repair_known_quirks(
    tree: etree._ElementTree, which: Which
) -> tuple[list[Repair], list[SchemaViolation]]:
    """Repair ``tree`` in place if it fails the schema only through known quirks.

    Returns the repairs made and the violations that remain (empty: the tree now passes). When
    violations remain, ``tree`` is left as it was read and the original violations are given."""
    original = schema_violations(tree, which)
    if not original:
        return [], []
    root = tree.getroot()
    candidates = [(q, q.find(tree, which)) for q in _QUIRKS if q.applies(root)]
    candidates = [(q, nodes) for q, nodes in candidates if nodes]
    if not candidates:
        return [], original
    from copy import deepcopy

    trial = deepcopy(tree)
    repairs = []
    for quirk, _nodes in candidates:
        nodes = quirk.find(trial, which)
        paths = tuple(named_path(trial, trial.getpath(node)) for node in nodes)
        for node in nodes:
            quirk.fix(node)
        repairs.append(Repair(quirk.key, quirk.tool, paths))
    if schema_violations(trial, which):
        return [], original
    tree._setroot(trial.getroot())
    return repairs, []
