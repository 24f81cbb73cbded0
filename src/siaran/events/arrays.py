"""Canonical events written as one JSON array (``[ {...}, {...} ]``), as a browser's export
or a script's ``json.dump`` of a list writes them, pretty-printed or on one line.

Each element is read by the same rules as a line of canonical JSON Lines
(:func:`~siaran.events.reading.json_events`): an object with a known ``type`` is an event, an
unknown type is counted, anything else is a problem; every problem names the line on which its
element starts. An array that is not well-formed JSON (cut short, a missing comma) cannot be
read past the fault: the fault is named with its line and the file is refused whole, even with
``--skip-bad``. The file is read whole: an export of this kind is small, and JSON Lines is the
format for long captures.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

from siaran.errors import Problem
from siaran.events.reading import ChunkBuilder, ReadTally, json_events

if TYPE_CHECKING:
    import pyarrow as pa

_SPACE: Final = " \t\n\r"
"""JSON's white space."""


def array_tables(path: Path, tally: ReadTally, *, chunk_size: int) -> Iterator[pa.Table]:
    """The events of the JSON array at ``path`` as Arrow tables of ``line`` and the canonical
    fields as text; fill ``tally``."""
    text = path.read_bytes().decode("utf-8-sig")
    builder = ChunkBuilder(chunk_size)
    for line, event in json_events(_elements(text, tally), tally):
        full = builder.add(line, event)
        if full is not None:
            yield full.to_table()
    if len(builder.chunk):
        yield builder.flush().to_table()
    tally.lines = text.count("\n") + (0 if text.endswith("\n") else 1)


def _elements(text: str, tally: ReadTally) -> Iterator[tuple[int, bytes]]:
    """``(line where it starts, its JSON text)`` for each element of the array; a fault in
    the array's own syntax is a problem that ends the reading."""
    decoder = json.JSONDecoder()
    position, line = _skip(text, 0, 1)
    if not text.startswith("[", position):
        _fault(tally, line, "Expecting '['")
        return
    position, line = _skip(text, position + 1, line)
    if text.startswith("]", position):
        return
    while True:
        try:
            _, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            _fault(tally, exc.lineno, exc.msg)
            return
        yield line, text[position:end].encode()
        line += text.count("\n", position, end)
        position, line = _skip(text, end, line)
        if text.startswith(",", position):
            position, line = _skip(text, position + 1, line)
            continue
        if text.startswith("]", position):
            after, after_line = _skip(text, position + 1, line)
            if after < len(text):
                _fault(tally, after_line, "Extra data")
            return
        _fault(tally, line, "Expecting ',' delimiter")
        return


def _skip(text: str, position: int, line: int) -> tuple[int, int]:
    """Past the JSON white space at ``position``, counting the lines passed."""
    end = position
    while end < len(text) and text[end] in _SPACE:
        end += 1
    return end, line + text.count("\n", position, end)


def _fault(tally: ReadTally, line: int, reason: str) -> None:
    tally.unreadable = True
    tally.problem(Problem("events.bad_json", row=line, params={"reason": reason}))
