"""What reading a REFI-QDA project file needs everywhere: the state of a read under way,
access to the elements of the project namespace, users, dates, variable values and texts."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol

from siaran.casework.refiqda.model import CodeItem, Project
from siaran.casework.refiqda.repairs import Repair
from siaran.casework.refiqda.schemas import PROJECT_NS
from siaran.casework.refiqda.writer import CUES, EXCLUDE, INCLUDE, KEYWORDS, LIST_SEPARATOR
from siaran.errors import Problem
from siaran.files import BOM, decode_text
from siaran.ingest.guards import limit_text, refuse, size_text
from siaran.ingest.limits import ImportLimits

if TYPE_CHECKING:
    from lxml import etree

_VALUE_TAGS: Final = (
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
)
UNKNOWN_USER: Final = "unknown"
_NS_PREFIX: Final = re.compile(r"\{[^}]*\}|\b\w+:(?=\w)")


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
    repairs: list[Repair] = field(default_factory=list)


class ArchiveFiles(Protocol):
    """The files beside the project file (a ``.qdpx`` archive's), by case-insensitive path."""

    def size(self, name: str) -> int | None: ...

    def read(self, name: str) -> bytes | None: ...


@dataclass(frozen=True)
class DescribedCode:
    """A code's Description taken apart into the fields siaran appended to it."""

    description: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None
    keywords: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)


_LABELS: Final = (INCLUDE, EXCLUDE, KEYWORDS, CUES)  # in the order the writer appends them


def split_description(text: str | None) -> DescribedCode:
    """The fields of a Description siaran wrote (any other is all description)."""
    if not text:
        return DescribedCode()
    parts = text.split("\n\n")
    found: dict[str, str] = {}
    below = len(_LABELS)
    while parts:
        last = parts[-1]
        label = next((i for i, x in enumerate(_LABELS) if last.startswith(x)), None)
        if label is None or label >= below:
            break
        found[_LABELS[label]] = last[len(_LABELS[label]) :]
        below = label
        parts.pop()

    def listed(label: str) -> list[str]:
        return [x.strip() for x in found.get(label, "").split(LIST_SEPARATOR.strip()) if x.strip()]

    return DescribedCode(
        "\n\n".join(parts) or None,
        found.get(INCLUDE),
        found.get(EXCLUDE),
        listed(KEYWORDS),
        listed(CUES),
    )


def code_item(node: etree._Element, parent: str | None, description: str | None) -> CodeItem:
    """A ``Code`` element of a project or a codebook, with its Description's text."""
    described = split_description(description)
    return CodeItem(
        node.get("guid", ""),
        node.get("name", ""),
        parent,
        described.description,
        described.inclusion,
        described.exclusion,
        node.get("color"),
        node.get("isCodable", "true") in ("true", "1"),
        described.keywords,
        described.cues,
    )


def stamp(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def short_path(path: str) -> str:
    """An element path without namespace prefixes."""
    return _NS_PREFIX.sub("", path)


class ElementReader:
    """The state of reading one project file and access to its elements."""

    def __init__(
        self,
        tree: etree._ElementTree,
        archive: ArchiveFiles | None,
        path: Path,
        limits: ImportLimits,
    ) -> None:
        self.tree = tree
        self.limits = limits
        self.text_bytes = 0  # every source text read so far, against limits.unzipped_mb
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
        return "/" + short_path(self.tree.getelementpath(node))

    def variable_ref(self, value: etree._Element) -> str:
        ref = self.child(value, "VariableRef")
        return "" if ref is None else ref.get("targetGUID", "").lower()

    def value_text(self, value: etree._Element) -> str | None:
        for tag in _VALUE_TAGS:
            found = self.child(value, tag)
            if found is not None:
                return (found.text or "").strip()
        return None

    def text_of(self, node: etree._Element) -> tuple[str | None, str | None]:
        """The plain text of a TextSource-like element and the path it was looked for at."""
        label = node.get("name") or node.get("guid") or "?"
        inline = self.child(node, "PlainTextContent")
        if inline is not None:
            text = inline.text or ""
            self.count_text(label, len(text.encode("utf-8", errors="replace")))
            return text.removeprefix(BOM), None
        path = node.get("plainTextPath")
        if not path:
            return None, None
        scheme, _, rest = path.partition("://") if "://" in path else ("", "", path)
        if scheme.lower() not in ("", "internal", "relative") or self.archive is None:
            return None, path
        rest = rest.lstrip("/")
        name = f"sources/{rest}"
        size = self.archive.size(name)
        if size is None:
            name = rest
            size = self.archive.size(name)
        if size is None:
            return None, path
        self.count_text(label, size)  # before reading: the declared size bounds the read
        data = self.archive.read(name)
        if data is None:
            return None, path
        found = decode_text(data, fallback="replace", refuse_nul=False)
        if found.encoding != "utf-8":
            self.lost["not_utf8"] += 1
        return found.text, path

    def count_text(self, label: str, size: int) -> None:
        """Hold one source's text to ``limits.text_mb`` and all of them to
        ``limits.unzipped_mb`` (a text named by several sources counts each time)."""
        if size > self.limits.bytes_of("text_mb"):
            raise refuse(
                "limits.text",
                self.path,
                "text_mb",
                size / (1024 * 1024),
                name=label,
                size=size_text(size),
                limit_mb=limit_text(self.limits.text_mb),
            )
        self.text_bytes += size
        if self.text_bytes > self.limits.bytes_of("unzipped_mb"):
            raise refuse(
                "limits.total_text",
                self.path,
                "unzipped_mb",
                self.text_bytes / (1024 * 1024),
                exact=False,
                size=size_text(self.text_bytes),
                limit_mb=limit_text(self.limits.unzipped_mb),
            )
