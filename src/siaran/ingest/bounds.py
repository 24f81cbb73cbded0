"""Values that cannot be, and values that are very unlikely: one table, beside the canonical
session fields (:data:`siaran.store.schema.SESSION_FIELDS`) and the platform KPIs.

Counts, money, durations and rates are never negative: a negative one is an error naming its
row and column, and fails the import like any unreadable cell (a refund is not a negative
GMV in any export siaran reads). A value above its plausible bound for one live is kept but
reported in the import report's notes, with its rows, so that a typo or a corrupted export
does not turn into 1.43e28 views per session unnoticed. Not a number (``inf``) is an error.

The bounds are orders of magnitude past the largest lives ever reported (tens of millions of
viewers, a few billion US dollars of GMV in one night), not estimates of what is normal: a
value above one is almost certainly wrong, one below may still be.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import pyarrow as pa
import pyarrow.compute as pc

from siaran.errors import Problem
from siaran.ingest.layout import WHOLE_FIELDS, Note, ParsedImport, platform_table

Kind = Literal["count", "money", "duration", "rate"]


@dataclass(frozen=True)
class Bound:
    """What a field holds and the largest plausible value for one live (``None``: no upper
    bound; money's bound depends on the currency, see :data:`MONEY_PLAUSIBLE`)."""

    kind: Kind
    plausible: float | None = None


HOURS_48: Final = 48 * 3600.0

SESSION_BOUNDS: Final[dict[str, Bound]] = {
    "duration_s": Bound("duration", HOURS_48),
    "gmv": Bound("money"),
    "orders": Bound("count", 1e8),
    "sku_orders": Bound("count", 1e8),
    "items_sold": Bound("count", 1e9),
    "customers": Bound("count", 1e8),
    "views": Bound("count", 1e9),
    "viewers": Bound("count", 1e9),
    "impressions": Bound("count", 1e10),
    "acu": Bound("count", 1e8),
    "pcu": Bound("count", 1e8),
    "avg_view_duration_s": Bound("duration", HOURS_48),
    "product_impressions": Bound("count", 1e10),
    "product_clicks": Bound("count", 1e9),
    "comments": Bound("count", 1e9),
    "likes": Bound("count", 1e11),
    "shares": Bound("count", 1e9),
    "new_followers": Bound("count", 1e8),
}
"""Every numeric canonical session field (a test keeps this table complete)."""

PLATFORM_BOUNDS: Final[dict[str, Bound]] = {
    # Rates are fractions. Click and order rates above 10 (1,000%) would need every view to
    # click ten times; comment, share and follow rates above 100 (10,000%); likes are taps and
    # a like rate of 1,293% is real, so its bound is 1,000 (100,000%).
    "live_ctr": Bound("rate", 10),
    "ctr": Bound("rate", 10),
    "ctor": Bound("rate", 10),
    "ctor_sku": Bound("rate", 10),
    "sku_order_rate": Bound("rate", 10),
    "tap_through_rate": Bound("rate", 10),
    "conversion": Bound("rate", 10),
    "follow_rate": Bound("rate", 100),
    "comment_rate": Bound("rate", 100),
    "share_rate": Bound("rate", 100),
    "like_rate": Bound("rate", 1000),
    # The rest only have to be at least zero.
    "aov": Bound("money"),
    "gmv_per_hour": Bound("money"),
    "show_gpm": Bound("money"),
    "watch_gpm": Bound("money"),
    "avg_unit_price": Bound("money"),
    "impressions_per_hour": Bound("count"),
    "engage_ccu_1m": Bound("count"),
    "add_to_cart": Bound("count"),
    "orders_created": Bound("count"),
    "products_listed": Bound("count"),
    "products_sold": Bound("count"),
    "avg_view_duration_per_viewer_s": Bound("duration"),
}
"""Platform-reported KPIs. A KPI missing here is still checked for being at least zero."""

ESTIMATE_FIELDS: Final = ("sessions", "gmv", "avg_gmv_per_session", "views")
"""Figures of a third-party account estimate, none of which can be negative."""

MONEY_PLAUSIBLE: Final[dict[str | None, float]] = {
    "IDR": 1e14,  # Rp 100 trillion, about USD 6 billion
    "VND": 1e14,
    "KRW": 1e13,
    "JPY": 1e12,
    None: 1e14,  # currency unknown: the loosest bound
}
"""GMV of one live above which it is implausible, by currency (10 billion in any other)."""
MONEY_PLAUSIBLE_OTHER: Final = 1e10
ROWS_SHOWN: Final = 10


def money_bound(currency: object) -> float:
    key = currency if isinstance(currency, str) else None
    return MONEY_PLAUSIBLE.get(key, MONEY_PLAUSIBLE_OTHER)


def check_values(parsed: ParsedImport) -> None:
    """Add to ``parsed`` a problem for every negative or infinite value and a note for every
    column holding implausibly large ones. Each column is checked whole as Arrow expressions;
    only the rows found are described."""
    batch = parsed.sessions
    rows = batch.source_rows
    for name, bound in SESSION_BOUNDS.items():
        values = batch.columns.get(name)
        if values is None:
            continue
        limits: pa.Array | float | None = bound.plausible
        if bound.kind == "money":
            limits = _money_limits(batch.column("currency"))
        _check_column(parsed, name, bound.kind, values, rows, limits)
        if name in WHOLE_FIELDS:
            _check_whole(parsed, name, values, rows)
    reported = platform_table(parsed.platform_values)
    if reported.num_rows:
        index = reported["row"].combine_chunks()
        inside = pc.less(index, len(rows))
        kpi_rows = pc.if_else(inside, pc.take(rows, pc.if_else(inside, index, 0)), pc.add(index, 1))
        kpis = reported["kpi"].combine_chunks().dictionary_encode()
        values = reported["value"].combine_chunks()
        names = [str(kpi) for kpi in kpis.dictionary.to_pylist()]
        bounds = [PLATFORM_BOUNDS.get(kpi, Bound("count")) for kpi in names]
        # Every KPI at once first: only those with a value found are described one by one.
        limits = pc.take(pa.array([b.plausible for b in bounds], pa.float64()), kpis.indices)
        found = pc.or_(_impossible(values), pc.fill_null(pc.greater(values, limits), False))
        for code in sorted(pc.unique(kpis.indices.filter(found)).to_pylist()):
            mine = pc.equal(kpis.indices, code)
            kind, plausible = bounds[code].kind, bounds[code].plausible
            _check_column(
                parsed, names[code], kind, values.filter(mine), kpi_rows.filter(mine), plausible
            )
    for name in ESTIMATE_FIELDS:
        figures = [getattr(estimate, name) for estimate in parsed.estimates]
        estimate_rows = pa.array([e.source_row for e in parsed.estimates], pa.int64())
        _check_column(parsed, name, "count", _as_doubles(figures), estimate_rows, None)


def _money_limits(currencies: pa.Array) -> pa.Array:
    """Each row's :func:`money_bound`, found once per distinct currency."""
    encoded = currencies.dictionary_encode()
    bounds = pa.array([money_bound(c) for c in encoded.dictionary.to_pylist()], pa.float64())
    return pc.fill_null(pc.take(bounds, encoded.indices), money_bound(None))


def _as_doubles(values: Sequence[object]) -> pa.Array:
    """The numbers among ``values`` (ints and floats, not booleans) as doubles, others null."""
    kept = [v if type(v) is float or type(v) is int else None for v in values]
    try:
        return pa.array(kept, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array([None if v is None else float(v) for v in kept], pa.float64())


def _check_column(
    parsed: ParsedImport,
    name: str,
    kind: Kind,
    values: pa.Array,
    rows: pa.Array,
    limits: pa.Array | float | None,
) -> None:
    if len(values) == 0:
        return
    header = parsed.headers.get(name, name)
    bad = _impossible(values)
    if pc.any(bad).as_py():
        for value, row in zip(
            values.filter(bad).to_pylist(), rows.filter(bad).to_pylist(), strict=True
        ):
            reason = "values.negative" if value < 0 else "values.not_finite"
            parsed.problems.append(Problem(reason, row, header, _shown(value)))
    if limits is None:
        return
    above = pc.and_(pc.fill_null(pc.greater(values, limits), False), pc.invert(bad))
    implausible = rows.filter(above).to_pylist()
    if not implausible:
        return
    bound_seen = float(limits) if not isinstance(limits, pa.Array) else limits.filter(above)
    if isinstance(bound_seen, pa.Array):
        bound_seen = float(pc.max(bound_seen).as_py())
    shown = ", ".join(str(row) for row in implausible[:ROWS_SHOWN])
    if len(implausible) > ROWS_SHOWN:
        shown += ", …"
    parsed.notes.append(
        Note(
            "values.implausible",
            {
                "column": header,
                "count": len(implausible),
                "bound": _bound_text(kind, bound_seen),
                "rows": shown,
            },
        )
    )


def _check_whole(parsed: ParsedImport, name: str, values: pa.Array, rows: pa.Array) -> None:
    """A problem for every fraction in a column that counts things (``1.25`` viewers is
    ``1.250`` read with the wrong decimal mark)."""
    finite = pc.and_(pc.is_finite(values), pc.greater_equal(values, 0.0))
    fraction = pc.fill_null(pc.and_(finite, pc.not_equal(pc.floor(values), values)), False)
    if not pc.any(fraction).as_py():
        return
    header = parsed.headers.get(name, name)
    for value, row in zip(
        values.filter(fraction).to_pylist(), rows.filter(fraction).to_pylist(), strict=True
    ):
        parsed.problems.append(Problem("values.not_whole", row, header, _shown(value)))


def _impossible(values: pa.Array) -> pa.Array:
    """Where ``values`` are negative or not finite (never null)."""
    return pc.fill_null(pc.or_(pc.less(values, 0.0), pc.invert(pc.is_finite(values))), False)


def _bound_text(kind: Kind, bound: float) -> str:
    if kind == "rate":
        return f"{bound * 100:.0f}%"
    if kind == "duration":
        return f"{bound / 3600:.0f} h"
    return f"{bound:.0f}"


def _shown(value: float) -> str:
    """The value as read (``-5000``, ``1e+30``): the layouts keep numbers, not cell texts."""
    return f"{value:.15g}"
