"""Schema version 10: ``reviews``, the buyers' product reviews (see :mod:`siaran.feedback`),
written out as shipped.

A review is keyed by platform, account and a review id (the platform's, or one derived from
the review's own content when the export has none). The reviewer is a keyed hash
(``reviewer_key``, the buyers' key of :mod:`siaran.orders.privacy`), never a name.

Frozen as shipped: a later change of :mod:`siaran.feedback` must not change what this step
does to an old file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

REVIEWS_DDL: Final = """
CREATE TABLE reviews (
  platform VARCHAR NOT NULL,
  account VARCHAR NOT NULL,
  review_id VARCHAR NOT NULL,
  order_id VARCHAR,
  product VARCHAR,
  variation VARCHAR,
  rating INTEGER,
  text VARCHAR,
  reviewed_at TIMESTAMPTZ NOT NULL,
  reviewer_key VARCHAR,
  layout VARCHAR NOT NULL,
  source_sha256 VARCHAR NOT NULL,
  source_row INTEGER NOT NULL,
  PRIMARY KEY (platform, account, review_id)
);
"""


def add_reviews(con: duckdb.DuckDBPyConnection) -> None:
    """Version 9 to 10: the ``reviews`` table, empty."""
    con.execute(REVIEWS_DDL)
