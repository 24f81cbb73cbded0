"""One browser check of the operations pages: on a phone, an account's operations page and a
live page over capacity show the flag and do not overflow sideways."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from siaran.operations import FulfilmentSettings, save_fulfilment_settings
from siaran.workspace import Workspace
from tests.operations.exports import ACCOUNT, ROOM_A, build
from tests.web.server import running_server
from tests.web.test_browser import ARTIFACTS, PHONE, browser

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the shared Chromium fixture


@pytest.fixture(scope="module")
def shop_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("ops-browser")
    with Workspace.create(folder / "ws") as ws:
        build(ws, folder)
        save_fulfilment_settings(ws, FulfilmentSettings(12, 24))
    with running_server(folder / "ws") as base:
        yield base


def test_operations_on_a_phone(browser: Any, shop_server: str) -> None:
    page = browser.new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"{shop_server}/accounts/{ACCOUNT}?lang=en")
    page.click("text=This account's operations: fulfilment of orders")
    page.wait_for_selector("#ops-lives tr.over-capacity")
    assert page.locator("#ops-lives tr.over-capacity").count() == 1
    for name, url in (
        ("operations", page.url),
        ("live-orders", f"/accounts/{ACCOUNT}/lives/{ROOM_A}"),
    ):
        page.goto(url if url.startswith("http") else shop_server + url)
        page.wait_for_load_state("networkidle")
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
        )
        assert max(widths[:2]) <= widths[2] == PHONE["width"], (name, widths)
        page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    assert page.locator("#operations-card .warning", has_text="Over capacity").is_visible()
