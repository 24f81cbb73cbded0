"""The plan page, in process: the run sheet in both languages, its PDF download, the link from
the account page, and accounts a viewer may not see."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Live plan for dapur.sekar.arum", "Prepared answers", "Download PDF (A4)"]),
        ("id", ["Rencana live dapur.sekar.arum", "Jawaban yang disiapkan", "Unduh PDF (A4)"]),
    ],
)
def test_plan_page_in_both_languages(demo_client: TestClient, lang: str, words: list[str]) -> None:
    page = demo_client.get(f"/accounts/dapur.sekar.arum/plan?lang={lang}&date=2026-10-01")
    assert page.status_code == 200
    for word in words:
        assert word in page.text, word
    for part in ("architecture", "lineup", "slot", "crew", "questions", "calls", "advice"):
        assert f'id="plan-{part}"' in page.text
    assert 'href="/accounts/dapur.sekar.arum/plan.pdf?minutes=90&amp;date=2026-10-01"' in page.text


def test_plan_pdf_download(demo_client: TestClient) -> None:
    answer = demo_client.get("/accounts/dapur.sekar.arum/plan.pdf?minutes=60&date=2026-10-01")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert "dapur.sekar.arum-2026-10-01.pdf" in answer.headers["content-disposition"]
    assert answer.content.startswith(b"%PDF")


def test_minutes_out_of_range_and_unknown_accounts(demo_client: TestClient) -> None:
    assert demo_client.get("/accounts/dapur.sekar.arum/plan?minutes=5").status_code == 400
    assert demo_client.get("/accounts/nobody/plan").status_code == 404
    assert demo_client.get("/accounts/nobody/plan.pdf").status_code == 404


def test_account_page_links_to_its_plan(demo_client: TestClient) -> None:
    page = demo_client.get("/accounts/hijab.ayunda?lang=en")
    assert 'href="/accounts/hijab.ayunda/plan"' in page.text
