"""The case-study workbench: cases, documents, codebook, coding, memos, audit trail, cross-case
matrices, inter-coder agreement, suggestions and REFI-QDA exchange.

Every public function takes an open :class:`~siaran.workspace.Workspace`; each change is one
transaction with its audit entry. :mod:`siaran.casework.read_api` gathers what a dashboard
reads. Importing this package is cheap: lxml, numpy and pyarrow load where they are used.
"""

from siaran.casework.agreement import agreement, cohen_kappa, krippendorff_alpha_binary
from siaran.casework.audit import AuditVerdict, audit_log, verify_audit
from siaran.casework.cases import (
    EXAMPLE_CASE_SET,
    add_case,
    get_case,
    link_account,
    list_cases,
    load_example_cases,
    set_attribute,
)
from siaran.casework.code_edits import add_code, move_code, remove_code, rename_code, update_code
from siaran.casework.code_restructure import merge_codes, split_code
from siaran.casework.codebook import codebook_tree, list_codes
from siaran.casework.coding import Span, add_excerpt, add_excerpts, find_span, list_excerpts, uncode
from siaran.casework.documents import (
    SOURCE_TYPES,
    add_document,
    attach_document,
    document_text,
    list_documents,
    set_source_type,
)
from siaran.casework.errors import CaseworkError
from siaran.casework.matrices import case_matrix, cooccurrence, joint_display, triangulation_matrix
from siaran.casework.memos import MEMO_KINDS, add_memo, list_memos
from siaran.casework.starter_codebooks import STARTER_CODEBOOKS, load_starter_codebook
from siaran.casework.suggestions import (
    accept_suggestion,
    list_suggestions,
    reject_suggestion,
    suggest_from_cues,
    suggest_from_keywords,
)

__all__ = [
    "EXAMPLE_CASE_SET",
    "MEMO_KINDS",
    "SOURCE_TYPES",
    "STARTER_CODEBOOKS",
    "AuditVerdict",
    "CaseworkError",
    "Span",
    "accept_suggestion",
    "add_case",
    "add_code",
    "add_document",
    "add_excerpt",
    "add_excerpts",
    "add_memo",
    "agreement",
    "attach_document",
    "audit_log",
    "case_matrix",
    "codebook_tree",
    "cohen_kappa",
    "cooccurrence",
    "document_text",
    "find_span",
    "get_case",
    "joint_display",
    "krippendorff_alpha_binary",
    "link_account",
    "list_cases",
    "list_codes",
    "list_documents",
    "list_excerpts",
    "list_memos",
    "list_suggestions",
    "load_example_cases",
    "load_starter_codebook",
    "merge_codes",
    "move_code",
    "reject_suggestion",
    "remove_code",
    "rename_code",
    "set_attribute",
    "set_source_type",
    "split_code",
    "suggest_from_cues",
    "suggest_from_keywords",
    "triangulation_matrix",
    "uncode",
    "update_code",
    "verify_audit",
]
