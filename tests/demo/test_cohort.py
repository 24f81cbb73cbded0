"""The demo cohort: deterministic, calibrated to the study's ranges, internally consistent,
fictional, and imported whole (and only once) through the real export layouts.

xlsx files carry save-time stamps (zip entry times, ``docProps/core.xml``); the demo pins them to
each file's download time, so files are compared byte for byte, not cell by cell.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import siaran.demo
from siaran.demo import (
    DEMO_PROFILES,
    CohortProfile,
    DemoSummary,
    build_demo_workspace,
    generate_cohort,
    write_demo_exports,
)
from siaran.demo.build import ESTIMATED_ACCOUNTS, SNAPSHOT_ACCOUNT
from siaran.demo.cohort import CREATOR, END_DATE, START_DATE
from siaran.ingest.importer import ImportReport
from siaran.store.schema import SESSION_FIELD_NAMES
from siaran.workspace import Workspace
from tests.progress_log import ProgressLog

REAL_NAMES = (
    "bin dawood", "dawood", "cilengko", "cahaya bulan", "rumah durian", "opak izul", "izul",
    "keylaa", "gajah sakti", "gajah", "radefa", "aerostreet", "tiws", "kazami", "coverme",
    "cover me", "pradipta",
)  # fmt: skip
COUNTS = (
    "orders", "sku_orders", "items_sold", "customers", "views", "viewers", "impressions", "acu",
    "pcu", "product_impressions", "product_clicks", "comments", "likes", "shares",
    "new_followers",
)  # fmt: skip


@pytest.fixture(scope="module")
def cohort() -> Sequence[Mapping[str, Any]]:
    return generate_cohort()


def _by_account(sessions: Sequence[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for session in sessions:
        grouped.setdefault(session["account"], []).append(session)
    return grouped


def _study(label: str) -> CohortProfile:
    return next(p for p in DEMO_PROFILES if p.study == label)


def _windows(sessions: Sequence[Mapping[str, Any]]) -> Iterator[list[Mapping[str, Any]]]:
    """The sessions of every 28-day window lying wholly inside the cohort's period."""
    end = START_DATE + dt.timedelta(days=27)
    while end <= END_DATE:
        first = end - dt.timedelta(days=27)
        yield [s for s in sessions if first <= s["started_at"].date() <= end]
        end += dt.timedelta(days=1)


def _average_gmv(sessions: Sequence[Mapping[str, Any]]) -> float:
    return float(sum(s["gmv"] for s in sessions)) / len(sessions)


# -- determinism ------------------------------------------------------------------------------


def test_public_api_names_exist() -> None:
    for name in siaran.demo.__all__:
        assert hasattr(siaran.demo, name), name


def test_same_seed_same_cohort_other_seed_other_cohort(cohort: list[Mapping[str, Any]]) -> None:
    assert generate_cohort() == cohort
    assert generate_cohort(seed=7) != cohort


def test_same_seed_byte_identical_files(tmp_path: Path) -> None:
    first = write_demo_exports(tmp_path / "a")
    second = write_demo_exports(tmp_path / "b")
    assert [e.path.relative_to(tmp_path / "a") for e in first] == [
        e.path.relative_to(tmp_path / "b") for e in second
    ]
    for one, other in zip(first, second, strict=True):
        assert one.path.read_bytes() == other.path.read_bytes(), one.path.name
        if one.mapping is not None:
            assert other.mapping is not None
            assert one.mapping.read_bytes() == other.mapping.read_bytes()
    kinds = {e.path.suffix for e in first}
    assert kinds == {".xlsx", ".csv", ".json"}
    # Not only equal within one run: the save-time stamps are pinned, not today's.
    workbook = next(e.path for e in first if e.path.suffix == ".xlsx")
    with zipfile.ZipFile(workbook) as archive:
        assert {info.date_time[0] for info in archive.infolist()} == {2026}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert workbook.name == "Creator-Live-Performance_20260601080311.xlsx"
    assert core.count(">2026-06-01T01:03:11Z<") == 2  # created and modified, in UTC


# -- calibration ------------------------------------------------------------------------------


def test_at_least_ten_accounts_across_the_study_sectors(cohort: list[Mapping[str, Any]]) -> None:
    assert len(DEMO_PROFILES) >= 10
    assert set(_by_account(cohort)) == {p.account for p in DEMO_PROFILES}
    sectors = {p.sector for p in DEMO_PROFILES}
    assert sectors >= {
        "culinary", "accessories", "optical accessories", "fashion", "ornamental plants",
        "durian products", "local snacks", "footwear", "food and drink", "regional products",
    }  # fmt: skip
    assert {p.platform for p in DEMO_PROFILES} == {"tiktok", "shopee", "instagram"}


@pytest.mark.parametrize("seed", [20260917, 1, 99])
def test_study_profiles_stay_in_their_ranges_in_every_28_day_window(seed: int) -> None:
    accounts = _by_account(generate_cohort(seed))
    culinary = accounts[_study("culinary").account]
    accessories = accounts[_study("accessories").account]
    optical = accounts[_study("optical accessories").account]
    # Culinary: a dozen-plus lives, thousands of viewers, tens of thousands of rupiah a session.
    assert all(1_000 <= s["viewers"] < 10_000 for s in culinary)
    for window in _windows(culinary):
        assert 12 <= len(window) <= 19
        assert 10_000 <= _average_gmv(window) < 100_000
    # Accessories: tens of thousands of viewers, frequent lives, millions a session.
    assert all(10_000 <= s["viewers"] < 100_000 for s in accessories)
    for window in _windows(accessories):
        assert len(window) >= 18
        assert 1_000_000 <= _average_gmv(window) < 10_000_000
    # Optical accessories: live very often, very small GMV a session, mostly none.
    for window in _windows(optical):
        assert 50 <= len(window) <= 80
        assert _average_gmv(window) < 25_000
    assert sum(s["gmv"] == 0 for s in optical) / len(optical) >= 0.5


def test_every_profile_keeps_its_declared_ranges(cohort: list[Mapping[str, Any]]) -> None:
    accounts = _by_account(cohort)
    for profile in DEMO_PROFILES:
        sessions = accounts[profile.account]
        least, _typical, most = profile.viewers
        assert all(least <= s["viewers"] <= most for s in sessions), profile.account
        for window in _windows(sessions):
            assert profile.sessions_per_28d[0] <= len(window) <= profile.sessions_per_28d[1]
            low, high = profile.gmv_per_session
            assert low <= _average_gmv(window) <= high, profile.account


def test_more_lives_do_not_mean_more_value(cohort: list[Mapping[str, Any]]) -> None:
    accounts = _by_account(cohort)
    counts = np.array([len(s) for s in accounts.values()], dtype=float)
    values = np.array([_average_gmv(s) for s in accounts.values()])
    ranks = [np.argsort(np.argsort(column)) for column in (counts, values)]
    rho = float(np.corrcoef(ranks[0], ranks[1])[0, 1])
    assert rho < -0.3
    busiest = max(accounts, key=lambda a: len(accounts[a]))
    assert _average_gmv(accounts[busiest]) < float(np.median(values))


# -- consistency ------------------------------------------------------------------------------


def test_counts_are_internally_consistent(cohort: list[Mapping[str, Any]]) -> None:
    def le(small: Any, large: Any) -> bool:
        return small is None or large is None or small <= large

    for s in cohort:
        where = (s["account"], s["started_at"])
        assert set(s) == {*SESSION_FIELD_NAMES, "layout"}, where
        assert le(s["orders"], s["product_clicks"]) and le(
            s["product_clicks"], s["product_impressions"]
        ), where
        assert le(s["customers"], s["orders"]), where
        assert le(s["orders"], s["sku_orders"]) and le(s["orders"], s["items_sold"]), where
        assert le(s["viewers"], s["views"]), where
        assert le(s["acu"], s["pcu"]), where
        for name in COUNTS:
            assert s[name] is None or (type(s[name]) is int and s[name] >= 0), (where, name)
        assert (s["gmv"] == 0) == (s["orders"] == 0), where
        if s["orders"]:
            aov = next(p.aov for p in DEMO_PROFILES if p.account == s["account"])
            assert 0.4 * aov <= s["gmv"] / s["orders"] <= 2.5 * aov, where
        assert s["currency"] == "IDR" and s["gmv_basis"], where


def test_times_follow_local_habits_without_overlaps(cohort: list[Mapping[str, Any]]) -> None:
    for account, sessions in _by_account(cohort).items():
        previous_end: dt.datetime | None = None
        for s in sessions:
            start, end = s["started_at"], s["ended_at"]
            assert start.utcoffset() == dt.timedelta(hours=7)
            assert START_DATE <= start.date() <= END_DATE
            assert 11 <= start.hour <= 21, (account, start)
            assert 30 * 60 <= s["duration_s"] <= 4 * 3600
            assert end == start + dt.timedelta(seconds=s["duration_s"])
            assert previous_end is None or previous_end < start, (account, start)
            previous_end = end
        weekday_hours = {(s["started_at"].weekday(), s["started_at"].hour) for s in sessions}
        assert len(weekday_hours) < 7 * 24 // 4  # a habit, not noise


def test_ids_and_unknowns(cohort: list[Mapping[str, Any]]) -> None:
    room_ids = [s["room_id"] for s in cohort if s["layout"] == CREATOR]
    assert all(isinstance(r, str) and len(r) == 19 and r.isdigit() for r in room_ids)
    assert len(set(room_ids)) == len(room_ids)
    blanks = [s for s in cohort if s["layout"] == CREATOR and None in (s["shares"], s["likes"])]
    assert 0 < len(blanks) < len(cohort) // 10
    required = ("platform", "account", "started_at", "ended_at", "duration_s", "gmv", "orders")
    assert all(s[name] is not None for s in cohort for name in required)


def test_no_real_business_name_anywhere(cohort: list[Mapping[str, Any]], tmp_path: Path) -> None:
    texts = [str(value) for s in cohort for value in s.values() if isinstance(value, str)]
    texts += [f"{p.account} {' '.join(p.products)}" for p in DEMO_PROFILES]
    for export in write_demo_exports(tmp_path):
        files = [export.path] + ([export.mapping] if export.mapping else [])
        for path in files:
            if path.suffix == ".xlsx":
                with zipfile.ZipFile(path) as archive:
                    texts += [archive.read(n).decode("utf-8") for n in archive.namelist()]
            else:
                texts.append(path.read_text(encoding="utf-8"))
    haystack = "\n".join(texts).casefold()
    assert [name for name in REAL_NAMES if name in haystack] == []


# -- the demo workspace -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return build_demo_workspace(tmp_path_factory.mktemp("demo") / "ws")


def test_demo_workspace_holds_every_generated_session(
    demo: DemoSummary, cohort: list[Mapping[str, Any]]
) -> None:
    assert demo.sessions == len(cohort)
    assert demo.accounts == len(DEMO_PROFILES)
    assert all(report.status == "imported" for report in demo.reports)
    assert demo.files == len(demo.reports)
    expected = {a: len(s) for a, s in _by_account(cohort).items()}
    with Workspace.open(demo.workspace) as ws:
        stored = dict(
            ws.con.execute("SELECT account, count(*) FROM sessions GROUP BY 1").fetchall()
        )
        layouts = {
            row[0] for row in ws.con.execute("SELECT DISTINCT layout FROM sessions").fetchall()
        }
        imports = ws.con.execute("SELECT count(*) FROM imports").fetchone()
    assert stored == expected
    assert layouts == {
        "tiktok_creator_live", "tiktok_seller_center_live", "shopee_live_session",
        "mapping:mapping-instagram.yaml",
    }  # fmt: skip
    assert imports == (len(demo.exports),)


def test_the_mid_live_snapshot_is_superseded(
    demo: DemoSummary, cohort: list[Mapping[str, Any]]
) -> None:
    last = [s for s in cohort if s["account"] == SNAPSHOT_ACCOUNT][-1]
    snapshot, final = [r for r in demo.reports if r.account == SNAPSHOT_ACCOUNT][-2:]
    assert isinstance(final, ImportReport)
    assert Path(snapshot.path).name < Path(final.path).name
    assert (final.sessions_added, final.sessions_updated) == (0, 1)
    with Workspace.open(demo.workspace) as ws:
        row = ws.con.execute(
            "SELECT ended_at, views, orders FROM sessions WHERE room_id = ?", [last["room_id"]]
        ).fetchall()
    assert len(row) == 1
    assert row[0][0] == last["ended_at"]
    assert row[0][1:] == (last["views"], last["orders"])


def test_third_party_figures_are_kept_as_estimates(demo: DemoSummary) -> None:
    assert demo.estimates == 2 * len(ESTIMATED_ACCOUNTS)
    with Workspace.open(demo.workspace) as ws:
        rows = ws.con.execute(
            "SELECT DISTINCT account, source, basis, period_days FROM account_estimates"
        ).fetchall()
    assert {r[0] for r in rows} == set(ESTIMATED_ACCOUNTS)
    assert {r[1:] for r in rows} == {("FastMoss", "estimate", 28)}


def test_hand_kept_instagram_log_reads_through_its_mapping(
    demo: DemoSummary, cohort: list[Mapping[str, Any]]
) -> None:
    truth = [s for s in cohort if s["platform"] == "instagram"]
    with Workspace.open(demo.workspace) as ws:
        rows = ws.con.execute(
            "SELECT gmv, viewers, ended_at FROM sessions WHERE platform = 'instagram' "
            "ORDER BY started_at"
        ).fetchall()
    assert len(rows) == len(truth)
    for (gmv, viewers, ended_at), s in zip(rows, truth, strict=True):
        assert gmv == pytest.approx(s["gmv"], rel=0.05)  # written as "Rp 1,2 jt"
        assert viewers == s["viewers"]
        assert ended_at is None  # the log has no end time: unknown, not guessed


def test_running_the_demo_again_changes_nothing(demo: DemoSummary) -> None:
    def state() -> tuple[object, ...]:
        with Workspace.open(demo.workspace) as ws:
            sessions = ws.con.execute("SELECT * FROM sessions ORDER BY session_key").fetchall()
            estimates = ws.con.execute("SELECT * FROM account_estimates ORDER BY ALL").fetchall()
            imports = ws.con.execute("SELECT sha256 FROM imports ORDER BY 1").fetchall()
        raw = sorted(p.name for p in (demo.workspace / "raw").iterdir())
        return sessions, estimates, imports, raw

    before = state()
    progress = ProgressLog()
    again = build_demo_workspace(demo.workspace, progress=progress)
    assert {r.status for r in again.reports} == {"already_imported"}
    assert again.imported == 0
    assert (again.sessions, again.accounts) == (demo.sessions, demo.accounts)
    [files] = progress.named("demo")
    assert (files.unit, files.done, files.total) == (
        "files",
        len(again.exports),
        len(again.exports),
    )
    assert files.ended
    assert state() == before


def test_demo_scores_two_contrasting_lives_from_their_files(demo: DemoSummary) -> None:
    from siaran.talk import list_scorecards, load_scorecard

    folder = demo.workspace / "demo-exports" / "talk"
    assert len(list(folder.glob("*.srt"))) == 2
    assert len(list(folder.glob("*_comments.csv"))) == 2
    with Workspace.open(demo.workspace) as ws:
        scripted = ["dapur.sekar.arum", "hijab.ayunda"]  # the ecosystem's scorecards aside
        rows = {row["room_id"]: row for row in list_scorecards(ws, scripted)}
        accounts = dict(
            ws.con.execute(
                "SELECT room_id, account FROM sessions WHERE room_id IN (?, ?)", list(rows)
            ).fetchall()
        )
        score = {accounts[room]: row["score"] for room, row in rows.items()}
        assert all(row["account"] == accounts[room] for room, row in rows.items())
        weak = load_scorecard(
            ws, "hijab.ayunda", next(r for r in rows if accounts[r] == "hijab.ayunda")
        )
    strong_score, weak_score = score["dapur.sekar.arum"], score["hijab.ayunda"]
    assert strong_score is not None and weak_score is not None
    assert strong_score >= 80 > 40 >= weak_score
    assert weak is not None
    failed = {check.key for check in weak.checks if check.status == "fail"}
    assert {"closing_cta", "questions_answered"} <= failed


def test_the_demo_case_study_is_coded_by_two_coders_and_round_trips(
    demo: DemoSummary, tmp_path: Path
) -> None:
    from lxml import etree

    from siaran import casework as cw
    from siaran.casework.refiqda import export_qdpx, import_qdpx, load_project
    from siaran.demo.fieldwork import FIELDWORK_CASE_SET, FIRST_CODER, SECOND_CODER
    from tests.casework.conftest import comparable_project

    out = tmp_path / "demo.qdpx"
    with Workspace.open(demo.workspace) as ws:
        cases = cw.list_cases(ws, case_set=FIELDWORK_CASE_SET)
        assert len(cases) == 5 and all(len(c["accounts"]) == 1 for c in cases)
        report = export_qdpx(ws, out)  # validated against the schema before it is written
        original = load_project(ws)
        figures = cw.agreement(ws, coders=[FIRST_CODER, SECOND_CODER])
        joint = cw.joint_display(ws)
        assert len(cw.list_memos(ws)) >= 8
    with zipfile.ZipFile(out) as archive:
        qde = etree.fromstring(archive.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    selections = qde.findall(".//q:PlainTextSelection", ns)
    assert len(selections) >= 60 and report.excerpts == len(selections)
    users = {u.get("guid"): u.get("name") for u in qde.findall(".//q:User", ns)}
    assert {users[s.get("creatingUser")] for s in selections} == {FIRST_CODER, SECOND_CODER}
    # Realistic disagreement: agreement well above chance, well below perfect.
    pooled = figures["pooled_alpha"]
    assert pooled is not None and 0.5 < pooled < 0.9
    linked = [row for row in joint["rows"] if row["case"] in {c["name"] for c in cases}]
    assert len(linked) == 5
    for row in linked:
        assert row["kpis"]["sessions"] and sum(row["themes"].values()) > 0
    with Workspace.create(tmp_path / "copy") as copy:
        imported = import_qdpx(copy, out)
        assert imported.lost == []
        assert comparable_project(load_project(copy)) == comparable_project(original)
    again = build_demo_workspace(demo.workspace)
    with Workspace.open(again.workspace) as ws:
        assert len(cw.list_excerpts(ws)) == len(selections)  # running again adds nothing


def test_demo_orders_match_the_platforms_attribution_and_hold_no_names(
    demo: DemoSummary,
) -> None:
    from siaran.demo.orders import LIVES_PER_ACCOUNT, ORDER_ACCOUNTS
    from siaran.orders import list_orders, live_orders

    with Workspace.open(demo.workspace) as ws:
        lives = live_orders(ws)
        orders = list_orders(ws)
    attributed = [live for live in lives if live.orders]
    assert {live.account for live in attributed} == set(ORDER_ACCOUNTS)
    assert len(attributed) == len(ORDER_ACCOUNTS) * LIVES_PER_ACCOUNT
    for live in attributed:
        assert (live.orders, live.gmv) == (live.platform_orders, live.platform_gmv)
    assert sum(live.returning_buyers for live in lives) > 0
    assert sum(order.room_id is None for order in orders) == 2 * 3
    data = b"".join(
        path.read_bytes()
        for path in [demo.workspace / "siaran.duckdb", *(demo.workspace / "raw").iterdir()]
    )
    assert b"(contoh)" not in data and b"Jl. Contoh" not in data and b"+62 812" not in data


def test_the_demo_records_one_experiment_with_a_planted_effect_and_one_without(
    demo: DemoSummary,
) -> None:
    from siaran.demo.cohort import PLANTED_ACCOUNTS, PLANTED_FROM
    from siaran.demo.experiments import NULL_NAME, PLANTED_NAME
    from siaran.experiments import evaluate_experiment, list_experiments

    with Workspace.open(demo.workspace) as ws:
        assert [e.name for e in list_experiments(ws)] == [PLANTED_NAME, NULL_NAME]
        planted = evaluate_experiment(ws, PLANTED_NAME).to_json()
        nothing = evaluate_experiment(ws, NULL_NAME).to_json()
    assert {a["account"] for a in planted["accounts"]} == set(PLANTED_ACCOUNTS)
    assert planted["after"][0] == PLANTED_FROM.isoformat()
    assert planted["method"] == "difference_in_differences"
    assert planted["verdict"]["code"] == "improved"
    assert not {c["account"] for c in planted["controls"]} & set(PLANTED_ACCOUNTS)
    assert nothing["design"] == "switchback"
    assert nothing["verdict"]["code"] not in ("improved", "worse")
    assert nothing["n_lives"] >= 20


def test_the_demo_records_crews_with_and_without_an_interaction_admin(
    demo: DemoSummary,
) -> None:
    from siaran.crew import crew_accounts, crew_effect, list_crew
    from siaran.demo.crew import LIVES_PER_ACCOUNT, STAFF

    with Workspace.open(demo.workspace) as ws:
        assert crew_accounts(ws) == sorted(STAFF)
        rosters = list_crew(ws)
        effects = [crew_effect(ws, account) for account in STAFF]
    assert len(rosters) == LIVES_PER_ACCOUNT * len(STAFF)
    for effect in effects:
        assert effect.lives_with_roster == LIVES_PER_ACCOUNT
        assert 0 < effect.lives_with_admin < LIVES_PER_ACCOUNT
        comments = next(s for s in effect.splits if s.measure == "comments_per_minute")
        assert comments.enough and comments.low is not None and comments.high is not None
        assert comments.low <= (comments.difference or 0.0) <= comments.high


def test_the_demo_ecosystem_shows_in_every_view(demo: DemoSummary) -> None:
    from siaran.demo.ecosystem import ECOSYSTEM_ACCOUNTS, SIGNUP_ACCOUNTS
    from siaran.ecosystem import channel_gmv, partners_by_month, signup_comparison

    with Workspace.open(demo.workspace) as ws:
        channels = channel_gmv(ws)
        partners = partners_by_month(ws)
        signups = {s.account: s for s in signup_comparison(ws)}
        secrets = ws.con.execute("SELECT count(*) FROM affiliate_orders").fetchone()
    assert secrets is not None and secrets[0] > 0
    for account in ECOSYSTEM_ACCOUNTS:
        mine = [c for c in channels if c.account == account]
        assert {c.channel for c in mine} >= {"own_lives", "affiliate_live", "affiliate_video"}
        # Affiliates bring a steady share of the month's own lives' GMV (12-25% of it).
        for month in {c.month for c in mine}:
            own = sum(c.gmv for c in mine if c.month == month and c.channel == "own_lives")
            affiliate = sum(
                c.gmv for c in mine if c.month == month and c.channel.startswith("affiliate_")
            )
            assert 0.12 * own <= affiliate <= 0.25 * own + 200_000, (account, month)
        assert any(p.affiliates_active for p in partners if p.account == account)
    for account in SIGNUP_ACCOUNTS:
        found = signups[account]
        assert found.lives_with_call >= 2 and found.lives_without_call >= 2
        assert found.signups_with_call is not None and found.signups_without_call is not None
        assert found.signups_with_call > found.signups_without_call  # the planted association
    raw = b"".join(p.read_bytes() for p in (demo.workspace / "raw").glob("*.ecosystem.csv"))
    assert raw and b"+62 81" not in raw and b".contoh" not in raw


def test_demo_operations_flag_the_flash_sale_live_with_late_shipments(
    demo: DemoSummary,
) -> None:
    from siaran.demo.orders import DEMO_CAPACITY_PER_HOUR, FLASH_ACCOUNT
    from siaran.operations import account_operations, fulfilment_settings, live_operations

    with Workspace.open(demo.workspace) as ws:
        assert fulfilment_settings(ws).capacity_per_hour == DEMO_CAPACITY_PER_HOUR
        lives = live_operations(ws)
        accounts = {a.account: a for a in account_operations(ws)}
    over = [live for live in lives if live.over_capacity]
    assert [live.account for live in over] == [FLASH_ACCOUNT]
    flash = accounts[FLASH_ACCOUNT]
    assert flash.over_capacity is not None and flash.within_capacity is not None
    assert (flash.over_capacity.late_share or 0) > (flash.within_capacity.late_share or 0)
    assert all(a.reasons == [] for a in accounts.values())
