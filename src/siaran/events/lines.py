"""Files read as blocks of whole lines, and the white space Python strips.

The block readers (:mod:`siaran.events.blocks` for canonical JSON Lines and CSV,
:mod:`siaran.events.capture_blocks` for capture dumps) read a file in blocks of about
:data:`BLOCK_BYTES` that end at a line end, numbering each block's first line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final

BLOCK_BYTES: Final = 16 << 20

PYTHON_WHITESPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character ``str.strip()`` removes (``str.isspace()``), for Arrow's and DuckDB's
trim."""


def line_blocks(
    handle: Any,
    block_bytes: int = BLOCK_BYTES,
    *,
    first: int = 1,
    cut_at: Callable[[bytes], int] | None = None,
) -> Iterator[tuple[int, bytes]]:
    """``(number of its first line, bytes)`` for blocks of whole lines of a binary file, the
    first one numbered ``first``; only the last block may end without a line end. ``cut_at``
    says where a block may end (the position after a line end, 0 for nowhere yet); by default
    after its last line end."""
    rest = b""
    while True:
        data = handle.read(block_bytes)
        if not data:
            if rest:
                yield first, rest
            return
        data = rest + data if rest else data
        cut = cut_at(data) if cut_at is not None else data.rfind(b"\n") + 1
        if cut == 0:
            rest = data
            continue
        block, rest = data[:cut], data[cut:]
        yield first, block
        first += block.count(b"\n")


def line_count(block: bytes) -> int:
    """How many lines ``block`` holds (a last line without a line end counts)."""
    return block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
