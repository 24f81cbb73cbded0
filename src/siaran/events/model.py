"""The canonical live event: its types, its fields and how it is stored.

One event per line (JSONL or CSV). Every event has ``id`` (unique per event: a re-captured
duplicate carries the same id and is dropped), ``type``, ``ts`` (ISO 8601 with offset, or epoch
milliseconds) and ``room_id``; the other fields depend on the type (the events guide lists them).
Stored events are Parquet files with :data:`STORED_COLUMNS`; ``ts`` is a UTC instant.
"""

from __future__ import annotations

from typing import Final

EVENT_TYPES: Final[tuple[str, ...]] = (
    "comment",
    "like",
    "join",
    "share",
    "follow",
    "gift",
    "viewers",
    "product",
    "order",
    "question",
    "end",
)
"""The canonical event types; anything else is counted and reported as unknown."""

REQUIRED_FIELDS: Final[tuple[str, ...]] = ("id", "type", "ts", "room_id")
TEXT_FIELDS: Final[tuple[str, ...]] = ("user", "text", "product_id")
INTEGER_FIELDS: Final[tuple[str, ...]] = ("count", "viewers", "diamonds")
AMOUNT_FIELDS: Final[tuple[str, ...]] = ("amount",)
OPTIONAL_FIELDS: Final[tuple[str, ...]] = TEXT_FIELDS + INTEGER_FIELDS + AMOUNT_FIELDS
CANONICAL_FIELDS: Final[tuple[str, ...]] = REQUIRED_FIELDS + OPTIONAL_FIELDS

# Column name -> DuckDB type of the stored Parquet files, in order.
STORED_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("account", "VARCHAR"),
    ("room_id", "VARCHAR"),
    ("id", "VARCHAR"),
    ("type", "VARCHAR"),
    ("ts", "TIMESTAMPTZ"),
    ("user", "VARCHAR"),
    ("text", "VARCHAR"),
    ("count", "BIGINT"),
    ("viewers", "BIGINT"),
    ("diamonds", "BIGINT"),
    ("product_id", "VARCHAR"),
    ("amount", "DOUBLE"),
    ("source_sha256", "VARCHAR"),
    ("source_line", "BIGINT"),
    ("date", "DATE"),
)

FORMATS: Final[tuple[str, ...]] = (
    "events_jsonl",
    "events_json",
    "events_csv",
    "capture_dump",
    "order_export",
)
"""How an event file was written: canonical JSONL, one JSON array or CSV, a capture-library
dump, an order export. Stored as the import's ``layout``."""
