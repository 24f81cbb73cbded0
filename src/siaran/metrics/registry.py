"""The KPI registry: every KPI is defined once, here.

A :class:`Kpi` carries its formula once, as ``expression``: a portable Ibis expression (runs on
DuckDB and on Spark) that returns null, never 0 or infinity, when the denominator is 0 or
unknown. The tests hold it to values computed by hand.

Three levels:

- ``session`` KPIs are derived from one session's canonical base counts
  (:data:`siaran.store.schema.SESSION_FIELD_NAMES`); :func:`with_session_kpis` adds them all.
- ``rollup`` KPIs describe an account over an N-day window. They are derived from the
  aggregates in :data:`ROLLUP_BASES` (sums, counts of known values, the median), so that a mean
  is always "sum of the known values / how many are known".
- ``timeline`` KPIs describe one live's event stream (viewer curve, interaction, orders over
  time). They are derived from the per-room bases of its per-minute timeline
  (:func:`siaran.events.measures.session_bases`), so they exist only where events were captured.
- ``operations`` KPIs describe the fulfilment of orders (of one live or one account). They are
  derived from the order bases of :mod:`siaran.operations.queries` (counts, medians, the peak),
  so they exist only where order exports were imported.

The texts people read (what a KPI means, which platform definition it follows) live in the
message catalogue (``kpi.<name>.explain``, ``kpi.<name>.follows``) in Indonesian and English.
No module-level Ibis import: ``import siaran.metrics`` stays fast for the glossary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from siaran.errors import UsageError
from siaran.formatting.units import KPI_UNIT_NAMES, KPI_UNITS, KpiUnit
from siaran.i18n import Lang, text

if TYPE_CHECKING:
    import ibis.expr.types as ir

Unit = KpiUnit
# A KPI's unit is how its value is written (siaran.formatting owns the list and each KPI's).
UNITS: Final[tuple[Unit, ...]] = KPI_UNIT_NAMES
Level = Literal["session", "rollup", "timeline", "ecosystem", "operations", "feedback"]
Expression = Callable[["ir.Table"], "ir.Value"]

DISAGREEMENT_THRESHOLD: Final = 0.01
"""An export's own figure disagrees with ours when they differ by more than 1% of it."""


@dataclass(frozen=True)
class Kpi:
    """One KPI, defined once.

    ``expression`` takes a sessions table (``level == "session"``) or the table of
    :data:`ROLLUP_BASES` aggregates plus ``window_days`` (``level == "rollup"``).
    ``platform_value_kpi`` is the ``kpi`` name
    under which importers store the export's own figure in ``platform_reported`` (rates as
    fractions), or ``None`` when no export carries it.
    """

    name: str
    unit: Unit
    formula: str
    follows: str
    explain_id: str
    explain_en: str
    expression: Expression
    platform_value_kpi: str | None = None
    level: Level = "session"

    def explain(self, lang: Lang) -> str:
        return self.explain_id if lang == "id" else self.explain_en

    def follows_in(self, lang: Lang) -> str:
        return text(f"kpi.{self.name}.follows", lang)


def _ratio(num: str, den: str, *, scale: float = 1.0) -> Expression:
    """``num / den * scale``; null when either is unknown or ``den`` is 0."""

    def expression(t: ir.Table) -> ir.Value:
        value = t[num] / t[den].nullif(0)
        return value * scale if scale != 1.0 else value

    return expression


def live_seconds(t: ir.Table) -> ir.Value:
    """How long a live lasted, in seconds: ``ended_at − started_at`` when the end is known and
    after the start (exports give both to the second), else ``duration_s`` (TikTok's Duration
    column is cut to the minute, which made GMV per hour up to a few percent too high)."""
    import ibis

    elapsed = (t.ended_at.epoch_seconds() - t.started_at.epoch_seconds()).cast("float64")
    return ibis.ifelse(t.ended_at.notnull() & (elapsed > 0), elapsed, t.duration_s)


def _per_hour(num: str, seconds: str) -> Expression:
    """``num / (seconds / 3600)``; null when either is unknown or the time is 0. ``seconds``
    ``live_s`` is :func:`live_seconds` of a session."""

    def expression(t: ir.Table) -> ir.Value:
        time = live_seconds(t) if seconds == "live_s" else t[seconds]
        return t[num] / (time / 3600).nullif(0)

    return expression


def _conversion(t: ir.Table) -> ir.Value:
    """customers / viewers, or / views when viewers are unknown (not when they are 0)."""
    return t.customers / t.viewers.coalesce(t.views).nullif(0)


def _same(field: str, *, scale: float = 1.0) -> Expression:
    """A rollup base passed through (optionally rescaled, e.g. seconds to hours)."""

    def expression(t: ir.Table) -> ir.Value:
        return t[field] / scale if scale != 1.0 else t[field]

    return expression


def _per_28_days(t: ir.Table) -> ir.Value:
    return t.sessions * 28 / t.window_days.nullif(0)


# Aggregates over the sessions of one account in one window. ``count(x)`` counts sessions whose
# ``x`` is known, so unknown values never act as zeros in a mean or a share.
ROLLUP_BASES: Final[Mapping[str, Callable[[ir.Table], ir.Value]]] = {
    "sessions": lambda t: t.count(),
    "live_s_sum": lambda t: live_seconds(t).sum(),
    "gmv_sum": lambda t: t.gmv.sum(),
    "gmv_known": lambda t: t.gmv.count(),
    "gmv_zero": lambda t: t.gmv.count(where=t.gmv == 0),
    "gmv_median": lambda t: t.gmv.median(),
    "gmv_sum_timed": lambda t: t.gmv.sum(where=live_seconds(t).notnull()),
    "live_s_sum_with_gmv": lambda t: live_seconds(t).sum(where=t.gmv.notnull()),
    "views_sum": lambda t: t.views.sum(),
    "views_known": lambda t: t.views.count(),
    "viewers_sum": lambda t: t.viewers.sum(),
    "viewers_known": lambda t: t.viewers.count(),
}


def _kpi(
    name: str,
    formula: str,
    expression: Expression,
    *,
    level: Level = "session",
    platform: bool = True,
) -> Kpi:
    return Kpi(
        name=name,
        unit=KPI_UNITS[name],
        formula=formula,
        follows=text(f"kpi.{name}.follows", "en"),
        explain_id=text(f"kpi.{name}.explain", "id"),
        explain_en=text(f"kpi.{name}.explain", "en"),
        expression=expression,
        platform_value_kpi=name if platform and level == "session" else None,
        level=level,
    )


_SESSION_KPIS: Final[tuple[Kpi, ...]] = (
    _kpi("watch_gpm", "gmv / views × 1000", _ratio("gmv", "views", scale=1000.0)),
    _kpi("show_gpm", "gmv / impressions × 1000", _ratio("gmv", "impressions", scale=1000.0)),
    _kpi("live_ctr", "product_clicks / views", _ratio("product_clicks", "views")),
    _kpi(
        "ctr",
        "product_clicks / product_impressions",
        _ratio("product_clicks", "product_impressions"),
    ),
    _kpi("ctor", "orders / product_clicks", _ratio("orders", "product_clicks")),
    _kpi("aov", "gmv / orders", _ratio("gmv", "orders")),
    _kpi(
        "gmv_per_hour",
        "gmv / (live_s / 3600)",
        _per_hour("gmv", "live_s"),
    ),
    _kpi("conversion", "customers / coalesce(viewers, views)", _conversion),
    _kpi("tap_through_rate", "views / impressions", _ratio("views", "impressions")),
    _kpi("comment_rate", "comments / views", _ratio("comments", "views")),
    _kpi("like_rate", "likes / views", _ratio("likes", "views")),
    _kpi("share_rate", "shares / views", _ratio("shares", "views")),
    _kpi("follow_rate", "new_followers / views", _ratio("new_followers", "views")),
)

_ROLLUP_KPIS: Final[tuple[Kpi, ...]] = (
    _kpi("sessions", "count(*)", _same("sessions"), level="rollup"),
    _kpi(
        "live_hours",
        "sum(live_s) / 3600",
        _same("live_s_sum", scale=3600.0),
        level="rollup",
    ),
    _kpi("gmv_total", "sum(gmv)", _same("gmv_sum"), level="rollup"),
    _kpi(
        "gmv_mean_per_session",
        "sum(gmv) / count(gmv)",
        _ratio("gmv_sum", "gmv_known"),
        level="rollup",
    ),
    _kpi("gmv_median_per_session", "median(gmv)", _same("gmv_median"), level="rollup"),
    _kpi(
        "views_per_session",
        "sum(views) / count(views)",
        _ratio("views_sum", "views_known"),
        level="rollup",
    ),
    _kpi(
        "viewers_per_session",
        "sum(viewers) / count(viewers)",
        _ratio("viewers_sum", "viewers_known"),
        level="rollup",
    ),
    _kpi(
        "gmv_per_live_hour",
        "sum(gmv | live_s known) / (sum(live_s | gmv known) / 3600)",
        _per_hour("gmv_sum_timed", "live_s_sum_with_gmv"),
        level="rollup",
    ),
    _kpi(
        "zero_gmv_share",
        "count(gmv = 0) / count(gmv)",
        _ratio("gmv_zero", "gmv_known"),
        level="rollup",
    ),
    _kpi(
        "sessions_per_28_days",
        "count(*) × 28 / window_days",
        _per_28_days,
        level="rollup",
    ),
)

# Measures of a live's event stream (siaran.events), from the per-room bases of its timeline.
_TIMELINE_KPIS: Final[tuple[Kpi, ...]] = (
    _kpi("peak_concurrency", "max(viewers)", _same("peak_viewers"), level="timeline"),
    _kpi(
        "average_concurrency",
        "mean(viewers | sampled minutes)",
        _same("mean_viewers"),
        level="timeline",
    ),
    _kpi(
        "retention_at_end",
        "end_viewers / peak_viewers",
        _ratio("end_viewers", "peak_viewers"),
        level="timeline",
    ),
    _kpi(
        "viewer_half_life_s",
        "first minute after the peak with viewers <= peak / 2 − peak minute",
        _same("half_life_s"),
        level="timeline",
    ),
    _kpi(
        "interaction_intensity",
        "(comments + likes + shares) / viewer_minutes",
        _ratio("interactions", "viewer_minutes"),
        level="timeline",
    ),
    _kpi(
        "orders_per_1000_viewer_minutes",
        "orders / viewer_minutes × 1000",
        _ratio("orders", "viewer_minutes", scale=1000.0),
        level="timeline",
    ),
    _kpi(
        "first_comment_to_order_s",
        "first order time − first comment time",
        _same("first_comment_to_order_s"),
        level="timeline",
    ),
)

# Fulfilment of the orders of a live or an account (siaran.operations), from its order bases.
_OPERATIONS_KPIS: Final[tuple[Kpi, ...]] = (
    _kpi(
        "hours_to_ship_median",
        "median(coalesce(shipped_at, rts_at) − created_at) in hours",
        _same("ship_hours_median"),
        level="operations",
    ),
    _kpi(
        "hours_to_ship_p90",
        "p90(coalesce(shipped_at, rts_at) − created_at) in hours",
        _same("ship_hours_p90"),
        level="operations",
    ),
    _kpi(
        "late_share",
        "late_orders / judged_orders",
        _ratio("late_orders", "judged_orders"),
        level="operations",
    ),
    _kpi(
        "cancelled_share",
        "cancelled_orders / orders",
        _ratio("cancelled_orders", "orders"),
        level="operations",
    ),
    _kpi(
        "returned_share",
        "returned_orders / orders not cancelled",
        _ratio("returned_orders", "kept_orders"),
        level="operations",
    ),
    _kpi("refund_value", "sum(refund_amount | returned)", _same("refund_sum"), level="operations"),
    _kpi(
        "peak_orders_per_10min",
        "max(orders per 10-minute bucket from the live's start)",
        _same("peak_orders"),
        level="operations",
    ),
    _kpi(
        "peak_load",
        "peak_orders_per_10min / (capacity_per_hour / 6)",
        _ratio("peak_orders", "capacity_per_10min"),
        level="operations",
    ),
    _kpi(
        "backlog_after_live",
        "count(neither shipped nor cancelled at the end of the next local day)",
        _same("backlog_orders"),
        level="operations",
    ),
)

# Measures of an account's ecosystem (siaran.ecosystem.measures computes them; the expression
# reads its per-account figures), over the months with affiliate or reseller data.
_ECOSYSTEM_KPIS: Final[tuple[Kpi, ...]] = (
    _kpi(
        "affiliate_gmv_share",
        "sum(affiliate GMV, counted orders) / sum(GMV of every channel)",
        _same("affiliate_gmv_share"),
        level="ecosystem",
    ),
    _kpi(
        "reseller_gmv_share",
        "sum(resellers' purchase value) / sum(GMV of every channel)",
        _same("reseller_gmv_share"),
        level="ecosystem",
    ),
    _kpi(
        "active_affiliates",
        "mean over months(count(distinct creators with a counted order))",
        _same("active_affiliates"),
        level="ecosystem",
    ),
    _kpi(
        "active_resellers",
        "mean over months(count(resellers with orders or purchases > 0))",
        _same("active_resellers"),
        level="ecosystem",
    ),
)

# Customer feedback (siaran.feedback), per account or product over the days up to its latest
# stored review, from the counts of its reviews.
_FEEDBACK_KPIS: Final[tuple[Kpi, ...]] = (
    _kpi(
        "negative_review_rate_7d",
        "count(rating <= 2 | last 7 days) / count(rating | last 7 days)",
        _ratio("negative_7d", "reviews_7d"),
        level="feedback",
    ),
    _kpi(
        "negative_review_rate_30d",
        "count(rating <= 2 | last 30 days) / count(rating | last 30 days)",
        _ratio("negative_30d", "reviews_30d"),
        level="feedback",
    ),
    _kpi(
        "average_rating",
        "sum(rating) / count(rating)",
        _ratio("rating_sum", "rated"),
        level="feedback",
    ),
)

KPIS: Final[tuple[Kpi, ...]] = (
    _SESSION_KPIS
    + _ROLLUP_KPIS
    + _TIMELINE_KPIS
    + _ECOSYSTEM_KPIS
    + _OPERATIONS_KPIS
    + _FEEDBACK_KPIS
)
_BY_NAME: Final[dict[str, Kpi]] = {k.name: k for k in KPIS}


def kpi(name: str) -> Kpi:
    """The KPI called ``name``; a :class:`~siaran.errors.UsageError` naming the known ones."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UsageError("kpi.unknown", name=name, known=", ".join(_BY_NAME)) from None


def session_kpi_names() -> tuple[str, ...]:
    """The derived per-session KPIs, in the order sessions are listed with them."""
    return tuple(k.name for k in _SESSION_KPIS)


def rollup_kpi_names() -> tuple[str, ...]:
    """The per-account window KPIs, in the order rollups list them."""
    return tuple(k.name for k in _ROLLUP_KPIS)


def feedback_kpi_names() -> tuple[str, ...]:
    """The customer-feedback KPIs, in the order the feedback pages list them."""
    return tuple(k.name for k in _FEEDBACK_KPIS)


def timeline_kpi_names() -> tuple[str, ...]:
    """The measures of a live's event stream, in the order timelines list them."""
    return tuple(k.name for k in _TIMELINE_KPIS)


def timeline_kpis(bases: ir.Table) -> dict[str, ir.Value]:
    """The timeline KPI columns over a table of per-room timeline bases
    (:func:`siaran.events.measures.session_bases`)."""
    return {k.name: k.expression(bases) for k in _TIMELINE_KPIS}


def with_session_kpis(table: ir.Table) -> ir.Table:
    """``table`` (canonical session columns) with every derived per-session KPI added."""
    return table.mutate(**{k.name: k.expression(table) for k in _SESSION_KPIS})


def rollup_kpis(bases: ir.Table) -> dict[str, ir.Value]:
    """The rollup KPI columns over a table of :data:`ROLLUP_BASES` plus ``window_days``."""
    return {k.name: k.expression(bases) for k in _ROLLUP_KPIS}


def operations_kpi_names() -> tuple[str, ...]:
    """The fulfilment figures of a live or an account, in the order they are listed."""
    return tuple(k.name for k in _OPERATIONS_KPIS)


def operations_kpis(bases: ir.Table) -> dict[str, ir.Value]:
    """The operations KPI columns over a table of order bases
    (:mod:`siaran.operations.queries`)."""
    return {k.name: k.expression(bases) for k in _OPERATIONS_KPIS}
