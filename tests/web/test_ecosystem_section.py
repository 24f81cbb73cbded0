"""The account page's ecosystem section, in process: figures in both languages, KPI names
linked to the glossary, the empty state, and agency scoping (an owner sees only their own
account's ecosystem)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from siaran.ecosystem.writer import write_affiliate_export, write_reseller_register
from siaran.importing import ImportOptions, import_file
from siaran.web import WebSettings
from siaran.workspace import Workspace
from tests.ecosystem.files import affiliate_rows, reseller_rows
from tests.web.conftest import client_for
from tests.web.test_agency import login, write_users


@pytest.fixture
def with_ecosystem(cohort_workspace: Path, tmp_path: Path) -> Path:
    """The cohort with affiliate orders of ``batik.sekar`` and resellers of ``kopi.senja``."""
    affiliates = write_affiliate_export(tmp_path / "affiliates.csv", affiliate_rows())
    register = write_reseller_register(tmp_path / "resellers.csv", reseller_rows())
    with Workspace.open(cohort_workspace) as ws:
        import_file(ws, affiliates, ImportOptions(account="batik.sekar"))
        import_file(ws, register, ImportOptions(account="kopi.senja"))
    return cohort_workspace


@pytest.fixture
def eco_client(with_ecosystem: Path) -> Iterator[TestClient]:
    with client_for(WebSettings(workspace=with_ecosystem)) as client:
        yield client


def _section(html: str) -> str:
    found = re.search(r'<section aria-labelledby="ecosystem-h".*?</section>', html, re.S)
    assert found is not None
    return found.group(0)


def test_the_account_page_shows_its_ecosystem(eco_client: TestClient) -> None:
    page = eco_client.get("/accounts/batik.sekar?lang=en").text
    assert page.count('id="ecosystem"') == 1  # in the page's body, not its title or head
    assert re.search(r"<title>[^<]*</title>", page)
    section = _section(page)
    assert 'data-account="batik.sekar"' in section
    assert 'href="/glossary#kpi-affiliate_gmv_share"' in section
    channels = re.findall(r'data-channel="([a-z_]+)"', section)
    # The cohort's own lives fall in the same months as the affiliate orders.
    assert channels == ["own_lives", "affiliate_live", "affiliate_video", "affiliate_showcase",
                        "affiliate_product_card"]  # fmt: skip
    assert "Rp180,000" in section  # July's affiliate lives
    section_id = _section(eco_client.get("/accounts/batik.sekar?lang=id").text)
    assert "Live afiliasi" in section_id and "Rp180.000" in section_id
    resellers = _section(eco_client.get("/accounts/kopi.senja?lang=en").text)
    assert re.findall(r'data-channel="([a-z_]+)"', resellers) == ["own_lives", "resellers"]
    empty = _section(eco_client.get("/accounts/kacamata.jelas?lang=en").text)
    assert "No affiliate or reseller data for this account yet." in empty


def test_an_owner_sees_only_their_own_ecosystem(with_ecosystem: Path, tmp_path: Path) -> None:
    users = write_users(tmp_path / "users.yaml")
    with client_for(WebSettings(workspace=with_ecosystem, users_file=users)) as agency:
        login(agency, "sari")
        own = agency.get("/accounts/batik.sekar?lang=en")
        assert own.status_code == 200
        section = _section(own.text)
        assert re.findall(r'data-account="([^"]+)"', section) == ["batik.sekar"]
        assert "resellers" not in re.findall(r'data-channel="([a-z_]+)"', section)
        assert agency.get("/accounts/kopi.senja").status_code == 404


def test_the_ecosystem_kpis_have_their_glossary_entries(eco_client: TestClient) -> None:
    page = eco_client.get("/glossary?lang=en").text
    for name in ("affiliate_gmv_share", "reseller_gmv_share", "active_affiliates",
                 "active_resellers"):  # fmt: skip
        assert f'id="kpi-{name}"' in page
    assert "Ecosystem per account" in page


def test_months_head_the_channel_table(eco_client: TestClient) -> None:
    section = _section(eco_client.get("/accounts/batik.sekar?lang=id").text)
    assert '<th scope="col" class="num">Jul 2026</th>' in section
    assert '<th scope="col" class="num">Agu 2026</th>' in section
