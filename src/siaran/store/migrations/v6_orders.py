"""Schema version 6: ``orders`` and ``order_lines``, the platforms' order exports without the
buyers' personal data (see :mod:`siaran.orders`), written out as shipped.

An order is keyed by platform, account and the platform's order id; its lines (one per SKU
line of the export) by the same and their position in the order. The buyer is a keyed hash
(``buyer_key``); region is kept at province and regency/city level only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

ORDERS_DDL: Final = """
CREATE TABLE orders (
  platform VARCHAR NOT NULL,
  account VARCHAR NOT NULL,
  order_id VARCHAR NOT NULL,
  status VARCHAR,
  substatus VARCHAR,
  return_type VARCHAR,
  created_at TIMESTAMPTZ NOT NULL,
  paid_at TIMESTAMPTZ,
  rts_at TIMESTAMPTZ,
  shipped_at TIMESTAMPTZ,
  delivered_at TIMESTAMPTZ,
  completed_at TIMESTAMPTZ,
  cancelled_at TIMESTAMPTZ,
  cancelled_by VARCHAR,
  cancel_reason VARCHAR,
  amount DOUBLE,
  refund_amount DOUBLE,
  shipping_fee DOUBLE,
  currency VARCHAR,
  buyer_key VARCHAR,
  country VARCHAR,
  province VARCHAR,
  city VARCHAR,
  payment_method VARCHAR,
  fulfillment_type VARCHAR,
  delivery_option VARCHAR,
  shipping_provider VARCHAR,
  layout VARCHAR NOT NULL,
  source_sha256 VARCHAR NOT NULL,
  source_row INTEGER NOT NULL,
  PRIMARY KEY (platform, account, order_id)
);
"""

ORDER_LINES_DDL: Final = """
CREATE TABLE order_lines (
  platform VARCHAR NOT NULL,
  account VARCHAR NOT NULL,
  order_id VARCHAR NOT NULL,
  line_no INTEGER NOT NULL,
  sku_id VARCHAR,
  seller_sku VARCHAR,
  product VARCHAR,
  variation VARCHAR,
  category VARCHAR,
  quantity DOUBLE,
  returned_quantity DOUBLE,
  unit_price DOUBLE,
  subtotal_before_discount DOUBLE,
  platform_discount DOUBLE,
  seller_discount DOUBLE,
  amount DOUBLE,
  weight_kg DOUBLE,
  source_row INTEGER NOT NULL,
  PRIMARY KEY (platform, account, order_id, line_no)
);
"""


def add_orders(con: duckdb.DuckDBPyConnection) -> None:
    """Version 5 to 6."""
    con.execute(ORDERS_DDL)
    con.execute(ORDER_LINES_DDL)
