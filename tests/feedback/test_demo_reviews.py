"""The demo's reviews agree with its orders: each review's order exists, was delivered before
the review and holds the reviewed product, and the stars and cues are mixed."""

from __future__ import annotations

import datetime as dt

from siaran.demo.cohort import DEFAULT_SEED, generate_cohort
from siaran.demo.orders import ORDER_ACCOUNTS, DemoOrderLine, demo_order_lines
from siaran.demo.reviews import demo_reviews
from siaran.feedback import tag_review


def test_reviews_follow_their_orders_with_mixed_stars_and_cues() -> None:
    sessions = generate_cohort(DEFAULT_SEED)
    for account in ORDER_ACCOUNTS:
        lines = demo_order_lines(sessions, account, DEFAULT_SEED)
        orders: dict[str, list[DemoOrderLine]] = {}
        for line in lines:
            orders.setdefault(str(line["order_id"]), []).append(line)
        reviews = demo_reviews(sessions, account, DEFAULT_SEED)
        with_order = [r for r in reviews if "order_id" in r]
        assert len(with_order) >= 10, account
        for review in with_order:
            order = orders[review["order_id"]]
            delivered = order[0]["delivered_at"]
            assert isinstance(delivered, dt.datetime)
            assert isinstance(review["reviewed_at"], dt.datetime)
            assert review["reviewed_at"] > delivered
            assert review["product"] in {line["product"] for line in order}
            assert review["reviewer"] == order[0]["buyer"]
        stars = {r["rating"] for r in reviews}
        assert {5, 4} <= stars and stars & {1, 2}
        signs = {s for r in reviews for s in tag_review(str(r.get("text")), 3).cues.values()}
        assert signs == {"+", "-"}
