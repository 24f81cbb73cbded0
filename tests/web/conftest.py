"""Web fixtures: a small cohort imported from real-layout exports, the demo workspace, and an
app over either (in-process, through FastAPI's test client)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from siaran.importing import ImportOptions, import_file
from siaran.web import WebSettings, create_app
from siaran.workspace import Workspace
from tests.web.exports import COHORT, creator_rows, write_creator_export


def build_cohort_workspace(folder: Path) -> Path:
    """A workspace with the :data:`COHORT` accounts, each imported from its own
    ``Creator-Live-Performance`` workbook."""
    exports = folder / "exports"
    exports.mkdir(parents=True)
    with Workspace.create(folder / "ws") as ws:
        for number, (account, sessions, gmv) in enumerate(COHORT):
            path = exports / f"Creator-Live-Performance_{number}_20260917200000.xlsx"
            write_creator_export(path, creator_rows(number, sessions, gmv_per_session=gmv))
            import_file(ws, path, ImportOptions(account=account))
    return folder / "ws"


@pytest.fixture(scope="session")
def cohort_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_cohort_workspace(tmp_path_factory.mktemp("cohort"))


@pytest.fixture
def cohort_workspace(cohort_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the cohort workspace (tests may import into it)."""
    target = tmp_path / "cohort-ws"
    shutil.copytree(cohort_template, target)
    return target


@pytest.fixture(scope="session")
def demo_workspace_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, built once (read-only use: copy it before writing)."""
    from siaran.demo.build import build_demo_workspace

    folder = tmp_path_factory.mktemp("demo") / "siaran-demo"
    build_demo_workspace(folder)
    return folder


BASE_URL = "http://127.0.0.1"
"""The test client's address: the app answers only for the names it serves (not the test
client's default ``testserver``)."""


def client_for(settings: WebSettings) -> TestClient:
    return TestClient(create_app(settings), base_url=BASE_URL, follow_redirects=False)


@pytest.fixture
def client(cohort_workspace: Path) -> Iterator[TestClient]:
    with client_for(WebSettings(workspace=cohort_workspace)) as test_client:
        yield test_client


@pytest.fixture
def demo_client(demo_workspace_path: Path, tmp_path: Path) -> Iterator[TestClient]:
    target = tmp_path / "demo-ws"
    shutil.copytree(demo_workspace_path, target)
    with client_for(WebSettings(workspace=target, demo=True)) as test_client:
        yield test_client
