"""Negative review rates, cue counts, reviews by live and complaints in live comments, against
values computed by hand.

The lives and orders of tests/orders/test_linking.py (toko.ayu, 4 July 2026: O1, O2, O3 bought
in live A; O5 in none) and six reviews (WIB):

| review | order | product | stars | text | time | live |
| --- | --- | --- | --- | --- | --- | --- |
| R1 | O1 | Sambal Roa | 5 | brg bagus bgt, packing rapi | 6 Jul 10:00 | A |
| R2 | O2 | Sambal Roa | 1 | pengiriman lama | 10 Jul | A |
| R3 | O3 | Abon Tuna | 2 | kemahalan | 20 Jul | A |
| R4 | O5 | Sambal Roa | 4 | (none) | 28 Jul | none |
| R5 | - | Sambal Cakalang | 1 | rasanya hambar | 1 Aug | - |
| R6 | O9 (not stored) | Abon Tuna | 5 | mantap | 2 Aug 10:00 | - |

The days end at R6. 7 days (after 26 Jul 10:00): R4, R5, R6, one negative: 1/3. 30 days: all
six, three negative (R2, R3, R5): 1/2. Sambal Roa: 7 days R4 (0/1), 30 days 1/3; Sambal
Cakalang 1/1 in both. Live A: R1-R3, average 8/3, two negative. Complaints tie at one each
(fit_size_taste, shipping_speed, price_value): the first in cue order is fit_size_taste.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from siaran.feedback import feedback_overview, list_reviews
from siaran.feedback.writer import ReviewRow, write_review_file
from siaran.importing import ImportOptions, import_file
from siaran.workspace import Workspace
from tests.events.samples import event, write_jsonl
from tests.orders.exports import WIB
from tests.orders.test_linking import ACCOUNT, ROOM_A, linked

__all__ = ["linked"]


def day(month: int, d: int) -> dt.datetime:
    return dt.datetime(2026, month, d, 10, 0, tzinfo=WIB)


REVIEWS: list[ReviewRow] = [
    {"order_id": "O1", "product": "Sambal Roa", "rating": 5, "reviewed_at": day(7, 6),
     "text": "brg bagus bgt, packing rapi", "platform": "tiktok"},
    {"order_id": "O2", "product": "Sambal Roa", "rating": 1, "reviewed_at": day(7, 10),
     "text": "pengiriman lama", "platform": "tiktok"},
    {"order_id": "O3", "product": "Abon Tuna", "rating": 2, "reviewed_at": day(7, 20),
     "text": "kemahalan", "platform": "tiktok"},
    {"order_id": "O5", "product": "Sambal Roa", "rating": 4, "reviewed_at": day(7, 28),
     "platform": "tiktok"},
    {"product": "Sambal Cakalang", "rating": 1, "reviewed_at": day(8, 1),
     "text": "rasanya hambar", "platform": "tiktok"},
    {"order_id": "O9", "product": "Abon Tuna", "rating": 5, "reviewed_at": day(8, 2),
     "text": "mantap", "platform": "tiktok"},
]  # fmt: skip


@pytest.fixture
def reviewed(linked: Workspace, tmp_path: Path) -> Workspace:
    import_file(
        linked, write_review_file(tmp_path / "ulasan.csv", REVIEWS), ImportOptions(account=ACCOUNT)
    )
    comments = [
        event(1, "comment", 60, room=ROOM_A, user="a", text="halo kak"),
        event(2, "comment", 120, room=ROOM_A, user="b",
              text="sambal cakalang kemarin dateng bocor kak, kecewa"),
        event(3, "comment", 180, room=ROOM_A, user="c",
              text="kak pesenan aku belum sampai udah seminggu"),
    ]  # fmt: skip
    import_file(
        linked, write_jsonl(tmp_path / "events.jsonl", comments), ImportOptions(account=ACCOUNT)
    )
    return linked


def test_reviews_are_linked_to_their_orders_and_lives(reviewed: Workspace) -> None:
    found = {(r.order_id, r.order_found, r.room_id) for r in list_reviews(reviewed)}
    assert found == {
        ("O1", True, ROOM_A),
        ("O2", True, ROOM_A),
        ("O3", True, ROOM_A),
        ("O5", True, None),
        (None, False, None),
        ("O9", False, None),
    }


def test_negative_review_rates_over_7_and_30_days(reviewed: Workspace) -> None:
    overview = feedback_overview(reviewed)
    (account,) = overview.accounts
    assert account.as_of == day(8, 2)
    assert (account.reviews_7d, account.negative_7d) == (3, 1)
    assert account.negative_review_rate_7d == pytest.approx(1 / 3)
    assert (account.reviews_30d, account.negative_30d) == (6, 3)
    assert account.negative_review_rate_30d == pytest.approx(0.5)
    assert (account.with_order, account.bought_in_live) == (4, 3)
    assert account.top_complaint == "fit_size_taste"
    assert account.average_rating == pytest.approx(18 / 6)
    products = {p.product: p for p in overview.products}
    roa, cakalang = products["Sambal Roa"], products["Sambal Cakalang"]
    assert roa.negative_review_rate_7d == 0.0
    assert roa.negative_review_rate_30d == pytest.approx(1 / 3)
    assert (cakalang.negative_review_rate_7d, cakalang.negative_review_rate_30d) == (1.0, 1.0)


def test_a_window_without_rated_reviews_has_no_rate(reviewed: Workspace) -> None:
    later = day(8, 2) + dt.timedelta(days=20)
    (account,) = feedback_overview(reviewed, as_of=later).accounts
    assert (account.reviews_7d, account.negative_review_rate_7d) == (0, None)
    assert account.reviews_30d == 3


def test_cue_counts_and_shares(reviewed: Workspace) -> None:
    cues = {c.cue: c for c in feedback_overview(reviewed).cues}
    # Five reviews have text (R4 has none).
    assert (cues["product_quality"].positive, cues["product_quality"].share) == (1, 0.2)
    assert (cues["shipping_speed"].negative, cues["shipping_speed"].negative_share) == (1, 0.2)
    assert (cues["price_value"].negative, cues["fit_size_taste"].negative) == (1, 1)
    assert cues["seller_service"].reviews == 0


def test_reviews_by_live_and_complaints_in_its_comments(reviewed: Workspace) -> None:
    overview = feedback_overview(reviewed)
    (live,) = overview.lives
    assert (live.room_id, live.reviews, live.negative) == (ROOM_A, 3, 2)
    assert live.average_rating == pytest.approx(8 / 3)
    assert live.live_complaints == 2
    assert live.started_at is not None
    complaints = [(c.product, c.cues) for c in overview.complaints]
    assert complaints == [("Sambal Cakalang", ("packaging",)), (None, ("shipping_speed",))]
    products = {p.product: p.live_complaints for p in overview.products}
    assert products == {"Abon Tuna": 0, "Sambal Cakalang": 1, "Sambal Roa": 0}


def test_one_product_and_an_agency_scope(reviewed: Workspace) -> None:
    only = feedback_overview(reviewed, product="cakalang")
    assert [r.product for r in only.reviews] == ["Sambal Cakalang"]
    assert [c.product for c in only.complaints] == ["Sambal Cakalang"]
    assert feedback_overview(reviewed, accounts={"toko.lain"}).reviews == []


def test_the_registry_formulas_give_the_same_figures(reviewed: Workspace) -> None:
    import ibis
    import pyarrow as pa

    from siaran.metrics.registry import feedback_kpi_names, kpi

    (summary,) = feedback_overview(reviewed).accounts
    bases = {
        "negative_7d": [summary.negative_7d],
        "reviews_7d": [summary.reviews_7d],
        "negative_30d": [summary.negative_30d],
        "reviews_30d": [summary.reviews_30d],
        "rating_sum": [18.0],
        "rated": [summary.rated],
    }
    table = ibis.memtable(pa.table(bases))
    selected = {name: kpi(name).expression(table) for name in feedback_kpi_names()}
    [found] = table.select(**selected).to_pyarrow().to_pylist()
    assert found["negative_review_rate_7d"] == pytest.approx(summary.negative_review_rate_7d)
    assert found["negative_review_rate_30d"] == pytest.approx(summary.negative_review_rate_30d)
    assert found["average_rating"] == pytest.approx(summary.average_rating)
