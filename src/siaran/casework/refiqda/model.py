"""A casework project as plain data: what a REFI-QDA file carries, independent of storage.

:func:`siaran.casework.refiqda.project.load_project` reads it from a workspace, the reader
builds it from a ``.qdpx``/``.qdc``, the writer turns it into XML and the importer stores it.
References between items are by guid; people are by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class CodeItem:
    guid: str
    name: str
    parent: str | None = None
    description: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None
    color: str | None = None
    codable: bool = True
    keywords: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)


@dataclass
class VariableItem:
    guid: str
    name: str
    type: str  # text, integer, float, boolean, date


@dataclass
class CaseItem:
    guid: str
    name: str
    description: str | None = None
    values: dict[str, str] = field(default_factory=dict)  # variable guid -> canonical text
    documents: list[str] = field(default_factory=list)  # document guids
    accounts: list[str] = field(default_factory=list)


@dataclass
class DocumentItem:
    guid: str
    name: str
    source_type: str
    format: str
    text: str | None
    description: str | None = None
    created_by: str | None = None
    created_at: dt.datetime | None = None


@dataclass
class CodingItem:
    guid: str
    code: str
    coder: str
    created_at: dt.datetime | None = None


@dataclass
class ExcerptItem:
    guid: str
    document: str
    start: int
    end: int
    coder: str
    quote: str | None = None
    created_at: dt.datetime | None = None
    codings: list[CodingItem] = field(default_factory=list)


@dataclass
class MemoItem:
    guid: str
    kind: str  # project, case, document, code, excerpt, journal
    target: str | None  # guid of the case/document/code/excerpt
    title: str
    body: str
    author: str
    created_at: dt.datetime | None = None


@dataclass
class Project:
    name: str
    origin: str | None = None
    coders: dict[str, str] = field(default_factory=dict)  # name -> guid
    codes: list[CodeItem] = field(default_factory=list)
    variables: list[VariableItem] = field(default_factory=list)
    cases: list[CaseItem] = field(default_factory=list)
    documents: list[DocumentItem] = field(default_factory=list)
    excerpts: list[ExcerptItem] = field(default_factory=list)
    memos: list[MemoItem] = field(default_factory=list)
