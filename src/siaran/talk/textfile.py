"""Reading a text input (transcript or comments) as text: empty and binary files are refused."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from siaran.errors import BadInputError

_SNIFF_BYTES: Final = 64 * 1024


@dataclass(frozen=True)
class TextFile:
    path: Path
    text: str
    sha256: str


def read_text_file(path: Path | str) -> TextFile:
    """The decoded text of ``path`` (UTF-8 with or without BOM; cp1252 if that fails)."""
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise BadInputError(
            "talk.file.unreadable", path=source, reason=exc.strerror or str(exc)
        ) from exc
    return TextFile(source, decode_text(source, data), hashlib.sha256(data).hexdigest())


def decode_text(path: Path, data: bytes) -> str:
    if not data.strip():
        raise BadInputError("talk.file.empty", path=path)
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise BadInputError("talk.file.binary", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Notepad on Windows saves cp1252; accept it only if it looks like text.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise BadInputError("talk.file.binary", path=path) from exc
        controls = sum(1 for ch in text[:_SNIFF_BYTES] if ord(ch) < 32 and ch not in "\r\n\t")
    else:
        controls = 0
    if controls:
        raise BadInputError("talk.file.binary", path=path)
    if not text.strip():
        raise BadInputError("talk.file.empty", path=path)
    return text
