"""Writing a :class:`~siaran.casework.refiqda.model.Project` as REFI-QDA XML.

How siaran's notions map onto QDA-XML 1.0 (see docs/en/casework.md):

* themes and codes -> ``CodeBook/Codes/Code`` (nested); inclusion and exclusion notes, the
  suggestion keywords and the talk cues are appended to the ``Description`` as paragraphs
  starting ``Include:``, ``Exclude:``, ``Keywords:`` and ``Cues:`` (the schema has no other
  place for them, and every tool shows a description);
* case attributes -> ``Variables`` + ``Case/VariableValue``; linked accounts -> the Text
  variable ``Linked accounts``; a document's source type -> the Text variable ``Source type``
  on its ``TextSource``;
* documents -> ``TextSource`` with ``plainTextPath="internal://<guid>.txt"``;
* excerpts -> ``PlainTextSelection`` (code-point positions, end exclusive), codings ->
  ``Coding`` with ``creatingUser``;
* memos -> ``Notes/Note``, attached by ``NoteRef`` (code, document, excerpt, project), by a
  ``Link`` from the note (case) or as members of the ``Set`` "Reflexive journal" (journal).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import TYPE_CHECKING, Final

from siaran.casework.refiqda.model import CodeItem, MemoItem, Project
from siaran.casework.refiqda.schemas import CODEBOOK_NS, PROJECT_NS

if TYPE_CHECKING:
    from lxml import etree

SOURCE_TYPE_VARIABLE: Final = "Source type"
ACCOUNTS_VARIABLE: Final = "Linked accounts"
JOURNAL_SET: Final = "Reflexive journal"
INCLUDE: Final = "Include: "
EXCLUDE: Final = "Exclude: "
KEYWORDS: Final = "Keywords: "
CUES: Final = "Cues: "
LIST_SEPARATOR: Final = ", "
_NAMESPACE_GUIDS: Final = uuid.UUID("6f1b0d52-4c8e-4f0e-9d53-5a7a1f8e2c11")
VARIABLE_TYPES: Final = {
    "text": ("Text", "TextValue"),
    "integer": ("Integer", "IntegerValue"),
    "float": ("Float", "FloatValue"),
    "boolean": ("Boolean", "BooleanValue"),
    "date": ("Date", "DateValue"),
}


def stable_guid(*parts: str) -> str:
    """A guid derived from ``parts``: the same project exports the same guids every time."""
    return str(uuid.uuid5(_NAMESPACE_GUIDS, "\x1f".join(parts)))


def description_text(code: CodeItem) -> str | None:
    parts = [code.description or ""]
    if code.inclusion:
        parts.append(INCLUDE + code.inclusion)
    if code.exclusion:
        parts.append(EXCLUDE + code.exclusion)
    if code.keywords:
        parts.append(KEYWORDS + LIST_SEPARATOR.join(code.keywords))
    if code.cues:
        parts.append(CUES + LIST_SEPARATOR.join(code.cues))
    joined = "\n\n".join(p for p in parts if p)
    return joined or None


def _stamp(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def source_path(guid: str) -> str:
    return f"{guid}.txt"


class _Builder:
    def __init__(self, project: Project, ns: str) -> None:
        from lxml import etree

        self.etree = etree
        self.project = project
        self.ns = ns
        self.users = dict(project.coders)

    def el(self, parent: etree._Element | None, tag: str, **attrs: str | None) -> etree._Element:
        clean = {k: v for k, v in attrs.items() if v is not None}
        name = f"{{{self.ns}}}{tag}"
        if parent is None:
            return self.etree.Element(name, clean, nsmap={None: self.ns})
        return self.etree.SubElement(parent, name, clean)

    def text(self, parent: etree._Element, tag: str, value: str) -> None:
        self.el(parent, tag).text = value

    def user(self, name: str | None) -> str | None:
        if name is None:
            return None
        if name not in self.users:
            self.users[name] = stable_guid("user", name)
        return self.users[name]

    def codes(self, parent: etree._Element, notes: dict[str, list[str]] | None = None) -> None:
        children: dict[str | None, list[CodeItem]] = defaultdict(list)
        for code in self.project.codes:
            children[code.parent].append(code)
        codes_el = self.el(
            self.el(parent, "CodeBook") if self.ns == PROJECT_NS else parent, "Codes"
        )

        def add(into: etree._Element, code: CodeItem) -> None:
            node = self.el(
                into,
                "Code",
                guid=code.guid,
                name=code.name,
                isCodable="true" if code.codable else "false",
                color=code.color,
            )
            described = description_text(code)
            if described:
                self.text(node, "Description", described)
            for note in (notes or {}).get(code.guid, []):
                self.el(node, "NoteRef", targetGUID=note)
            for child in children.get(code.guid, []):
                add(node, child)

        for root in children.get(None, []):
            add(codes_el, root)


def project_xml(project: Project) -> etree._ElementTree:
    """The ``project.qde`` document of ``project`` (not yet validated)."""
    b = _Builder(project, PROJECT_NS)
    notes_on: dict[str, list[str]] = defaultdict(list)
    for memo in project.memos:
        if memo.kind in ("code", "document", "excerpt") and memo.target:
            notes_on[memo.target].append(memo.guid)
    root = b.el(None, "Project", name=project.name, origin=project.origin or "siaran")
    users_el = b.el(root, "Users")
    names = sorted(
        set(project.coders)
        | {d.created_by for d in project.documents if d.created_by}
        | {e.coder for e in project.excerpts}
        | {c.coder for e in project.excerpts for c in e.codings}
        | {m.author for m in project.memos}
    )
    for name in names:
        b.el(users_el, "User", guid=b.user(name), name=name)
    if not names:
        root.remove(users_el)
    if project.codes:
        b.codes(root, notes_on)
    variables = list(project.variables)
    source_variable = stable_guid("variable", SOURCE_TYPE_VARIABLE, project.name)
    accounts_variable = stable_guid("variable", ACCOUNTS_VARIABLE, project.name)
    with_accounts = any(c.accounts for c in project.cases)
    if variables or project.documents or with_accounts:
        vars_el = b.el(root, "Variables")
        for variable in variables:
            b.el(
                vars_el,
                "Variable",
                guid=variable.guid,
                name=variable.name,
                typeOfVariable=VARIABLE_TYPES[variable.type][0],
            )
        if project.documents:
            b.el(
                vars_el,
                "Variable",
                guid=source_variable,
                name=SOURCE_TYPE_VARIABLE,
                typeOfVariable="Text",
            )
        if with_accounts:
            b.el(
                vars_el,
                "Variable",
                guid=accounts_variable,
                name=ACCOUNTS_VARIABLE,
                typeOfVariable="Text",
            )
    types = {v.guid: v.type for v in variables}
    if project.cases:
        cases_el = b.el(root, "Cases")
        for case in project.cases:
            node = b.el(cases_el, "Case", guid=case.guid, name=case.name)
            if case.description:
                b.text(node, "Description", case.description)
            for variable_guid, value in case.values.items():
                _value(b, node, variable_guid, VARIABLE_TYPES[types[variable_guid]][1], value)
            if case.accounts:
                _value(b, node, accounts_variable, "TextValue", ", ".join(case.accounts))
            for document_guid in case.documents:
                b.el(node, "SourceRef", targetGUID=document_guid)
    by_document: dict[str, list[int]] = defaultdict(list)
    for index, excerpt in enumerate(project.excerpts):
        by_document[excerpt.document].append(index)
    if project.documents:
        sources_el = b.el(root, "Sources")
        for document in project.documents:
            node = b.el(
                sources_el,
                "TextSource",
                guid=document.guid,
                name=document.name,
                plainTextPath=None
                if document.text is None
                else f"internal://{source_path(document.guid)}",
                creatingUser=b.user(document.created_by),
                creationDateTime=_stamp(document.created_at),
            )
            if document.description:
                b.text(node, "Description", document.description)
            for index in by_document.get(document.guid, []):
                excerpt = project.excerpts[index]
                selection = b.el(
                    node,
                    "PlainTextSelection",
                    guid=excerpt.guid,
                    name=_label(excerpt.quote),
                    startPosition=str(excerpt.start),
                    endPosition=str(excerpt.end),
                    creatingUser=b.user(excerpt.coder),
                    creationDateTime=_stamp(excerpt.created_at),
                )
                for coding in excerpt.codings:
                    coded = b.el(
                        selection,
                        "Coding",
                        guid=coding.guid,
                        creatingUser=b.user(coding.coder),
                        creationDateTime=_stamp(coding.created_at),
                    )
                    b.el(coded, "CodeRef", targetGUID=coding.code)
                for note in notes_on.get(excerpt.guid, []):
                    b.el(selection, "NoteRef", targetGUID=note)
            for note in notes_on.get(document.guid, []):
                b.el(node, "NoteRef", targetGUID=note)
            _value(b, node, source_variable, "TextValue", document.source_type)
    _notes(b, root, project.memos)
    tree: etree._ElementTree = b.etree.ElementTree(root)
    return tree


def _label(quote: str | None, limit: int = 80) -> str | None:
    if not quote:
        return None
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _value(b: _Builder, parent: etree._Element, variable: str, tag: str, value: str) -> None:
    node = b.el(parent, "VariableValue")
    b.el(node, "VariableRef", targetGUID=variable)
    b.text(node, tag, value)


def _notes(b: _Builder, root: etree._Element, memos: list[MemoItem]) -> None:
    if not memos:
        return
    notes_el = b.el(root, "Notes")
    for memo in memos:
        node = b.el(
            notes_el,
            "Note",
            guid=memo.guid,
            name=memo.title,
            creatingUser=b.user(memo.author),
            creationDateTime=_stamp(memo.created_at),
        )
        b.text(node, "PlainTextContent", memo.body)
    case_memos = [m for m in memos if m.kind == "case" and m.target]
    if case_memos:
        links_el = b.el(root, "Links")
        for memo in case_memos:
            assert memo.target is not None
            b.el(
                links_el,
                "Link",
                guid=stable_guid("link", memo.guid),
                name="Memo",
                direction="OneWay",
                originGUID=memo.guid,
                targetGUID=memo.target,
            )
    journal = [m for m in memos if m.kind == "journal"]
    if journal:
        sets_el = b.el(root, "Sets")
        node = b.el(
            sets_el, "Set", guid=stable_guid("set", JOURNAL_SET, b.project.name), name=JOURNAL_SET
        )
        for memo in journal:
            b.el(node, "MemberNote", targetGUID=memo.guid)
    for memo in memos:
        if memo.kind == "project":
            b.el(root, "NoteRef", targetGUID=memo.guid)


def codebook_xml(project: Project) -> etree._ElementTree:
    """The ``.qdc`` document of ``project``'s codebook (not yet validated)."""
    b = _Builder(project, CODEBOOK_NS)
    root = b.el(None, "CodeBook", origin=project.origin or "siaran")
    b.codes(root)
    tree: etree._ElementTree = b.etree.ElementTree(root)
    return tree
