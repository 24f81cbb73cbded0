"""Checks made before any reader allocates for a file: its size, what its zip archive declares,
and its XML streamed through a hardened parser (no DTD, no entities, no network, libxml2's own
size and depth guards on) that builds no tree.

Python's :mod:`zipfile` never yields more than a member's declared size (a member that would
inflate further fails its CRC check), so the sizes in the archive's directory bound what
openpyxl and lxml can be handed: they are checked here, in microseconds, before anything is
unzipped.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, cast

from siaran.errors import BadInputError, Problem
from siaran.ingest.limits import ImportLimits, raise_hint

if TYPE_CHECKING:
    from lxml import etree

RATIO_FLOOR_BYTES: Final = 1 << 20
"""Members smaller than this are not held to the compression ratio (a small, very repetitive
part costs nothing whatever its ratio)."""

_CHUNK_BYTES: Final = 1 << 20


def refuse(
    key: str,
    path: Path | str,
    limit_name: str,
    needed: float,
    *,
    exact: bool = True,
    **params: object,
) -> BadInputError:
    """The error for a file beyond the limit ``limit_name``, with how to raise it: to
    ``needed`` when that is what the file claims (``exact``), else above the limit in force
    (the read stopped at the first element past it)."""
    if exact:
        hint = raise_hint(limit_name, needed)
        how = Problem(
            "limits.how_to_raise", params={"option": f"--limit {hint}", "option_value": hint}
        )
    else:
        how = Problem("limits.how_to_raise_above", params={"name": limit_name})
    return BadInputError(key, path=path, problems=[how], **params)


def size_text(size: float) -> str:
    """``304 MB``, ``2094 KB``, ``512 B``: whole units, no separators (read alike in every
    language siaran speaks)."""
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= 10 * scale:
            return f"{size / scale:.0f} {unit}"
    return f"{size:.0f} B"


def limit_text(value: float) -> str:
    """A limit as the user would type it (``100``, ``0.5``)."""
    return f"{value:g}"


def check_file_size(path: Path, limits: ImportLimits) -> None:
    """Refuse ``path`` when it is larger than ``limits.file_mb`` (before reading it)."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the read that follows reports it
    if size > limits.bytes_of("file_mb"):
        raise refuse(
            "limits.file_too_large",
            path,
            "file_mb",
            size / (1024 * 1024),
            size=size_text(size),
            limit_mb=limit_text(limits.file_mb),
        )


def check_archive(path: Path, archive: zipfile.ZipFile, limits: ImportLimits) -> None:
    """Refuse an archive one of whose members is compressed more than ``limits.zip_ratio``
    times, or whose members declare more than ``limits.unzipped_mb`` in total."""
    infos = archive.infolist()
    worst, ratio = None, 0.0
    for info in infos:
        if info.file_size >= RATIO_FLOOR_BYTES:
            member_ratio = info.file_size / max(info.compress_size, 1)
            if member_ratio > ratio:
                worst, ratio = info, member_ratio
    if worst is not None and ratio > limits.zip_ratio:
        raise refuse(
            "limits.zip_ratio",
            path,
            "zip_ratio",
            ratio,
            member=worst.filename,
            size=size_text(worst.file_size),
            packed=size_text(worst.compress_size),
            ratio=f"{ratio:.0f}",
            limit=limit_text(limits.zip_ratio),
        )
    total = sum(info.file_size for info in infos)
    if total > limits.bytes_of("unzipped_mb"):
        raise refuse(
            "limits.unzipped_too_large",
            path,
            "unzipped_mb",
            total / (1024 * 1024),
            size=size_text(total),
            limit_mb=limit_text(limits.unzipped_mb),
        )


def hardened_parser() -> etree.XMLParser:
    """A parser for a whole document held in memory: entities left unresolved, no DTD loaded,
    no network, libxml2's size and depth guards on (``huge_tree`` off). Give it only a
    document :func:`feed_part` has already checked (it refuses any DTD)."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


class DtdRefusal:
    """An lxml parser target that refuses a DTD the moment the parser meets one (before the
    DTD's entity declarations are read: a billion-laughs DTD never gets to expand) and builds
    no tree. It has no other callback, so the parser calls none per element: the document is
    only checked to be well formed, at the parser's own speed."""

    def __init__(self, path: Path | str, part: str) -> None:
        self.path = path
        self.part = part
        self.done = False

    def doctype(self, name: str | None, public_id: str | None, system_url: str | None) -> None:
        # Entities can read this machine's files (an external entity) or expand a few hundred
        # bytes to gigabytes; no spreadsheet or REFI-QDA tool needs a DTD.
        raise BadInputError("limits.refused_dtd", path=self.path, part=self.part)

    def close(self) -> None:
        """The end of the document (not called when ``done`` stopped the read)."""


class GuardedTarget(DtdRefusal):
    """A :class:`DtdRefusal` that reads start tags: subclasses read them (``start``, called
    for every element) and may stop the read early (``done``)."""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        """One start tag (``tag`` with its namespace in braces)."""


def feed_part(
    path: Path | str,
    part: str,
    source: IO[bytes] | bytes,
    target: DtdRefusal,
    unreadable_key: str,
    each_chunk: Callable[[bytes], None] | None = None,
) -> None:
    """Stream ``source`` (a zip member or bytes) through ``target`` with the hardened parser,
    a megabyte at a time, until the end or until the target is ``done``; ``each_chunk`` (when
    given) is handed each megabyte once the parser has taken it. A malformed document is a
    :class:`BadInputError` ``unreadable_key`` (params ``path``, ``line``, ``reason``), and so
    is a ``ValueError`` of the target or of ``each_chunk``."""
    from lxml import etree

    # The stubs' target protocol lists every callback; lxml calls only those a target has
    # (and each one costs a call per element), so this one has few.
    parser = etree.XMLParser(
        target=cast("etree.ParserTarget[None]", target),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    )
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        while not target.done:
            chunk = stream.read(_CHUNK_BYTES)
            if not chunk:
                parser.close()
                break
            parser.feed(chunk)
            if each_chunk is not None:
                each_chunk(chunk)
    except etree.XMLSyntaxError as exc:
        raise BadInputError(
            unreadable_key, path=path, line=exc.lineno or 0, reason=f"{part}: {exc.msg}"
        ) from exc
    except ValueError as exc:  # a row or cell number that is not a number
        raise BadInputError(unreadable_key, path=path, line=0, reason=f"{part}: {exc}") from exc
