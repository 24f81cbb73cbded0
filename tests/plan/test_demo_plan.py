"""The plan of a demo account, its figures checked against the workspace by other routes
(SQL over the stored tables), the PDF rendered to images and read back, and plan vs actual on
the account's scored live."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from siaran.events.store import event_files
from siaran.orders.linking import live_products
from siaran.plan import check_plan, make_plan, plan_pdf, write_plan
from siaran.plan.model import PlanJson
from siaran.workspace import Workspace
from tests.progress_log import ProgressLog

ACCOUNT = "dapur.sekar.arum"
THURSDAY = dt.date(2026, 10, 1)


@pytest.fixture
def plan(demo: Workspace) -> PlanJson:
    return make_plan(demo, ACCOUNT, date=THURSDAY, minutes=90).to_json()


def _scored_room(demo: Workspace) -> str:
    row = demo.con.execute(
        "SELECT room_id FROM talk_scores WHERE account = ?", [ACCOUNT]
    ).fetchone()
    assert row is not None
    return str(row[0])


def test_architecture_follows_the_scored_live(demo: Workspace, plan: PlanJson) -> None:
    card = demo.con.execute(
        "SELECT scorecard_json FROM talk_scores WHERE account = ?", [ACCOUNT]
    ).fetchone()
    assert card is not None
    shares = {p["phase"]: p["share"] or 0.0 for p in json.loads(card[0])["phases"]}
    arch = plan["architecture"]
    assert arch["n_scored_lives"] == 1 and arch["missing"] == []
    for phase in arch["phases"]:
        assert phase["account_share"] == pytest.approx(shares[phase["id"]], abs=1e-4)
    assert arch["phases"][0]["start_min"] == 0 and arch["phases"][-1]["end_min"] == 90
    # Planned share: the mean of recommended and observed, normalised, in whole minutes.
    total = sum((p["recommended_share"] + shares[p["id"]]) / 2 for p in arch["phases"])
    demo_minutes = 90 * (0.07 + 0.33 + shares["opening"] + shares["demonstration"]) / 2 / total
    assert arch["phases"][1]["end_min"] == int(demo_minutes + 0.5)


def test_lineup_adds_up_to_the_linked_orders(demo: Workspace, plan: PlanJson) -> None:
    lineup = plan["lineup"]
    assert lineup["status"] == "known"
    sold = live_products(demo, account=ACCOUNT)
    lives = {(p.room_id, p.started_at) for p in sold}
    assert lineup["n_lives"] >= len(lives)
    by_name: dict[str, float] = {}
    for item in sold:
        by_name[item.product or ""] = by_name.get(item.product or "", 0.0) + (item.amount or 0.0)
    products = lineup["products"]
    assert [p["product"] for p in products] == sorted(by_name, key=lambda n: -by_name[n])[:5]
    for product in products:
        assert product["amount"] == pytest.approx(by_name[product["product"]])
        assert product["amount_per_live"] == pytest.approx(
            by_name[product["product"]] / lineup["n_lives"]
        )


def test_slot_counts_the_lives_of_the_weekday_and_hour(demo: Workspace, plan: PlanJson) -> None:
    slot = plan["slot"]
    best = slot["best"]
    assert best is not None and best["weekday"] == THURSDAY.weekday()
    row = demo.con.execute(
        "SELECT count(*) FROM sessions WHERE account = ? AND isodow(started_at) = ? "
        "AND hour(started_at) = ?",
        [ACCOUNT, best["weekday"] + 1, best["hour"]],
    ).fetchone()
    assert row is not None and best["n_lives"] == row[0]
    assert best["ci_low"] is not None and best["ci_high"] is not None
    assert best["ci_low"] <= (best["gmv_per_hour"] or 0) <= best["ci_high"]
    means = [c["gmv_per_hour"] or 0 for c in slot["cells"]]
    assert means == sorted(means, reverse=True)


def test_questions_come_from_the_stored_scorecard(demo: Workspace, plan: PlanJson) -> None:
    card = demo.con.execute(
        "SELECT scorecard_json FROM talk_scores WHERE account = ?", [ACCOUNT]
    ).fetchone()
    assert card is not None
    links = json.loads(card[0])["qa"]["links"]
    asked = [link for link in links if any(c.startswith("question_") for c in link["cues"])]
    questions = plan["questions"]
    assert questions["n_questions"] == len(asked) > 0
    clusters = questions["clusters"]
    counts = [c["count"] for c in clusters]
    assert counts == sorted(counts, reverse=True) and sum(counts) <= len(asked)
    texts = {link["text"].strip() for link in asked}
    assert all(c["example"] in texts for c in clusters)
    answers = {link["answer_text"] for link in asked}
    assert all(c["answer"] is None or c["answer"] in answers for c in clusters)
    assert plan["calls_to_action"]["calls"]


def test_the_crew_block_is_the_latest_roster(demo: Workspace, plan: PlanJson) -> None:
    crew = plan["crew"]
    latest = demo.con.execute(
        "SELECT c.room_id FROM crew c JOIN sessions s USING (account, room_id) "
        "WHERE c.account = ? ORDER BY s.started_at DESC LIMIT 1",
        [ACCOUNT],
    ).fetchone()
    assert latest is not None and crew["status"] == "known"
    source = crew.get("source")
    assert source is not None and source["room_id"] == latest[0]
    people = demo.con.execute(
        "SELECT role, person FROM crew WHERE account = ? AND room_id = ? AND role <> 'other'",
        [ACCOUNT, latest[0]],
    ).fetchall()
    named = {(m["role"], m["person"]) for m in crew.get("members", []) if m["person"]}
    assert {(m["role"], m["person"]) for m in crew.get("members", []) if m["role"] != "other"} >= (
        {(str(r), str(p)) for r, p in people}
    )
    assert ("host", "Sekar") in named
    blank = {m["role"] for m in crew.get("members", []) if m["person"] is None}
    assert blank == set(crew["roles"]) - {str(r) for r, _ in people}
    assert [e["measure"] for e in crew.get("admin_effect", [])] == [
        "answer_rate", "median_latency_s", "comments_per_minute", "conversion"
    ]  # fmt: skip


def test_the_pdf_has_pages_with_ink_and_text(demo: Workspace, tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    plan = make_plan(demo, ACCOUNT, date=THURSDAY)
    top = plan.to_json()["lineup"]["products"][0]["product"]
    for lang, words in (
        (
            "en",
            [
                "Live plan for dapur.sekar.arum",
                "Rendang Kering 250 g",
                "Prepared answers",
                "Co-host",
            ],
        ),
        (
            "id",
            ["Rencana live dapur.sekar.arum", "Jawaban yang disiapkan", "Kru dan peran", "Sekar"],
        ),
    ):
        log = ProgressLog()
        written = write_plan(plan, tmp_path / f"plan-{lang}.pdf", lang, progress=log)  # type: ignore[arg-type]
        assert [(t.name, t.unit, t.done, t.total) for t in log.tasks] == [("pdf", "steps", 1, 1)]
        assert written.json_path.exists()
        document = pdfium.PdfDocument(str(written.path))
        assert len(document) >= 1
        found = ""
        for number in range(len(document)):
            page = document[number]
            width, height = page.get_size()
            assert (round(width), round(height)) == (595, 842)  # A4 in points
            image = page.render(scale=0.5).to_pil().convert("L")
            low, high = image.getextrema()
            assert high - low > 100, f"page {number + 1} looks blank"
            found += page.get_textpage().get_text_range()
        for word in [*words, top]:
            assert word in found, word
    assert plan_pdf(plan, "en").startswith(b"%PDF")


def test_plan_against_the_scored_live(demo: Workspace) -> None:
    plan = make_plan(demo, ACCOUNT, date=THURSDAY, minutes=90)
    room = _scored_room(demo)
    found = check_plan(demo, plan, room).to_json()
    phases = {r["item"]: r for r in found["rows"] if r["part"] == "phase"}
    assert list(phases) == ["opening", "demonstration", "qa", "offer", "closing_cta"]
    first = demo.con.execute(
        "SELECT phase, min(start_s) / 60 FROM talk_lines WHERE account = ? AND room_id = ? "
        "GROUP BY phase",
        [ACCOUNT, room],
    ).fetchall()
    for phase, minute in first:
        assert phases[phase]["actual"] == pytest.approx(minute, abs=0.05)
    assert phases["opening"]["status"] == "on_plan"
    products = [r for r in found["rows"] if r["part"] == "product"]
    sold = {p.product: p.orders for p in live_products(demo, room=room, account=ACCOUNT)}
    for row in products:
        if row["status"] in ("sold", "not_shown", "unplanned"):
            assert row["actual"] == float(sold.get(row["item"], 0))
    files = [str(f) for f in event_files(demo, ACCOUNT)]
    pins = dict(
        demo.con.execute(
            "SELECT coalesce(text, product_id), count(*) FROM read_parquet(?) "
            "WHERE room_id = ? AND type = 'product' GROUP BY ALL",
            [files, room],
        ).fetchall()
    )
    assert pins  # the demo pins its products in the scored live
    others = {r["item"]: r["pinned"] for r in products if r["status"] == "pinned_other"}
    planned = {r["item"]: r["pinned"] for r in products if r["planned"] is not None}
    assert {**others, **{k: v for k, v in planned.items() if v}} == {
        k: float(v) for k, v in pins.items()
    }
    scorecard = [r for r in found["rows"] if r["part"] == "scorecard"]
    assert scorecard[0]["item"] == "score" and len(scorecard) == 11
    assert "plan.check.no_scorecard" not in found["unknown"]
