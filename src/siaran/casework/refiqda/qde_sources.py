"""Reading the sources of a REFI-QDA project: text sources with their selections and codings
are brought over; picture, audio, video and PDF-region selections are counted as lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from siaran.casework.documents import SOURCE_TYPES
from siaran.casework.refiqda.model import CodingItem, DocumentItem, ExcerptItem, MemoItem
from siaran.casework.refiqda.qde_elements import ElementReader, stamp
from siaran.casework.refiqda.writer import SOURCE_TYPE_VARIABLE, stable_guid
from siaran.errors import Problem

if TYPE_CHECKING:
    from lxml import etree


class SourceReader(ElementReader):
    """Brings over the documents, excerpts and codings of a project's sources."""

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
            stamp(source.get("creationDateTime")),
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
            stamp(node.get("creationDateTime")),
        )

    def selection(self, node: etree._Element, document: DocumentItem) -> ExcerptItem | None:
        guid = node.get("guid", "")
        start, end = int(node.get("startPosition", "0")), int(node.get("endPosition", "0"))
        text = document.text
        if not (0 <= start < end) or (text is not None and end > len(text)):
            self.result.bad_selections.append(
                Problem(
                    "casework.qdpx.selection_out_of_range",
                    params={
                        "element": self.element_path(node),
                        "document": document.name,
                        "start": start,
                        "end": end,
                        "length": "?" if text is None else len(text),
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
            stamp(node.get("creationDateTime")),
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
