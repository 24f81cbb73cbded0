"""The merge's platform values: written in key order, one per session and KPI.

``platform_reported`` has no primary key (schema version 12), so the merge is what keeps one
value per session and KPI; these tests hold it to that on hand-made batches.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from siaran.ingest.merge import _accepted_values


def _batch(keys: list[str], values: list[tuple[int, str, float]]) -> tuple[pa.Table, pa.Table]:
    incoming = pa.table({"session_key": pa.array(keys, pa.string())})
    rows, kpis, numbers = zip(*values, strict=True)
    reported = pa.table(
        {
            "row": pa.array(rows, pa.int64()),
            "kpi": pa.array(kpis, pa.string()),
            "value": pa.array(numbers, pa.float64()),
            "raw": pa.array([str(n) for n in numbers], pa.string()),
        }
    )
    return incoming, reported


def test_values_of_accepted_rows_come_in_key_order() -> None:
    incoming, reported = _batch(
        ["tiktok:room:9", "tiktok:room:1", "tiktok:room:5"],
        [(0, "ctr", 0.1), (0, "aov", 9.0), (1, "ctr", 0.2), (2, "aov", 5.0), (1, "aov", 1.0)],
    )
    written = _accepted_values(incoming, reported, np.array([0, 1]))
    pairs = zip(written["session_key"].to_pylist(), written["kpi"].to_pylist(), strict=True)
    assert list(pairs) == [
        ("tiktok:room:1", "aov"),
        ("tiktok:room:1", "ctr"),
        ("tiktok:room:9", "aov"),
        ("tiktok:room:9", "ctr"),
    ]
    assert written["value"].to_pylist() == [1.0, 0.2, 9.0, 0.1]


def test_one_kpi_twice_for_one_session_is_never_written() -> None:
    incoming, reported = _batch(
        ["tiktok:room:1", "tiktok:room:2"], [(0, "ctr", 0.1), (1, "ctr", 0.3), (0, "ctr", 0.2)]
    )
    with pytest.raises(RuntimeError, match="one KPI twice"):
        _accepted_values(incoming, reported, np.array([0, 1]))
    # The same KPI of two sessions, or of a row that was not accepted, is no repeat.
    kept = _accepted_values(incoming, reported, np.array([1]))
    assert kept["session_key"].to_pylist() == ["tiktok:room:2"]
