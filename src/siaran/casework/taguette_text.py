"""The plain text of a Taguette document and the conversion of its highlight offsets.

Taguette stores a document as sanitised HTML and a highlight as two offsets counted in UTF-8
bytes over the document's text nodes (tags not counted). siaran stores plain text and counts
Unicode code points. :class:`TaguetteText` walks the HTML once, keeps every text node with the
byte offset Taguette gives its start, and adds a line break after block elements (paragraphs,
list items, headings, table rows, ``<br>``) where the text has none, so that paragraphs do not run
together; those added breaks take no bytes in Taguette's count. A byte offset inside a
multi-byte character is rounded down to that character, as Taguette does.
"""

from __future__ import annotations

import bisect
from html.parser import HTMLParser
from typing import Final

_BLOCKS: Final = frozenset(
    {
        "p",
        "br",
        "li",
        "dt",
        "dd",
        "tr",
        *(f"h{level}" for level in range(1, 7)),
        "blockquote",
        "pre",
        "div",
        "caption",
        "table",
        "ul",
        "ol",
        "dl",
    }
)
_DROPS_FIRST_NEWLINE: Final = frozenset({"pre", "listing", "textarea"})  # as HTML parsers do
_SKIPPED: Final = frozenset({"script", "style", "head", "title"})


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.byte_starts: list[int] = []  # Taguette's byte offset of each part (added: -1)
        self.bytes = 0
        self.skip = 0
        self.after_pre = False

    def _ends_line(self) -> bool:
        return not self.parts or self.parts[-1].endswith("\n")

    def _break(self) -> None:
        if not self._ends_line():
            self.parts.append("\n")
            self.byte_starts.append(-1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip += 1
        elif tag == "br":
            self._break()
        self.after_pre = tag in _DROPS_FIRST_NEWLINE

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self._break()
        self.after_pre = False

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.after_pre and data.startswith("\n"):
            data = data[1:]
        self.after_pre = False
        if not data:
            return
        self.parts.append(data)
        self.byte_starts.append(self.bytes)
        self.bytes += len(data.encode("utf-8"))


class TaguetteText:
    """A Taguette document's HTML as plain text, with its byte offsets mapped to code points."""

    def __init__(self, html: str) -> None:
        collector = _Collector()
        collector.feed(html)
        collector.close()
        self.byte_length = collector.bytes
        self._nodes: list[tuple[int, int, str]] = []  # (byte start, code point start, text)
        position = 0
        for part, start in zip(collector.parts, collector.byte_starts, strict=True):
            if start >= 0:
                self._nodes.append((start, position, part))
            position += len(part)
        text = "".join(collector.parts)
        self.text = text.rstrip("\n") if text.endswith("\n") else text
        self._starts = [node[0] for node in self._nodes]

    def code_point(self, offset: int, *, end: bool) -> int | None:
        """The code-point position of Taguette's byte ``offset`` (``None``: outside the text).

        At the boundary of two text nodes a start goes to the later node and an end stays with
        the earlier one, so that a line break siaran added is never part of a highlight's edge."""
        if offset < 0 or offset > self.byte_length or not self._nodes:
            return None
        index = (
            bisect.bisect_left(self._starts, offset) - 1
            if end
            else bisect.bisect_right(self._starts, offset) - 1
        )
        index = max(index, 0)
        byte_start, cp_start, part = self._nodes[index]
        remaining = offset - byte_start
        count = 0
        for char in part:
            size = len(char.encode("utf-8"))
            if size > remaining:
                break
            remaining -= size
            count += 1
        return min(cp_start + count, len(self.text))
