"""Turning a document file into the text that is coded, once.

The text is what every offset counts in (Unicode code points). It is made once, when the file
is added, and stored; the original stays in ``raw/``. Plain text and Markdown are decoded as
UTF-8 with a byte-order mark stripped and line ends kept exactly as written (CRLF stays CRLF).
Word files give one line per paragraph (table cells one per line, in reading order), PDF files
the text layer of each page with a blank line between pages, HTML the visible text with a line
per block element, and SRT/WebVTT transcripts one line per caption, prefixed by its start time.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Final

from siaran.errors import BadInputError
from siaran.files import NotTextError, decode_text

FORMATS: Final = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".srt": "srt",
    ".vtt": "vtt",
}


@dataclass(frozen=True)
class ExtractedText:
    text: str
    format: str


def document_format(path: Path) -> str:
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise BadInputError(
            "casework.document.unknown_format",
            path=path,
            suffix=path.suffix or "-",
            known=", ".join(sorted(FORMATS)),
        )
    return found


def decode_plain(path: Path, data: bytes) -> str:
    """UTF-8 text with a leading byte-order mark removed; line ends untouched."""
    try:
        return decode_text(data).text
    except NotTextError as exc:
        if exc.position is None:
            raise BadInputError("casework.document.binary", path=path) from exc
        key = "casework.document.not_utf8"
        raise BadInputError(key, path=path, position=exc.position) from exc


def extract_text(path: Path, data: bytes, fmt: str | None = None) -> ExtractedText:
    """The text to code of the file ``path`` whose bytes are ``data``."""
    kind = fmt or document_format(path)
    if not data.strip():
        raise BadInputError("casework.document.empty", path=path)
    if kind in ("txt", "md"):
        text = decode_plain(path, data)
    elif kind == "docx":
        text = _docx_text(path, data)
    elif kind == "pdf":
        text = _pdf_text(path, data)
    elif kind == "html":
        text = _html_text(decode_plain(path, data))
    elif kind in ("srt", "vtt"):
        text = _transcript_text(path)
    else:  # pragma: no cover - FORMATS and this function change together
        raise ValueError(kind)
    if not text.strip():
        raise BadInputError("casework.document.no_text", path=path, format=kind)
    return ExtractedText(text, kind)


def _docx_text(path: Path, data: bytes) -> str:
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BadInputError("casework.document.bad_docx", path=path, reason=str(exc)) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def _pdf_text(path: Path, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise BadInputError("casework.document.pdf_encrypted", path=path)
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
    except PdfReadError as exc:
        raise BadInputError("casework.document.bad_pdf", path=path, reason=str(exc)) from exc
    if not any(p.strip() for p in pages):
        raise BadInputError("casework.document.pdf_no_text", path=path)
    return "\n\n".join(pages)


_BLOCKS: Final = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        *(f"h{level}" for level in range(1, 7)),
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_SKIPPED: Final = frozenset(("script", "style", "head", "template", "noscript"))
_SPACES: Final = re.compile(r"[ \t\r\n\f\v]+")


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skipping = 0
        self.pre = 0

    def _break(self) -> None:
        line = "".join(self.current)
        if self.pre == 0:
            line = _SPACES.sub(" ", line).strip()
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._break()
        if tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._break()
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)


def _html_text(markup: str) -> str:
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    parser._break()
    return "\n".join(parser.lines)


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _transcript_text(path: Path) -> str:
    from siaran.talk import read_transcript

    transcript = read_transcript(path)
    lines = []
    for line in transcript.lines:
        speaker = f"{line.speaker}: " if line.speaker else ""
        stamp = f"[{_clock(line.start_s)}] " if line.start_s is not None else ""
        lines.append(f"{stamp}{speaker}{line.text}")
    return "\n".join(lines)
