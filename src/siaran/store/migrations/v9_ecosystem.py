"""Schema version 9: the live's ecosystem, affiliates and resellers (see :mod:`siaran.ecosystem`),
written out as shipped.

``affiliate_orders`` holds the orders affiliate creators brought in: one row per line of an
affiliate order export, keyed by account, the platform's order id and the line's position in
that order; the creator is kept as their public handle, no buyer data at all. ``resellers``
holds a seller's reseller register (one row per reseller: when they joined and through which
channel) and ``reseller_months`` what each reseller bought in a month.

Frozen as shipped: a later change of :mod:`siaran.ecosystem` must not change what this step
does to an old file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

AFFILIATE_ORDERS_DDL: Final = """
CREATE TABLE affiliate_orders (
  account VARCHAR NOT NULL,
  order_id VARCHAR NOT NULL,
  line_no INTEGER NOT NULL,
  creator VARCHAR NOT NULL,
  content_type VARCHAR NOT NULL,
  content_id VARCHAR,
  product VARCHAR,
  created_at TIMESTAMPTZ NOT NULL,
  status VARCHAR,
  counted BOOLEAN NOT NULL,
  gmv DOUBLE NOT NULL,
  commission_rate DOUBLE,
  commission DOUBLE,
  currency VARCHAR,
  layout VARCHAR NOT NULL,
  source_sha256 VARCHAR NOT NULL,
  source_row INTEGER NOT NULL,
  PRIMARY KEY (account, order_id, line_no)
);
"""

RESELLERS_DDL: Final = """
CREATE TABLE resellers (
  account VARCHAR NOT NULL,
  reseller_id VARCHAR NOT NULL,
  name VARCHAR,
  joined_on DATE NOT NULL,
  channel VARCHAR,
  source_sha256 VARCHAR NOT NULL,
  source_row INTEGER NOT NULL,
  PRIMARY KEY (account, reseller_id)
);
"""

RESELLER_MONTHS_DDL: Final = """
CREATE TABLE reseller_months (
  account VARCHAR NOT NULL,
  reseller_id VARCHAR NOT NULL,
  month DATE NOT NULL,
  orders INTEGER,
  purchase_value DOUBLE,
  currency VARCHAR,
  source_sha256 VARCHAR NOT NULL,
  source_row INTEGER NOT NULL,
  PRIMARY KEY (account, reseller_id, month)
);
"""


def add_ecosystem(con: duckdb.DuckDBPyConnection) -> None:
    """Version 8 to 9: the three ecosystem tables, empty."""
    con.execute(AFFILIATE_ORDERS_DDL)
    con.execute(RESELLERS_DDL)
    con.execute(RESELLER_MONTHS_DDL)
