"""The web import holds files to the same limits as the command line: the defaults, or the
workspace's own (``siaran limits --set``), in the preview as in the import itself."""

from __future__ import annotations

from html import unescape
from pathlib import Path

from fastapi.testclient import TestClient

from siaran.ingest.limits import set_workspace_limit
from tests.ingest.hostile_files import far_row_bomb, inline_string_bomb
from tests.web.test_import_page import new_export, state_of, upload


def test_a_bomb_is_refused_in_the_preview(client: TestClient, tmp_path: Path) -> None:
    before = state_of(client)
    for path in (
        inline_string_bomb(tmp_path / "Creator-Live-Performance_bomb.xlsx", rows=100_000),
        far_row_bomb(tmp_path / "far.xlsx"),
    ):
        page = upload(client, path.name, path.read_bytes(), account="toko.baru", lang="en")
        assert page.status_code == 422
        html = unescape(page.text)
        assert path.name in html and "the limit is" in html and "siaran limits --set" in html
    assert state_of(client) == before


def test_the_workspace_limits_apply_to_the_preview(client: TestClient, tmp_path: Path) -> None:
    web = client.app.state.web  # type: ignore[attr-defined]
    with web.access.use() as ws:
        set_workspace_limit(ws, "cells", "50")
    page = upload(client, "Creator-Live-Performance_x.xlsx", new_export(tmp_path), lang="en")
    assert page.status_code == 422
    assert "the limit is 50 cells" in unescape(page.text)
