"""Capture dumps read one line at a time with :func:`capture_event`: the scalar reference the
block-wise reader (:mod:`siaran.events.capture_blocks`) is held to."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from siaran.errors import Problem
from siaran.events.capture import KNOWN_CLASSES, capture_event
from siaran.events.model import EVENT_TYPES
from siaran.events.reading import ChunkBuilder, ReadTally

_KNOWN = frozenset(EVENT_TYPES)


def read_by_line(path: Path) -> tuple[pa.Table, ReadTally]:
    """The events of the dump at ``path`` as the line-by-line reader read them: ``line`` and
    the canonical fields as text, in line order, and what it saw besides."""
    tally = ReadTally()
    builder = ChunkBuilder(chunk_size=10**9)
    room: str | None = None
    number = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError as exc:
                reason = getattr(exc, "msg", None) or "not UTF-8 text"
                tally.problem(Problem("events.bad_json", row=number, params={"reason": reason}))
                continue
            if not isinstance(record, dict):
                tally.problem(Problem("events.not_an_object", row=number))
                continue
            kind, event, announced = capture_event(record, raw, room)
            if announced is not None:
                room = announced
            if event is None:
                if kind not in _KNOWN and kind != "connect" and kind.lower() not in KNOWN_CLASSES:
                    tally.unknown_types[kind or "?"] += 1
                continue
            builder.add(number, event)
    tally.lines = number
    return builder.flush().to_table(), tally
