"""What a dashboard reads of the casework, as JSON-ready data (no writes, no CLI, no web).

Each function takes an open workspace and returns plain dicts and lists (dates as
``datetime``); a web route only has to serialise them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from siaran.casework.cases import list_cases
from siaran.casework.codebook import codebook_tree
from siaran.casework.coding import list_excerpts
from siaran.casework.documents import document_text, get_document, list_documents
from siaran.casework.matrices import case_matrix, cooccurrence, joint_display, triangulation_matrix
from siaran.casework.results import CaseRecord, CodeNode, DocumentRecord, DocumentView

if TYPE_CHECKING:
    from siaran.workspace import Workspace

__all__ = [
    "case_matrix",
    "cases_overview",
    "codebook",
    "cooccurrence",
    "document_view",
    "documents_overview",
    "joint_display",
    "triangulation_matrix",
]


def cases_overview(workspace: Workspace) -> list[CaseRecord]:
    """Every case with attributes, linked accounts and its number of documents."""
    return list_cases(workspace)


def documents_overview(
    workspace: Workspace, *, case: str | int | None = None
) -> list[DocumentRecord]:
    """Every document (of ``case``) with source type, size, cases and excerpt count."""
    return list_documents(workspace, case=case)


def document_view(workspace: Workspace, document: str | int) -> DocumentView:
    """One document with its text and its excerpts (spans, quotes, codes and coders)."""
    found = get_document(workspace, document)
    return {
        **found,
        "text": document_text(workspace, found["id"]),
        "excerpts": list_excerpts(workspace, document=found["id"]),
    }


def codebook(workspace: Workspace) -> list[CodeNode]:
    """The codebook as nested themes and codes with usage counts."""
    return codebook_tree(workspace)
