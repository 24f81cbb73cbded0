"""``advise`` on small hand-built workspaces whose figures are worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from siaran.advice import AREAS, advise
from siaran.advice.model import AdviceJson, IndicatorJson
from siaran.errors import UsageError
from siaran.workspace import Workspace

from ..metrics import at, daily, insert_sessions

END = dt.date(2026, 7, 28)


def _cohort(workspace: Workspace) -> None:
    """Account ``acct0i`` goes live ``2 (i + 1)`` times in the window, an hour each time,
    earning ``1000 (i + 1)`` a live from 100 views, 10 product clicks, ``i + 1`` orders and
    ``i + 1`` customers."""
    rows = []
    for i in range(5):
        days = [END - dt.timedelta(days=d) for d in range(2 * (i + 1))]
        rows += daily(
            f"acct0{i}",
            days,
            gmv=1000.0 * (i + 1),
            duration_s=3600.0,
            views=100.0,
            product_clicks=10.0,
            orders=float(i + 1),
            customers=float(i + 1),
            comments=5.0,
            gmv_basis="attributed",
        )
    insert_sessions(workspace, rows)


def _indicator(found: AdviceJson, area: str, name: str) -> IndicatorJson:
    block = next(a for a in found["areas"] if a["id"] == area)
    return next(i for i in block["indicators"] if i["id"] == name)


def test_indicators_and_percentiles_by_hand(workspace: Workspace) -> None:
    _cohort(workspace)
    found = advise(workspace, "acct02", end=END).to_json()
    assert [a["id"] for a in found["areas"]] == list(AREAS)
    assert found["n_lives"] == 6 and found["money"] == {
        "currency": "IDR",
        "gmv_basis": "attributed",
    }
    frequency = _indicator(found, "rhythm", "lives_per_week")
    assert frequency["value"] == pytest.approx(6 / 4)  # 6 lives in 4 weeks
    assert frequency["cohort_percentile"] == 0.5  # the middle of 2, 4, 6, 8, 10
    assert frequency["cohort"] == {"name": "accounts_with_lives", "size": 5}
    money = _indicator(found, "rhythm", "gmv_per_live_hour")
    assert money["value"] == 3000.0 and money["cohort_percentile"] == 0.5
    assert money["cohort"] == {"name": "money:IDR/attributed", "size": 5}
    ctor = _indicator(found, "conversion", "ctor")
    assert ctor["value"] == pytest.approx(3 / 10) and ctor["cohort_percentile"] == 0.5
    zero = _indicator(found, "conversion", "zero_sale_share")
    assert zero["value"] == 0.0 and zero["cohort_percentile"] == 0.5  # all five tie
    assert ctor["n_lives"] == 6 and len(ctor["evidence"]) == 5  # the latest five lives
    assert ctor["history"] is None  # nothing in the window before


def test_areas_without_data_are_unknown_and_say_what_would_answer(workspace: Workspace) -> None:
    _cohort(workspace)
    found = advise(workspace, "acct04", end=END).to_json()
    status = {a["id"]: a["status"] for a in found["areas"]}
    assert status["trust"] == status["ecosystem"] == status["operations"] == "unknown"
    # Highest money and conversion of the five: standing 0.9; frequency is neutral.
    assert status["conversion"] == "strength"  # median of ctor 0.9, conversion 0.9, zero sales 0.5
    assert status["rhythm"] == "strength"
    operations = next(a for a in found["areas"] if a["id"] == "operations")
    assert operations["indicators"] == []
    assert [m["source"] for m in operations["missing"]] == [
        "crew_roles",
        "fulfilment",
        "reviews",
    ]
    assert all(m["text"]["id"] and m["text"]["en"] for m in operations["missing"])
    trust = next(a for a in found["areas"] if a["id"] == "trust")
    assert [m["source"] for m in trust["missing"]] == ["talk"]


def test_money_of_another_currency_is_never_a_cohort(workspace: Workspace) -> None:
    _cohort(workspace)
    days = [END - dt.timedelta(days=d) for d in range(3)]
    insert_sessions(
        workspace,
        daily("ringgit", days, gmv=50.0, duration_s=3600.0, currency="MYR", gmv_basis="attributed"),
    )
    found = advise(workspace, "ringgit", end=END).to_json()
    money = _indicator(found, "rhythm", "gmv_per_live_hour")
    assert money["cohort"] == {"name": "money:MYR/attributed", "size": 1}
    assert money["cohort_percentile"] is None  # a cohort of one is no cohort
    idr = _indicator(advise(workspace, "acct00", end=END).to_json(), "rhythm", "gmv_per_live_hour")
    assert idr["cohort"]["size"] == 5  # the MYR account is not among them


def test_too_little_data_gets_what_to_collect_not_advice(workspace: Workspace) -> None:
    _cohort(workspace)  # acct00 has 2 lives
    found = advise(workspace, "acct00", end=END).to_json()
    assert found["recommendations"] == []
    ids = [c["id"] for c in found["collect_next"]]
    assert ids[0] == "more_lives" and "score_lives" in ids
    more = found["collect_next"][0]["text"]
    assert "has 2" in more["en"] and "punya 2" in more["id"]


def test_start_hour_recommendation_by_hand(workspace: Workspace) -> None:
    """Six lives at 13:00 earning 100 an hour, three at 19:00 earning 300: start at 19:00,
    +200% with an interval of exactly [+200%, +200%] (no spread within the hours)."""
    rows = [
        {"account": "toko", "started_at": at(f"2026-07-{d:02d} 13:00:00"), "gmv": 100.0,
         "duration_s": 3600.0}
        for d in range(20, 26)
    ] + [
        {"account": "toko", "started_at": at(f"2026-07-{d:02d} 19:00:00"), "gmv": 300.0,
         "duration_s": 3600.0}
        for d in range(26, 29)
    ]  # fmt: skip
    insert_sessions(workspace, rows)
    found = advise(workspace, "toko", end=END)
    [rec] = found.recommendations
    assert rec.id == "rhythm.start_hour" and rec.area == "rhythm"
    assert rec.action["en"] == "Start lives at 19:00 instead of the usual 13:00."
    assert rec.action["id"] == "Mulai live pukul 19:00, bukan pukul 13:00 seperti biasanya."
    assert (rec.effect.estimate, rec.effect.ci_low, rec.effect.ci_high) == (2.0, 2.0, 2.0)
    assert rec.effect.n_lives == 9 and rec.confidence == "medium"
    assert "+200%" in rec.why["en"] and "lives: 9" in rec.why["en"]
    assert "jumlah live: 9" in rec.why["id"]
    assert "association" in rec.why["en"] and "keterkaitan" in rec.why["id"]
    assert (rec.rank_by_effect, rec.rank_by_confidence) == (1, 1)
    cited = [e.room_id for e in rec.evidence]
    assert len(cited) == 5 and all(e.kind == "live" for e in rec.evidence)


def test_unknown_account_is_refused(workspace: Workspace) -> None:
    _cohort(workspace)
    with pytest.raises(UsageError):
        advise(workspace, "nobody", end=END)


def test_the_cohort_can_be_limited_to_the_accounts_a_viewer_sees(workspace: Workspace) -> None:
    _cohort(workspace)
    found = advise(workspace, "acct02", end=END, cohort=["acct00", "acct01", "acct02"])
    money = next(i for a in found.areas for i in a.indicators if i.id == "gmv_per_live_hour")
    assert money.cohort_size == 3 and money.cohort_percentile is None  # 3 < 5
    with pytest.raises(UsageError):
        advise(workspace, "acct04", end=END, cohort=["acct00"])


def _lives(account: str, specs: list[tuple[str, float, float]]) -> list[dict[str, object]]:
    """Sessions of ``account`` from ``(local start, minutes, gmv)``."""
    return [
        {"account": account, "started_at": at(start), "duration_s": minutes * 60, "gmv": gmv}
        for start, minutes, gmv in specs
    ]


def test_shorter_lives_recommendation_by_hand(workspace: Workspace) -> None:
    """Five 30-minute lives earning 300 (600 an hour) and five of 2 hours earning 600 (300 an
    hour), all at 20:00: keep lives to about 30 minutes, +100% exactly, 10 lives. Shuffling the
    ten hourly values over the lives puts the five best in one half in 2 of the 252 ways
    (p about 0.008, under 0.025)."""
    short = [(f"2026-07-{d:02d} 20:00:00", 30.0, 300.0) for d in range(18, 23)]
    long = [(f"2026-07-{d:02d} 20:00:00", 120.0, 600.0) for d in range(23, 28)]
    insert_sessions(workspace, _lives("toko", short + long))
    [rec] = advise(workspace, "toko", end=END).recommendations
    assert rec.id == "rhythm.shorter_lives"
    assert rec.action["en"] == "Keep lives to about 30 minutes rather than about 120."
    assert (rec.effect.estimate, rec.effect.ci_low, rec.effect.ci_high) == (1.0, 1.0, 1.0)
    assert rec.effect.n_lives == 10 and rec.effect.basis == "within_account:gmv_per_live_hour"


def test_four_lives_against_four_cannot_settle_the_length(workspace: Workspace) -> None:
    """The same contrast on four lives a side: every bootstrap draw says +100%, but a split
    that clean comes from 2 of the 70 ways of shuffling eight values (p about 0.029), so no
    recommendation is made."""
    short = [(f"2026-07-{d:02d} 20:00:00", 30.0, 300.0) for d in range(20, 24)]
    long = [(f"2026-07-{d:02d} 20:00:00", 120.0, 600.0) for d in range(24, 28)]
    insert_sessions(workspace, _lives("toko", short + long))
    assert advise(workspace, "toko", end=END).recommendations == ()


def test_fewer_lives_recommendation_by_hand(workspace: Workspace) -> None:
    """Ten complete weeks ending on END: five with one live earning 200, five with three
    lives earning 100 each. Weeks with fewer lives earned twice as much a live: +100%, on the
    20 lives of those weeks (p about 0.008 by shuffling the weeks)."""
    specs = []
    for week in range(10):
        start = END - dt.timedelta(days=7 * week + 6)
        count, gmv = (1, 200.0) if week % 2 else (3, 100.0)
        specs += [
            ((start + dt.timedelta(days=i)).isoformat() + " 20:00:00", 60.0, gmv)
            for i in range(count)
        ]
    insert_sessions(workspace, _lives("toko", specs))
    [rec] = advise(workspace, "toko", end=END).recommendations
    assert rec.id == "rhythm.fewer_lives"
    assert rec.action["en"].startswith("Go live about 1× a week rather than 3×")
    assert (rec.effect.estimate, rec.effect.ci_low, rec.effect.ci_high) == (1.0, 1.0, 1.0)
    assert rec.effect.n_lives == 20 and rec.effect.basis == "within_account:gmv_per_live"
    assert "10 complete weeks" in rec.why["en"] and "10 minggu lengkap" in rec.why["id"]
