"""Reading an input file, one way for every reader: its bytes, then its text.

An input that cannot be read is a :class:`~siaran.errors.BadInputError` with the reader's own
catalogue message, naming the file and the system's reason. Text is UTF-8, with or without a
byte-order mark (removed). What else a reader accepts is its choice, because the files differ:

- ``fallback="cp1252"``: Windows' cp1252, what Notepad and Excel save on an Indonesian
  computer, accepted only when it decodes cleanly and looks like text (no control characters
  in its first :data:`SNIFF_BYTES`);
- ``fallback="replace"``: cp1252 with any undecodable byte replaced (a codebook or a
  project's text from another tool, where a stray byte must not lose the rest);
- ``utf16=True``: UTF-16 with a byte-order mark, or without one when every other byte is zero
  (Excel's "Unicode text").

A NUL byte in the first :data:`SNIFF_BYTES` (after UTF-16 decoding) marks a binary file.
Anything refused raises :class:`NotTextError`; the reader turns it into its own message. This module
sits below every feature package and imports none of them.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from siaran.errors import BadInputError

SNIFF_BYTES: Final = 64 * 1024
UTF16_BOMS: Final = {b"\xff\xfe": "UTF-16 LE", b"\xfe\xff": "UTF-16 BE"}
BOM: Final = "\ufeff"

Fallback = Literal["none", "cp1252", "replace"]

CSV_DELIMITERS: Final = ",;\t|"
"""The delimiters a CSV file may use."""
_SEP_LINE: Final = re.compile(r"sep=(.)")


class NotTextError(ValueError):
    """The bytes are not text in an accepted encoding; ``position`` is the first byte that is
    not UTF-8, when that is the reason."""

    def __init__(self, reason: str, position: int | None = None) -> None:
        super().__init__(reason)
        self.position = position


@dataclass(frozen=True)
class Decoded:
    """Text and the encoding it was read in: ``utf-8``, ``cp1252``, ``UTF-16 LE`` or
    ``UTF-16 BE``."""

    text: str
    encoding: str


def read_input(path: Path, unreadable: str) -> bytes:
    """The bytes of the input ``path``; a file that cannot be read is a
    :class:`BadInputError` with the catalogue message ``unreadable`` (``path``, ``reason``)."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise BadInputError(unreadable, path=path, reason=exc.strerror or str(exc)) from exc


def decode_text(
    data: bytes,
    *,
    fallback: Fallback = "none",
    utf16: bool = False,
    refuse_nul: bool = True,
    sniff: int = SNIFF_BYTES,
) -> Decoded:
    """``data`` as text (see the module docs); :class:`NotTextError` when it is not. ``sniff`` is
    how far a NUL byte or a control character is looked for."""
    head = data[:sniff]
    if utf16:
        found = utf16_of(head)
        if found is not None:
            codec = "utf-16" if head[:2] in UTF16_BOMS else found.replace(" ", "-").lower()
            try:
                text = data.decode(codec).removeprefix(BOM)
            except UnicodeDecodeError as exc:
                raise NotTextError("not UTF-16") from exc
            if refuse_nul and "\x00" in text[:sniff]:
                raise NotTextError("binary")
            return Decoded(text, found)
    if refuse_nul and b"\x00" in head:
        raise NotTextError("binary")
    try:
        return Decoded(data.decode("utf-8").removeprefix(BOM), "utf-8")
    except UnicodeDecodeError as exc:
        if fallback == "none":
            raise NotTextError(f"not UTF-8 at byte {exc.start}", exc.start) from exc
    if fallback == "replace":
        return Decoded(data.decode("cp1252", errors="replace").removeprefix(BOM), "cp1252")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise NotTextError("binary") from exc
    if any(ord(ch) < 32 and ch not in "\r\n\t" for ch in text[:sniff]):
        raise NotTextError("binary")
    return Decoded(text, "cp1252")


def utf16_of(head: bytes) -> str | None:
    """``UTF-16 LE`` / ``UTF-16 BE`` when ``head`` is UTF-16 text: a byte-order mark, or no mark
    and every other byte zero (text in Latin script)."""
    bom = UTF16_BOMS.get(head[:2])
    if bom is not None:
        return bom
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even_zeros = head[0 : pairs * 2 : 2].count(0) / pairs
    odd_zeros = head[1 : pairs * 2 : 2].count(0) / pairs
    if odd_zeros > 0.3 and even_zeros < 0.02:
        return "UTF-16 LE"
    if even_zeros > 0.3 and odd_zeros < 0.02:
        return "UTF-16 BE"
    return None


def sniff_csv_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect of a file, from a sample of its text: the delimiter a first line
    ``sep=;`` names (Excel's way of saying it); else what :class:`csv.Sniffer` finds among
    :data:`CSV_DELIMITERS`; else the delimiter that splits the most lines into the same number
    of cells (title rows without any delimiter above a ``;`` table defeat the sniffer); else
    Excel's comma."""
    named = sep_line(sample)
    if named is not None:
        return _delimited(named)
    try:
        return csv.Sniffer().sniff(sample, CSV_DELIMITERS)
    except csv.Error:
        pass
    lines = [line for line in sample.splitlines()[:200] if line.strip()]
    best: tuple[int, int, str] | None = None
    for delimiter in CSV_DELIMITERS:
        widths = Counter(line.count(delimiter) for line in lines)
        widths.pop(0, None)
        if not widths:
            continue
        width, agreeing = max(widths.items(), key=lambda item: (item[1], item[0]))
        if agreeing >= 2 and (best is None or (agreeing, width) > best[:2]):
            best = (agreeing, width, delimiter)
    return _delimited(best[2]) if best is not None else csv.excel


def sep_line(sample: str) -> str | None:
    """The delimiter a first line ``sep=;`` names (Excel's way of saying it; the line is no
    row of the table), or ``None`` when the text does not start with one."""
    first = sample.lstrip(BOM).split("\n", 1)[0].strip()
    named = _SEP_LINE.fullmatch(first)
    return named.group(1) if named is not None else None


def _delimited(delimiter: str) -> type[csv.Dialect]:
    return type("Delimited", (csv.excel,), {"delimiter": delimiter})
