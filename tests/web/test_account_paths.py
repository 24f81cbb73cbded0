"""Every account page is reachable whatever the handle: ``/``, ``%``, spaces, ``?``, ``#`` and
any other character are encoded in links and decoded by the routes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from siaran.importing import ImportOptions, import_file
from siaran.web import WebSettings, create_app
from siaran.web.paths import account_url, live_url, routing_path
from siaran.workspace import Workspace
from tests.web.conftest import client_for
from tests.web.exports import creator_rows, write_creator_export
from tests.web.server import serving

HANDLES = (
    "toko/cabang",
    "diskon 50%",
    "%2F",
    "tanya?jawab",
    "no#1",
    "kopi senja ☕",
    "kedai%20lama",
    "a/../b",
)


@pytest.fixture(scope="module")
def odd_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("odd")
    with Workspace.create(folder / "ws") as ws:
        for number, handle in enumerate(HANDLES):
            path = folder / f"Creator-Live-Performance_{number}_20260917200000.xlsx"
            write_creator_export(path, creator_rows(30 + number, 3, gmv_per_session=500_000.0))
            import_file(ws, path, ImportOptions(account=handle))
    return folder / "ws"


@pytest.fixture
def odd_client(odd_workspace: Path) -> Iterator[TestClient]:
    with client_for(WebSettings(workspace=odd_workspace)) as client:
        yield client


def links(html: str, prefix: str) -> list[str]:
    return [unescape(link) for link in re.findall(rf'href="({prefix}[^"]*)"', html)]


def test_every_handle_on_the_overview_opens_its_account_and_lives(odd_client: TestClient) -> None:
    overview = odd_client.get("/")
    found = set(links(overview.text, "/accounts/"))
    assert found == {account_url(handle) for handle in HANDLES}
    for handle in HANDLES:
        page = odd_client.get(account_url(handle))
        assert page.status_code == 200, handle
        assert handle in unescape(page.text), handle
        lives = links(page.text, account_url(handle) + "/lives/")
        assert len(lives) == 3, handle
        live = odd_client.get(lives[0])
        assert live.status_code == 200, handle
        assert account_url(handle) in links(live.text, "/accounts/")  # the crumb back


def test_a_handle_with_a_slash_is_not_another_route(odd_client: TestClient) -> None:
    # toko/cabang is one account, not the account "toko" with a page "cabang".
    assert odd_client.get("/accounts/toko").status_code == 404
    assert odd_client.get("/accounts/toko/cabang").status_code == 404
    assert odd_client.get("/accounts/toko%2Fcabang").status_code == 200
    assert odd_client.get("/accounts/toko%2fcabang").status_code == 200


def test_handles_over_a_real_connection(odd_workspace: Path) -> None:
    with serving(create_app(WebSettings(workspace=odd_workspace))) as base:
        for handle in HANDLES:
            answer = httpx.get(base + account_url(handle))
            assert answer.status_code == 200, handle


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (b"/accounts/toko%2Fcabang", "/accounts/toko%2Fcabang"),
        (b"/accounts/toko%2fcabang/lives/7", "/accounts/toko%2Fcabang/lives/7"),
        (b"/accounts/diskon%2050%25", "/accounts/diskon 50%25"),
        (b"/accounts/kopi%20senja%20%E2%98%95", "/accounts/kopi senja \u2615"),
        (b"/accounts/%252F", "/accounts/%252F"),
        (b"/glossary", "/glossary"),
    ],
)
def test_routing_keeps_slashes_and_percents_inside_their_segment(raw: bytes, path: str) -> None:
    assert routing_path(raw) == path


def test_links_encode_every_reserved_character() -> None:
    assert account_url("toko/cabang") == "/accounts/toko%2Fcabang"
    assert live_url("no#1", "2026-09-17T19:05:00+07:00") == (
        "/accounts/no%231/lives/2026-09-17T19%3A05%3A00%2B07%3A00"
    )
