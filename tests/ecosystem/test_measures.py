"""The ecosystem's figures against values computed by hand (tests/ecosystem/files.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from siaran.ecosystem import channel_gmv, partners_by_month, signup_comparison, summaries
from siaran.importing import ImportOptions, import_files
from siaran.workspace import Workspace
from tests.ecosystem.files import ACCOUNT, lives_export, score_lives, write_files

JULY, AUGUST = dt.date(2026, 7, 1), dt.date(2026, 8, 1)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.create(tmp_path / "ws", timezone="Asia/Jakarta") as workspace:
        files = [lives_export(tmp_path), *write_files(tmp_path)]
        outcomes = import_files(workspace, files, ImportOptions(account=ACCOUNT))
        assert [o.status for o in outcomes] == ["imported"] * 3, outcomes
        score_lives(workspace)
        yield workspace


def test_gmv_by_channel_per_month(ws: Workspace) -> None:
    rows = {(r.month, r.channel): r for r in channel_gmv(ws)}
    # June has own lives only: no ecosystem data, so it is not compared.
    assert {month for month, _ in rows} == {JULY, AUGUST}
    july_total = 3_000_000 + 180_000 + 200_000 + 400_000
    expected = {
        (JULY, "own_lives"): (3_000_000, 20),
        (JULY, "affiliate_live"): (180_000, 2),
        (JULY, "affiliate_video"): (200_000, 1),
        (JULY, "resellers"): (400_000, 4),
        (AUGUST, "own_lives"): (500_000, 10),
        (AUGUST, "affiliate_showcase"): (60_000, 1),
        (AUGUST, "affiliate_product_card"): (40_000, 1),
        (AUGUST, "resellers"): (200_000, 3),
    }
    assert {k: (r.gmv, r.orders) for k, r in rows.items()} == expected
    assert rows[JULY, "own_lives"].channel_share == pytest.approx(3_000_000 / july_total)
    assert rows[JULY, "resellers"].channel_share == pytest.approx(400_000 / july_total)
    assert rows[AUGUST, "resellers"].channel_share == pytest.approx(200_000 / 800_000)
    assert {r.currency for r in rows.values()} == {"IDR"}
    order = [r.channel for r in channel_gmv(ws) if r.month == JULY]
    assert order == ["own_lives", "affiliate_live", "affiliate_video", "resellers"]


def test_partners_active_per_month(ws: Workspace) -> None:
    july, august = partners_by_month(ws)
    assert (july.month, july.affiliates_active, july.affiliate_orders) == (JULY, 3, 3)
    assert (july.resellers_active, july.new_resellers) == (2, 3)
    assert (july.reseller_orders, july.reseller_value) == (4, 400_000)
    assert (august.affiliates_active, august.affiliate_orders) == (2, 2)
    assert (august.resellers_active, august.new_resellers) == (2, 1)
    assert (august.reseller_orders, august.reseller_value) == (3, 200_000)


def test_the_ecosystem_kpis(ws: Workspace) -> None:
    (summary,) = summaries(ws)
    total = 3_780_000 + 800_000
    assert (summary.account, summary.months, summary.currency) == (ACCOUNT, 2, "IDR")
    assert summary.gmv_all_channels == total
    assert summary.affiliate_gmv_share == pytest.approx(480_000 / total)
    assert summary.reseller_gmv_share == pytest.approx(600_000 / total)
    assert summary.active_affiliates == 2.5
    assert summary.active_resellers == 2.0
    assert summaries(ws, ["toko.lain"]) == []


def test_signups_after_lives_with_and_without_a_call(ws: Workspace) -> None:
    (found,) = signup_comparison(ws)
    by_room = {live.room_id: (live.ecosystem_calls > 0, live.signups) for live in found.lives}
    # 8005's window ends after 31 August, the last day the register covers.
    assert by_room == {
        "8001": (True, 2),
        "8002": (True, 1),
        "8003": (False, 0),
        "8004": (False, 1),
    }
    assert (found.lives_with_call, found.lives_without_call) == (2, 2)
    assert (found.signups_with_call, found.signups_without_call) == (1.5, 0.5)
    assert found.signup_difference == 1.0
    # Resampled differences are 1 + (X - Y) / 2 with X, Y ~ Binomial(2, 1/2): the extremes
    # 0 and 2 each have probability 1/16 > 2.5%, so they are the interval's ends.
    assert (found.signup_interval_low, found.signup_interval_high) == (0.0, 2.0)
    assert signup_comparison(ws) == [found]
    (longer,) = signup_comparison(ws, window_days=40)
    assert {live.room_id: live.signups for live in longer.lives} == {
        "8001": 4,
        "8002": 2,
        "8003": 2,
    }
    assert (longer.signups_with_call, longer.signups_without_call) == (3.0, 2.0)
    assert longer.signup_interval_low is None  # one live without a call: no interval
