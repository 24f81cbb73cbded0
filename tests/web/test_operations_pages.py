"""The operations page of an account and the orders and operations cards of a live page, on the
hand-built export of :mod:`tests.operations.exports`, in process; and agency scoping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from siaran.operations import FulfilmentSettings, save_fulfilment_settings
from siaran.web import WebSettings
from siaran.workspace import Workspace
from tests.operations.exports import ACCOUNT, ROOM_A, ROOM_B, build
from tests.web.conftest import client_for
from tests.web.test_agency import login, write_users


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    with Workspace.create(tmp_path / "ws") as ws:
        build(ws, tmp_path)
        save_fulfilment_settings(ws, FulfilmentSettings(12, 24))
    return tmp_path / "ws"


@pytest.fixture
def client(shop: Path) -> Iterator[TestClient]:
    with client_for(WebSettings(workspace=shop)) as test_client:
        yield test_client


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_account_page_links_its_operations(client: TestClient) -> None:
    page = client.get(f"/accounts/{ACCOUNT}?lang=en")
    assert f'href="/accounts/{ACCOUNT}/operations"' in page.text


def test_the_operations_page(client: TestClient) -> None:
    page = client.get(f"/accounts/{ACCOUNT}/operations?lang=en")
    assert page.status_code == 200
    shown = words(page.text)
    assert "toko.ayu 11 4 2.00 7.5 h 36.0 h 33.3% 18.2% 11.1% 3" in shown
    assert "1 lives over capacity (7 orders) — late 50.0%, cancelled 14.3%" in shown
    assert "Canceller buyer 1 9.1%" in shown and "Reason Stok habis 1 9.1%" in shown
    assert f'href="/accounts/{ACCOUNT}/lives/{ROOM_A}"' in page.text
    indonesian = words(client.get(f"/accounts/{ACCOUNT}/operations?lang=id").text)
    assert "Pembatal pembeli 1 9,1%" in indonesian


def test_a_live_page_has_its_orders_and_operations_cards(client: TestClient) -> None:
    page = client.get(f"/accounts/{ACCOUNT}/lives/{ROOM_A}?lang=en")
    assert page.status_code == 200
    shown = words(page.text)
    assert 'id="orders-card"' in page.text and 'id="operations-card"' in page.text
    assert "Orders (order export) 7 Orders (platform) 7 Orders difference 0" in shown
    assert "New buyers 3 Returning buyers 0 Cancelled 1" in shown
    assert "Sambal Roa 6 6 Rp270,000" in shown and "Abon Tuna 1 1 Rp40,000" in shown
    assert "Over capacity: 4 orders in 10 minutes from 20:00, load 2.00." in shown
    assert "Backlog after the live 3" in shown and "Late shipment share 50.0%" in shown
    other = words(client.get(f"/accounts/{ACCOUNT}/lives/{ROOM_B}?lang=en").text)
    assert "Over capacity:" not in other and "Peak load 0.50" in other


def test_a_live_without_orders_says_so(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "bare") as ws:
        build(ws, tmp_path)
        ws.con.execute("DELETE FROM order_lines; DELETE FROM orders")
    with client_for(WebSettings(workspace=tmp_path / "bare")) as client:
        page = words(client.get(f"/accounts/{ACCOUNT}/lives/{ROOM_A}?lang=en").text)
        assert "No order export for this account yet" in page
        ops = words(client.get(f"/accounts/{ACCOUNT}/operations?lang=en").text)
        assert "No order exports in this workspace yet" in ops


def test_an_owner_sees_only_their_accounts_operations(shop: Path, tmp_path: Path) -> None:
    users = write_users(tmp_path / "users.yaml")  # sari owns batik.sekar only
    with client_for(WebSettings(workspace=shop, users_file=users)) as agency:
        login(agency, "sari")
        assert agency.get(f"/accounts/{ACCOUNT}/operations").status_code == 404
        assert agency.get(f"/accounts/{ACCOUNT}/lives/{ROOM_A}").status_code == 404
    with client_for(WebSettings(workspace=shop, users_file=users)) as agency:
        login(agency, "ayu")  # the admin sees every account
        assert agency.get(f"/accounts/{ACCOUNT}/operations").status_code == 200
