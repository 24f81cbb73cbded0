"""The workbench's records as its functions return them: cases, documents, codes, excerpts,
memos and suggestions, one typed row each. They are what ``siaran case|doc|memo|
suggest --format json`` prints and what the web pages show, so their keys are a contract."""

from __future__ import annotations

import datetime as dt
from typing import Literal, NotRequired, TypedDict

AttributeValue = str | int | float | bool | dt.date


class CaseRecord(TypedDict):
    """A case with its attributes, linked accounts and number of documents."""

    id: int
    guid: str
    name: str
    description: str | None
    case_set: str | None
    documents: int
    attributes: dict[str, AttributeValue]
    accounts: list[str]


class VariableRecord(TypedDict):
    """An attribute variable of the cases and its type."""

    guid: str
    name: str
    type: str
    description: str | None


class DocumentFields(TypedDict):
    """What every view of a document holds."""

    id: int
    guid: str
    name: str
    source_type: str | None
    format: str
    characters: int | None
    text_missing: bool
    raw_file: str | None
    original_name: str | None
    description: str | None
    created_at: dt.datetime
    created_by: str | None
    cases: list[str]


class DocumentRecord(DocumentFields):
    """A document without its text, with its cases and number of excerpts."""

    excerpts: int


class AddedDocument(DocumentRecord):
    """A document just added, or found already present with the same bytes."""

    status: Literal["added", "already_present"]


class DocumentView(DocumentFields):
    """A document with its text and its excerpts."""

    text: str | None
    excerpts: list[ExcerptRecord]


class CodeFields(TypedDict):
    """A code's own fields as they are stored."""

    id: int
    guid: str
    name: str
    parent_id: int | None
    description: str | None
    inclusion: str | None
    exclusion: str | None
    color: str | None
    codable: bool


class CodeRecord(CodeFields):
    """A code with its path, depth, theme and how often and by how many coders it is used."""

    keywords: list[str]
    cues: list[str]
    codings: int
    coders: int
    path: str
    depth: int
    theme: str


class CodeNode(CodeRecord):
    """A code of the codebook tree with the codes under it."""

    children: list[CodeNode]


class CodingRef(TypedDict):
    """One code applied to an excerpt, and by whom."""

    code: str
    code_id: int
    coder: str


class ExcerptRecord(TypedDict):
    """A coded span of a document with its quote, coder and codings."""

    id: int
    guid: str
    document_id: int
    document: str
    start: int
    end: int
    quote: str | None
    coder: str
    created_at: dt.datetime
    codings: list[CodingRef]
    codes: list[str]


class Uncoded(TypedDict):
    """What :func:`siaran.casework.uncode` removed."""

    excerpt: int
    codings_removed: int
    excerpt_removed: bool


class MemoRecord(TypedDict):
    """A memo or journal entry, with a readable label of what it is attached to."""

    id: int
    guid: str
    kind: str
    target_id: int | None
    title: str
    body: str
    author: str
    created_at: dt.datetime
    target: str | None


class SuggestionRecord(TypedDict):
    """A proposed coding of a span (from a keyword or talk-cue rule) and its decision."""

    id: int
    document_id: int
    document: str
    start: int
    end: int
    text: str | None
    code_id: int
    source: str
    rule: str | None
    status: str
    decided_by: str | None
    decided_at: dt.datetime | None
    excerpt_id: int | None
    code: str


class Decision(TypedDict):
    """What accepting or rejecting one suggestion did."""

    suggestion: int
    status: Literal["accepted", "rejected"]
    excerpt: NotRequired[int]
