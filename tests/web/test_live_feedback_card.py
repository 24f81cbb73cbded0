"""The live page's feedback card on the demo workspace: the reviews of orders bought in the
live, checked against the stored reviews read by another route (``list_reviews``), and the
empty states."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient

from siaran.feedback import list_reviews
from siaran.web.paths import live_url
from siaran.workspace import Workspace


def _card(page: str) -> str:
    start = page.index('id="feedback-card"')
    return page[start : page.index("</section>", start)]


def test_the_card_counts_the_reviews_bought_in_the_live(
    demo_client: TestClient, demo_workspace_path: Path
) -> None:
    with Workspace.open(demo_workspace_path) as ws:
        reviews = [r for r in list_reviews(ws) if r.room_id]
        sessions = {
            (str(a), str(r))
            for a, r in ws.con.execute("SELECT account, room_id FROM sessions").fetchall()
        }
    by_live = Counter((r.account, r.room_id) for r in reviews if (r.account, r.room_id) in sessions)
    assert by_live, "the demo links reviews to lives"
    (account, room), count = by_live.most_common(1)[0]
    assert room is not None
    mine = [r for r in reviews if (r.account, r.room_id) == (account, room)]
    rated = [r.rating for r in mine if r.rating is not None]
    negative = sum(1 for r in mine if r.negative)
    card = _card(demo_client.get(live_url(account, room), params={"lang": "en"}).text)
    assert "Reviews of orders from this live" in card
    assert f"<dd>{count}</dd>" in card
    mean = sum(rated) / len(rated)
    assert f"<dd>{mean:.2f}</dd>" in card
    assert f"{100 * negative / len(rated):.1f}%" in card
    complaints = Counter(cue for r in mine for cue in r.complaints())
    assert complaints, "the demo's busiest reviewed live has complaints"
    shown = card[card.index("Most raised complaints:") :]
    assert shown.count("(") == min(3, len(complaints))
    assert f"({complaints.most_common(1)[0][1]})" in shown
    indonesian = _card(demo_client.get(live_url(account, room), params={"lang": "id"}).text)
    assert "Ulasan pesanan dari live ini" in indonesian
    quiet = sorted(r for a, r in sessions if a == account and (a, r) not in by_live)
    assert quiet, "some lives of the account have no reviewed order"
    empty = _card(demo_client.get(live_url(account, quiet[0]), params={"lang": "en"}).text)
    assert "No review yet of an order placed in this live." in empty


def test_without_reviews_the_card_says_what_to_import(client: TestClient) -> None:
    from tests.web.test_crew_card import _first_live

    page = client.get(_first_live(client, "kopi.senja"), params={"lang": "en"}).text
    assert "No reviews of this account in the workspace" in _card(page)


def test_the_card_reads_only_the_viewers_accounts(demo_workspace_path: Path) -> None:
    from siaran.web.live_feedback_view import live_feedback_card

    with Workspace.open(demo_workspace_path) as ws:
        linked = Counter((r.account, r.room_id) for r in list_reviews(ws) if r.room_id)
        (account, room), count = linked.most_common(1)[0]
        assert room is not None
        theirs = live_feedback_card(ws, account, room, [account])
        assert theirs.live is not None and theirs.live.reviews == count
        others = sorted({a for a, _ in linked} - {account}) or ["nobody"]
        outside = live_feedback_card(ws, account, room, others)
        assert outside.live is None and not outside.stored and outside.cues == []
