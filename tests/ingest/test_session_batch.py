"""The session batch a layout hands the importer: Arrow columns of their stored types, and the
column expressions that replaced per-row Python (session keys, Seller Center end times) giving
what the per-row code gave."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest

from siaran.ingest.importer import session_keys
from siaran.ingest.layout import SESSION_ARROW_TYPES, SessionBatch
from siaran.ingest.layouts.seller_center import ended_at

UTC_US = pa.timestamp("us", tz="UTC")


def test_batch_holds_columns_of_their_stored_types() -> None:
    starts = pa.array([dt.datetime(2026, 7, 4, 13, 1, tzinfo=dt.UTC), None], UTC_US)
    batch = SessionBatch.of(
        [3, 4],
        {
            "platform": "tiktok",
            "currency": None,
            "started_at": starts.cast(pa.timestamp("us", tz="Asia/Jakarta")),
            "views": pa.array([1, 2], pa.int64()),
        },
    )
    assert len(batch) == 2
    assert batch.source_rows.to_pylist() == [3, 4]
    assert batch.column("platform").to_pylist() == ["tiktok", "tiktok"]
    assert batch.column("currency").to_pylist() == [None, None]
    assert batch.column("started_at").equals(starts)
    assert batch.column("views").to_pylist() == [1.0, 2.0]
    assert batch.column("gmv").to_pylist() == [None, None]
    for name, values in batch.columns.items():
        assert values.type == SESSION_ARROW_TYPES[name]


def test_batch_refuses_what_is_not_a_session_column() -> None:
    with pytest.raises(ValueError, match="not a session field"):
        SessionBatch.of([1], {"ctr": pa.array([0.5])})
    with pytest.raises(ValueError, match="has 2 rows"):
        SessionBatch.of([1], {"views": pa.array([1.0, 2.0])})


def test_session_keys_are_written_as_isoformat() -> None:
    starts = [
        dt.datetime(2026, 7, 4, 13, 1, 54, tzinfo=dt.UTC),
        dt.datetime(2026, 7, 4, 13, 1, 54, 120, tzinfo=dt.UTC),
        dt.datetime(999, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        dt.datetime(2026, 7, 4, 13, 1, 54, tzinfo=dt.UTC),
    ]
    keys = session_keys(
        pa.array(["tiktok"] * 4),
        pa.array(["toko"] * 4),
        pa.array([None, None, "", "7000000000000000001"]),
        pa.array(starts, UTC_US),
    )
    assert keys.to_pylist() == [
        f"tiktok:toko:{starts[0].isoformat()}",
        f"tiktok:toko:{starts[1].isoformat()}",
        f"tiktok:toko:{starts[2].isoformat()}",
        "tiktok:room:7000000000000000001",
    ]


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Europe/Berlin", "Australia/Lord_Howe"])
def test_end_times_are_what_datetime_adds(zone: str) -> None:
    """Wall-clock addition across clock changes, rounding to the microsecond, and durations
    past the calendar, as ``start + timedelta(seconds=duration)`` gives them."""
    chance = random.Random(zone)
    starts: list[dt.datetime | None] = []
    durations: list[float | None] = []
    odd = [None, float("nan"), float("inf"), -1e30, 1e30, 1e15, 3e11, 0.5e-6, 1.5e-6, 2.5e-6]
    for _ in range(5000):
        month, day = chance.choice([3, 4, 10, 11]), chance.randint(1, 28)
        hour, minute = chance.randint(0, 23), chance.randint(0, 59)
        starts.append(dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC))
        spread = [chance.uniform(-1e6, 1e6), float(chance.randint(0, 3 * 86400))]
        durations.append(chance.choice([*odd, *spread, chance.randint(0, 10**7) / 7]))
    starts.append(None)
    durations.append(60.0)
    local = pa.array(starts, UTC_US).cast(pa.timestamp("us", tz=zone))

    def added(start: dt.datetime | None, seconds: float | None) -> dt.datetime | None:
        if start is None or seconds is None:
            return None
        try:
            return start + dt.timedelta(seconds=seconds)
        except (OverflowError, ValueError):
            return None

    expected = [added(s, d) for s, d in zip(local.to_pylist(), durations, strict=True)]
    got = ended_at(local, pa.array(durations, pa.float64()))
    assert got.cast(UTC_US).equals(pa.array(expected, UTC_US))
    assert ZoneInfo(zone).key == got.type.tz
