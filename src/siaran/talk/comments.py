"""Viewer comments: a CSV or JSON Lines file of ``ts, user, text``, or Comment objects.

For tagging alone (``require_time=False``) a comment needs only its text: a plain text file
is one comment a line, and a table or JSON Lines file may leave out ``ts`` and ``user`` (a
comment without a time has ``ts = None``; a time that is given but unreadable is still an
error).

``ts`` is either an offset from the start of the live in seconds (``312``, ``05:12``,
``00:05:12``) or an absolute moment (ISO 8601, or Unix epoch seconds or milliseconds as live
event streams write them). Absolute moments without an offset are read in ``timezone``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from siaran.errors import BadInputError, Problem
from siaran.talk.textfile import read_text_file
from siaran.talk.timecodes import parse_moment

DEFAULT_TIMEZONE: Final = "Asia/Jakarta"

# Header names accepted for each field (compared lower-case, spaces and dashes as "_").
ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "ts": (
        "ts",
        "time",
        "timestamp",
        "waktu",
        "created_at",
        "offset",
        "offset_s",
        "start",
        "at_s",
    ),
    "user": ("user", "username", "user_name", "nickname", "nama", "unique_id", "author"),
    "text": ("text", "comment", "content", "komentar", "message", "pesan"),
}


@dataclass(frozen=True)
class Comment:
    """One viewer comment. ``ts`` is seconds from the start of the live, or an absolute
    moment; ``row`` is where it came from in its file (``None`` for comments built in code)."""

    ts: float | dt.datetime | None
    user: str
    text: str
    row: int | None = None

    def offset_s(self, started_at: dt.datetime | None) -> float | None:
        """Seconds from the start; an absolute ``ts`` needs ``started_at`` (else ``None``)."""
        if self.ts is None or isinstance(self.ts, float | int):
            return None if self.ts is None else float(self.ts)
        if started_at is None:
            return None
        moment = self.ts
        if moment.tzinfo is None and started_at.tzinfo is not None:
            moment = moment.replace(tzinfo=started_at.tzinfo)
        elif moment.tzinfo is not None and started_at.tzinfo is None:
            started_at = started_at.replace(tzinfo=moment.tzinfo)
        return (moment - started_at).total_seconds()


def read_comments(
    path: Path | str, *, timezone: dt.tzinfo | None = None, require_time: bool = True
) -> list[Comment]:
    """Read a CSV (``,`` ``;`` or tab separated, with a header) or JSON / JSON Lines file;
    with ``require_time=False`` also plain text (one comment a line) and files without times."""
    source = read_text_file(path)
    zone = timezone or ZoneInfo(DEFAULT_TIMEZONE)
    stripped = source.text.lstrip()
    if stripped.startswith(("{", "[")):
        records = _json_records(source.path, stripped, require_time)
    elif require_time or names_text_column(source.text):
        records = _csv_records(source.path, source.text, require_time)
    else:
        records = _plain_records(source.text)
    problems: list[Problem] = []
    comments: list[Comment] = []
    for row, record in records:
        comment = _comment(row, record, zone, problems, require_time)
        if comment is not None:
            comments.append(comment)
    if problems:
        raise BadInputError("talk.comments.bad", path=source.path, problems=problems)
    if not comments:
        raise BadInputError("talk.comments.none", path=source.path)
    return comments


def as_comments(items: Iterable[Comment | Mapping[str, Any]]) -> list[Comment]:
    """Comments from :class:`Comment` objects or ``{ts, user, text}`` mappings, in order."""
    out: list[Comment] = []
    for item in items:
        if isinstance(item, Comment):
            out.append(item)
        else:
            ts = item.get("ts")
            out.append(Comment(ts, str(item.get("user") or ""), str(item.get("text") or "")))
    return out


def _header_key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def names_text_column(text: str) -> bool:
    """True when the first line of ``text`` is a table header naming a text column (``text``,
    ``comment``, ...): a short line whose cells (``,`` ``;`` or tab separated) are short."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    if not first or len(first) > 200:
        return False
    delimiter = max(",;\t", key=first.count)
    cells = [_header_key(cell).strip("\"'") for cell in first.split(delimiter)]
    return all(len(c) <= 30 for c in cells) and any(c in ALIASES["text"] for c in cells)


def _header_map(path: Path, header: list[str], require_time: bool = True) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _header_key(name)
        for field_name, aliases in ALIASES.items():
            if key in aliases and field_name not in found:
                found[field_name] = index
    wanted = ALIASES if require_time else ("text",)
    missing = [name for name in wanted if name not in found]
    if missing:
        raise BadInputError(
            "talk.comments.missing_columns",
            path=path,
            missing=", ".join(missing),
            found=", ".join(h.strip() for h in header),
        )
    return found


def _csv_records(
    path: Path, text: str, require_time: bool = True
) -> list[tuple[int, dict[str, str]]]:
    sample = text[:65536]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), dialect)
    header = next(reader, None)
    if header is None:
        raise BadInputError("talk.file.empty", path=path)
    columns = _header_map(path, header, require_time)
    records = []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        cells = {name: record[i] if i < len(record) else "" for name, i in columns.items()}
        records.append((reader.line_num, cells))
    return records


def _plain_records(text: str) -> list[tuple[int, dict[str, Any]]]:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [(number, {"text": line}) for number, line in enumerate(lines, 1) if line.strip()]


def _json_records(
    path: Path, text: str, require_time: bool = True
) -> list[tuple[int, dict[str, Any]]]:
    try:
        document = json.loads(text)
        items = document if isinstance(document, list) else [document]
        numbered = list(enumerate(items, 1))
    except json.JSONDecodeError:
        numbered = []
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                numbered.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise BadInputError(
                    "talk.comments.bad_json", path=path, line=number, reason=exc.msg
                ) from exc
    records = []
    for number, item in numbered:
        if not isinstance(item, dict):
            raise BadInputError("talk.comments.bad_json", path=path, line=number, reason="{...}")
        lowered = {str(k).strip().lower(): v for k, v in item.items()}
        record: dict[str, Any] = {}
        for field_name, aliases in ALIASES.items():
            record[field_name] = next((lowered[a] for a in aliases if a in lowered), None)
        if record["text"] is None and (record["ts"] is None or not require_time):
            raise BadInputError(
                "talk.comments.missing_columns",
                path=path,
                missing="ts, text" if require_time else "text",
                found=", ".join(str(k) for k in item),
            )
        records.append((number, record))
    return records


def _comment(
    row: int,
    record: Mapping[str, Any],
    zone: dt.tzinfo,
    problems: list[Problem],
    require_time: bool = True,
) -> Comment | None:
    raw_ts, user, text = record.get("ts"), record.get("user"), record.get("text")
    ts: float | dt.datetime | None
    no_time = raw_ts is None or (isinstance(raw_ts, str) and not raw_ts.strip())
    if no_time and not require_time:
        offset, moment = None, None
    elif isinstance(raw_ts, int | float) and not isinstance(raw_ts, bool):
        offset, moment = parse_moment(repr(raw_ts))
    else:
        offset, moment = parse_moment(str(raw_ts) if raw_ts is not None else "")
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    ts = offset if offset is not None else moment
    bad = False
    if ts is None and not (no_time and not require_time):
        problems.append(
            Problem("talk.reason.bad_comment_time", row=row, column="ts", value=str(raw_ts or ""))
        )
        bad = True
    body = " ".join(str(text).split()) if text is not None else ""
    if not body:
        problems.append(Problem("talk.reason.empty_comment", row=row, column="text"))
        bad = True
    if bad:
        return None
    return Comment(ts, str(user or "").strip(), body, row)
