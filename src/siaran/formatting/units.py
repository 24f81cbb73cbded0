"""The display unit of every field: how its value is written (:mod:`siaran.formatting.fields`).

The unit of each KPI is stated here, once: the KPI registry (:mod:`siaran.metrics.registry`)
takes it from :data:`KPI_UNITS`, so that formatting, which the metrics layer uses for its
verdicts, never has to import the metrics layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

KpiUnit = Literal["money", "money_per_hour", "rate", "count", "seconds", "hours", "ratio"]
KPI_UNIT_NAMES: Final[tuple[KpiUnit, ...]] = (
    "money",
    "money_per_hour",
    "rate",
    "count",
    "seconds",
    "hours",
    "ratio",
)

KPI_UNITS: Final[Mapping[str, KpiUnit]] = {
    # per session
    "watch_gpm": "money",
    "show_gpm": "money",
    "live_ctr": "rate",
    "ctr": "rate",
    "ctor": "rate",
    "aov": "money",
    "gmv_per_hour": "money_per_hour",
    "conversion": "rate",
    "tap_through_rate": "rate",
    "comment_rate": "rate",
    "like_rate": "rate",
    "share_rate": "rate",
    "follow_rate": "rate",
    # per account over a window
    "sessions": "count",
    "live_hours": "hours",
    "gmv_total": "money",
    "gmv_mean_per_session": "money",
    "gmv_median_per_session": "money",
    "views_per_session": "count",
    "viewers_per_session": "count",
    "gmv_per_live_hour": "money_per_hour",
    "zero_gmv_share": "rate",
    "sessions_per_28_days": "count",
    # of a live's event stream
    "peak_concurrency": "count",
    "average_concurrency": "count",
    "retention_at_end": "rate",
    "viewer_half_life_s": "seconds",
    "interaction_intensity": "ratio",
    "orders_per_1000_viewer_minutes": "ratio",
    "first_comment_to_order_s": "seconds",
    # of an account's ecosystem (siaran.ecosystem)
    "affiliate_gmv_share": "rate",
    "reseller_gmv_share": "rate",
    "active_affiliates": "ratio",
    "active_resellers": "ratio",
    # fulfilment of orders (siaran.operations)
    "hours_to_ship_median": "hours",
    "hours_to_ship_p90": "hours",
    "late_share": "rate",
    "cancelled_share": "rate",
    "returned_share": "rate",
    "refund_value": "money",
    "peak_orders_per_10min": "count",
    "peak_load": "ratio",
    "backlog_after_live": "count",
    # customer feedback (siaran.feedback)
    "negative_review_rate_7d": "rate",
    "negative_review_rate_30d": "rate",
    "average_rating": "ratio",
}
"""The unit of every KPI of the registry, by name (a test keeps the two the same)."""

Display = (
    KpiUnit
    | Literal[
        # the units of other fields
        "change",
        "datetime",
        "date",
        "clock",
        "id",
        "text",
    ]
)

# The canonical session fields in the order a live's page shows them, with their units.
SESSION_FIELD_UNITS: Final[dict[str, Display]] = {
    "gmv": "money",
    "orders": "count",
    "sku_orders": "count",
    "items_sold": "count",
    "customers": "count",
    "views": "count",
    "viewers": "count",
    "impressions": "count",
    "acu": "count",
    "pcu": "count",
    "avg_view_duration_s": "seconds",
    "duration_s": "seconds",
    "product_impressions": "count",
    "product_clicks": "count",
    "comments": "count",
    "likes": "count",
    "shares": "count",
    "new_followers": "count",
}

# Every other field with a unit of its own; a field not listed here nor in the KPI registry
# is written by its value's type (text as it is, a number as a count).
FIELD_UNITS: Final[dict[str, Display]] = {
    **SESSION_FIELD_UNITS,
    # sessions and rollups
    "room_id": "id",
    "started_at": "datetime",
    "ended_at": "datetime",
    "window_start": "date",
    "window_end": "date",
    "window_days": "count",
    # timelines and their measures
    "minute": "clock",
    "joins": "count",
    "follows": "count",
    "gifts_diamonds": "count",
    "viewers_peak": "count",
    "first_event_at": "datetime",
    "last_event_at": "datetime",
    "peak_at": "datetime",
    "minutes": "count",
    "events": "count",
    "viewer_samples": "count",
    "peak_viewers": "count",
    "mean_viewers": "count",
    "end_viewers": "count",
    "viewer_minutes": "count",
    "viewers_before": "count",
    "change": "change",
    "rank": "id",
    "product_id": "id",
    # talk
    "line": "id",
    "at_s": "seconds",
    "score": "count",
    "demo_share": "rate",
    "ctas_per_10min": "ratio",
    "answer_rate": "rate",
    "scored_at": "datetime",
    "dead_air_s": "seconds",
    "median_latency_s": "seconds",
    "precision": "rate",
    "recall": "rate",
    "f1": "rate",
    # customer feedback
    "macro_f1": "rate",
    "macro_f1_low": "rate",
    "macro_f1_high": "rate",
    "reviewed_at": "datetime",
    "as_of": "datetime",
    "share": "rate",
    "negative_share": "rate",
    # case-study workbench
    "id": "id",
    "seq": "id",
    "at": "datetime",
    "created_at": "datetime",
    "parent_id": "id",
    "document": "id",
    "excerpt": "id",
    "suggestion": "id",
    "start": "id",
    "end": "id",
    "agreement": "rate",
    "kappa": "ratio",
    "alpha": "ratio",
    # orders
    "order_id": "id",
    "amount": "money",
    "platform_orders": "count",
    "platform_gmv": "money",
    "orders_difference": "change",
    "gmv_difference": "money",
    "new_buyers": "count",
    "returning_buyers": "count",
    "cancelled_orders": "count",
    "buyers": "count",
    "quantity": "count",
    "paid_at": "datetime",
    "shipped_at": "datetime",
    "delivered_at": "datetime",
    "cancelled_at": "datetime",
    "live_started_at": "datetime",
    # the ecosystem (siaran.ecosystem)
    "month": "date",
    "channel_share": "rate",
    "affiliate_orders": "count",
    "affiliates_active": "count",
    "resellers_active": "count",
    "new_resellers": "count",
    "reseller_orders": "count",
    "reseller_value": "money",
    "gmv_all_channels": "money",
    "lives_with_call": "count",
    "lives_without_call": "count",
    "signups_with_call": "ratio",
    "signups_without_call": "ratio",
    "signup_difference": "ratio",
    "signup_interval_low": "ratio",
    "signup_interval_high": "ratio",
    "ecosystem_calls": "count",
    "signups": "count",
    # operations
    "live_orders": "count",
    "lives": "count",
    "capacity_per_hour": "count",
    "capacity_per_10min": "ratio",
    "promise_hours": "hours",
    "pack_hours": "hours",
    "backlog_cutoff": "datetime",
    "shipped_orders": "count",
    "late_orders": "count",
    "judged_orders": "count",
    "returned_orders": "count",
    "lives_over_capacity": "count",
    "over_capacity_lives": "count",
    "over_capacity_orders": "count",
    "over_capacity_late_share": "rate",
    "over_capacity_cancelled_share": "rate",
    "within_capacity_lives": "count",
    "within_capacity_orders": "count",
    "within_capacity_late_share": "rate",
    "within_capacity_cancelled_share": "rate",
}
