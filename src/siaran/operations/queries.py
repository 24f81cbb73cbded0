"""The SQL of the operations figures, over the stored orders and their links to lives.

``ops_orders`` holds one row per stored order with the facts every figure needs; the bases
(counts, medians, peaks) are aggregated from it per live and per account, and the KPI
registry turns bases into the figures (:mod:`siaran.operations.figures`).

- **Shipped**: at the export's shipped time, or, when it gives none, its ready-to-ship time
  (Shopee's order export has no shipped time: its ``Waktu Pengiriman Diatur``, when shipping
  was arranged, is read as ready-to-ship). **Hours to ship**: shipped minus created, in
  hours, over the orders with a ship time; the median and the 90th percentile interpolate
  between neighbouring orders (``quantile_cont``).
- **Late**: an order not cancelled that shipped more than the promise after it was created,
  or that had not shipped when the promise ran out before the export was taken. Judged are
  the orders not cancelled that shipped, or whose promise ran out unshipped; the rest are
  still within their promise.
- **Cancelled**: a cancel time or a cancelled status. **Returned**: not cancelled, with a
  refund, a returned quantity on a line, or a return/refund type.
- **The export's time** ("as of"): the latest time of any kind in the account's orders.
- **Peak per 10 minutes**: the live's orders counted in fixed 10-minute buckets from the
  live's start (the grace window included), the busiest bucket.
- **Backlog after the live**: the live's orders that were neither shipped nor cancelled at
  the end of the local day after the day the live ended; unknown when the export was taken
  before then and some were still open.
"""

from __future__ import annotations

from typing import Final

from siaran.orders.linking import CANCELLED_CONDITION

ORDER_FACTS: Final = f"""
CREATE OR REPLACE TEMP TABLE ops_orders AS
WITH returned_lines AS (
  SELECT platform, account, order_id, sum(returned_quantity) AS returned_quantity
  FROM order_lines GROUP BY ALL
),
as_of AS (
  SELECT platform, account,
         max(greatest(created_at, paid_at, rts_at, shipped_at, delivered_at, completed_at,
                      cancelled_at)) AS as_of
  FROM orders GROUP BY ALL
),
facts AS (
  SELECT o.platform, o.account, o.order_id, k.room_id, k.live_started_at,
         l.ended_at AS live_ended_at, o.created_at, coalesce(o.shipped_at, o.rts_at) AS ship_at,
         o.cancelled_at, o.currency,
         a.as_of, o.cancelled_by, o.cancel_reason, o.refund_amount,
         {CANCELLED_CONDITION} AS cancelled,
         (epoch(coalesce(o.shipped_at, o.rts_at)) - epoch(o.created_at)) / 3600.0 AS ship_hours,
         (epoch(a.as_of) - epoch(o.created_at)) / 3600.0 AS age_hours,
         coalesce(o.refund_amount, 0) > 0 OR coalesce(r.returned_quantity, 0) > 0
           OR (nullif(trim(o.return_type), '') IS NOT NULL
               AND NOT regexp_matches(lower(o.return_type), 'cancel|batal')) AS return_marked
  FROM orders o
  JOIN order_links k USING (platform, account, order_id)
  JOIN as_of a USING (platform, account)
  LEFT JOIN returned_lines r USING (platform, account, order_id)
  LEFT JOIN lives l ON l.platform = k.platform AND l.account = k.account
   AND l.started_at = k.live_started_at
)
SELECT *, NOT cancelled AND return_marked AS returned,
       CASE WHEN $promise::DOUBLE IS NULL OR cancelled THEN NULL
            WHEN ship_hours IS NOT NULL THEN ship_hours > $promise::DOUBLE
            WHEN age_hours > $promise::DOUBLE THEN true END AS late,
       CASE lower(trim(cancelled_by))
            WHEN 'buyer' THEN 'buyer' WHEN 'pembeli' THEN 'buyer'
            WHEN 'seller' THEN 'seller' WHEN 'penjual' THEN 'seller'
            WHEN 'system' THEN 'system' WHEN 'sistem' THEN 'system'
            WHEN 'platform' THEN 'system'
            ELSE nullif(trim(cancelled_by), '') END AS canceller
FROM facts
"""

# The bases both levels share; ``$promise::DOUBLE`` unknown makes the late counts unknown.
_BASES: Final = """
count(*) AS orders,
count(*) FILTER (WHERE cancelled) AS cancelled_orders,
count(*) FILTER (WHERE returned) AS returned_orders,
count(*) FILTER (WHERE NOT cancelled) AS kept_orders,
CASE WHEN count(*) FILTER (WHERE returned) = 0 THEN 0.0
     ELSE sum(refund_amount) FILTER (WHERE returned) END AS refund_sum,
count(ship_hours) AS shipped_orders,
quantile_cont(ship_hours, 0.5) AS ship_hours_median,
quantile_cont(ship_hours, 0.9) AS ship_hours_p90,
CASE WHEN $promise::DOUBLE IS NULL THEN NULL ELSE count(*) FILTER (WHERE late) END AS late_orders,
CASE WHEN $promise::DOUBLE IS NULL THEN NULL ELSE count(late) END AS judged_orders,
any_value(currency) AS currency
"""

LIVE_BASES: Final = f"""
WITH buckets AS (
  SELECT platform, account, live_started_at,
         floor((epoch(created_at) - epoch(live_started_at)) / 600)::BIGINT AS bucket,
         count(*) AS n
  FROM ops_orders WHERE live_started_at IS NOT NULL GROUP BY ALL
),
peaks AS (
  SELECT platform, account, live_started_at, max(n) AS peak_orders,
         first(bucket ORDER BY n DESC, bucket) AS peak_bucket
  FROM buckets GROUP BY ALL
),
per_live AS (
  SELECT platform, account, live_started_at, any_value(room_id) AS room_id,
         any_value(live_ended_at) AS ended_at, any_value(as_of) AS as_of,
         date_trunc('day', any_value(live_ended_at)) + INTERVAL 2 DAY AS backlog_cutoff,
         {_BASES}
  FROM ops_orders WHERE live_started_at IS NOT NULL GROUP BY ALL
),
backlog AS (
  SELECT d.platform, d.account, d.live_started_at,
         count(*) FILTER (WHERE NOT coalesce(d.ship_at <= p.backlog_cutoff, false)
           AND NOT (d.cancelled AND coalesce(d.cancelled_at <= p.backlog_cutoff, true)))
           AS open_at_cutoff,
         count(*) FILTER (WHERE d.ship_at IS NULL AND NOT d.cancelled) AS open_at_export
  FROM ops_orders d JOIN per_live p USING (platform, account, live_started_at)
  GROUP BY ALL
)
SELECT p.*, k.peak_orders,
       p.live_started_at + to_seconds(k.peak_bucket * 600) AS peak_at,
       CASE WHEN p.as_of >= p.backlog_cutoff OR b.open_at_export = 0
            THEN b.open_at_cutoff END AS backlog_orders,
       $capacity_per_10min::DOUBLE AS capacity_per_10min
FROM per_live p
JOIN peaks k USING (platform, account, live_started_at)
JOIN backlog b USING (platform, account, live_started_at)
WHERE {{where}}
ORDER BY p.live_started_at, p.account
"""

ACCOUNT_BASES: Final = f"""
SELECT account, string_agg(DISTINCT platform, ', ' ORDER BY platform) AS platform,
       count(*) FILTER (WHERE live_started_at IS NOT NULL) AS live_orders,
       count(DISTINCT (platform, live_started_at)) FILTER (WHERE live_started_at IS NOT NULL)
         AS lives,
       {_BASES}
FROM ops_orders WHERE {{where}} GROUP BY account ORDER BY account
"""

CANCELLATIONS: Final = """
SELECT account, {column} AS name, count(*) AS orders
FROM ops_orders WHERE cancelled AND {where}
GROUP BY ALL ORDER BY account, orders DESC, name NULLS LAST
"""
