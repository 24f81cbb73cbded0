"""Reading REFI-QDA files written by other tools (NVivo, ATLAS.ti, MAXQDA, QualCoder, qc...).

A ``.qdpx`` is checked in order: a zip archive, holding a ``.qde`` project file (``project.qde``
in any letter case, or the one ``.qde`` at its root, as ATLAS.ti 26 names it after the project),
well-formed XML, valid against the official schema. Any failure rejects the file with the
parser's or the schema's message and the element path; nothing is read further.

Then everything siaran can hold is brought over and everything else is listed in the report
(:class:`ReadResult.lost`): picture, audio and video selections, PDF regions that have no text
representation, sets and graphs, variables on sources. Text sources whose text is not in the
archive (missing files, ``relative://`` or ``absolute://`` paths) keep their coded selections
with their positions and the selection's name as its quote, and are reported.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from siaran.casework.cases import canonical_value
from siaran.casework.db import CaseworkError
from siaran.casework.documents import SOURCE_TYPES
from siaran.casework.extract import BOM
from siaran.casework.refiqda.model import (
    CaseItem,
    CodeItem,
    CodingItem,
    DocumentItem,
    ExcerptItem,
    MemoItem,
    Project,
    VariableItem,
)
from siaran.casework.refiqda.schemas import CODEBOOK_NS, PROJECT_NS, Which, schema_violations
from siaran.casework.refiqda.writer import (
    ACCOUNTS_VARIABLE,
    EXCLUDE,
    INCLUDE,
    JOURNAL_SET,
    SOURCE_TYPE_VARIABLE,
    stable_guid,
)
from siaran.errors import BadInputError, Problem

if TYPE_CHECKING:
    from lxml import etree

_TYPES: Final = {
    "Text": "text",
    "Boolean": "boolean",
    "Integer": "integer",
    "Float": "float",
    "Date": "date",
    "DateTime": "text",
}
_VALUE_TAGS: Final = (
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
)
UNKNOWN_USER: Final = "unknown"


@dataclass(frozen=True)
class Lost:
    """Something of the file that siaran did not bring over: a catalogue key and its figures."""

    key: str
    params: dict[str, Any]


@dataclass
class ReadResult:
    project: Project
    lost: list[Lost] = field(default_factory=list)
    bad_selections: list[Problem] = field(default_factory=list)


def split_description(text: str | None) -> tuple[str | None, str | None, str | None]:
    """(description, inclusion, exclusion) from a Description siaran wrote (or any other)."""
    if not text:
        return None, None, None
    parts = text.split("\n\n")
    inclusion = exclusion = None
    while parts:
        last = parts[-1]
        if last.startswith(EXCLUDE) and exclusion is None and inclusion is None:
            exclusion = last[len(EXCLUDE) :]
        elif last.startswith(INCLUDE) and inclusion is None:
            inclusion = last[len(INCLUDE) :]
        else:
            break
        parts.pop()
    return "\n\n".join(parts) or None, inclusion, exclusion


def _stamp(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_xml(path: Path, data: bytes, which: Which) -> etree._ElementTree:
    """Parse and validate; a malformed or schema-invalid file is a :class:`BadInputError`."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        raise BadInputError(
            "casework.qdpx.malformed", path=path, line=exc.lineno or 0, reason=exc.msg
        ) from exc
    violations = schema_violations(tree, which)
    if violations:
        raise BadInputError(
            "casework.qdpx.schema_invalid",
            path=path,
            problems=[
                Problem(
                    "casework.qdpx.schema_problem",
                    params={"line": v.line, "element": _short_path(v.path), "message": v.message},
                )
                for v in violations
            ],
        )
    return tree


_NS_PREFIX: Final = re.compile(r"\{[^}]*\}|\b\w+:(?=\w)")


def _short_path(path: str) -> str:
    return _NS_PREFIX.sub("", path)


class _Archive:
    """The files of a ``.qdpx`` by lower-cased path, for case-insensitive lookups."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            names = self.zip.namelist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            raise BadInputError("casework.qdpx.not_zip", path=path, reason=str(exc)) from exc
        self.names = {n.lower().lstrip("/"): n for n in names if not n.endswith("/")}

    def project_entry(self) -> str:
        roots = [n for n in self.names if "/" not in n and n.endswith(".qde")]
        if "project.qde" in roots:
            return self.names["project.qde"]
        if len(roots) == 1:
            return self.names[roots[0]]
        raise BadInputError("casework.qdpx.no_project", path=self.path, found=len(roots))

    def read(self, name: str) -> bytes | None:
        found = self.names.get(name.lower().lstrip("/"))
        if found is None:
            return None
        try:
            return self.zip.read(found)
        except (zipfile.BadZipFile, OSError, KeyError) as exc:
            raise BadInputError("casework.qdpx.not_zip", path=self.path, reason=str(exc)) from exc


class _ProjectReader:
    def __init__(self, tree: etree._ElementTree, archive: _Archive | None, path: Path) -> None:
        self.tree = tree
        self.root = tree.getroot()
        self.archive = archive
        self.path = path
        self.result = ReadResult(Project(name=self.root.get("name") or path.stem))
        self.project = self.result.project
        self.project.origin = self.root.get("origin")
        self.users: dict[str, str] = {}
        self.variables: dict[str, tuple[str, str]] = {}  # guid -> (name, type)
        self.note_targets: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        self.known: dict[str, str] = {}  # guid (lower) -> kind of what was brought over
        self.lost: Counter[str] = Counter()
        self.lost_codings: Counter[str] = Counter()
        self.lost_source_variables: Counter[str] = Counter()
        self.missing_text: list[str] = []
        self.default_user = UNKNOWN_USER

    def q(self, tag: str) -> str:
        return f"{{{PROJECT_NS}}}{tag}"

    def children(self, node: etree._Element, tag: str) -> list[etree._Element]:
        return list(node.iterchildren(self.q(tag)))

    def child(self, node: etree._Element, tag: str) -> etree._Element | None:
        return next(node.iterchildren(self.q(tag)), None)

    def child_text(self, node: etree._Element, tag: str) -> str | None:
        found = self.child(node, tag)
        return None if found is None else (found.text or "")

    def user(self, guid: str | None, fallback: str | None = None) -> str:
        if guid is None:
            return fallback or self.default_user
        return self.users.get(guid.lower(), fallback or guid)

    def element_path(self, node: etree._Element) -> str:
        return "/" + _short_path(self.tree.getelementpath(node))

    # -- whole project --------------------------------------------------------------------
    def read(self) -> ReadResult:
        root = self.root
        users = self.child(root, "Users")
        for user in self.children(users, "User") if users is not None else []:
            name = user.get("name") or user.get("id") or user.get("guid") or UNKNOWN_USER
            self.users[user.get("guid", "").lower()] = name
            self.project.coders[name] = user.get("guid", "")
        self.default_user = self.user(root.get("creatingUserGUID"), UNKNOWN_USER)
        codebook = self.child(root, "CodeBook")
        if codebook is not None:
            codes = self.child(codebook, "Codes")
            for code in self.children(codes, "Code") if codes is not None else []:
                self.code(code, None)
        variables = self.child(root, "Variables")
        for variable in self.children(variables, "Variable") if variables is not None else []:
            kind = variable.get("typeOfVariable", "Text")
            name = variable.get("name", "")
            self.variables[variable.get("guid", "").lower()] = (name, _TYPES.get(kind, "text"))
            if name not in (SOURCE_TYPE_VARIABLE, ACCOUNTS_VARIABLE):
                self.project.variables.append(
                    VariableItem(variable.get("guid", ""), name, _TYPES.get(kind, "text"))
                )
        sources = self.child(root, "Sources")
        for source in sources.iterchildren() if sources is not None else []:
            self.source(source)
        cases = self.child(root, "Cases")
        for case in self.children(cases, "Case") if cases is not None else []:
            self.case(case)
        self.notes()
        for tag in ("Graphs",):
            found = self.child(root, tag)
            if found is not None:
                self.lost["graphs"] += len(list(found))
        self.report()
        return self.result

    def code(self, node: etree._Element, parent: str | None) -> None:
        guid = node.get("guid", "")
        description, inclusion, exclusion = split_description(self.child_text(node, "Description"))
        self.project.codes.append(
            CodeItem(
                guid,
                node.get("name", ""),
                parent,
                description,
                inclusion,
                exclusion,
                node.get("color"),
                node.get("isCodable", "true") in ("true", "1"),
            )
        )
        self.known[guid.lower()] = "code"
        for ref in self.children(node, "NoteRef"):
            self.note_targets[ref.get("targetGUID", "").lower()].append(("code", guid))
        for child in self.children(node, "Code"):
            self.code(child, guid)

    # -- sources --------------------------------------------------------------------------
    def text_of(self, node: etree._Element) -> tuple[str | None, str | None]:
        """The plain text of a TextSource-like element and the path it was looked for at."""
        inline = self.child(node, "PlainTextContent")
        if inline is not None:
            return (inline.text or "").removeprefix(BOM), None
        path = node.get("plainTextPath")
        if not path:
            return None, None
        scheme, _, rest = path.partition("://") if "://" in path else ("", "", path)
        if scheme.lower() not in ("", "internal", "relative") or self.archive is None:
            return None, path
        rest = rest.lstrip("/")
        data = self.archive.read(f"sources/{rest}")
        if data is None:
            data = self.archive.read(rest)
        if data is None:
            return None, path
        try:
            return data.decode("utf-8").removeprefix(BOM), path
        except UnicodeDecodeError:
            self.lost["not_utf8"] += 1
            return data.decode("cp1252", errors="replace").removeprefix(BOM), path

    def source(self, node: etree._Element) -> None:
        tag = node.tag.split("}", 1)[-1] if isinstance(node.tag, str) else ""
        if tag == "TextSource":
            self.text_document(node, node, "other", node.get("name"))
        elif tag == "PDFSource":
            representation = self.child(node, "Representation")
            text_guids: set[str] = set()
            if representation is not None:
                text_guids = self.text_document(
                    node, representation, "other", node.get("name"), fmt="pdf"
                )
            else:
                self.lost["pdf_sources"] += 1
            for selection in self.children(node, "PDFSelection"):
                if selection.get("guid", "").lower() in text_guids:
                    continue  # the same selection, brought over through the text representation
                self.lost["pdf_regions"] += 1
                self.lose_codings(selection, "pdf_regions")
        elif tag == "PictureSource":
            self.lost["pictures"] += 1
            self.lose_codings(node, "pictures")
            for selection in self.children(node, "PictureSelection"):
                self.lost["picture_selections"] += 1
                self.lose_codings(selection, "pictures")
        elif tag in ("AudioSource", "VideoSource"):
            kind = "audio" if tag == "AudioSource" else "video"
            self.lost[kind] += 1
            self.lose_codings(node, kind)
            for selection in self.children(
                node, "AudioSelection" if kind == "audio" else "VideoSelection"
            ):
                self.lost[f"{kind}_selections"] += 1
                self.lose_codings(selection, kind)
            for transcript in self.children(node, "Transcript"):
                text, _where = self.text_of(transcript)
                selections = self.children(transcript, "TranscriptSelection")
                self.lost["transcript_selections"] += len(selections)
                for selection in selections:
                    self.lose_codings(selection, "transcripts")
                if text is None:
                    self.lost["transcripts_without_text"] += 1
                    continue
                name = transcript.get("name") or f"{node.get('name') or kind} (transcript)"
                self.text_document(
                    transcript, transcript, "session_transcript", name, with_selections=False
                )

    def lose_codings(self, node: etree._Element, kind: str) -> None:
        self.lost_codings[kind] += len(self.children(node, "Coding"))

    def text_document(
        self,
        source: etree._Element,
        holder: etree._Element,
        source_type: str,
        name: str | None,
        *,
        fmt: str = "txt",
        with_selections: bool = True,
    ) -> set[str]:
        """Bring over one text source (``holder`` has the text and the selections, ``source``
        the identity). Returns the guids of the selections brought over."""
        guid = source.get("guid", "")
        text, where = self.text_of(holder)
        label = name or (where.rsplit("/", 1)[-1] if where else None) or guid
        if text is None:
            self.missing_text.append(label)
        description = self.child_text(source, "Description")
        kind = source_type
        for value in self.children(source, "VariableValue"):
            variable = self.variables.get(self.variable_ref(value), ("", "text"))[0]
            content = self.value_text(value)
            if variable == SOURCE_TYPE_VARIABLE and content in SOURCE_TYPES:
                kind = content
            else:
                self.lost_source_variables[variable or "?"] += 1
        document = DocumentItem(
            guid,
            label,
            kind,
            fmt,
            text,
            description or None,
            self.user(source.get("creatingUser")),
            _stamp(source.get("creationDateTime")),
        )
        self.project.documents.append(document)
        self.known[guid.lower()] = "document"
        for ref in self.children(source, "NoteRef"):
            self.note_targets[ref.get("targetGUID", "").lower()].append(("document", guid))
        brought: set[str] = set()
        whole = self.children(source, "Coding")
        if whole:
            if text:
                self.project.excerpts.append(
                    ExcerptItem(
                        stable_guid("whole", guid),
                        guid,
                        0,
                        len(text),
                        self.default_user,
                        text,
                        None,
                        [self.coding(c, self.default_user) for c in whole],
                    )
                )
            else:
                self.lost_codings["whole_sources_without_text"] += len(whole)
        if not with_selections:
            return brought
        for selection in self.children(holder, "PlainTextSelection"):
            excerpt = self.selection(selection, document)
            if excerpt is not None:
                brought.add(excerpt.guid.lower())
        return brought

    def coding(self, node: etree._Element, fallback: str) -> CodingItem:
        ref = self.child(node, "CodeRef")
        return CodingItem(
            node.get("guid", ""),
            "" if ref is None else ref.get("targetGUID", ""),
            self.user(node.get("creatingUser"), fallback),
            _stamp(node.get("creationDateTime")),
        )

    def selection(self, node: etree._Element, document: DocumentItem) -> ExcerptItem | None:
        guid = node.get("guid", "")
        start, end = int(node.get("startPosition", "0")), int(node.get("endPosition", "0"))
        text = document.text
        if text is not None and not (0 <= start < end <= len(text)):
            self.result.bad_selections.append(
                Problem(
                    "casework.qdpx.selection_out_of_range",
                    params={
                        "element": self.element_path(node),
                        "document": document.name,
                        "start": start,
                        "end": end,
                        "length": len(text),
                    },
                )
            )
            self.lost["bad_selections"] += 1
            return None
        if text is None and not (0 <= start < end):
            self.result.bad_selections.append(
                Problem(
                    "casework.qdpx.selection_out_of_range",
                    params={
                        "element": self.element_path(node),
                        "document": document.name,
                        "start": start,
                        "end": end,
                        "length": "?",
                    },
                )
            )
            self.lost["bad_selections"] += 1
            return None
        coder = self.user(node.get("creatingUser"))
        quote = text[start:end] if text is not None else node.get("name")
        excerpt = ExcerptItem(
            guid,
            document.guid,
            start,
            end,
            coder,
            quote,
            _stamp(node.get("creationDateTime")),
            [self.coding(c, coder) for c in self.children(node, "Coding")],
        )
        self.project.excerpts.append(excerpt)
        self.known[guid.lower()] = "excerpt"
        described = self.child_text(node, "Description")
        if described:
            self.project.memos.append(
                MemoItem(
                    stable_guid("description", guid),
                    "excerpt",
                    guid,
                    "Description",
                    described,
                    coder,
                    excerpt.created_at,
                )
            )
        for ref in self.children(node, "NoteRef"):
            self.note_targets[ref.get("targetGUID", "").lower()].append(("excerpt", guid))
        return excerpt

    def variable_ref(self, value: etree._Element) -> str:
        ref = self.child(value, "VariableRef")
        return "" if ref is None else ref.get("targetGUID", "").lower()

    def value_text(self, value: etree._Element) -> str | None:
        for tag in _VALUE_TAGS:
            found = self.child(value, tag)
            if found is not None:
                return (found.text or "").strip()
        return None

    # -- cases ----------------------------------------------------------------------------
    def case(self, node: etree._Element) -> None:
        guid = node.get("guid", "")
        name = node.get("name")
        if not name:
            name = f"Case {guid.strip('{}')[:8]}"
            self.lost["unnamed_cases"] += 1
        item = CaseItem(guid, name, self.child_text(node, "Description") or None)
        for value in self.children(node, "VariableValue"):
            variable_guid = self.variable_ref(value)
            variable, kind = self.variables.get(variable_guid, ("", "text"))
            content = self.value_text(value)
            if content is None or not variable:
                self.lost["empty_values"] += 1
                continue
            if variable == ACCOUNTS_VARIABLE:
                item.accounts = [a.strip() for a in content.split(",") if a.strip()]
                continue
            try:
                item.values[self.original_guid(variable_guid)] = canonical_value(
                    content, kind, variable=variable
                )
            except CaseworkError:
                self.lost["bad_values"] += 1
        for ref in self.children(node, "SourceRef"):
            target = ref.get("targetGUID", "")
            if self.known.get(target.lower()) == "document":
                item.documents.append(self.document_guid(target))
            else:
                self.lost["case_sources_not_brought"] += 1
        self.lost["case_code_refs"] += len(self.children(node, "CodeRef"))
        self.lost["case_selection_refs"] += len(self.children(node, "SelectionRef"))
        self.project.cases.append(item)
        self.known[guid.lower()] = "case"

    def original_guid(self, lowered: str) -> str:
        return next((v.guid for v in self.project.variables if v.guid.lower() == lowered), lowered)

    def document_guid(self, guid: str) -> str:
        return next(
            (d.guid for d in self.project.documents if d.guid.lower() == guid.lower()), guid
        )

    # -- notes ----------------------------------------------------------------------------
    def notes(self) -> None:
        root = self.root
        for ref in self.children(root, "NoteRef"):
            self.note_targets[ref.get("targetGUID", "").lower()].append(("project", None))
        links = self.child(root, "Links")
        notes_el = self.child(root, "Notes")
        note_guids = (
            {n.get("guid", "").lower() for n in self.children(notes_el, "Note")}
            if notes_el is not None
            else set()
        )
        for link in self.children(links, "Link") if links is not None else []:
            origin = (link.get("originGUID") or "").lower()
            target = (link.get("targetGUID") or "").lower()
            attached = False
            for note_guid, other in ((origin, target), (target, origin)):
                if note_guid in note_guids and other in self.known:
                    self.note_targets[note_guid].append((self.known[other], self.exact(other)))
                    attached = True
                    break
            for ref in self.children(link, "NoteRef"):
                referenced = ref.get("targetGUID", "").lower()
                for end_guid in (origin, target):
                    if end_guid in self.known:
                        self.note_targets[referenced].append(
                            (self.known[end_guid], self.exact(end_guid))
                        )
                        attached = True
                        break
            if not attached:
                self.lost["links"] += 1
        sets = self.child(root, "Sets")
        for group in self.children(sets, "Set") if sets is not None else []:
            if group.get("name") == JOURNAL_SET:
                for member in self.children(group, "MemberNote"):
                    self.note_targets[member.get("targetGUID", "").lower()].insert(
                        0, ("journal", None)
                    )
            else:
                self.lost["sets"] += 1
        description = self.child_text(root, "Description")
        if description:
            self.project.memos.append(
                MemoItem(
                    stable_guid("description", self.project.name),
                    "project",
                    None,
                    "Project description",
                    description,
                    self.default_user,
                    None,
                )
            )
        for note in self.children(notes_el, "Note") if notes_el is not None else []:
            guid = note.get("guid", "")
            body, _where = self.text_of(note)
            if body is None:
                body = self.child_text(note, "Description") or ""
            targets = self.note_targets.get(guid.lower(), [])
            kind, attached_to = targets[0] if targets else ("project", None)
            if len(targets) > 1:
                self.lost["extra_note_targets"] += len(targets) - 1
            if not body.strip() and not note.get("name"):
                self.lost["empty_notes"] += 1
                continue
            self.project.memos.append(
                MemoItem(
                    guid,
                    kind,
                    attached_to,
                    note.get("name") or "Note",
                    body,
                    self.user(note.get("creatingUser")),
                    _stamp(note.get("creationDateTime")),
                )
            )
        orphans = set(self.note_targets) - note_guids
        self.lost["dangling_note_refs"] += len(orphans - {""})

    def exact(self, lowered: str) -> str:
        for collection in (
            self.project.codes,
            self.project.documents,
            self.project.cases,
            self.project.excerpts,
        ):
            for item in collection:
                if item.guid.lower() == lowered:
                    return item.guid
        return lowered

    # -- report ---------------------------------------------------------------------------
    def report(self) -> None:
        lost = self.result.lost
        if self.missing_text:
            selections = sum(
                1
                for e in self.project.excerpts
                if any(d.guid == e.document and d.text is None for d in self.project.documents)
            )
            lost.append(
                Lost(
                    "casework.qdpx.lost.text_missing",
                    {
                        "count": len(self.missing_text),
                        "names": ", ".join(self.missing_text[:8]),
                        "selections": selections,
                    },
                )
            )
        for key, count in sorted(self.lost.items()):
            if count:
                lost.append(Lost(f"casework.qdpx.lost.{key}", {"count": count}))
        for kind, count in sorted(self.lost_codings.items()):
            if count:
                lost.append(Lost(f"casework.qdpx.lost.codings_{kind}", {"count": count}))
        for variable, count in sorted(self.lost_source_variables.items()):
            lost.append(
                Lost("casework.qdpx.lost.source_variable", {"variable": variable, "count": count})
            )


def read_qdpx(path: Path | str) -> ReadResult:
    """Read a ``.qdpx`` archive (or a bare ``.qde`` project file)."""
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise BadInputError(
            "casework.qdpx.unreadable", path=source, reason=exc.strerror or str(exc)
        ) from exc
    if source.suffix.lower() == ".qde":
        return _ProjectReader(parse_xml(source, data, "project"), None, source).read()
    archive = _Archive(source, data)
    entry = archive.project_entry()
    qde = archive.read(entry)
    assert qde is not None
    return _ProjectReader(parse_xml(source, qde, "project"), archive, source).read()


def read_qdc(path: Path | str) -> list[CodeItem]:
    """The codes of a ``.qdc`` codebook file, parents before children."""
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise BadInputError(
            "casework.qdpx.unreadable", path=source, reason=exc.strerror or str(exc)
        ) from exc
    tree = parse_xml(source, data, "codebook")
    out: list[CodeItem] = []

    def walk(node: etree._Element, parent: str | None) -> None:
        for code in node.iterchildren(f"{{{CODEBOOK_NS}}}Code"):
            described = next(code.iterchildren(f"{{{CODEBOOK_NS}}}Description"), None)
            text, inclusion, exclusion = split_description(
                None if described is None else described.text
            )
            out.append(
                CodeItem(
                    code.get("guid", ""),
                    code.get("name", ""),
                    parent,
                    text,
                    inclusion,
                    exclusion,
                    code.get("color"),
                    code.get("isCodable", "true") in ("true", "1"),
                )
            )
            walk(code, code.get("guid", ""))

    codes = next(tree.getroot().iterchildren(f"{{{CODEBOOK_NS}}}Codes"), None)
    if codes is not None:
        walk(codes, None)
    return out
