"""Event files in the real formats, written inside the tests."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

WIB = dt.timezone(dt.timedelta(hours=7))
ROOM = "7391234567890123456"
START = dt.datetime(2026, 7, 4, 20, 0, 0, tzinfo=WIB)


def at(seconds: float) -> str:
    """ISO 8601 with offset, ``seconds`` after 20:00 WIB on 2026-07-04."""
    return (START + dt.timedelta(seconds=seconds)).isoformat()


def event(n: int, kind: str, seconds: float, room: str = ROOM, **fields: Any) -> dict[str, Any]:
    return {"id": f"ev{n}", "type": kind, "ts": at(seconds), "room_id": room, **fields}


def write_jsonl(path: Path, events: Iterable[Mapping[str, Any] | str]) -> Path:
    lines = [e if isinstance(e, str) else json.dumps(e, ensure_ascii=False) for e in events]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, header: list[str], rows: Iterable[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def session_events() -> list[dict[str, Any]]:
    """A five-minute live, out of order, with a duplicate, a minute without a viewer sample
    (20:02) and a product pinned before the first order.

    minute  viewers   events
    20:00   10        comment (first), join x2
    20:01   40        likes 15 + like without count (1), product pin, 2 samples (25, 40)
    20:02   -         share, follow, gift 5 diamonds
    20:03   18        order 35000, comment
    20:04   12        order 50000 (amount unknown? no: 50000), end
    """
    return [
        event(8, "viewers", 190, viewers=18),
        event(1, "viewers", 5, viewers=10),
        event(2, "comment", 20, user="sari", text="halo kak"),
        event(3, "join", 21, user="budi"),
        event(4, "join", 22, user="ani"),
        event(5, "viewers", 61, viewers=25),
        event(6, "viewers", 65, viewers=40),
        event(7, "like", 70, user="sari", count=15),
        event(17, "like", 71, user="budi"),
        event(9, "product", 80, product_id="p-01", text="Sambal bawang 150 g"),
        event(10, "share", 130, user="ani"),
        event(11, "follow", 131, user="budi"),
        event(12, "gift", 140, user="sari", diamonds=5),
        event(13, "order", 200, user="budi", product_id="p-01", amount=35000),
        event(14, "comment", 210, user="ani", text="sudah co kak"),
        event(15, "viewers", 250, viewers=12),
        event(16, "order", 255, user="ani", amount=50000),
        event(2, "comment", 20, user="sari", text="halo kak"),
        event(18, "end", 259),
    ]
