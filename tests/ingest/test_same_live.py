"""One TikTok live exported two ways (``Creator-Live-Performance`` with its room id and the start
to the second, the Seller Center LIVE list without a room id and to the minute) is stored once,
whichever file comes first, and importing either again changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from siaran.cli.app import main
from siaran.ingest.importer import ImportReport, import_export_file
from siaran.ingest.layouts.seller_center import write_seller_center_live
from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance
from siaran.workspace import Workspace

WIB = ZoneInfo("Asia/Jakarta")
ACCOUNT = "toko.ayu"
ROOM = "7523456789012345678"
START = dt.datetime(2026, 7, 4, 20, 1, 54, tzinfo=WIB)
PERIOD = (dt.date(2026, 7, 1), dt.date(2026, 7, 31))
ROOM_KEY = f"tiktok:room:{ROOM}"
SELLER_KEY = f"tiktok:{ACCOUNT}:2026-07-04T13:01:00+00:00"


def creator_live(**changes: Any) -> dict[str, Any]:
    """The live as ``Creator-Live-Performance`` has it: attributed GMV, no viewers, ACU or PCU,
    and (in this export) no product impressions."""
    row: dict[str, Any] = {
        "room_id": ROOM,
        "title": "Flash sale batik 7.7",
        "started_at": START,
        "ended_at": START + dt.timedelta(minutes=19, seconds=16),
        "duration_s": 19 * 60,
        "gmv": 1_234_567.0,
        "orders": 48,
        "sku_orders": 50,
        "items_sold": 52,
        "customers": 45,
        "views": 1160,
        "impressions": 25_000,
        "avg_view_duration_s": 25,
        "product_clicks": 51,
        "new_followers": 12,
        "comments": 230,
        "shares": 7,
        "likes": 15_000,
    }
    row.update(changes)
    return row


def seller_live(**changes: Any) -> dict[str, Any]:
    """The same live in the Seller Center list: revenue, to the minute, with viewers, ACU, PCU
    and product impressions, and its own orders and views."""
    row: dict[str, Any] = {
        "account": ACCOUNT,
        "started_at": START.replace(second=0),
        "duration_s": 19 * 60,
        "gmv": 999_000.0,
        "orders": 40,
        "orders_created": 50,
        "items_sold": 44,
        "customers": 39,
        "viewers": 800,
        "views": 1100,
        "acu": 20.5,
        "pcu": 55,
        "avg_view_duration_s": 25,
        "comments": 230,
        "shares": 7,
        "likes": 15_000,
        "new_followers": 12,
        "product_impressions": 3000,
        "product_clicks": 51,
        "products_listed": 12,
        "products_sold": 5,
    }
    row.update(changes)
    return row


def write_creator(
    path: Path, rows: list[dict[str, Any]], period: tuple[dt.date, dt.date] = PERIOD
) -> Path:
    write_creator_live_performance(path, rows, period=period)
    return path


def write_seller(path: Path, rows: list[dict[str, Any]], *, numeric_cells: bool = True) -> Path:
    write_seller_center_live(path, rows, numeric_cells=numeric_cells)
    return path


@pytest.fixture
def creator_file(tmp_path: Path) -> Path:
    return write_creator(
        tmp_path / "Creator-Live-Performance_20260705000000.xlsx", [creator_live()]
    )


@pytest.fixture
def seller_file(tmp_path: Path) -> Path:
    return write_seller(tmp_path / "Live.xlsx", [seller_live()])


def counts(report: ImportReport) -> tuple[int, int, int, int]:
    return (
        report.sessions_added,
        report.sessions_updated,
        report.sessions_kept,
        report.sessions_matched,
    )


def stored(ws: Workspace) -> list[tuple[Any, ...]]:
    return ws.con.execute(
        "SELECT * EXCLUDE (source_sha256) FROM sessions ORDER BY session_key"
    ).fetchall()


def values(ws: Workspace) -> list[tuple[Any, ...]]:
    return ws.con.execute("SELECT * FROM platform_reported ORDER BY ALL").fetchall()


def one_live(ws: Workspace) -> dict[str, Any]:
    rows: list[dict[str, Any]] = (
        ws.con.execute("SELECT * FROM sessions").fetch_arrow_table().to_pylist()
    )
    assert len(rows) == 1
    return rows[0]


def check_the_one_live(ws: Workspace) -> None:
    """The live as both orders must leave it: the room-id row's key, start and values, the
    fields it lacks from the Seller Center row, both rows' platform values."""
    live = one_live(ws)
    assert live["session_key"] == ROOM_KEY and live["room_id"] == ROOM
    assert live["layout"] == "tiktok_creator_live"
    assert live["started_at"] == START
    # Both know these: the room-id row's figures stand, GMV on its own basis.
    assert (live["gmv"], live["gmv_basis"], live["currency"]) == (1_234_567.0, "attributed", "IDR")
    assert (live["orders"], live["items_sold"], live["views"]) == (48, 52, 1160)
    # Only the Seller Center row knows these.
    assert (live["viewers"], live["acu"], live["pcu"]) == (800, 20.5, 55)
    assert live["product_impressions"] == 3000
    kpis = {kpi: value for key, kpi, value, _ in values(ws) if key == ROOM_KEY}
    assert {key for key, *_ in values(ws)} == {ROOM_KEY}
    # Both carry ctor and live_ctr: the room-id row's stand (51 / 48 and 51 / 1160).
    assert kpis["ctor"] == pytest.approx(48 / 51, abs=1e-6)
    assert kpis["live_ctr"] == pytest.approx(51 / 1160, abs=1e-6)
    # Only the Seller Center row carries these; only the creator export carries aov.
    assert (kpis["orders_created"], kpis["products_listed"], kpis["products_sold"]) == (50, 12, 5)
    assert kpis["avg_unit_price"] == pytest.approx(999_000 / 44, abs=0.01)
    assert kpis["aov"] == pytest.approx(1_234_567 / 48, abs=0.01)


@pytest.mark.parametrize("creator_first", [True, False], ids=["creator_first", "seller_first"])
def test_the_live_is_stored_once_whichever_export_comes_first(
    workspace: Workspace, creator_file: Path, seller_file: Path, tmp_path: Path, creator_first: bool
) -> None:
    """The Seller Center row of a stored room joins it; the room's row replaces a stored Seller
    Center row, its key gone from the sessions and from the platform values. Either way one
    live, and either file again, the same bytes or the same rows written anew, changes nothing."""

    def load(path: Path) -> ImportReport:
        return import_export_file(
            workspace, path, account=ACCOUNT if path == creator_file else None
        )

    first, second = (creator_file, seller_file) if creator_first else (seller_file, creator_file)
    assert counts(load(first)) == (1, 0, 0, 0)
    first_key = ROOM_KEY if creator_first else SELLER_KEY
    assert workspace.con.execute("SELECT session_key FROM sessions").fetchall() == [(first_key,)]
    report = load(second)
    assert counts(report) == (0, 0, 0, 1)
    assert report.to_dict("en")["sessions_matched"] == 1
    assert "1 matched to a live already stored from another export" in report.summary("en")
    assert "1 dicocokkan dengan live yang sudah tersimpan" in report.summary("id")
    check_the_one_live(workspace)
    before = (stored(workspace), values(workspace))
    assert load(seller_file).status == "already_imported"
    assert load(creator_file).status == "already_imported"
    again = write_seller(tmp_path / "Live (1).xlsx", [seller_live()], numeric_cells=False)
    assert counts(import_export_file(workspace, again)) == (0, 0, 0, 1)
    anew = write_creator(
        tmp_path / "Creator-Live-Performance_20260801000000.xlsx",
        [creator_live()],
        period=(dt.date(2026, 7, 4), dt.date(2026, 8, 1)),
    )
    assert counts(import_export_file(workspace, anew, account=ACCOUNT)) == (0, 0, 1, 0)
    assert (stored(workspace), values(workspace)) == before


def test_both_orders_store_the_same_live(
    creator_file: Path, seller_file: Path, tmp_path: Path
) -> None:
    with Workspace.create(tmp_path / "a") as first, Workspace.create(tmp_path / "b") as second:
        import_export_file(first, creator_file, account=ACCOUNT)
        import_export_file(first, seller_file)
        import_export_file(second, seller_file)
        import_export_file(second, creator_file, account=ACCOUNT)
        assert stored(first) == stored(second)
        assert values(first) == values(second)


def test_kpi_counts_the_live_once(
    creator_file: Path, seller_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(tmp_path / "ws")
    for args in (
        ["init", "-w", folder],
        ["import", str(seller_file), "-w", folder],
        ["import", str(creator_file), "-w", folder, "-a", ACCOUNT, "--format", "json"],
    ):
        with pytest.raises(SystemExit) as exited:
            main(args)
        assert exited.value.code in (0, None)
    out = capsys.readouterr().out
    assert '"sessions_matched": 1' in out
    with pytest.raises(SystemExit):
        main(["kpi", "-w", folder, "--format", "json"])
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["sessions"], row["gmv_total"]) == (1, 1_234_567.0)


def test_a_missing_gmv_is_filled_with_its_own_basis(workspace: Workspace, tmp_path: Path) -> None:
    """A room-id row that does not know its GMV takes the other row's, with that row's basis:
    never the revenue labelled as attributed."""
    path = write_creator(tmp_path / "Creator-Live-Performance.xlsx", [creator_live(gmv=None)])
    import_export_file(workspace, path, account=ACCOUNT)
    import_export_file(workspace, write_seller(tmp_path / "Live.xlsx", [seller_live()]))
    live = one_live(workspace)
    assert (live["gmv"], live["gmv_basis"], live["currency"]) == (999_000.0, "revenue", "IDR")
    assert live["orders"] == 48


@pytest.mark.parametrize("creator_first", [True, False])
def test_lives_that_are_not_the_same_stay_apart(
    workspace: Workspace, tmp_path: Path, creator_first: bool
) -> None:
    creator = write_creator(
        tmp_path / "Creator-Live-Performance.xlsx",
        [
            creator_live(),
            # Another room 10 s earlier: two room ids are two lives, however close.
            creator_live(
                room_id="7523456789012345679", started_at=START - dt.timedelta(seconds=10)
            ),
        ],
    )
    seller = write_seller(
        tmp_path / "Live.xlsx",
        [
            # The same account 2 minutes later (66 s after the later room), and another
            # account at the same minute.
            seller_live(started_at=START.replace(second=0) + dt.timedelta(minutes=2)),
            seller_live(account="toko.lain"),
        ],
    )
    first, second = (creator, seller) if creator_first else (seller, creator)
    import_export_file(workspace, first, account=ACCOUNT)
    report = import_export_file(workspace, second, account=ACCOUNT)
    assert counts(report) == (2, 0, 0, 0)
    assert workspace.con.execute("SELECT count(*) FROM sessions").fetchone() == (4,)


def test_one_stored_live_is_matched_by_its_nearest_row_only(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Two rooms of the account start within a minute of a Seller Center row: the nearer one
    takes it, the other is a live of its own."""
    import_export_file(workspace, write_seller(tmp_path / "Live.xlsx", [seller_live()]))
    creator = write_creator(
        tmp_path / "Creator-Live-Performance.xlsx",
        [
            creator_live(),
            creator_live(room_id="7523456789012345679", started_at=START.replace(second=5)),
        ],
    )
    report = import_export_file(workspace, creator, account=ACCOUNT)
    assert counts(report) == (1, 0, 0, 1)
    rows = workspace.con.execute(
        "SELECT room_id, viewers FROM sessions ORDER BY room_id"
    ).fetchall()
    assert rows == [("7523456789012345678", None), ("7523456789012345679", 800)]


def test_a_later_snapshot_still_replaces_its_own_key(workspace: Workspace, tmp_path: Path) -> None:
    import_export_file(workspace, write_seller(tmp_path / "Live.xlsx", [seller_live()]))
    import_export_file(
        workspace,
        write_creator(tmp_path / "Creator-Live-Performance.xlsx", [creator_live()]),
        account=ACCOUNT,
    )
    later = creator_live(ended_at=START + dt.timedelta(minutes=40), gmv=2_000_000.0)
    path = write_creator(tmp_path / "Creator-Live-Performance_later.xlsx", [later])
    report = import_export_file(workspace, path, account=ACCOUNT)
    assert counts(report) == (0, 1, 0, 0)
    assert one_live(workspace)["gmv"] == 2_000_000.0


def test_without_room_ids_the_stored_row_is_kept_and_filled(
    workspace: Workspace, seller_file: Path, tmp_path: Path
) -> None:
    """A log of the seller's own (a mapping file, no room id, the start to the second) of a
    live stored from the Seller Center list: the stored row stays, its gaps filled."""
    import_export_file(workspace, seller_file)
    log = tmp_path / "log.csv"
    log.write_text(
        "Mulai,Judul,Impresi,Pesanan\n2026-07-04 20:01:30,Flash sale batik 7.7,25000,47\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "log.yaml"
    mapping.write_text(
        f"platform: tiktok\naccount: {ACCOUNT}\ntimezone: Asia/Jakarta\ncolumns:\n"
        "  started_at: Mulai\n  title: Judul\n  impressions: Impresi\n  orders: Pesanan\n",
        encoding="utf-8",
    )
    report = import_export_file(workspace, log, mapping=mapping)
    assert counts(report) == (0, 0, 0, 1)
    live = one_live(workspace)
    assert live["session_key"] == SELLER_KEY and live["started_at"] == START.replace(second=0)
    assert (live["title"], live["impressions"]) == ("Flash sale batik 7.7", 25_000)
    assert (live["orders"], live["gmv"], live["gmv_basis"]) == (40, 999_000.0, "revenue")


@pytest.mark.parametrize("creator_first", [True, False])
def test_a_tiktok_handle_matches_whatever_its_case(
    workspace: Workspace, creator_file: Path, tmp_path: Path, creator_first: bool
) -> None:
    """The Seller Center list writes the handle ``Toko.Ayu``, the creator export was imported
    as ``toko.ayu``: TikTok handles ignore case, so this is one live; each stored account is
    left as it was written."""
    seller = write_seller(tmp_path / "Live.xlsx", [seller_live(account="Toko.Ayu")])
    if creator_first:
        import_export_file(workspace, creator_file, account=ACCOUNT)
        assert counts(import_export_file(workspace, seller)) == (0, 0, 0, 1)
    else:
        import_export_file(workspace, seller)
        assert workspace.con.execute("SELECT account FROM sessions").fetchall() == [("Toko.Ayu",)]
        report = import_export_file(workspace, creator_file, account=ACCOUNT)
        assert counts(report) == (0, 0, 0, 1)
    live = one_live(workspace)
    assert (live["session_key"], live["account"]) == (ROOM_KEY, ACCOUNT)
    assert (live["viewers"], live["acu"], live["pcu"]) == (800, 20.5, 55)


def test_other_platforms_compare_accounts_exactly(workspace: Workspace, tmp_path: Path) -> None:
    """A platform siaran does not know (``other``) may tell ``Toko.Ayu`` from ``toko.ayu``:
    two logs of the same minute under the two spellings stay two lives."""
    for name, account, start in (("a", "Toko.Ayu", "20:01:00"), ("b", "toko.ayu", "20:01:30")):
        log = tmp_path / f"{name}.csv"
        log.write_text(f"Mulai,Pesanan\n2026-07-04 {start},47\n", encoding="utf-8")
        mapping = tmp_path / f"{name}.yaml"
        mapping.write_text(
            f"platform: other\naccount: {account}\ntimezone: Asia/Jakarta\ncolumns:\n"
            "  started_at: Mulai\n  orders: Pesanan\n",
            encoding="utf-8",
        )
        assert counts(import_export_file(workspace, log, mapping=mapping)) == (1, 0, 0, 0)
    assert workspace.con.execute("SELECT count(*) FROM sessions").fetchone() == (2,)


@pytest.mark.parametrize("creator_first", [True, False])
def test_two_lives_in_two_minutes_pair_by_the_minute_the_list_wrote(
    workspace: Workspace, tmp_path: Path, creator_first: bool
) -> None:
    """The account ended a live and started another 36 s after the first began: rooms at
    20:01:54 and 20:02:30, in the list as 20:01 and 20:02. The list truncates to the minute, so
    20:02 is the second room even though the first started nearer to it (6 s against 30 s)."""
    second_room = "7523456789012345679"
    creator = write_creator(
        tmp_path / "Creator-Live-Performance.xlsx",
        [
            creator_live(ended_at=START + dt.timedelta(seconds=30)),
            creator_live(
                room_id=second_room,
                started_at=START + dt.timedelta(seconds=36),
                ended_at=START + dt.timedelta(minutes=20),
            ),
        ],
    )
    seller = write_seller(
        tmp_path / "Live.xlsx",
        [
            seller_live(viewers=10, duration_s=30),
            seller_live(started_at=START.replace(second=0) + dt.timedelta(minutes=1), viewers=790),
        ],
    )
    first, second = (creator, seller) if creator_first else (seller, creator)
    import_export_file(workspace, first, account=ACCOUNT)
    report = import_export_file(workspace, second, account=ACCOUNT)
    assert counts(report) == (0, 0, 0, 2)
    rows = workspace.con.execute(
        "SELECT session_key, viewers FROM sessions ORDER BY started_at"
    ).fetchall()
    assert rows == [(ROOM_KEY, 10), (f"tiktok:room:{second_room}", 790)]


def test_a_room_started_before_the_listed_minute_is_another_live(
    workspace: Workspace, tmp_path: Path
) -> None:
    """A room at 20:00:50 is 10 s from the list's 20:01, but the list would have written it as
    20:00: the 20:01 row is a live of its own."""
    import_export_file(workspace, write_seller(tmp_path / "Live.xlsx", [seller_live()]))
    early = creator_live(started_at=START.replace(minute=0, second=50))
    path = write_creator(tmp_path / "Creator-Live-Performance.xlsx", [early])
    assert counts(import_export_file(workspace, path, account=ACCOUNT)) == (1, 0, 0, 0)
    assert workspace.con.execute("SELECT count(*) FROM sessions").fetchone() == (2,)


def fills(ws: Workspace) -> set[tuple[Any, ...]]:
    return set(ws.con.execute("SELECT * FROM session_fills").fetchall())


def write_later_snapshot(path: Path, period: tuple[dt.date, dt.date] = PERIOD) -> Path:
    """The room's export again, once it ended: 40 minutes, 60 orders, its own product
    impressions, no impressions."""
    later = creator_live(
        ended_at=START + dt.timedelta(minutes=40),
        duration_s=40 * 60,
        orders=60,
        product_impressions=4000,
        impressions=None,
    )
    return write_creator(path, [later], period)


@pytest.mark.parametrize("creator_first", [True, False], ids=["creator_first", "seller_first"])
def test_a_later_snapshot_keeps_what_the_list_filled_in(
    workspace: Workspace, creator_file: Path, seller_file: Path, tmp_path: Path, creator_first: bool
) -> None:
    """A later snapshot of the room that leaves blank what the list filled in (viewers, ACU,
    PCU, product impressions, the list's own platform values) keeps it; a field it carries
    itself wins and is no longer recorded as filled; a field the room's own earlier snapshot
    had and the later one leaves blank is blank (the old snapshot rule)."""
    first, second = (creator_file, seller_file) if creator_first else (seller_file, creator_file)
    for path in (first, second):
        import_export_file(workspace, path, account=ACCOUNT if path == creator_file else None)
    check_the_one_live(workspace)
    kpis = {f"kpi:{k}" for k in ("orders_created", "products_listed", "products_sold")}
    filled = {"viewers", "acu", "pcu", "product_impressions", "kpi:avg_unit_price", *kpis}
    recorded = fills(workspace)
    assert {(key, source) for key, _, source in recorded} == {(ROOM_KEY, SELLER_KEY)}
    assert {field for _, field, _ in recorded} >= filled
    assert not {field for _, field, _ in recorded} & {"gmv", "orders", "views", "kpi:ctor"}

    later = write_later_snapshot(tmp_path / "Creator-Live-Performance_20260706000000.xlsx")
    assert counts(import_export_file(workspace, later, account=ACCOUNT)) == (0, 1, 0, 0)
    live = one_live(workspace)
    assert (live["orders"], live["duration_s"], live["product_impressions"]) == (60, 2400, 4000)
    assert (live["viewers"], live["acu"], live["pcu"]) == (800, 20.5, 55)
    assert live["impressions"] is None  # the room's own earlier figure: not kept
    assert (live["gmv"], live["gmv_basis"], live["currency"]) == (1_234_567.0, "attributed", "IDR")
    kpi = {k: v for key, k, v, _ in values(workspace) if key == ROOM_KEY}
    assert {key for key, *_ in values(workspace)} == {ROOM_KEY}
    assert (kpi["orders_created"], kpi["products_listed"], kpi["products_sold"]) == (50, 12, 5)
    assert kpi["avg_unit_price"] == pytest.approx(999_000 / 44, abs=0.01)
    assert kpi["ctor"] == pytest.approx(60 / 51, abs=1e-6)  # the later snapshot's own
    # Product impressions are the later snapshot's own now; so are the product CTRs.
    assert fills(workspace) == {
        f for f in recorded if f[1] not in ("product_impressions", "kpi:product_ctr")
    }

    before = (stored(workspace), values(workspace), fills(workspace))
    for path in (creator_file, seller_file, later):
        assert import_export_file(workspace, path, account=ACCOUNT).status == "already_imported"
    again = write_seller(tmp_path / "Live (1).xlsx", [seller_live()], numeric_cells=False)
    assert counts(import_export_file(workspace, again)) == (0, 0, 0, 1)
    anew = write_later_snapshot(
        tmp_path / "Creator-Live-Performance_20260801000000.xlsx",
        period=(dt.date(2026, 7, 4), dt.date(2026, 8, 1)),
    )
    assert counts(import_export_file(workspace, anew, account=ACCOUNT)) == (0, 0, 1, 0)
    assert (stored(workspace), values(workspace), fills(workspace)) == before


def test_a_later_snapshot_with_its_own_gmv_drops_the_filled_money(
    workspace: Workspace, seller_file: Path, tmp_path: Path
) -> None:
    """A room row without GMV takes the list's money whole; a later snapshot keeps it while it
    has no GMV, and its own GMV replaces it once it has one."""
    no_gmv = write_creator(
        tmp_path / "Creator-Live-Performance_20260705000000.xlsx", [creator_live(gmv=None)]
    )
    import_export_file(workspace, no_gmv, account=ACCOUNT)
    import_export_file(workspace, seller_file)
    money = ("gmv", "gmv_basis", "currency")
    filled_money = tuple(one_live(workspace)[name] for name in money)
    assert filled_money[0] == 999_000.0
    assert (ROOM_KEY, "gmv", SELLER_KEY) in fills(workspace)

    def snapshot(minutes: int, gmv: float | None) -> None:
        path = write_creator(
            tmp_path / f"Creator-Live-Performance_202607060000{minutes}.xlsx",
            [creator_live(ended_at=START + dt.timedelta(minutes=minutes), gmv=gmv)],
        )
        assert counts(import_export_file(workspace, path, account=ACCOUNT)) == (0, 1, 0, 0)

    snapshot(30, None)
    assert tuple(one_live(workspace)[name] for name in money) == filled_money
    snapshot(40, 2_000_000.0)
    assert tuple(one_live(workspace)[name] for name in money) == (2_000_000.0, "attributed", "IDR")
    assert (ROOM_KEY, "gmv", SELLER_KEY) not in fills(workspace)
