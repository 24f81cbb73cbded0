"""Operations figures against the values computed by hand in :mod:`tests.operations.exports`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from siaran.errors import UsageError
from siaran.importing import ImportOptions, import_file
from siaran.operations import (
    BACKLOG_AFTER_EXPORT,
    CAPACITY_SETTING,
    CAPACITY_UNKNOWN,
    PROMISE_SETTING,
    PROMISE_UNKNOWN,
    AccountOperations,
    Followed,
    FulfilmentSettings,
    LiveOperations,
    Share,
    account_operations,
    fulfilment_settings,
    live_operations,
    save_fulfilment_settings,
)
from siaran.orders.writer import write_order_export
from siaran.workspace import Workspace
from tests.operations.exports import ACCOUNT, ROOM_A, ROOM_B, build, order_lines
from tests.orders.exports import WIB

SET = FulfilmentSettings(capacity_per_hour=12, promise_hours=24)


@pytest.fixture
def shop(workspace: Workspace, tmp_path: Path) -> Workspace:
    return build(workspace, tmp_path)


def lives_of(ws: Workspace, settings: FulfilmentSettings = SET) -> dict[str | None, LiveOperations]:
    return {live.room_id: live for live in live_operations(ws, settings=settings)}


def test_the_over_capacity_live(shop: Workspace) -> None:
    a = lives_of(shop)[ROOM_A]
    assert (a.orders, a.peak_orders_per_10min, a.capacity_per_10min) == (7, 4, 2.0)
    assert a.peak_at == dt.datetime(2026, 7, 4, 20, 0, tzinfo=WIB)
    assert (a.peak_load, a.over_capacity) == (2.0, True)
    assert a.pack_hours == pytest.approx(7 / 12)
    assert a.backlog_cutoff == dt.datetime(2026, 7, 6, 0, 0, tzinfo=WIB)
    assert a.backlog_after_live == 3
    assert (a.shipped_orders, a.hours_to_ship_median) == (5, 20.0)
    assert a.hours_to_ship_p90 == pytest.approx(42.0)
    assert (a.late_orders, a.judged_orders, a.late_share) == (3, 6, 0.5)
    assert (a.cancelled_orders, a.returned_orders) == (1, 1)
    assert (a.cancelled_share, a.returned_share) == pytest.approx((1 / 7, 1 / 6))
    assert (a.refund_value, a.currency, a.reasons) == (45_000, "IDR", [])


def test_the_live_within_capacity(shop: Workspace) -> None:
    b = lives_of(shop)[ROOM_B]
    assert (b.orders, b.peak_orders_per_10min, b.peak_load, b.over_capacity) == (3, 1, 0.5, False)
    assert b.peak_at == dt.datetime(2026, 7, 6, 20, 0, tzinfo=WIB)
    assert (b.backlog_after_live, b.hours_to_ship_median) == (0, 3.0)
    assert b.hours_to_ship_p90 == pytest.approx(3.8)
    assert (b.late_orders, b.judged_orders, b.late_share) == (0, 2, 0.0)
    assert b.cancelled_share == pytest.approx(1 / 3)
    assert (b.returned_orders, b.returned_share, b.refund_value) == (0, 0.0, 0.0)


def test_the_account(shop: Workspace) -> None:
    (found,) = account_operations(shop, settings=SET)
    assert isinstance(found, AccountOperations)
    assert (found.account, found.orders, found.live_orders, found.lives) == (ACCOUNT, 11, 10, 2)
    assert (found.peak_orders_per_10min, found.peak_load, found.lives_over_capacity) == (4, 2.0, 1)
    assert found.backlog_after_live == 3
    assert (found.shipped_orders, found.hours_to_ship_median) == (8, 7.5)
    assert found.hours_to_ship_p90 == pytest.approx(36.0)
    assert (found.late_orders, found.judged_orders) == (3, 9)
    assert found.late_share == pytest.approx(1 / 3)
    assert found.cancelled_share == pytest.approx(2 / 11)
    assert found.returned_share == pytest.approx(1 / 9)
    assert found.refund_value == 45_000
    eleventh = 1 / 11
    assert found.cancelled_by == [Share("buyer", 1, eleventh), Share("seller", 1, eleventh)]
    assert found.cancel_reasons == [
        Share("Ingin mengubah pesanan", 1, eleventh),
        Share("Stok habis", 1, eleventh),
    ]
    assert found.over_capacity == Followed(1, 7, 3, 0.5, 1, 1 / 7)
    assert found.within_capacity == Followed(1, 3, 0, 0.0, 1, 1 / 3)


def test_unknown_settings_leave_their_figures_empty_with_the_reason(shop: Workspace) -> None:
    (found,) = account_operations(shop)
    assert found.reasons == [CAPACITY_UNKNOWN, PROMISE_UNKNOWN]
    assert (found.capacity_per_hour, found.peak_load, found.lives_over_capacity) == (None,) * 3
    assert (found.late_share, found.late_orders, found.judged_orders) == (None,) * 3
    assert (found.over_capacity, found.within_capacity) == (None, None)
    # What does not need them is there all the same.
    assert (found.peak_orders_per_10min, found.hours_to_ship_median) == (4, 7.5)
    a = lives_of(shop, fulfilment_settings(shop))[ROOM_A]
    assert (a.peak_load, a.over_capacity, a.pack_hours, a.late_share) == (None,) * 4
    assert a.reasons == [CAPACITY_UNKNOWN, PROMISE_UNKNOWN]


def test_saved_settings_are_used(shop: Workspace) -> None:
    save_fulfilment_settings(shop, FulfilmentSettings(12, None))
    assert shop.setting(CAPACITY_SETTING) == "12" and shop.setting(PROMISE_SETTING) is None
    (found,) = account_operations(shop)
    assert (found.peak_load, found.late_share, found.reasons) == (2.0, None, [PROMISE_UNKNOWN])
    assert fulfilment_settings(shop, promise_hours="24").promise_hours == 24.0


@pytest.mark.parametrize("bad", ["-5", "0", "banyak", "nan", "inf", "1e9"])
def test_bad_settings_are_usage_errors(shop: Workspace, bad: str) -> None:
    with pytest.raises(UsageError) as capacity:
        fulfilment_settings(shop, capacity_per_hour=bad)
    assert capacity.value.key == "operations.bad_capacity"
    with pytest.raises(UsageError) as promise:
        fulfilment_settings(shop, promise_hours=bad)
    assert promise.value.key == "operations.bad_promise"
    shop.set_setting(CAPACITY_SETTING, bad)
    with pytest.raises(UsageError):
        account_operations(shop)


def test_backlog_is_unknown_when_the_export_is_older_than_its_cut_off(
    workspace: Workspace, tmp_path: Path
) -> None:
    # A1, A2 and the unshipped A6 only: the latest time is A2's shipping, 5 Jul 16:03.
    build(workspace, tmp_path)
    workspace.con.execute("DELETE FROM order_lines; DELETE FROM orders")
    early = [row for row in order_lines() if row["order_id"] in ("A1", "A2", "A6")]
    import_file(
        workspace,
        write_order_export(tmp_path / "early.csv", "tiktok", early),
        ImportOptions(account=ACCOUNT),
    )
    a = lives_of(workspace)[ROOM_A]
    assert (a.orders, a.backlog_after_live) == (3, None)
    assert BACKLOG_AFTER_EXPORT in a.reasons
    # A6 is 19 h 18 min old at the export: within a 24-hour promise, so not judged yet.
    assert (a.late_orders, a.judged_orders) == (0, 2)


def test_one_live_and_one_account(shop: Workspace) -> None:
    assert [live.room_id for live in live_operations(shop, room=ROOM_B, settings=SET)] == [ROOM_B]
    assert account_operations(shop, account="@toko.ayu", settings=SET)[0].orders == 11
    assert account_operations(shop, account="nobody") == []


def test_ready_to_ship_stands_in_when_the_export_has_no_shipped_time(
    workspace: Workspace, tmp_path: Path
) -> None:
    # Shopee's order export has no shipped time: "Waktu Pengiriman Diatur" (rts_at) is used.
    start = dt.datetime(2026, 7, 4, 20, 0, tzinfo=WIB)
    lines = [
        {**row, "shipped_at": None, "rts_at": start + dt.timedelta(hours=hours)}
        for row, hours in zip(order_lines()[:2], (10, 30), strict=True)
    ]
    export = write_order_export(tmp_path / "Order.all.csv", "shopee", lines)
    import_file(workspace, export, ImportOptions(account="kopi"))
    (found,) = account_operations(workspace, settings=SET)
    assert (found.platform, found.shipped_orders) == ("shopee", 2)
    assert found.hours_to_ship_median == pytest.approx((10 - 1 / 60 + 30 - 3 / 60) / 2)
    assert (found.late_orders, found.judged_orders) == (1, 2)
