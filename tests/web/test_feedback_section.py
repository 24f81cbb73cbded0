"""The account page's customer-feedback section, in-process: shown with the account's reviews
only, absent without reviews, and scoped in agency mode like every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from siaran.feedback.writer import ReviewRow, write_review_file
from siaran.importing import ImportOptions, import_file
from siaran.web import WebSettings
from siaran.workspace import Workspace
from tests.web.conftest import client_for
from tests.web.test_agency import login, users_file

__all__ = ["users_file"]


def rows(words: str) -> list[ReviewRow]:
    at = dt.datetime(2026, 9, 10, 12, 0)
    return [
        {"product": "Kopi Robusta", "rating": 1, "text": f"{words}, pengiriman lama",
         "reviewed_at": at, "platform": "tiktok"},
        {"product": "Kopi Robusta", "rating": 5, "text": "packing rapi",
         "reviewed_at": at + dt.timedelta(days=1), "platform": "tiktok"},
    ]  # fmt: skip


@pytest.fixture
def reviewed(cohort_workspace: Path, tmp_path: Path) -> Path:
    with Workspace.open(cohort_workspace) as ws:
        for account, words in (("kopi.senja", "ulasan senja"), ("batik.sekar", "ulasan sekar")):
            path = write_review_file(tmp_path / f"{account}.csv", rows(words))
            import_file(ws, path, ImportOptions(account=account))
    return cohort_workspace


@pytest.fixture
def reviewed_client(reviewed: Path) -> Iterator[TestClient]:
    with client_for(WebSettings(workspace=reviewed)) as client:
        yield client


def test_the_section_shows_the_accounts_reviews(reviewed_client: TestClient) -> None:
    page = reviewed_client.get("/accounts/kopi.senja?lang=en")
    assert page.status_code == 200
    assert "Customer feedback" in page.text
    assert "ulasan senja, pengiriman lama" in page.text and "ulasan sekar" not in page.text
    assert "/glossary#kpi-negative_review_rate_30d" in page.text
    assert "shipping speed" in page.text and "50.0%" in page.text
    indonesian = reviewed_client.get("/accounts/kopi.senja?lang=id")
    assert "Umpan balik pelanggan" in indonesian.text


def test_no_section_without_reviews(client: TestClient) -> None:
    page = client.get("/accounts/kopi.senja?lang=en")
    assert page.status_code == 200 and "Customer feedback" not in page.text


def test_an_owner_sees_only_their_own_feedback(reviewed: Path, users_file: Path) -> None:
    with client_for(WebSettings(workspace=reviewed, users_file=users_file)) as agency:
        login(agency, "sari")
        own = agency.get("/accounts/batik.sekar")
        assert own.status_code == 200 and "ulasan sekar" in own.text
        assert "ulasan senja" not in own.text
        assert agency.get("/accounts/kopi.senja").status_code == 404


def test_a_review_file_uploads_through_the_import_page(
    reviewed_client: TestClient, tmp_path: Path
) -> None:
    import re

    from tests.web.test_import_page import token_of, upload

    data = write_review_file(tmp_path / "baru.csv", rows("ulasan baru")).read_bytes()
    preview = upload(reviewed_client, "ulasan.csv", data, account="kacamata.jelas", lang="en")
    assert preview.status_code == 200 and "siaran_reviews" in preview.text
    token = re.search(r'name="token" value="([^"]+)"', preview.text)
    assert token is not None
    done = reviewed_client.post(
        "/import/confirm", data={"csrf_token": token_of(preview.text), "token": token.group(1)}
    )
    assert done.status_code == 200 and 'id="import-done"' in done.text
    page = reviewed_client.get("/accounts/kacamata.jelas?lang=en")
    assert "ulasan baru, pengiriman lama" in page.text
