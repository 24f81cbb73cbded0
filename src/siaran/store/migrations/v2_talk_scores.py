"""Schema version 2: ``talk_scores``, one scorecard per room (keyed by room alone until
version 5), written out as shipped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

TALK_SCORES_COLUMNS: Final = """  scored_at TIMESTAMPTZ NOT NULL,
  started_at TIMESTAMPTZ,
  transcript_format VARCHAR NOT NULL,
  transcript_sha256 VARCHAR,
  timed BOOLEAN NOT NULL,
  duration_s DOUBLE,
  host_lines INTEGER NOT NULL,
  comment_count INTEGER,
  score DOUBLE,
  demo_share DOUBLE,
  ctas_per_10min DOUBLE,
  cta_in_last_10min BOOLEAN,
  urgency_without_offer INTEGER,
  dead_air_s DOUBLE,
  questions INTEGER,
  answer_rate DOUBLE,
  median_latency_s DOUBLE,
  siaran_version VARCHAR NOT NULL,
  lexicon VARCHAR NOT NULL,
  scorecard_json VARCHAR NOT NULL"""
"""The columns after ``room_id``, as shipped; version 5 keys the table by account with them."""

TALK_SCORES_DDL: Final = f"""
CREATE TABLE talk_scores (
  room_id VARCHAR PRIMARY KEY,
{TALK_SCORES_COLUMNS}
);
"""


def add_talk_scores(con: duckdb.DuckDBPyConnection) -> None:
    """Version 1 to 2."""
    con.execute(TALK_SCORES_DDL)
