"""The experiments pages, in process: the demo's two experiments with their verdicts in both
languages, one experiment's evaluation, and in agency mode only the experiments whose
accounts are all the viewer's, evaluated against the viewer's accounts alone."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from siaran.demo.experiments import NULL_NAME, PLANTED_NAME
from siaran.experiments import add_experiment
from siaran.web import WebSettings
from siaran.workspace import Workspace
from tests.web.conftest import client_for
from tests.web.exports import LAST_DAY
from tests.web.test_agency import login, write_users


@pytest.mark.parametrize(("lang", "improved"), [("en", "improved"), ("id", "membaik")])
def test_the_demo_lists_its_two_experiments(
    demo_client: TestClient, lang: str, improved: str
) -> None:
    page = demo_client.get(f"/experiments?lang={lang}")
    assert page.status_code == 200
    names = re.findall(r'data-experiment="([^"]+)"', page.text)
    assert names == [PLANTED_NAME, NULL_NAME]
    planted = page.text.split(f'data-experiment="{PLANTED_NAME}"')[1].split("</tr>")[0]
    assert f'class="experiment-verdict improved">{improved}<' in planted
    null = page.text.split(f'data-experiment="{NULL_NAME}"')[1].split("</tr>")[0]
    assert "experiment-verdict improved" not in null
    assert 'href="/experiments"' in page.text  # in the navigation


def test_one_experiment_shows_its_estimate_controls_and_assumptions(
    demo_client: TestClient,
) -> None:
    page = demo_client.get(f"/experiments/{PLANTED_NAME}?lang=en")
    assert page.status_code == 200
    assert 'data-code="improved"' in page.text
    assert "Difference-in-differences against cohort accounts" in page.text
    assert "Controls (chosen by level and trend before the start)" in page.text
    assert "Assumptions" in page.text
    assert re.search(r"Change: \+\d", page.text)
    switchback = demo_client.get(f"/experiments/{NULL_NAME}?lang=id")
    assert switchback.status_code == 200
    assert "Switchback: live dengan dan tanpa perubahan" in switchback.text
    assert "Pembanding (dipilih" not in switchback.text  # a switchback has no controls


def test_an_unknown_experiment_is_not_found(demo_client: TestClient) -> None:
    assert demo_client.get("/experiments/nothing-here").status_code == 404


@pytest.fixture
def agency(cohort_workspace: Path, tmp_path: Path) -> Iterator[TestClient]:
    start = LAST_DAY - dt.timedelta(days=14)
    with Workspace.open(cohort_workspace) as ws:
        add_experiment(ws, "kopi-demo", accounts=["kopi.senja"], start=start, kpi="gmv")
        add_experiment(ws, "batik-demo", accounts=["batik.sekar"], start=start, kpi="gmv")
    users = write_users(tmp_path / "users.yaml")
    with client_for(WebSettings(workspace=cohort_workspace, users_file=users)) as client:
        yield client


def _listed(client: TestClient) -> list[str]:
    return re.findall(r'data-experiment="([^"]+)"', client.get("/experiments").text)


def test_agency_viewers_see_only_experiments_of_their_accounts(agency: TestClient) -> None:
    login(agency, "sari")  # owner of batik.sekar only
    assert _listed(agency) == ["batik-demo"]
    assert agency.get("/experiments/kopi-demo").status_code == 404
    page = agency.get("/experiments/batik-demo?lang=en")
    assert page.status_code == 200
    assert "kopi.senja" not in page.text and "keripik.mantap" not in page.text


def test_a_coach_gets_controls_from_the_cohort_only(agency: TestClient) -> None:
    login(agency, "budi")  # coach of kopi.senja and keripik.mantap
    assert _listed(agency) == ["kopi-demo"]
    page = agency.get("/experiments/kopi-demo?lang=en").text
    linked = set(re.findall(r'href="/accounts/([^"/?]+)"', page))
    assert linked <= {"kopi.senja", "keripik.mantap"}
    assert "batik.sekar" not in page


def test_an_admin_sees_every_experiment(agency: TestClient) -> None:
    login(agency, "ayu")
    assert sorted(_listed(agency)) == ["batik-demo", "kopi-demo"]
