"""The indicators and recommendations from the data behind the lives (fulfilment, crew,
reviews, the ecosystem), on a small cohort whose figures are worked out by hand.

The lives are imported sessions; the records behind them are the dataclasses the operations,
crew, feedback and ecosystem modules return, so each figure below is checked against
arithmetic done here rather than against those modules' own queries (tested in their own
folders). The demo test (tests/advice/test_demo_advice.py) reads them through the workspace.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from siaran.advice.behind import Behind
from siaran.advice.diagnose import diagnose, read_data
from siaran.advice.model import AdviceJson, IndicatorJson
from siaran.advice.sources import AdviceData
from siaran.crew import CrewMember, LiveCrew
from siaran.ecosystem import ChannelMonth, PartnerMonth, SignupLive
from siaran.feedback.records import ReviewRecord
from siaran.operations import LiveOperations
from siaran.workspace import Workspace

from ..metrics import daily, insert_sessions

END = dt.date(2026, 7, 28)
UTC = dt.UTC
ACCOUNTS = [f"acct0{i}" for i in range(5)]


def _lives(workspace: Workspace) -> AdviceData:
    """Each account goes live on the last 10 days of the window (one hour, 100 viewers,
    ``i + 1`` customers), so its lives are ``<account>-<day>`` rooms."""
    rows = []
    for i, account in enumerate(ACCOUNTS):
        days = [END - dt.timedelta(days=d) for d in range(10)]
        rows += daily(
            account,
            days,
            gmv=1000.0,
            duration_s=3600.0,
            views=100.0,
            product_clicks=10.0,
            orders=float(i + 1),
            customers=float(i + 1),
            comments=5.0,
        )
    for n, row in enumerate(rows):
        row["room_id"] = f"{row['account']}-{n % 10}"
    insert_sessions(workspace, rows)
    data = read_data(workspace, end=END)
    assert data is not None
    return data


def _room(data: AdviceData, account: str, day: int) -> tuple[str | None, dt.datetime]:
    """The room id and start of ``account``'s live ``day`` days before the end."""
    when = END - dt.timedelta(days=day)
    live = next(v for v in data.lives if v.account == account and v.started_at.date() == when)
    return live.room_id, live.started_at


def _ops(
    data: AdviceData,
    account: str,
    day: int,
    *,
    orders: int,
    late: int,
    cancelled: int,
    p90: float,
    load: float | None,
) -> LiveOperations:
    room, started = _room(data, account, day)
    return LiveOperations(
        account=account,
        platform="tiktok",
        room_id=room,
        started_at=started,
        ended_at=started + dt.timedelta(hours=1),
        orders=orders,
        peak_orders_per_10min=orders,
        peak_at=started,
        capacity_per_10min=None if load is None else orders / load,
        peak_load=load,
        over_capacity=None if load is None else load > 1.0,
        pack_hours=None,
        backlog_after_live=None,
        backlog_cutoff=started + dt.timedelta(days=1),
        hours_to_ship_median=p90 / 2,
        hours_to_ship_p90=p90,
        shipped_orders=orders - cancelled,
        late_orders=late,
        judged_orders=orders - cancelled,
        late_share=late / (orders - cancelled),
        cancelled_orders=cancelled,
        cancelled_share=cancelled / orders,
        returned_orders=0,
        returned_share=0.0,
        refund_value=None,
        currency="IDR",
    )


def _crew(data: AdviceData, account: str, day: int, admin: str | None) -> LiveCrew:
    room, started = _room(data, account, day)
    members = [CrewMember("host", "Sari")]
    if admin is not None:
        members.append(CrewMember("interaction_admin", admin))
    return LiveCrew(account, room or "", started, tuple(members), started)


def _review(
    data: AdviceData, account: str, day: int, n: int, rating: int, complaint: str | None
) -> ReviewRecord:
    room, started = _room(data, account, day)
    return ReviewRecord(
        platform="tiktok",
        account=account,
        review_id=f"{account}-{day}-{n}",
        order_id=None,
        product=None,
        rating=rating,
        text=None,
        reviewed_at=started + dt.timedelta(days=1),
        cues={complaint: "-"} if complaint else {},  # type: ignore[dict-item]
        order_found=True,
        room_id=room,
    )


def _indicator(found: AdviceJson, area: str, name: str) -> IndicatorJson:
    block = next(a for a in found["areas"] if a["id"] == area)
    return next(i for i in block["indicators"] if i["id"] == name)


def _status(found: AdviceJson) -> dict[str, str]:
    return {a["id"]: a["status"] for a in found["areas"]}


def _fulfilment(data: AdviceData) -> Behind:
    """Account ``i`` has two lives with orders: day 1 with 10 orders, ``i`` late, none
    cancelled, p90 ``10 (i + 1)`` hours, peak load ``0.5 (i + 1)``; day 2 with 10 orders,
    ``i`` late of the 9 not cancelled, p90 5 hours, load 0.5. Accounts 0-3 have rosters on
    days 1-4: account ``i`` names a dedicated admin on ``i`` of them. Account 4 has none."""
    ops, crews = [], []
    for i, account in enumerate(ACCOUNTS):
        load = 0.5 * (i + 1)
        ops.append(
            _ops(data, account, 1, orders=10, late=i, cancelled=0, p90=10.0 * (i + 1), load=load)
        )
        ops.append(_ops(data, account, 2, orders=10, late=i, cancelled=1, p90=5.0, load=0.5))
        if i < 4:
            crews += [_crew(data, account, d, "Dewi" if d <= i else None) for d in range(1, 5)]
    return Behind(operations=tuple(ops), crews=tuple(crews))


def test_operations_indicators_by_hand(workspace: Workspace) -> None:
    data = _lives(workspace)
    data = dataclasses.replace(data, behind=_fulfilment(data))
    found = diagnose(data, "acct02").to_json()
    late = _indicator(found, "operations", "late_share")
    assert late["value"] == pytest.approx(4 / 19)  # 2 + 2 late of 10 + 9 judged
    assert late["cohort"] == {"name": "accounts_with_orders", "size": 5}
    assert late["cohort_percentile"] == 0.5  # 0/19 < 2/19 < 4/19 < 6/19 < 8/19
    assert late["n_lives"] == 2 and late["history"] is None
    assert {e["room_id"] for e in late["evidence"]} == {_room(data, "acct02", d)[0] for d in (1, 2)}
    cancelled = _indicator(found, "operations", "cancelled_share")
    assert cancelled["value"] == pytest.approx(1 / 20)
    assert cancelled["cohort_percentile"] == 0.5  # all five tie
    assert [e["room_id"] for e in cancelled["evidence"]] == [_room(data, "acct02", 2)[0]]
    p90 = _indicator(found, "operations", "hours_to_ship_p90")
    assert p90["value"] == 30.0 and p90["cohort_percentile"] == 0.5
    load = _indicator(found, "operations", "peak_load")
    assert load["value"] == 1.5 and load["cohort_percentile"] == 0.5
    admin = _indicator(found, "operations", "dedicated_admin_share")
    assert admin["value"] == 0.5  # 2 of 4 rostered lives
    assert admin["cohort"] == {"name": "accounts_with_rosters", "size": 4}
    assert admin["cohort_percentile"] is None  # 4 accounts with rosters: too few
    assert _status(found)["operations"] == "typical"  # every placed standing is 0.5
    area = next(a for a in found["areas"] if a["id"] == "operations")
    assert [m["source"] for m in area["missing"]] == ["reviews"]
    best = diagnose(data, "acct00").to_json()
    assert _status(best)["operations"] == "strength"  # lowest late share, p90 and load
    worst = diagnose(data, "acct04").to_json()
    assert _status(worst)["operations"] == "needs_work"
    assert "crew_roles" in [
        m["source"] for a in worst["areas"] if a["id"] == "operations" for m in a["missing"]
    ]


def test_history_is_the_window_before(workspace: Workspace) -> None:
    data = _lives(workspace)
    behind = _fulfilment(data)
    early = dataclasses.replace(
        behind.operations[4], started_at=behind.operations[4].started_at - dt.timedelta(days=28)
    )
    found = diagnose(
        dataclasses.replace(
            data, behind=dataclasses.replace(behind, operations=(*behind.operations, early))
        ),
        "acct02",
    ).to_json()
    assert _indicator(found, "operations", "late_share")["history"] == pytest.approx(2 / 10)


def test_reviews_by_hand(workspace: Workspace) -> None:
    data = _lives(workspace)
    reviews = []
    for i, account in enumerate(ACCOUNTS):
        # i negative reviews (1 star), the first with a late-shipping complaint, of 5 rated
        for n in range(5):
            negative = n < i
            cue = "shipping_speed" if n == 0 and negative else None
            reviews.append(_review(data, account, 1, n, 1 if negative else 5, cue))
    found = diagnose(
        dataclasses.replace(data, behind=Behind(reviews=tuple(reviews))), "acct03"
    ).to_json()
    rate = _indicator(found, "trust", "negative_review_rate")
    assert rate["value"] == pytest.approx(3 / 5) and rate["n_lives"] == 5
    assert rate["cohort"] == {"name": "accounts_with_reviews", "size": 5}
    assert rate["cohort_percentile"] == 0.7  # above 0, 1/5, 2/5; below 4/5
    assert [e["kind"] for e in rate["evidence"]] == ["review"] * 3  # the negative ones
    assert rate["evidence"][0] == {
        "kind": "review",
        "account": "acct03",
        "room_id": _room(data, "acct03", 1)[0],
        "review_id": "acct03-1-2",  # the latest (same time: by id, last first)
        "quote": "",
    }
    ship = _indicator(found, "operations", "shipping_complaint_share")
    assert ship["value"] == pytest.approx(1 / 5)
    assert ship["cohort_percentile"] == 0.6  # ties with 1, 2, 4 (1/5), above acct00 (0)
    # Reviews alone judge operations but not trust (that is the talk scorecards' area).
    assert _status(found)["trust"] == "unknown"
    assert _status(found)["operations"] == "typical"  # standing 0.4 (lower is better)


def _ecosystem(data: AdviceData) -> Behind:
    """July 2026: account ``i`` sells 1000 on its own lives and ``100 i`` through affiliates
    and resellers, has ``i`` active resellers, and ``i + 1`` sign-ups after its live of day 1
    (with an ecosystem call) and none after day 2's."""
    month = dt.date(2026, 7, 1)
    channels, partners, signups = [], [], []
    for i, account in enumerate(ACCOUNTS):
        channels.append(ChannelMonth(account, month, "own_lives", "IDR", 1000.0, 10, None))
        channels.append(ChannelMonth(account, month, "affiliate_video", "IDR", 50.0 * i, 1, None))
        channels.append(ChannelMonth(account, month, "resellers", "IDR", 50.0 * i, 1, None))
        partners.append(PartnerMonth(account, month, 1, 1, i, i, i, 50.0 * i))
        for day, calls, count in ((1, 1, i + 1), (2, 0, 0)):
            room, started = _room(data, account, day)
            signups.append(SignupLive(account, room or "", started, calls, count))
    return Behind(channels=tuple(channels), partners=tuple(partners), signups=tuple(signups))


def test_ecosystem_by_hand(workspace: Workspace) -> None:
    data = _lives(workspace)
    data = dataclasses.replace(data, behind=_ecosystem(data))
    found = diagnose(data, "acct02").to_json()
    share = _indicator(found, "ecosystem", "partner_gmv_share")
    assert share["value"] == pytest.approx(200 / 1200)
    assert share["cohort"] == {"name": "money:IDR/channels", "size": 5}
    assert share["cohort_percentile"] == 0.5
    resellers = _indicator(found, "ecosystem", "active_resellers")
    assert resellers["value"] == 2.0
    # acct00 has no reseller (0 active, 0 new): the cohort is the four accounts with some.
    assert resellers["cohort"] == {"name": "accounts_with_partners", "size": 4}
    assert resellers["cohort_percentile"] is None
    signups = _indicator(found, "ecosystem", "signups_after_call")
    assert signups["value"] == 3.0 and signups["n_lives"] == 1
    assert signups["evidence"][0]["room_id"] == _room(data, "acct02", 1)[0]
    assert _status(found)["ecosystem"] == "typical"
    # One live with a call and one without: too few to compare, so no advice on it.
    assert not any(r["area"] == "ecosystem" for r in found["recommendations"])
    none = diagnose(data, "acct00").to_json()
    area = next(a for a in none["areas"] if a["id"] == "ecosystem")
    assert [m["source"] for m in area["missing"]] == ["resellers"]


def test_without_records_the_areas_stay_unknown_and_say_what_answers_them(
    workspace: Workspace,
) -> None:
    data = _lives(workspace)
    found = diagnose(data, "acct02").to_json()
    assert _status(found)["operations"] == _status(found)["ecosystem"] == "unknown"
    area = next(a for a in found["areas"] if a["id"] == "operations")
    assert [m["source"] for m in area["missing"]] == ["crew_roles", "fulfilment", "reviews"]
    last = found["collect_next"][-1]
    assert last["id"] == "operations_data" and "siaran ops --capacity" in last["text"]["en"]


def test_orders_without_capacity_ask_for_it(workspace: Workspace) -> None:
    data = _lives(workspace)
    behind = Behind(
        operations=tuple(
            _ops(data, a, 1, orders=10, late=0, cancelled=0, p90=5.0, load=None) for a in ACCOUNTS
        )
    )
    found = diagnose(dataclasses.replace(data, behind=behind), "acct02").to_json()
    area = next(a for a in found["areas"] if a["id"] == "operations")
    assert "capacity" in [m["source"] for m in area["missing"]]
    assert _indicator(found, "operations", "peak_load")["value"] is None


def test_recommendations_from_records(workspace: Workspace) -> None:
    data = _lives(workspace)
    ops = []
    # acct02: five lives over capacity (load 2) with 3 of 10 orders late, five within
    # capacity with none late: on-time share 1.0 against 0.7, +43%.
    for day in range(10):
        over = day < 5
        ops.append(
            _ops(
                data,
                "acct02",
                day,
                orders=10,
                late=3 if over else 0,
                cancelled=0,
                p90=5.0,
                load=2.0 if over else 0.5,
            )
        )
    # Rosters: days 0-2 without an admin, 3-5 with one; customers are the same in every
    # live of an account, so the association is 0 and the account's lives do not support it.
    crews = [_crew(data, "acct02", d, None if d < 3 else "Dewi") for d in range(6)]
    behind = Behind(operations=tuple(ops), crews=tuple(crews))
    found = diagnose(dataclasses.replace(data, behind=behind), "acct02").to_json()
    recs = {r["id"]: r for r in found["recommendations"]}
    ship = recs["operations.ship_within_promise"]
    assert ship["effect"]["estimate"] == pytest.approx(1.0 / 0.7 - 1.0)
    assert ship["effect"]["n_lives"] == 10
    assert ship["effect"]["basis"] == "within_account:on_time_share"
    assert "30%" in ship["why"]["en"]  # 15 late of 50 orders after lives over capacity
    assert ship["confidence"] == "medium"  # interval above 0, fewer than 30 lives
    assert len(ship["evidence"]) == 5 and ship["evidence"][0]["kind"] == "live"
    assert "operations.dedicated_admin" not in recs
    # Only the latest live without an admin: no estimate (1 live on one side), so the advice
    # stands on the roster alone and says it has too little data.
    crews = [_crew(data, "acct02", d, None if d == 0 else "Dewi") for d in range(6)]
    behind = Behind(operations=tuple(ops), crews=tuple(crews))
    found = diagnose(dataclasses.replace(data, behind=behind), "acct02").to_json()
    admin = next(r for r in found["recommendations"] if r["id"] == "operations.dedicated_admin")
    assert admin["confidence"] == "too_little_data" and admin["effect"]["n_lives"] == 6
    assert "5 of 6" in admin["why"]["en"]
    assert admin["evidence"][0]["room_id"] == _room(data, "acct02", 0)[0]
    # Sign-ups: never drafted without reseller records.
    assert not any(r["area"] == "ecosystem" for r in found["recommendations"])
