"""Reading a whole REFI-QDA project file: users, codebook, variables, sources, cases and
notes, with a report of everything that was not brought over."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from siaran.casework.cases import canonical_value
from siaran.casework.errors import CaseworkError
from siaran.casework.refiqda.model import CaseItem, MemoItem, VariableItem
from siaran.casework.refiqda.qde_elements import (
    UNKNOWN_USER,
    Lost,
    ReadResult,
    code_item,
    stamp,
)
from siaran.casework.refiqda.qde_sources import SourceReader
from siaran.casework.refiqda.writer import (
    ACCOUNTS_VARIABLE,
    JOURNAL_SET,
    SOURCE_TYPE_VARIABLE,
    stable_guid,
)

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


class ProjectReader(SourceReader):
    """Reads a parsed and validated ``.qde`` project into a :class:`ReadResult`."""

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
        """``node`` and the codes under it, parents before children, depth first (without
        recursion: nesting is bounded by the import limits, not by Python's stack)."""
        pending = [(node, parent)]
        while pending:
            node, parent = pending.pop()
            guid = node.get("guid", "")
            description = self.child_text(node, "Description")
            self.project.codes.append(code_item(node, parent, description))
            self.known[guid.lower()] = "code"
            for ref in self.children(node, "NoteRef"):
                self.note_targets[ref.get("targetGUID", "").lower()].append(("code", guid))
            pending.extend((child, guid) for child in reversed(self.children(node, "Code")))

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
                    stamp(note.get("creationDateTime")),
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
