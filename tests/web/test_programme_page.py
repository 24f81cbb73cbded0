"""The programme page, in process: the needs matrix, impact and sessions in both languages;
in agency mode scoped to a coach's cohort, everything for an admin, and a 404 for an owner."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from siaran.web import WebSettings
from siaran.web.security.passwords import hash_password
from tests.web.conftest import client_for
from tests.web.test_agency import PASSWORDS, login

COHORT = ["dapur.sekar.arum", "kacamata.senja", "busana.naura", "aksesori.lintang"]


def accounts_of(page: str) -> set[str]:
    return set(re.findall(r'<tr data-account="([^"]+)"', page))


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Coaching programme"), ("id", "Program pendampingan")]
)
def test_the_page_shows_needs_impact_and_sessions(
    demo_client: TestClient, lang: str, title: str
) -> None:
    page = demo_client.get(f"/programme?lang={lang}")
    assert page.status_code == 200
    assert title in page.text
    assert len(accounts_of(page.text)) == 12
    assert len(re.findall(r'data-need="(high|medium|low|unknown)"', page.text)) == 12 * 6
    assert 'data-area="session_design" data-code="improved"' in page.text
    assert "<svg" in page.text and 'href="/programme?sort=trust"' in page.text
    assert page.text.count("data-session=") == 12


def test_sorting_by_an_area_puts_its_highest_needs_first(demo_client: TestClient) -> None:
    page = demo_client.get("/programme?sort=conversion")
    needs = re.findall(r'data-area="conversion" data-need="([a-z]+)"', page.text)
    order = {"high": 0, "medium": 1, "low": 2, "unknown": 3}
    assert [order[n] for n in needs] == sorted(order[n] for n in needs)
    assert demo_client.get("/programme?sort=nonsense").status_code == 200


@pytest.fixture
def agency(demo_workspace_path: Path, tmp_path: Path) -> Iterator[TestClient]:
    target = tmp_path / "ws"
    shutil.copytree(demo_workspace_path, target)
    hashes = {name: hash_password(password) for name, password in PASSWORDS.items()}
    users = tmp_path / "users.yaml"
    document = {
        "cohorts": {"binaan": COHORT},
        "users": [
            {"name": "ayu", "role": "admin", "password": hashes["ayu"]},
            {"name": "budi", "role": "coach", "cohorts": ["binaan"], "password": hashes["budi"]},
            {"name": "sari", "role": "owner", "accounts": [COHORT[0]], "password": hashes["sari"]},
        ],
    }
    users.write_text(yaml.safe_dump(document), encoding="utf-8")
    with client_for(WebSettings(workspace=target, users_file=users)) as client:
        yield client


def test_a_coach_sees_their_cohort_an_admin_all_an_owner_nothing(agency: TestClient) -> None:
    login(agency, "budi")
    page = agency.get("/programme")
    assert page.status_code == 200
    assert accounts_of(page.text) == set(COHORT)
    assert "hijab.ayunda" not in page.text  # coached, but outside the coach's cohort
    assert set(re.findall(r'data-session="([^"]+)"', page.text)) <= set(COHORT)
    agency.cookies.clear()
    login(agency, "ayu")
    assert len(accounts_of(agency.get("/programme").text)) == 12
    agency.cookies.clear()
    login(agency, "sari")
    assert agency.get("/programme").status_code == 404
    assert 'href="/programme"' not in agency.get("/").text
