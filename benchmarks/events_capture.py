"""The ``--capture`` step of the event suite: the generated events as a capture dump.

The canonical events the suite generates are written again as TikTokLive (Python) writes its
messages, one JSON object per line named by its event class (``CommentEvent``,
``RoomUserSeqEvent`` ...), with the message's own field names (``msg_id``, ``create_time`` in
milliseconds, ``m_total``, the commenter under ``user.unique_id``). Orders have no capture class
and are left out. siaran imports the dump through its capture reader; the floor is DuckDB's own
``read_json`` of the same lines into one Parquet ``COPY``, mapping the class to the canonical
type with one ``CASE`` (no line numbers, no validation, no streaks, no dedupe).
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any, Final

MANIFEST: Final = "manifest_capture.json"
EXPECTED: Final = "capture_expected.json"

_CLASSES: Final = {
    "viewers": "RoomUserSeqEvent",
    "comment": "CommentEvent",
    "like": "LikeEvent",
    "join": "JoinEvent",
    "share": "ShareEvent",
}
# One capture line per canonical line, in the file's order; NULL for an order.
_LINE_SQL: Final = f"""
    SELECT CASE type
      WHEN 'viewers' THEN json_object('event', '{_CLASSES["viewers"]}', 'msg_id', id,
        'create_time', ts, 'room_id', room_id, 'm_total', viewers)::VARCHAR
      WHEN 'comment' THEN json_object('event', '{_CLASSES["comment"]}', 'msg_id', id,
        'create_time', ts, 'room_id', room_id, 'comment', "text",
        'user', json_object('unique_id', "user"))::VARCHAR
      WHEN 'like' THEN json_object('event', '{_CLASSES["like"]}', 'msg_id', id,
        'create_time', ts, 'room_id', room_id, 'count', "count")::VARCHAR
      WHEN 'join' THEN json_object('event', '{_CLASSES["join"]}', 'msg_id', id,
        'create_time', ts, 'room_id', room_id)::VARCHAR
      WHEN 'share' THEN json_object('event', '{_CLASSES["share"]}', 'msg_id', id,
        'create_time', ts, 'room_id', room_id)::VARCHAR
    END AS line
    FROM read_json(?, format='newline_delimited', columns={{id: 'VARCHAR', type: 'VARCHAR',
      ts: 'BIGINT', room_id: 'VARCHAR', "user": 'VARCHAR', "text": 'VARCHAR',
      "count": 'BIGINT', viewers: 'BIGINT', amount: 'DOUBLE'}})
"""


def write_capture_copies(workdir: Path, manifest: list[tuple[Path, str]]) -> None:
    """Write each generated file of ``manifest`` as a capture dump next to it; record the
    manifest of the dumps and how many distinct events they hold (what an import must store)."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    copies, expected = [], 0
    for path, account in manifest:
        target = path.with_suffix(".capture.jsonl")
        reader = con.execute(_LINE_SQL, [str(path)]).fetch_record_batch(200_000)
        with target.open("w", encoding="utf-8") as handle:
            for batch in reader:
                lines = [line for line in batch.column(0).to_pylist() if line is not None]
                handle.write("\n".join(lines) + "\n" if lines else "")
        found = con.execute(
            "SELECT count(DISTINCT id) FROM read_json(?, format='newline_delimited', "
            "columns={id: 'VARCHAR', type: 'VARCHAR'}) WHERE type <> 'order'",
            [str(path)],
        ).fetchone()
        expected += int(found[0]) if found else 0
        copies.append([str(target), account])
    (workdir / MANIFEST).write_text(json.dumps(copies))
    (workdir / EXPECTED).write_text(json.dumps({"events": expected}))


def expected_events(workdir: Path) -> int:
    """How many distinct events the dumps hold (every class but orders)."""
    return int(json.loads((workdir / EXPECTED).read_text())["events"])


def ingest_capture_floor(workdir: Path) -> dict[str, Any]:
    """DuckDB reads the dumps with the fields it needs named and writes one Parquet file."""
    import duckdb

    out = workdir / "floor_capture_parquet"
    shutil.rmtree(out, ignore_errors=True)
    files = [p for p, _ in json.loads((workdir / MANIFEST).read_text())]
    types = " ".join(f"WHEN '{name}' THEN '{kind}'" for kind, name in _CLASSES.items())
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET memory_limit = '3GB'")
    con.execute(
        f"""COPY (SELECT msg_id AS id, CASE event {types} END AS type,
        epoch_ms(create_time) AS ts, room_id, m_total AS viewers, "count",
        "user".unique_id AS "user", "comment" AS "text"
        FROM read_json(?, format='newline_delimited', columns={{event: 'VARCHAR',
        msg_id: 'VARCHAR', create_time: 'BIGINT', room_id: 'VARCHAR', m_total: 'BIGINT',
        "count": 'BIGINT', "comment": 'VARCHAR', "user": 'STRUCT(unique_id VARCHAR)'}}))
        TO '{out}' (FORMAT parquet)""",
        [files],
    )
    return {"seconds": time.perf_counter() - started}
