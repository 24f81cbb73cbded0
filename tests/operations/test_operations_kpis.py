"""The registry's operations KPIs over order bases: the formula, and null (never 0) when a
denominator is 0 or unknown."""

from __future__ import annotations

import pytest

from siaran.metrics.registry import kpi, operations_kpi_names, operations_kpis

BASES = (
    "orders", "cancelled_orders", "returned_orders", "kept_orders", "refund_sum",
    "ship_hours_median", "ship_hours_p90", "late_orders", "judged_orders", "peak_orders",
    "capacity_per_10min", "backlog_orders",
)  # fmt: skip


def computed(*rows: tuple[float | None, ...]) -> list[dict[str, object]]:
    import ibis
    import pyarrow as pa

    table = pa.table(
        {name: pa.array([row[i] for row in rows], pa.float64()) for i, name in enumerate(BASES)}
    )
    memory = ibis.memtable(table)
    found: list[dict[str, object]] = (
        memory.select(**operations_kpis(memory)).to_pyarrow().to_pylist()
    )
    return found


def test_the_required_kpis_are_in_the_registry() -> None:
    required = {
        "hours_to_ship_median", "hours_to_ship_p90", "late_share", "cancelled_share",
        "returned_share", "peak_orders_per_10min", "backlog_after_live",
    }  # fmt: skip
    assert required <= set(operations_kpi_names())
    assert {kpi(name).level for name in operations_kpi_names()} == {"operations"}


def test_formulas_and_unknown_denominators() -> None:
    known, empty = computed(
        (10, 2, 1, 8, 45_000, 7.5, 36, 3, 6, 4, 2, 3),
        (0, 0, 0, 0, 0, None, None, None, 0, None, None, None),
    )
    assert known["late_share"] == 0.5 and known["peak_load"] == 2.0
    assert known["cancelled_share"] == 0.2 and known["returned_share"] == pytest.approx(1 / 8)
    assert (known["hours_to_ship_median"], known["backlog_after_live"]) == (7.5, 3)
    for name in ("late_share", "cancelled_share", "returned_share", "peak_load"):
        assert empty[name] is None, name
