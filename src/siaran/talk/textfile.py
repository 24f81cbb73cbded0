"""Reading a text input (transcript or comments) as text: empty and binary files are refused."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from siaran.errors import BadInputError
from siaran.files import NotTextError, decode_text, read_input


@dataclass(frozen=True)
class TextFile:
    path: Path
    text: str
    sha256: str


def read_text_file(path: Path | str) -> TextFile:
    """The decoded text of ``path`` (UTF-8 with or without BOM; cp1252 if that fails, as
    Notepad on Windows saves it, when it looks like text)."""
    source = Path(path)
    data = read_input(source, "talk.file.unreadable")
    if not data.strip():
        raise BadInputError("talk.file.empty", path=source)
    try:
        text = decode_text(data, fallback="cp1252").text
    except NotTextError as exc:
        raise BadInputError("talk.file.binary", path=source) from exc
    if not text.strip():
        raise BadInputError("talk.file.empty", path=source)
    return TextFile(source, text, hashlib.sha256(data).hexdigest())
