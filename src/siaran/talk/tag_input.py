"""The lines to tag, from any file ``siaran talk tag`` accepts, for host speech and comments.

Both kinds take plain text (one line each), JSON Lines (or a JSON list) of objects with a
``text`` field, and a table (CSV, ``;`` or tab separated) whose header names a text column,
with ``ts`` and ``user`` optional in both (the header names of :mod:`siaran.talk.comments`).
Host speech also takes every transcript format (:mod:`siaran.talk.transcripts`).

``at_s`` is seconds from the start when the file gives an offset (or a transcript time); when
it gives clock moments (ISO 8601, epoch), ``at`` is the moment and ``at_s`` the seconds from
the first moment of the file. Both are ``None`` only for a line given without a time.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from siaran.talk.comments import Comment, names_text_column, read_comments
from siaran.talk.cues import Kind
from siaran.talk.textfile import read_text_file
from siaran.talk.transcripts import detect_format, read_transcript


@dataclass(frozen=True)
class InputLine:
    number: int
    text: str
    at_s: float | None = None
    at: dt.datetime | None = None
    user: str | None = None


def read_lines_to_tag(
    path: Path | str, kind: Kind, *, timezone: dt.tzinfo | None = None
) -> list[InputLine]:
    """Every line of ``path`` with its time and user where the file gives them."""
    source = Path(path)
    if kind == "host" and not _is_record_file(source):
        transcript = read_transcript(source)
        return [
            InputLine(line.number, line.text, line.start_s, user=line.speaker)
            for line in transcript.lines
        ]
    comments = read_comments(source, timezone=timezone, require_time=False)
    return _from_comments(comments)


def _is_record_file(path: Path) -> bool:
    """True for a table or JSON Lines file of records, False for a transcript format."""
    text = read_text_file(path).text
    found = detect_format(path, text)
    if found == "plain_text":
        return names_text_column(text)
    if found != "json":
        return False
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return True  # JSON Lines (or broken JSON, reported line by line)
    if isinstance(document, dict):
        return "segments" not in document
    if isinstance(document, list):
        return not any(isinstance(item, dict) and "start" in item for item in document)
    return False


def _from_comments(comments: list[Comment]) -> list[InputLine]:
    moments = [c.ts for c in comments if isinstance(c.ts, dt.datetime)]
    first = min(moments) if moments else None
    out: list[InputLine] = []
    for number, comment in enumerate(comments, 1):
        ts = comment.ts
        if isinstance(ts, dt.datetime):
            at_s = (ts - first).total_seconds() if first is not None else None
            out.append(InputLine(number, comment.text, at_s, ts, comment.user or None))
        else:
            out.append(InputLine(number, comment.text, ts, None, comment.user or None))
    return out
